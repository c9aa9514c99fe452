package dev.hibiki.api;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** RestLimitsTest's assertions against the packaged application (the jar, or the native executable). */
@QuarkusIntegrationTest
class RestLimitsIT extends RestLimitsTest {
}
