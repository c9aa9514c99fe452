package dev.hibiki.text;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** TextResourceTest's assertions against the packaged application (the jar, or the native executable). */
@QuarkusIntegrationTest
class TextResourceIT extends TextResourceTest {
}
