package dev.hibiki.ops;

import static io.restassured.RestAssured.given;

import org.junit.jupiter.api.Test;

import io.quarkus.runtime.ShutdownDelayInitiatedEvent;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;

/**
 * Once shutdown begins the hub is never ready again. Its own profile gives it a fresh
 * application, because this test leaves the hub draining.
 */
@QuarkusTest
@TestProfile(HubDrainingTest.Draining.class)
class HubDrainingTest {

    public static class Draining implements QuarkusTestProfile {
    }

    @Inject
    Event<ShutdownDelayInitiatedEvent> shutdownDelay;

    @Inject
    HubReadiness readiness;

    @Test
    void shutdownTurnsReadinessDownForGood() {
        given().get("/q/health/ready").then().statusCode(200);

        // What Quarkus fires when the shutdown delay (quarkus.shutdown.delay-enabled) begins.
        shutdownDelay.fire(new ShutdownDelayInitiatedEvent());

        given().get("/q/health/ready").then()
                .statusCode(503)
                .body("checks.find { it.name == 'hub' }.data.state", org.hamcrest.Matchers.is("draining"));
        readiness.serving();
        readiness.degraded("late Redis error");
        given().get("/q/health/ready").then()
                .statusCode(503)
                .body("checks.find { it.name == 'hub' }.data.state", org.hamcrest.Matchers.is("draining"));
        given().get("/q/health/live").then().statusCode(200);
    }
}
