package dev.hibiki.testing;

import io.vertx.core.Vertx;

/**
 * The client side's Vert.x for tests, one per test JVM. Tests take it from here rather than
 * injecting the application's: @QuarkusIntegrationTest (the *IT classes, run against the
 * packaged application) does not support injection, and the clients should not share the
 * server's event loops anyway.
 */
public final class TestVertx {

    private static Vertx shared;

    private TestVertx() {
    }

    public static synchronized Vertx shared() {
        if (shared == null) {
            shared = Vertx.vertx();
        }
        return shared;
    }
}
