package dev.hibiki.deploy;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The manifests and the application agree: the probes and the scrape path the manifests name
 * answer on the running application, the container port is the HTTP port, and every Hibiki
 * environment variable the manifests set is a configuration key the application reads.
 */
@QuarkusTest
class DeployConfigTest {

    /**
     * Keys the manifests may set for features still being built (their issue in brackets); none
     * now. An unknown HIBIKI_ name anywhere else fails: usually a typo that would be silently ignored.
     */
    private static final Map<String, String> PENDING = Map.of();

    private final Deployment deployment;

    DeployConfigTest() throws IOException {
        deployment = Manifests.hubDeployment(Manifests.parse(Manifests.DEPLOY.resolve("base/kubernetes.yml")));
    }

    @Test
    void probesAnswerOnTheRunningApplication() {
        Container c = Manifests.hubContainer(deployment);
        for (Probe probe : List.of(c.getStartupProbe(), c.getLivenessProbe(), c.getReadinessProbe())) {
            given().get(probe.getHttpGet().getPath()).then().statusCode(200);
        }
        String scrape = deployment.getSpec().getTemplate().getMetadata().getAnnotations().get("prometheus.io/path");
        given().get(scrape).then().statusCode(200);
    }

    @Test
    void containerPortIsTheHttpPort() {
        Container c = Manifests.hubContainer(deployment);
        int configured = productionHttpPort();
        assertEquals(configured, c.getPorts().get(0).getContainerPort());
        for (Probe probe : List.of(c.getStartupProbe(), c.getLivenessProbe(), c.getReadinessProbe())) {
            assertEquals(configured, probe.getHttpGet().getPort().getIntVal());
        }
        String scrapePort = deployment.getSpec().getTemplate().getMetadata().getAnnotations().get("prometheus.io/port");
        assertEquals(String.valueOf(configured), scrapePort);
    }

    @Test
    void everyHibikiVariableInTheManifestsIsAConfigurationKey() throws IOException {
        Set<String> names = new TreeSet<>();
        for (Path file : Manifests.files()) {
            for (HasMetadata r : Manifests.parse(file)) {
                Manifests.environmentKeys(r).forEach(names::add);
                if (r instanceof Deployment d && d.getSpec().getTemplate().getSpec() != null
                        && d.getSpec().getTemplate().getSpec().getContainers() != null) {
                    d.getSpec().getTemplate().getSpec().getContainers().stream()
                            .filter(c -> c.getEnv() != null)
                            .flatMap(c -> c.getEnv().stream())
                            .map(EnvVar::getName)
                            .forEach(names::add);
                }
            }
        }
        assertTrue(names.contains("HIBIKI_PERSISTENCE_DATA_DIR") && names.contains("HIBIKI_CLUSTER_MODE"), names.toString());

        Set<String> known = knownKeysAsEnvironmentNames();
        List<String> unknown = new ArrayList<>();
        for (String name : names) {
            if (name.startsWith("HIBIKI_") && !known.contains(name) && !PENDING.containsKey(name)) {
                unknown.add(name);
            }
        }
        assertEquals(List.of(), unknown, "HIBIKI_ variables in deploy/ that the application does not read");
    }

    /**
     * The port the packaged application listens on: application.properties' quarkus.http.port
     * (prod profile first), else Quarkus' default 8080. The running test instance cannot tell,
     * since tests replace the port with quarkus.http.test-port.
     */
    private static int productionHttpPort() {
        try {
            java.util.Properties p = new java.util.Properties();
            try (var in = Files.newInputStream(Paths.get("src/main/resources/application.properties"))) {
                p.load(in);
            }
            return Integer.parseInt(p.getProperty("%prod.quarkus.http.port", p.getProperty("quarkus.http.port", "8080")));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Every key the running application knows (mapping defaults included), in environment form. */
    private static Set<String> knownKeysAsEnvironmentNames() throws IOException {
        Set<String> known = new HashSet<>();
        for (String property : ConfigProvider.getConfig().getPropertyNames()) {
            known.add(toEnvironmentName(property));
        }
        // Keys read only through expressions such as ${hibiki.cors.origins:}.
        String properties = Files.readString(Paths.get("src/main/resources/application.properties"));
        Matcher m = Pattern.compile("\\$\\{([a-zA-Z0-9.\\-]+)").matcher(properties);
        while (m.find()) {
            known.add(toEnvironmentName(m.group(1)));
        }
        return known;
    }

    private static String toEnvironmentName(String property) {
        String name = property.replaceFirst("^%[^.]+\\.", "");
        return name.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "_");
    }
}
