package dev.hibiki.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.apps.Deployment;

/**
 * No Docker engine runs here, so the images are not built in CI; this checks what can be read:
 * multi-stage, a non-root final user, and the port and data directory the manifests expect.
 */
class DockerfilesTest {

    @ParameterizedTest
    @ValueSource(strings = { "Dockerfile.jvm", "Dockerfile.native" })
    void imageRunsAsNonRootAndMatchesTheManifests(String name) throws IOException {
        List<String> lines = Files.readAllLines(Paths.get("src/main/docker", name)).stream()
                .map(String::strip)
                .filter(l -> !l.isEmpty() && !l.startsWith("#"))
                .toList();
        List<String> stages = lines.stream().filter(l -> l.startsWith("FROM ")).toList();
        assertEquals(2, stages.size(), name + ": a build stage and a runtime stage");

        List<String> runtime = lines.subList(lines.indexOf(stages.get(1)), lines.size());
        String user = runtime.stream().filter(l -> l.startsWith("USER ")).reduce((a, b) -> b)
                .orElseThrow(() -> new AssertionError(name + ": runtime stage sets no USER")).substring(5).strip();
        assertFalse(user.equals("root") || user.equals("0") || user.startsWith("0:"), name + " runs as " + user);
        assertTrue(user.matches("\\d+"), name + ": numeric USER so runAsNonRoot can verify it, got " + user);

        Deployment d = Manifests.hubDeployment(Manifests.parse(Manifests.DEPLOY.resolve("base/kubernetes.yml")));
        Container c = Manifests.hubContainer(d);
        assertTrue(runtime.contains("EXPOSE " + c.getPorts().get(0).getContainerPort()), name + ": EXPOSE");
        String dataDir = c.getEnv().stream().filter(e -> e.getName().equals("HIBIKI_PERSISTENCE_DATA_DIR")).findFirst()
                .orElseThrow().getValue();
        assertTrue(runtime.contains("ENV HIBIKI_PERSISTENCE_DATA_DIR=" + dataDir), name + ": data directory " + dataDir);
    }

    @Test
    void nativeImageIsCompiledWithMandrel() throws IOException {
        String dockerfile = Files.readString(Paths.get("src/main/docker/Dockerfile.native"));
        assertTrue(dockerfile.contains("mandrel-builder-image"), "Mandrel builder stage");
        assertTrue(dockerfile.contains("-Dnative"), "native build in the builder stage");
    }
}
