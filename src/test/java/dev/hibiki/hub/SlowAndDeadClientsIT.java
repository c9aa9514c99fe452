package dev.hibiki.hub;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** SlowAndDeadClientsTest's assertions against the packaged application (the jar, or the native executable). */
@QuarkusIntegrationTest
class SlowAndDeadClientsIT extends SlowAndDeadClientsTest {
}
