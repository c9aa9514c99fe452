package dev.hibiki.rooms;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** RoomsTest's assertions against the packaged application (the jar, or the native executable). */
@QuarkusIntegrationTest
class RoomsIT extends RoomsTest {
}
