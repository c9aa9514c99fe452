package dev.hibiki.text;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** TextConvergenceTest's assertions against the packaged application (the jar, or the native executable). */
@QuarkusIntegrationTest
class TextConvergenceIT extends TextConvergenceTest {
}
