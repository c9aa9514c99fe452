package dev.hibiki.text;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/**
 * Several clients, each running the client algorithm of docs/TEXT.md, type into one document at the
 * same time through real WebSocket connections. They must all end with the server's text, and that
 * text must hold every marker any of them inserted (each was acknowledged), exactly once.
 */
@QuarkusTest
class TextConvergenceTest {

    private static final int CLIENTS = 5;
    private static final EditingSession.Typing TYPING =
            new EditingSession.Typing(150, 1000, 5, "c", 200, 3000, Duration.ofSeconds(60));

    @TestHTTPResource("/ws")
    URI ws;

    private final List<TextWsClient> sockets = new ArrayList<>();

    @AfterEach
    void closeAll() {
        sockets.forEach(TextWsClient::close);
    }

    @Test
    void concurrentEditorsConvergeAndKeepEveryAcknowledgedInsertion() throws Exception {
        String doc = "conv-" + UUID.randomUUID().toString().substring(0, 8);
        EditingSession session = new EditingSession(doc);
        for (int i = 0; i < CLIENTS; i++) {
            TextWsClient socket = TextWsClient.connect(URI.create(ws.toString().replaceFirst("^http", "ws")));
            sockets.add(socket);
            session.join(socket);
        }

        session.type(TYPING);

        await().atMost(Duration.ofSeconds(30)).until(session::settled);
        session.assertNoFailures();
        JsonPath server = given().get("/api/text/{doc}", doc).then().statusCode(200).extract().jsonPath();
        String text = server.getString("text");
        session.assertConvergedOn(text, server.getLong("rev"), 50);
        System.out.printf("text convergence: %d clients, %d edits, %d ops acknowledged, %d transformed against"
                + " an op in flight, %d markers, %d units%n",
                CLIENTS, CLIENTS * TYPING.editsPerEditor(), session.acks(), session.concurrent(), session.markers(),
                text.length());
    }
}
