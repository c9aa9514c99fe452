package dev.hibiki.api;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** RestApiTest's assertions against the packaged application (the jar, or the native executable). */
@QuarkusIntegrationTest
class RestApiIT extends RestApiTest {
}
