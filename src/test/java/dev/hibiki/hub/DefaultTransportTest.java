package dev.hibiki.hub;

import static org.junit.jupiter.api.Assertions.assertFalse;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.Vertx;
import jakarta.inject.Inject;

/** By default the event loops run on Java NIO; io_uring is an operator's choice (NetworkTransportTest). */
@QuarkusTest
class DefaultTransportTest {

    @Inject
    Vertx vertx;

    @Test
    void theDefaultTransportIsJavaNio() {
        assertFalse(vertx.isNativeTransportEnabled(), "the shipped defaults run on a native transport");
    }
}
