package dev.hibiki;

import dev.hibiki.bench.BenchCli;
import dev.hibiki.cli.ClientCli;
import dev.hibiki.security.TokenMinter;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;
import java.util.Arrays;

/**
 * One artifact, four tools. {@code client}, {@code bench} and {@code token} run before (and without)
 * the Quarkus boot, so they never open the HTTP port; anything else starts the server.
 */
@QuarkusMain
public class Main {

    public static void main(String... args) {
        String tool = args.length > 0 ? args[0] : "";
        String[] rest = args.length > 0 ? Arrays.copyOfRange(args, 1, args.length) : args;
        switch (tool) {
            case "client" -> System.exit(ClientCli.run(rest, System.in, System.out, System.err));
            case "bench" -> System.exit(BenchCli.run(rest, System.out, System.err));
            case "token" -> System.exit(TokenMinter.run(rest, System.out));
            default -> Quarkus.run(args);
        }
    }
}
