package dev.hibiki.lifecycle;

import static org.awaitility.Awaitility.await;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

/**
 * The packaged application ({@code target/quarkus-app}) started as its own process on a free port,
 * its output in {@code target/<name>.log}, its data in {@code target/<name>-data}; returned once
 * ready. For tests of what a real process does when it is stopped.
 */
record PackagedServer(Process process, URI base, File log) {

    static PackagedServer start(String name) throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        URI base = URI.create("http://localhost:" + port + "/");
        File log = new File("target/" + name + ".log");
        Process process = new ProcessBuilder(List.of(javaBin(), "-Dquarkus.http.port=" + port,
                "-Dhibiki.persistence.data-dir=target/" + name + "-data", "-jar", "target/quarkus-app/quarkus-run.jar"))
                .redirectErrorStream(true).redirectOutput(log).start();
        HttpClient http = HttpClient.newHttpClient();
        HttpRequest ready = HttpRequest.newBuilder(base.resolve("/q/health/ready")).timeout(Duration.ofSeconds(2)).build();
        await().atMost(Duration.ofSeconds(60)).ignoreExceptions()
                .until(() -> http.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200);
        return new PackagedServer(process, base, log);
    }

    private static String javaBin() {
        return System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
    }
}
