package dev.hibiki.ops;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.hasItem;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;

/** /q/health/ready as Kubernetes sees it, with the hub check's state. */
@QuarkusTest
class HubReadinessTest {

    @Inject
    HubReadiness readiness;

    @AfterEach
    void serveAgain() {
        readiness.serving();
    }

    @Test
    void readyWhileServingWithTheHubsFigures() {
        given().get("/q/health/ready").then()
                .statusCode(200)
                .body("status", org.hamcrest.Matchers.is("UP"))
                .body("checks.find { it.name == 'hub' }.data.state", org.hamcrest.Matchers.is("serving"))
                .body("checks.find { it.name == 'hub' }.data.connections", org.hamcrest.Matchers.greaterThanOrEqualTo(0));
        given().get("/q/health/live").then().statusCode(200);
        given().get("/q/health/started").then().statusCode(200);
    }

    @Test
    void degradedStaysReadyAndSaysWhyThenRecovers() {
        readiness.degraded("redis unreachable");
        // Still serving its own clients; every replica loses Redis alike, so none leaves the Service.
        given().get("/q/health/ready").then()
                .statusCode(200)
                .body("checks.find { it.name == 'hub' }.data.state", org.hamcrest.Matchers.is("degraded"))
                .body("checks.find { it.name == 'hub' }.data.reason", org.hamcrest.Matchers.is("redis unreachable"));
        // Liveness is unaffected: restarting a pod because Redis is down would not help.
        given().get("/q/health/live").then().statusCode(200);

        readiness.serving();
        given().get("/q/health/ready").then().statusCode(200)
                .body("checks.name", hasItem("hub"))
                .body("checks.find { it.name == 'hub' }.data.state", org.hamcrest.Matchers.is("serving"))
                .body("checks.find { it.name == 'hub' }.data.reason", org.hamcrest.Matchers.nullValue());
    }
}
