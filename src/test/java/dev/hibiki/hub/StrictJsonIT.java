package dev.hibiki.hub;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** StrictJsonTest's assertions against the packaged application (the jar, or the native executable). */
@QuarkusIntegrationTest
class StrictJsonIT extends StrictJsonTest {
}
