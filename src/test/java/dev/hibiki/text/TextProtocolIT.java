package dev.hibiki.text;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** TextProtocolTest's assertions against the packaged application (the jar, or the native executable). */
@QuarkusIntegrationTest
class TextProtocolIT extends TextProtocolTest {
}
