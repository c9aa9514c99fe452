package dev.hibiki.docs;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import dev.hibiki.hub.HubConfig;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.ConfigMappingInterface;
import io.smallrye.config.ConfigMappings;

/**
 * docs/CONFIGURATION.md promises every setting with its default. This keeps the promise without a
 * Quarkus boot: it finds every {@code @ConfigMapping} interface compiled under dev.hibiki, asks
 * SmallRye Config itself for the keys each one reads (its naming rules: kebab-case, nested groups,
 * {@code @WithName}, {@code @WithParentName}, maps as {@code *}, lists as {@code [*]}) and their
 * defaults, and compares them with the tables of the doc.
 */
class ConfigurationDocTest {

    static final Path DOC = Path.of("docs/CONFIGURATION.md");
    static final Path PROPERTIES = Path.of("src/main/resources/application.properties");

    /** {@code hibiki.}-names the doc may use that are not configuration keys. */
    private static final Set<String> NOT_KEYS = Set.of("hibiki.v1" /* the WebSocket subprotocol */);

    /** A table row: its first cell names one or more keys in backquotes. */
    private static final Pattern ROW = Pattern.compile("^\\|([^|]*)\\|([^|]*)\\|.*$", Pattern.MULTILINE);
    private static final Pattern QUOTED = Pattern.compile("`([^`]+)`");
    private static final Pattern HIBIKI_NAME = Pattern.compile("(?<![A-Za-z0-9_.$-])hibiki(\\.[A-Za-z0-9*\\[\\]-]+)+");

    @Test
    void everyConfigurationKeyIsDocumentedWithItsDefault() throws Exception {
        Map<String, ConfigMappingInterface.Property> keys = mappedKeys();
        Map<String, String> rows = documentedRows();
        List<String> missing = new ArrayList<>();
        List<String> wrongDefault = new ArrayList<>();
        keys.forEach((key, property) -> {
            String defaults = rows.get(key);
            if (defaults == null) {
                missing.add(key + (property.hasDefaultValue() ? " (default " + property.getDefaultValue() + ")" : ""));
            } else if (property.hasDefaultValue() && !defaults.contains("`" + property.getDefaultValue() + "`")) {
                wrongDefault.add(key + ": the code says `" + property.getDefaultValue() + "`, the doc says " + defaults.strip());
            }
        });
        assertTrue(missing.isEmpty() && wrongDefault.isEmpty(), () -> "\n" + DOC + " is behind the code.\n"
                + (missing.isEmpty() ? "" : "Keys read by a @ConfigMapping but missing from the first column of a table:\n  "
                        + String.join("\n  ", missing) + "\n")
                + (wrongDefault.isEmpty() ? "" : "Defaults that differ from the code:\n  "
                        + String.join("\n  ", wrongDefault) + "\n"));
    }

    @Test
    void theDocNamesNoHibikiKeyThatNoLongerExists() throws Exception {
        Set<String> known = new TreeSet<>(mappedKeys().keySet());
        known.addAll(namesUsedIn(PROPERTIES)); // aliases resolved there, e.g. hibiki.cors.origins
        for (String key : List.copyOf(known)) { // prefixes and groups: "prefix `hibiki.text`"
            for (int dot = key.indexOf('.'); dot > 0; dot = key.indexOf('.', dot + 1)) {
                known.add(key.substring(0, dot));
            }
        }
        Set<String> stale = new TreeSet<>();
        for (String name : hibikiNames(Files.readString(DOC))) {
            if (!known.contains(name) && !NOT_KEYS.contains(name) && !matchesAPattern(name, known)) {
                stale.add(name);
            }
        }
        assertTrue(stale.isEmpty(), () -> DOC + " names keys that no @ConfigMapping reads and application.properties"
                + " does not use:\n  " + String.join("\n  ", stale) + "\n");
    }

    @Test
    void theScanFindsTheMappings() throws Exception {
        // Guards the other two tests against passing on an empty scan.
        Set<String> prefixes = new TreeSet<>();
        for (Class<?> mapping : mappings()) {
            prefixes.add(mapping.getAnnotation(ConfigMapping.class).prefix());
        }
        assertTrue(prefixes.containsAll(Set.of("hibiki", "hibiki.rooms", "hibiki.security", "hibiki.cluster",
                "hibiki.text", "hibiki.persistence", "hibiki.performance")), prefixes::toString);
        assertTrue(mappedKeys().containsKey("hibiki.limits.max-connections-per-address"));
        assertFalse(mappedKeys().containsKey("hibiki.limits"), "groups are not keys");
    }

    /** Every key (and its property) read by a {@code @ConfigMapping} in dev.hibiki, by SmallRye's own rules. */
    static Map<String, ConfigMappingInterface.Property> mappedKeys() throws IOException, URISyntaxException {
        Map<String, ConfigMappingInterface.Property> keys = new TreeMap<>();
        for (Class<?> mapping : mappings()) {
            String prefix = mapping.getAnnotation(ConfigMapping.class).prefix();
            keys.putAll(ConfigMappings.getProperties(new ConfigMappings.ConfigClass(mapping, prefix)));
        }
        // A list of values is read both as `key=a,b` and as `key[0]=a`: the doc names the first.
        keys.keySet().removeIf(key -> key.endsWith("[*]") && keys.containsKey(key.substring(0, key.length() - 3)));
        return keys;
    }

    /** Every interface annotated {@code @ConfigMapping} among the compiled classes of dev.hibiki. */
    static List<Class<?>> mappings() throws IOException, URISyntaxException {
        Path classes = Path.of(HubConfig.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        List<Class<?>> found = new ArrayList<>();
        try (Stream<Path> files = Files.walk(classes.resolve("dev/hibiki"))) {
            for (Path file : (Iterable<Path>) files.filter(f -> f.toString().endsWith(".class"))::iterator) {
                String name = classes.relativize(file).toString().replace('/', '.').replaceAll("\\.class$", "");
                try {
                    Class<?> type = Class.forName(name, false, ConfigurationDocTest.class.getClassLoader());
                    if (type.isInterface() && type.isAnnotationPresent(ConfigMapping.class)) {
                        found.add(type);
                    }
                } catch (ClassNotFoundException | LinkageError e) {
                    throw new AssertionError("cannot load " + name, e);
                }
            }
        }
        return found;
    }

    /** Key → default cell, for every key named in backquotes in the first cell of a table row. */
    private static Map<String, String> documentedRows() throws IOException {
        Map<String, String> rows = new TreeMap<>();
        Matcher row = ROW.matcher(Files.readString(DOC));
        while (row.find()) {
            Matcher key = QUOTED.matcher(row.group(1));
            while (key.find()) {
                rows.put(key.group(1), row.group(2));
            }
        }
        return rows;
    }

    /** A name written as a pattern ({@code hibiki.shutdown.*}) is fine while it matches some key. */
    private static boolean matchesAPattern(String name, Set<String> known) {
        if (!name.contains("*")) {
            return false;
        }
        Pattern pattern = Pattern.compile(Pattern.quote(name).replace("*", "\\E.*\\Q"));
        return known.stream().anyMatch(key -> pattern.matcher(key).matches());
    }

    private static Set<String> hibikiNames(String text) {
        Set<String> names = new TreeSet<>();
        Matcher name = HIBIKI_NAME.matcher(text);
        while (name.find()) {
            names.add(name.group().replaceAll("[.-]+$", ""));
        }
        return names;
    }

    /** The hibiki.* names that application.properties sets or reads (comments excepted). */
    private static Set<String> namesUsedIn(Path properties) throws IOException {
        StringBuilder used = new StringBuilder();
        for (String line : Files.readAllLines(properties)) {
            if (!line.strip().startsWith("#")) {
                used.append(line.replaceFirst("^%[A-Za-z0-9,-]+\\.", "")).append('\n');
            }
        }
        return hibikiNames(used.toString());
    }
}
