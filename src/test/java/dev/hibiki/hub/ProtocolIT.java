package dev.hibiki.hub;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** ProtocolTest's assertions against the packaged application (the jar, or the native executable). */
@QuarkusIntegrationTest
class ProtocolIT extends ProtocolTest {
}
