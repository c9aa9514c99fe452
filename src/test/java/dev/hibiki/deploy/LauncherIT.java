package dev.hibiki.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/**
 * The launcher README starts the server with gives the JVM the settings the container image
 * ships (docs/OPERATIONS.md, "JVM settings"): the packaged `target/quarkus-app/hibiki` is run, and
 * the JVM it starts reports its final flags.
 */
class LauncherIT {

    static final Path LAUNCHER = Path.of("target/quarkus-app/hibiki");

    @Test
    void theLauncherStartsTheJvmWithTheImagesCollectorAndMemorySettings() throws Exception {
        assertThat(Files.isExecutable(LAUNCHER)).as("packaged, executable launcher " + LAUNCHER).isTrue();
        // -version ends the JVM after it has taken every flag, before the jar runs.
        Map<String, String> flags = finalFlags("-XX:+PrintFlagsFinal -version");
        assertThat(flags).containsEntry("UseSerialGC", "true").containsEntry("UseG1GC", "false");
        assertThat(flags.get("MaxRAMPercentage")).startsWith("60.");
        assertThat(flags).containsEntry("NewSize", Long.toString(24L * 1024 * 1024))
                .containsEntry("MaxNewSize", Long.toString(24L * 1024 * 1024));
    }

    @Test
    void javaOptsComeLastSoAUserCanOverrideThem() throws Exception {
        Map<String, String> flags = finalFlags("-XX:MaxRAMPercentage=30 -XX:+PrintFlagsFinal -version");
        assertThat(flags.get("MaxRAMPercentage")).startsWith("30.");
    }

    private static Map<String, String> finalFlags(String javaOpts) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(List.of(LAUNCHER.toString())).redirectErrorStream(true);
        builder.environment().put("JAVA_OPTS", javaOpts);
        Process process = builder.start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(out).isZero();
        Map<String, String> flags = new java.util.HashMap<>();
        Matcher line = Pattern.compile("(?m)^\\s*\\S+\\s+(\\w+)\\s+= (\\S+)").matcher(out);
        while (line.find()) {
            flags.put(line.group(1), line.group(2));
        }
        return flags;
    }
}
