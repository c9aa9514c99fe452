package dev.hibiki.cli;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.file.FileSystemOptions;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import java.io.InputStream;
import java.io.PrintStream;
import java.util.concurrent.TimeUnit;

/**
 * Entry point of {@code hibiki client}. Runs without the Quarkus boot: a private Vert.x with one
 * event loop carries the WebSocket; the calling thread reads commands and waits for answers.
 * Callable in-process (tests pass their own streams); returns the exit code instead of exiting.
 */
public final class ClientCli {

    private ClientCli() {
    }

    public static int run(String[] args, InputStream in, PrintStream out, PrintStream err) {
        boolean terminal = System.console() != null && out == System.out;
        ClientOptions options;
        try {
            options = ClientOptions.parse(args, terminal);
        } catch (ClientFailure e) {
            err.println("hibiki client: " + e.getMessage());
            err.println(ClientOptions.USAGE.lines().findFirst().orElse(""));
            return e.exitCode();
        }
        if (options.help()) {
            out.println(ClientOptions.USAGE);
            return ExitCode.OK;
        }
        Vertx vertx = newVertx(1);
        try {
            WebSocketClient client = vertx.createWebSocketClient(new WebSocketClientOptions()
                    .setConnectTimeout((int) options.timeout().toMillis())
                    .setMaxFrameSize(1 << 20)
                    .setMaxMessageSize(4 << 20));
            Printer printer = new Printer(out, options.colour(), options.json());
            Target target = Target.parse(options.url(), options.name());
            return options.demo()
                    ? new Demo(client, target, options, printer).run()
                    : new Interactive(client, target, options, printer, in, terminal && in == System.in).run();
        } catch (ClientFailure e) {
            err.println("hibiki client: " + e.getMessage());
            return e.exitCode();
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().completeOnTimeout(null, 2, TimeUnit.SECONDS).join();
        }
    }

    /** A small, quiet Vert.x for a command-line tool: no file cache directory, no classpath resolving. */
    public static Vertx newVertx(int eventLoops) {
        return Vertx.vertx(new VertxOptions()
                .setEventLoopPoolSize(eventLoops)
                .setWorkerPoolSize(1)
                .setInternalBlockingPoolSize(1)
                .setFileSystemOptions(new FileSystemOptions().setFileCachingEnabled(false).setClassPathResolvingEnabled(false)));
    }
}
