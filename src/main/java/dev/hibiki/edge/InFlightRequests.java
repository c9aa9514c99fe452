package dev.hibiki.edge;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.reflect.Method;

import org.jboss.logging.Logger;

import io.quarkus.runtime.annotations.RegisterForReflection;
import io.quarkus.vertx.http.runtime.filters.QuarkusRequestWrapper;
import io.vertx.core.http.HttpServerRequest;

/**
 * Tells Quarkus' graceful shutdown that an upgraded request is done once its 101 is sent.
 * <p>
 * Quarkus counts HTTP requests in flight (its {@code GracefulShutdownFilter}) and on SIGTERM waits
 * up to {@code quarkus.shutdown.timeout} for the count to reach zero. A request leaves the count
 * when its response ends or fails; but when Vert.x answers an upgrade with 101 it marks the
 * response written without ending it, and when the WebSocket later closes the request is no longer
 * Vert.x's to fail. So every WebSocket ever opened stayed counted: any stop after one connection,
 * even closed long ago, waited the full timeout and logged "Timed out waiting for graceful
 * shutdown" at ERROR. WebSockets are drained by the hub itself ({@code GracefulShutdown}), so the
 * request is done for Quarkus when the protocol switches. Quarkus' {@code done()} is package-private
 * and idempotent; where it cannot be reached the old behaviour remains.
 */
@RegisterForReflection(classNames = "io.quarkus.vertx.http.runtime.filters.QuarkusRequestWrapper", methods = true)
final class InFlightRequests {

    private static final Logger LOG = Logger.getLogger(InFlightRequests.class);
    private static final MethodHandle DONE = doneMethod();

    private InFlightRequests() {
    }

    /** What marks this request done, or null when Quarkus does not count it (or cannot be reached). */
    static Runnable doneAction(HttpServerRequest request) {
        if (DONE == null) {
            return null;
        }
        QuarkusRequestWrapper wrapper = QuarkusRequestWrapper.get(request);
        if (wrapper == null) {
            return null;
        }
        return () -> {
            try {
                DONE.invoke(wrapper);
            } catch (Throwable e) {
                LOG.debugf("Could not mark an upgraded request done: %s", e);
            }
        };
    }

    private static MethodHandle doneMethod() {
        try {
            Method done = QuarkusRequestWrapper.class.getDeclaredMethod("done");
            done.setAccessible(true);
            return MethodHandles.lookup().unreflect(done);
        } catch (Throwable e) {
            LOG.debugf("Quarkus request wrapper not reachable, upgrades stay counted as requests: %s", e);
            return null;
        }
    }
}
