package dev.hibiki.hub;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** ConcurrencyTest's assertions against the packaged application (the jar, or the native executable). */
@QuarkusIntegrationTest
class ConcurrencyIT extends ConcurrencyTest {
}
