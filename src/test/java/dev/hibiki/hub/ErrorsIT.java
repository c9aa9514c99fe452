package dev.hibiki.hub;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** ErrorsTest's assertions against the packaged application (the jar, or the native executable). */
@QuarkusIntegrationTest
class ErrorsIT extends ErrorsTest {
}
