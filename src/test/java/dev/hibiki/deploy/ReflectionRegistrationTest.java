package dev.hibiki.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import org.jboss.jandex.ClassInfo;
import org.jboss.jandex.DotName;
import org.jboss.jandex.Index;
import org.jboss.jandex.Indexer;
import org.jboss.jandex.ParameterizedType;
import org.jboss.jandex.RecordComponentInfo;
import org.jboss.jandex.Type;
import org.junit.jupiter.api.Test;

/**
 * In a native executable Jackson can only see the fields of classes registered for reflection.
 * websockets-next registers the return types of @OnTextMessage methods, but Hibiki encodes its
 * frames itself (encode once per fan-out) and binds inbound frames itself, so every frame type
 * must carry @RegisterForReflection. This scans the compiled classes, as the native build does:
 * every record implementing Outbound, every command's inbound frame record, and every
 * application type reachable from their components.
 */
class ReflectionRegistrationTest {

    private static final DotName OUTBOUND = DotName.createSimple("dev.hibiki.hub.Outbound");
    private static final DotName COMMAND = DotName.createSimple("dev.hibiki.hub.Command");
    private static final DotName ASYNC_COMMAND = DotName.createSimple("dev.hibiki.hub.AsyncCommand");
    private static final DotName REGISTER = DotName.createSimple("io.quarkus.runtime.annotations.RegisterForReflection");
    private static final DotName JSON_VALUE = DotName.createSimple("com.fasterxml.jackson.annotation.JsonValue");

    @Test
    void everyFrameTypeIsRegisteredForReflection() throws IOException {
        Index index = indexApplicationClasses();
        Deque<DotName> pending = new ArrayDeque<>();
        int outbound = 0;
        for (ClassInfo c : index.getAllKnownImplementors(OUTBOUND)) {
            if (!c.isInterface() && !c.isAbstract()) {
                pending.add(c.name());
                outbound++;
            }
        }
        int inbound = 0;
        for (ClassInfo command : index.getAllKnownImplementors(COMMAND)) {
            for (Type type : command.interfaceTypes()) {
                if ((type.name().equals(COMMAND) || type.name().equals(ASYNC_COMMAND))
                        && type.kind() == Type.Kind.PARAMETERIZED_TYPE) {
                    Type frame = ((ParameterizedType) type).arguments().get(0);
                    if (index.getClassByName(frame.name()) != null) {
                        pending.add(frame.name());
                        inbound++;
                    }
                }
            }
        }
        assertTrue(outbound >= 10, "expected the hub's outbound frames, found " + outbound);
        assertTrue(inbound >= 3, "expected the commands' inbound frame records, found " + inbound);

        Set<String> seen = new TreeSet<>();
        Set<String> missing = new TreeSet<>();
        while (!pending.isEmpty()) {
            ClassInfo c = index.getClassByName(pending.pop());
            if (c == null || !seen.add(c.name().toString())) {
                continue; // not an application class (JsonNode, String, ...) or already checked
            }
            if (c.isEnum()) {
                continue; // enums are written by name, no reflection on fields needed
            }
            if (c.isInterface()) {
                // Jackson reflects on the concrete classes behind an interface-typed component.
                index.getAllKnownImplementors(c.name()).forEach(i -> pending.add(i.name()));
                continue;
            }
            if (!c.hasDeclaredAnnotation(REGISTER)) {
                missing.add(c.name().toString());
            }
            boolean customForm = c.methods().stream().anyMatch(m -> m.hasDeclaredAnnotation(JSON_VALUE));
            if (c.isRecord() && !customForm) { // with @JsonValue Jackson writes that value, not the components
                for (RecordComponentInfo component : c.recordComponents()) {
                    addTypes(component.type(), pending);
                }
            }
        }
        assertEquals(Set.of(), missing, "serialised types without @RegisterForReflection (checked " + seen + ")");
    }

    private static void addTypes(Type type, Deque<DotName> pending) {
        switch (type.kind()) {
            case CLASS -> pending.add(type.name());
            case PARAMETERIZED_TYPE -> type.asParameterizedType().arguments().forEach(a -> addTypes(a, pending));
            case ARRAY -> addTypes(type.asArrayType().constituent(), pending);
            default -> {
            }
        }
    }

    private static Index indexApplicationClasses() throws IOException {
        Path classes = Paths.get("target", "classes");
        assertTrue(Files.isDirectory(classes), "compile first: " + classes);
        Indexer indexer = new Indexer();
        List<Path> files;
        try (Stream<Path> walk = Files.walk(classes)) {
            files = walk.filter(p -> p.toString().endsWith(".class")).toList();
        }
        for (Path file : files) {
            try (InputStream in = Files.newInputStream(file)) {
                indexer.index(in);
            }
        }
        return indexer.complete();
    }
}
