package dev.hibiki.hub;

/**
 * A request that cannot be served, with the protocol error code to answer it with. Thrown by
 * commands and REST resources alike; the WebSocket dispatcher turns it into an `error` frame,
 * the REST exception mapper into a status and a JSON body.
 */
public class HubException extends RuntimeException {

    private final ErrorCode code;

    public HubException(ErrorCode code, String message) {
        super(message, null, false, false);
        this.code = code;
    }

    public ErrorCode code() {
        return code;
    }

    public static HubException badMessage(String message) {
        return new HubException(ErrorCode.BAD_MESSAGE, message);
    }
}
