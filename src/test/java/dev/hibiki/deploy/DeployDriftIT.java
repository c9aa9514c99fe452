package dev.hibiki.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

/**
 * deploy/base/kubernetes.yml is the committed copy of what quarkus-kubernetes generates. Runs
 * after `package` (failsafe), when target/kubernetes/kubernetes.yml is this build's output, and
 * fails when the two disagree in any field: the fix is `deploy/regenerate.sh`.
 */
class DeployDriftIT {

    @Test
    void committedBaseIsWhatTheBuildGenerates() throws Exception {
        assertTrue(Files.exists(Manifests.GENERATED),
                Manifests.GENERATED + " missing: this test runs after `./mvnw package`");
        Map<String, HasMetadata> generated = byName(Manifests.parse(Manifests.GENERATED));
        Map<String, HasMetadata> committed = byName(Manifests.parse(Manifests.DEPLOY.resolve("base/kubernetes.yml")));

        String hint = "deploy/base/kubernetes.yml drifted from the build's output; run deploy/regenerate.sh";
        assertEquals(generated.keySet(), committed.keySet(), hint);
        KubernetesSerialization yaml = new KubernetesSerialization();
        for (String name : generated.keySet()) {
            // Compare the typed objects (field by field, order of YAML keys ignored); show YAML on failure.
            if (!generated.get(name).equals(committed.get(name))) {
                assertEquals(yaml.asYaml(generated.get(name)), yaml.asYaml(committed.get(name)), hint + " (" + name + ")");
            }
        }
    }

    private static Map<String, HasMetadata> byName(List<HasMetadata> resources) {
        Map<String, HasMetadata> map = new TreeMap<>();
        resources.forEach(r -> map.put(r.getKind() + "/" + r.getMetadata().getName(), r));
        return map;
    }
}
