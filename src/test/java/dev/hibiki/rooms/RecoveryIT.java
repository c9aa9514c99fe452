package dev.hibiki.rooms;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** RecoveryTest's assertions against the packaged application (the jar, or the native executable). */
@QuarkusIntegrationTest
class RecoveryIT extends RecoveryTest {
}
