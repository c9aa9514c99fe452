package dev.hibiki.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.apps.Deployment;

/** Every file under deploy/ is a valid, typed Kubernetes object that follows our pod rules. */
class ManifestsTest {

    @Test
    void everyManifestParsesIntoTypedObjectsWithoutUnknownFields() throws IOException {
        List<Path> files = Manifests.files();
        assertTrue(files.size() >= 10, "expected the base, both overlays and the examples, found " + files);
        List<String> problems = new ArrayList<>();
        for (Path file : files) {
            List<HasMetadata> resources = Manifests.parse(file);
            if (resources.isEmpty()) {
                problems.add(file + ": no Kubernetes object");
            }
            for (HasMetadata r : resources) {
                Manifests.unknownFields(r).forEach(f -> problems.add(file + ": " + f));
            }
        }
        assertEquals(List.of(), problems);
    }

    @Test
    void everyDeployedContainerIsLockedDown() throws IOException {
        int containers = 0;
        for (Path file : Manifests.files()) {
            for (Deployment d : Manifests.ofKind(Manifests.parse(file), Deployment.class)) {
                PodSpec pod = d.getSpec().getTemplate().getSpec();
                if (pod == null || pod.getContainers() == null) {
                    continue; // a patch that touches only the Deployment's own fields
                }
                for (Container c : pod.getContainers()) {
                    if (c.getImage() == null) {
                        continue; // a strategic-merge patch of a container defined elsewhere
                    }
                    containers++;
                    String where = file + " " + d.getMetadata().getName() + "/" + c.getName();
                    SecurityContext sc = c.getSecurityContext();
                    assertNotNull(sc, where + ": securityContext");
                    assertEquals(Boolean.TRUE, sc.getReadOnlyRootFilesystem(), where + ": readOnlyRootFilesystem");
                    assertEquals(Boolean.FALSE, sc.getAllowPrivilegeEscalation(), where + ": allowPrivilegeEscalation");
                    assertEquals(List.of("ALL"), sc.getCapabilities().getDrop(), where + ": capabilities.drop");
                    boolean nonRoot = Boolean.TRUE.equals(sc.getRunAsNonRoot())
                            || (pod.getSecurityContext() != null
                                    && Boolean.TRUE.equals(pod.getSecurityContext().getRunAsNonRoot()));
                    assertTrue(nonRoot, where + ": runAsNonRoot");
                    assertNotNull(c.getResources().getRequests().get("memory"), where + ": memory request");
                    assertNotNull(c.getResources().getLimits().get("memory"), where + ": memory limit");
                    assertNotNull(c.getReadinessProbe(), where + ": readinessProbe");
                    assertNotNull(c.getLivenessProbe(), where + ": livenessProbe");
                }
            }
        }
        assertEquals(2, containers, "the hub and the cluster overlay's Redis");
    }

    @Test
    void hubProbesShutdownAndResourcesFitTogether() throws IOException {
        Deployment d = Manifests.hubDeployment(Manifests.parse(Manifests.DEPLOY.resolve("base/kubernetes.yml")));
        Container c = Manifests.hubContainer(d);

        assertEquals("/q/health/live", path(c.getLivenessProbe()));
        assertEquals("/q/health/ready", path(c.getReadinessProbe()));
        assertEquals("/q/health/started", path(c.getStartupProbe()));
        assertTrue(c.getStartupProbe().getPeriodSeconds() * c.getStartupProbe().getFailureThreshold() >= 30,
                "a slow start (cold JVM on a busy node) must not be killed by the startup probe");

        int preStop = c.getLifecycle().getPreStop().getSleep().getSeconds().intValue();
        long grace = d.getSpec().getTemplate().getSpec().getTerminationGracePeriodSeconds();
        assertTrue(preStop >= 3, "preStop must outlast endpoint propagation");
        // Readiness needs failureThreshold x period to turn the pod away after the drain starts;
        // the drain itself then needs its own time before SIGKILL arrives at the grace period.
        Probe ready = c.getReadinessProbe();
        int readinessReaction = ready.getPeriodSeconds() * ready.getFailureThreshold();
        assertTrue(grace >= preStop + readinessReaction + 20,
                "terminationGracePeriodSeconds " + grace + " leaves too little time to drain");

        Quantity request = c.getResources().getRequests().get("memory");
        Quantity limit = c.getResources().getLimits().get("memory");
        assertTrue(Quantity.getAmountInBytes(limit).compareTo(Quantity.getAmountInBytes(request)) >= 0,
                "memory limit below request");
        assertFalse(c.getEnvFrom().isEmpty(), "configuration comes from the ConfigMap and Secret");
    }

    private static String path(Probe probe) {
        assertNotNull(probe, "probe");
        return probe.getHttpGet().getPath();
    }
}
