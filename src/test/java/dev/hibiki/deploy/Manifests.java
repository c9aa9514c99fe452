package dev.hibiki.deploy;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

/**
 * Reads the manifests under deploy/ (and the rendered overlays) into fabric8's typed model, the
 * same classes the Kubernetes API server's schema is generated into, so a misspelt field or a
 * wrong type shows up as a test failure instead of at `kubectl apply` time.
 */
final class Manifests {

    static final Path DEPLOY = Paths.get("deploy");
    static final Path GENERATED = Paths.get("target", "kubernetes", "kubernetes.yml");
    static final String APP = "hibiki";

    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

    private Manifests() {
    }

    /** Every Kubernetes manifest under deploy/, kustomization files excluded. */
    static List<Path> files() throws IOException {
        try (Stream<Path> walk = Files.walk(DEPLOY)) {
            return walk.filter(Files::isRegularFile)
                    .filter(p -> p.toString().endsWith(".yml") || p.toString().endsWith(".yaml"))
                    .filter(p -> !p.getFileName().toString().startsWith("kustomization"))
                    .sorted()
                    .toList();
        }
    }

    /** The kustomize overlays: each directory under deploy/overlays. */
    static List<Path> overlays() throws IOException {
        try (Stream<Path> list = Files.list(DEPLOY.resolve("overlays"))) {
            return list.filter(Files::isDirectory).sorted().toList();
        }
    }

    static List<HasMetadata> parse(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return parse(in);
        }
    }

    static List<HasMetadata> parse(String yaml) {
        return parse(new java.io.ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)));
    }

    @SuppressWarnings("unchecked")
    private static List<HasMetadata> parse(InputStream in) {
        Object parsed = SERIALIZATION.unmarshal(in);
        if (parsed instanceof List<?> list) {
            return (List<HasMetadata>) list;
        }
        return parsed == null ? List.of() : List.of((HasMetadata) parsed);
    }

    /**
     * Fields fabric8 did not recognise (kept aside in additionalProperties), as paths. A typo
     * such as "readinesProbe" parses without error, so this is what makes the parse strict.
     * GenericKubernetesResource (an unknown kind) is reported as a whole.
     */
    static List<String> unknownFields(HasMetadata resource) {
        List<String> found = new ArrayList<>();
        if (resource instanceof GenericKubernetesResource) {
            found.add("<unknown kind " + resource.getApiVersion() + "/" + resource.getKind() + ">");
            return found;
        }
        walk(resource, resource.getKind(), found);
        return found;
    }

    private static void walk(Object node, String path, List<String> found) {
        if (node == null) {
            return;
        }
        if (node instanceof Collection<?> items) {
            int i = 0;
            for (Object item : items) {
                walk(item, path + "[" + i++ + "]", found);
            }
            return;
        }
        if (node instanceof Map<?, ?> map) {
            map.forEach((k, v) -> walk(v, path + "." + k, found));
            return;
        }
        if (!node.getClass().getName().startsWith("io.fabric8.kubernetes.api.model")) {
            return;
        }
        for (Method m : node.getClass().getMethods()) {
            if (m.getParameterCount() != 0 || Modifier.isStatic(m.getModifiers())
                    || !m.getName().startsWith("get") || m.getDeclaringClass() == Object.class) {
                continue;
            }
            Object value;
            try {
                value = m.invoke(node);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
            if (m.getName().equals("getAdditionalProperties")) {
                ((Map<?, ?>) value).keySet().forEach(k -> found.add(path + "." + k));
            } else {
                walk(value, path + "." + m.getName().substring(3), found);
            }
        }
    }

    static <T extends HasMetadata> List<T> ofKind(List<HasMetadata> resources, Class<T> kind) {
        return resources.stream().filter(kind::isInstance).map(kind::cast).toList();
    }

    static <T extends HasMetadata> T named(List<HasMetadata> resources, Class<T> kind, String name) {
        return ofKind(resources, kind).stream()
                .filter(r -> name.equals(r.getMetadata().getName()))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no " + kind.getSimpleName() + " " + name));
    }

    static Deployment hubDeployment(List<HasMetadata> resources) {
        return named(resources, Deployment.class, APP);
    }

    static Container hubContainer(Deployment deployment) {
        return deployment.getSpec().getTemplate().getSpec().getContainers().stream()
                .filter(c -> APP.equals(c.getName()))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no container " + APP));
    }

    /** Environment variable names a resource hands to the hub: ConfigMap and Secret keys. */
    static Stream<String> environmentKeys(HasMetadata resource) {
        if (resource instanceof ConfigMap cm && cm.getData() != null) {
            return cm.getData().keySet().stream();
        }
        if (resource instanceof Secret s) {
            return Stream.concat(
                    s.getStringData() == null ? Stream.empty() : s.getStringData().keySet().stream(),
                    s.getData() == null ? Stream.empty() : s.getData().keySet().stream());
        }
        return Stream.empty();
    }

    /** kubectl on PATH, or empty: the overlays then cannot be rendered on this machine. */
    static Optional<Path> kubectl() {
        String path = System.getenv().getOrDefault("PATH", "");
        for (String dir : path.split(java.io.File.pathSeparator)) {
            Path candidate = Paths.get(dir, "kubectl");
            if (Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /** `kubectl kustomize DIR`: renders offline, without a cluster. */
    static String kustomize(Path kubectl, Path dir) throws IOException, InterruptedException {
        Path out = Files.createTempFile("kustomize", ".yaml");
        Path err = Files.createTempFile("kustomize", ".err");
        try {
            Process p = new ProcessBuilder(kubectl.toString(), "kustomize", dir.toString())
                    .redirectOutput(out.toFile())
                    .redirectError(err.toFile())
                    .start();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("kubectl kustomize " + dir + " did not finish in 60 s");
            }
            if (p.exitValue() != 0) {
                throw new AssertionError("kubectl kustomize " + dir + " failed (" + p.exitValue() + "): "
                        + Files.readString(err));
            }
            return Files.readString(out);
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }
}
