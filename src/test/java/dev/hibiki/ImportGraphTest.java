package dev.hibiki;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.core.domain.TryCatchBlock;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;

/**
 * The import graph of src/main points down (docs/ARCHITECTURE.md, "Dependencies point down"):
 * <pre>
 *   Main, cli, bench                      tools: nothing in the server depends on them
 *   api, ws                               doors: thin adapters onto the features
 *   ops, persist, cluster                 infrastructure: sees features only through their SEAMS
 *   messaging, rooms, text, status,       features: depend on hub and security; a feature's
 *   events, socketio, presence              own `cluster` sub-package may also use cluster
 *   security                              depends on hub (and ws's upgrade-check seam)
 *   hub                                   depends on no other package of dev.hibiki
 * </pre>
 * Every dependency of a class of dev.hibiki on another is checked, class by class, with ArchUnit's
 * reading of the byte code (fields, signatures, calls, annotations). The dependencies that break
 * the rule today are listed in {@link #KNOWN}; the test fails on any new one and also on a listed
 * one that no longer exists, so the list can only shrink.
 */
class ImportGraphTest {

    static final Set<String> FEATURES = Set.of("messaging", "rooms", "text", "status", "events", "presence");
    static final Set<String> INFRASTRUCTURE = Set.of("ops", "persist", "cluster");
    static final Set<String> DOORS = Set.of("api", "ws", "edge", "socketio");
    static final Set<String> TOOLS = Set.of("", "cli", "bench");
    static final Set<String> CORE = Set.of("hub", "security");

    /**
     * Feature types that ops, persist and cluster may use: small interfaces or CDI event records a
     * feature publishes for them (e.g. "rooms.RoomHistory"). Each must be an interface or a record.
     */
    static final Set<String> SEAMS = Set.of(
            // persistence: the journals the features own, and the records they carry
            "rooms.RoomJournal", "rooms.RoomJournal.Restored", "rooms.RoomFrames.Message",
            "rooms.RoomsConfig", "rooms.RoomsConfig.History",
            "text.TextJournal", "text.TextChange", "text.TextSnapshot", "text.TextOp",
            // status, health and metrics
            "rooms.RoomCensus");

    /**
     * Today's dependencies against the rule, as "from -> to" (top-level classes, relative to
     * dev.hibiki). The lead removes them while restructuring (issue 11, items 2-4); nothing may be
     * added. Remove an entry when its dependency is gone: the test says which.
     */
    static final Set<String> KNOWN = Set.of();

    private static JavaClasses classes;

    @BeforeAll
    static void importMainClasses() {
        // target/classes: src/main only, and faster than scanning the whole class path.
        Path main;
        try {
            main = Path.of(Main.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPath(main.resolve("dev/hibiki"));
    }

    @Test
    void everyPackageHasAPlaceInTheLayers() {
        Set<String> unplaced = new TreeSet<>();
        for (JavaClass c : classes) {
            if (layer(top(packageOf(c))) == null) {
                unplaced.add(packageOf(c));
            }
        }
        assertTrue(unplaced.isEmpty(), () -> "packages without a layer; add them to ImportGraphTest and docs/ARCHITECTURE.md: "
                + unplaced);
        assertTrue(classes.size() > 100, "the import found the main classes: " + classes.size());
    }

    @Test
    void dependenciesPointDown() {
        Map<String, String> found = new TreeMap<>();
        for (JavaClass c : classes) {
            for (JavaClass target : targets(c)) {
                if (!target.getPackageName().startsWith("dev.hibiki")) {
                    continue;
                }
                String to = seamName(target);
                String why = broken(packageOf(c), packageOf(target), to);
                if (why != null) {
                    found.putIfAbsent(name(c) + " -> " + to, why);
                }
            }
        }
        List<String> added = new ArrayList<>();
        found.forEach((edge, why) -> {
            if (!KNOWN.contains(edge)) {
                added.add(edge + "   (" + why + ")");
            }
        });
        Set<String> gone = new TreeSet<>(KNOWN);
        gone.removeAll(found.keySet());
        assertTrue(added.isEmpty() && gone.isEmpty(), () -> "\n"
                + (added.isEmpty() ? "" : "New dependencies against the layering rule (docs/ARCHITECTURE.md):\n  "
                        + String.join("\n  ", added) + "\n")
                + (gone.isEmpty() ? "" : "Listed in ImportGraphTest.KNOWN but no longer there; remove them:\n  "
                        + String.join("\n  ", gone) + "\n"));
    }

    @Test
    void theRuleIsTheOneArchitectureMdStates() {
        // broken(from package, to package, to class): null when allowed.
        assertNotNull(broken("hub", "rooms", "rooms.Rooms"), "hub knows no feature");
        assertNotNull(broken("hub", "ops", "ops.HubMetrics"), "hub depends on nothing else");
        assertNull(broken("rooms", "hub", "hub.Client"), "features build on the hub");
        assertNull(broken("rooms", "security", "security.TokenVerifier"), "features may use security");
        assertNull(broken("status", "rooms", "rooms.Rooms"), "features may use each other");
        assertNotNull(broken("text", "cluster", "cluster.Cluster"), "a feature's core does not call cluster");
        assertNull(broken("text.cluster", "cluster", "cluster.Cluster"), "its own cluster adapter may");
        assertNotNull(broken("text.cluster", "persist", "persist.Persistence"));
        assertNotNull(broken("rooms", "api", "api.ApiErrors"));
        assertNull(broken("text.api", "api", "api.BodyLimit"), "a feature's REST adapter may use the REST door's parts");
        assertNotNull(broken("events", "ops", "ops.HubMetrics"));
        assertNotNull(broken("persist", "rooms", "rooms.Rooms"), "infrastructure sees no feature internals");
        assertNull(broken("persist", "rooms", "rooms.RoomJournal"), "only the seams features own");
        assertNotNull(broken("cluster", "ops", "ops.HubReadiness"));
        assertNotNull(broken("ops", "api", "api.ApiErrors"));
        assertNull(broken("cluster", "hub", "hub.FanOut"));
        assertNotNull(broken("security", "api", "api.ApiErrors"));
        assertNotNull(broken("security", "ws", "ws.UpgradeGate"), "security is below the doors");
        assertNull(broken("api", "rooms", "rooms.Rooms"), "doors use anything below them");
        assertNotNull(broken("api", "cli", "cli.ClientCli"), "nothing in the server uses the tools");
        assertNull(broken("bench", "cli", "cli.ClientCli"));
        assertNull(broken("", "security", "security.TokenMinter"));
    }

    @Test
    void seamsAreSmallTypes() {
        for (String seam : SEAMS) {
            int last = seam.lastIndexOf('.');
            String binary = "dev.hibiki." + (Character.isUpperCase(seam.charAt(seam.lastIndexOf('.', last - 1) + 1))
                    ? seam.substring(0, last) + "$" + seam.substring(last + 1) : seam);
            JavaClass type = classes.get(binary);
            // TextOp is the one value class: an immutable operation, the content of a TextChange.
            assertTrue(type.isInterface() || type.isRecord() || seam.equals("text.TextOp"),
                    seam + " is a seam, so an interface or a record");
        }
    }

    /** What {@code c} uses: ArchUnit's dependencies plus the exceptions it catches (which ArchUnit leaves out). */
    static Set<JavaClass> targets(JavaClass c) {
        Set<JavaClass> targets = new HashSet<>();
        for (Dependency d : c.getDirectDependenciesFromSelf()) {
            targets.add(d.getTargetClass());
        }
        for (JavaCodeUnit unit : c.getCodeUnits()) {
            for (TryCatchBlock block : unit.getTryCatchBlocks()) {
                targets.addAll(block.getCaughtThrowables());
            }
        }
        return targets;
    }

    /** Why {@code from} may not depend on {@code toClass} (relative to dev.hibiki), or null when it may. */
    static String broken(String from, String to, String toClass) {
        String a = top(from);
        String b = top(to);
        if (a.equals(b)) {
            return null;
        }
        if (TOOLS.contains(b) && !TOOLS.contains(a)) {
            return "nothing in the server uses the tools";
        }
        switch (layer(a)) {
            case "hub":
                return "hub depends on no other package";
            case "security":
                return b.equals("hub") ? null : "security depends on hub only";
            case "feature":
                if (INFRASTRUCTURE.contains(b) || DOORS.contains(b)) {
                    // A feature's own adapters may use what they adapt to: feature.cluster the cluster
                    // core, feature.api the REST door's shared parts, feature.ws the /ws door's.
                    boolean ownAdapter = (b.equals("cluster") || b.equals("api") || b.equals("ws"))
                            && from.startsWith(a + "." + b);
                    return ownAdapter ? null : "a feature does not depend on " + b;
                }
                return null;
            case "infrastructure":
                if (INFRASTRUCTURE.contains(b)) {
                    return "ops, persist and cluster do not depend on each other";
                }
                if (FEATURES.contains(b) && !SEAMS.contains(toClass)) {
                    return "infrastructure sees features only through their seams";
                }
                return DOORS.contains(b) ? "infrastructure does not depend on a door" : null;
            default:
                return null; // doors and tools may use anything below them
        }
    }

    static String layer(String top) {
        if (top.equals("hub")) {
            return "hub";
        }
        if (top.equals("security")) {
            return "security";
        }
        if (FEATURES.contains(top)) {
            return "feature";
        }
        if (INFRASTRUCTURE.contains(top)) {
            return "infrastructure";
        }
        if (DOORS.contains(top)) {
            return "door";
        }
        return TOOLS.contains(top) ? "tool" : null;
    }

    /** The package relative to dev.hibiki ("" for dev.hibiki itself, "text.cluster", ...). */
    static String packageOf(JavaClass c) {
        String p = c.getPackageName();
        return p.equals("dev.hibiki") ? "" : p.substring("dev.hibiki.".length());
    }

    static String top(String relativePackage) {
        int dot = relativePackage.indexOf('.');
        return dot < 0 ? relativePackage : relativePackage.substring(0, dot);
    }

    /** A target's name as SEAMS spells it: nested types keep their nesting ("rooms.RoomFrames.Message"). */
    static String seamName(JavaClass c) {
        String p = packageOf(c);
        String simple = c.getName().substring(c.getPackageName().length() + 1).replace('$', '.');
        return (p.isEmpty() ? "" : p + ".") + simple;
    }

    /** The top-level class, relative to dev.hibiki: nested classes count as their outer class. */
    static String name(JavaClass c) {
        String simple = c.getName().substring(c.getPackageName().length() + 1);
        int dollar = simple.indexOf('$');
        String p = packageOf(c);
        return (p.isEmpty() ? "" : p + ".") + (dollar < 0 ? simple : simple.substring(0, dollar));
    }
}
