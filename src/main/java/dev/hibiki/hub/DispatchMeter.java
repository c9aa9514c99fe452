package dev.hibiki.hub;

/**
 * What the dispatcher reports for /q/metrics: frames in by type, replies, errors by code.
 * Implemented by {@code dev.hibiki.ops.HubMetrics}; the hub owns the interface so that it never
 * depends on how (or whether) anything is measured.
 */
public interface DispatchMeter {

    /** A frame of this type was received and is about to be handled. */
    void received(String type);

    /** A frame was sent to {@code deliveries} connections. */
    void sent(Outbound frame, int deliveries);

    /** A request was answered with this error. */
    void error(ErrorCode code);
}
