package dev.hibiki.ops;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** HubMetricsTest's assertions against the packaged application (the jar, or the native executable). */
@QuarkusIntegrationTest
class HubMetricsIT extends HubMetricsTest {
}
