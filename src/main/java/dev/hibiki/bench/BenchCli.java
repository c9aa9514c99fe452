package dev.hibiki.bench;

import java.io.PrintStream;

public final class BenchCli {
    private BenchCli() {
    }

    public static int run(String[] args, PrintStream out, PrintStream err) {
        err.println("not yet");
        return 2;
    }
}
