package dev.hibiki.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;

/**
 * deploy/examples/haproxy.cfg routes as deploy/examples/ingress.yaml asks ingress-nginx to: the
 * same affinity cookie, timeouts, body limit and health path. SocketIoBehindProxyIT tests
 * Socket.IO long-polling through the HAProxy file; this test is what lets that result speak for
 * the Ingress too. Each assertion names the annotation and the directive that must agree.
 */
class ProxyConfigTest {

    private static final Path HAPROXY = Manifests.DEPLOY.resolve("examples/haproxy.cfg");
    private static final String NGINX = "nginx.ingress.kubernetes.io/";

    private static Map<String, String> annotations;
    private static List<String> directives;

    @BeforeAll
    static void read() throws IOException {
        Ingress ingress = Manifests.ofKind(Manifests.parse(Manifests.DEPLOY.resolve("examples/ingress.yaml")), Ingress.class)
                .get(0);
        annotations = ingress.getMetadata().getAnnotations();
        directives = new ArrayList<>();
        for (String line : Files.readAllLines(HAPROXY)) {
            String directive = line.replaceAll("#.*", "").trim();
            if (!directive.isEmpty()) {
                directives.add(directive.replaceAll("\\s+", " "));
            }
        }
    }

    @Test
    void bothKeepAClientOnItsNodeWithTheSameSessionCookie() {
        assertEquals("cookie", annotation("affinity"));
        String cookie = directive("cookie ").orElseThrow(() -> new AssertionError("haproxy.cfg inserts no cookie"));
        List<String> words = List.of(cookie.split(" "));
        assertEquals(annotation("session-cookie-name"), words.get(1), "cookie name: session-cookie-name vs haproxy cookie");
        assertTrue(words.containsAll(List.of("insert", "indirect", "nocache", "httponly")),
                "haproxy inserts the cookie itself, hides it from the nodes, keeps it out of caches, HttpOnly as ingress-nginx sets it: "
                        + cookie);
        assertTrue(cookie.contains("attr \"SameSite=" + annotation("session-cookie-samesite") + "\""),
                "SameSite: session-cookie-samesite vs haproxy attr: " + cookie);
        // HAProxy writes path=/ on the cookie it inserts.
        assertEquals("/", annotation("session-cookie-path"));
        // A browser-session cookie on both sides: affinity is needed for one Engine.IO session.
        assertFalse(annotations.containsKey(NGINX + "session-cookie-max-age"), "no session-cookie-max-age");
        assertFalse(annotations.containsKey(NGINX + "session-cookie-expires"), "no session-cookie-expires");
        assertFalse(cookie.matches(".*\\b(maxidle|maxlife)\\b.*|.*(?i)(max-age|expires).*"), "no cookie lifetime: " + cookie);
        // HAProxy's cookie persistence moves a client only when its server is gone: persistent mode.
        assertEquals("persistent", annotation("affinity-mode"));
    }

    @Test
    void bothBalanceNewClientsRoundRobinAndMoveThemWhenTheirNodeFails() {
        // ingress-nginx balances round robin unless load-balance says otherwise.
        assertEquals("round_robin", annotations.getOrDefault(NGINX + "load-balance", "round_robin"));
        assertTrue(directives.contains("balance roundrobin"));
        assertEquals("true", annotation("session-cookie-change-on-failure"));
        assertTrue(directives.contains("option redispatch"), "session-cookie-change-on-failure is option redispatch");
    }

    @Test
    void bothAllowTheSameTimeoutsAndBodySize() {
        long read = Long.parseLong(annotation("proxy-read-timeout"));
        long send = Long.parseLong(annotation("proxy-send-timeout"));
        assertEquals(read, seconds("timeout server"), "proxy-read-timeout vs timeout server");
        assertEquals(read, seconds("timeout tunnel"), "proxy-read-timeout vs timeout tunnel (WebSocket)");
        assertEquals(send, seconds("timeout client"), "proxy-send-timeout vs timeout client");

        String size = annotation("proxy-body-size");
        assertTrue(size.endsWith("m"), "proxy-body-size in megabytes: " + size);
        long bytes = Long.parseLong(size.substring(0, size.length() - 1)) * 1024 * 1024;
        assertTrue(directives.contains("http-request deny deny_status 413 if { req.hdr_val(content-length) gt " + bytes + " }"),
                "haproxy refuses bodies over proxy-body-size (" + bytes + " bytes) with 413 as ingress-nginx does");
    }

    @Test
    void haproxyChecksNodesAsKubernetesProbesPodReadiness() throws IOException {
        Probe readiness = Manifests.hubContainer(Manifests.hubDeployment(Manifests.parse(Manifests.DEPLOY.resolve("base/kubernetes.yml"))))
                .getReadinessProbe();
        assertTrue(directives.contains("option httpchk GET " + readiness.getHttpGet().getPath()),
                "a node out of rotation for Kubernetes is out of rotation for haproxy: " + readiness.getHttpGet().getPath());
        assertTrue(directives.contains("http-check expect status 200"));
        assertEquals(readiness.getTimeoutSeconds().longValue(), seconds("timeout check"), "timeoutSeconds vs timeout check");
        assertTrue(directives.contains("default-server check inter " + readiness.getPeriodSeconds() + "s fall "
                + readiness.getFailureThreshold() + " rise " + readiness.getSuccessThreshold()),
                "periodSeconds, failureThreshold, successThreshold vs inter, fall, rise");
    }

    private static String annotation(String name) {
        String value = annotations.get(NGINX + name);
        if (value == null) {
            throw new AssertionError("ingress.yaml has no annotation " + NGINX + name);
        }
        return value;
    }

    private static Optional<String> directive(String prefix) {
        return directives.stream().filter(d -> d.startsWith(prefix)).findFirst();
    }

    private static long seconds(String directive) {
        String value = directive(directive + " ").orElseThrow(() -> new AssertionError("haproxy.cfg has no " + directive))
                .substring(directive.length() + 1);
        if (value.endsWith("s")) {
            return Long.parseLong(value.substring(0, value.length() - 1));
        }
        if (value.endsWith("m")) {
            return Long.parseLong(value.substring(0, value.length() - 1)) * 60;
        }
        return Long.parseLong(value) / 1000; // HAProxy's default unit is milliseconds
    }
}
