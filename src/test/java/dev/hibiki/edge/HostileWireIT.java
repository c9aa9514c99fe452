package dev.hibiki.edge;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** HostileWireTest's assertions against the packaged application (the jar, or the native executable). */
@QuarkusIntegrationTest
class HostileWireIT extends HostileWireTest {
}
