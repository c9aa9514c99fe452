package dev.hibiki.socketio;

import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;

/** Connection state recovery switched on, as a user opts in (it is off by default, as on the official server). */
public class RecoveryOn implements QuarkusTestProfile {

    static final Map<String, String> RECOVERY = Map.of("hibiki.socketio.recovery.enabled", "true");

    @Override
    public Map<String, String> getConfigOverrides() {
        return RECOVERY;
    }

    /** Recovery on with authentication on ({@link dev.hibiki.security.AuthProfile}'s secret). */
    public static class WithAuth extends dev.hibiki.security.AuthProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            Map<String, String> all = new java.util.HashMap<>(super.getConfigOverrides());
            all.putAll(RECOVERY);
            return all;
        }
    }
}
