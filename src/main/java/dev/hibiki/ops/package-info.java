/**
 * Health (readiness, draining) and metrics for operators; observes the hub and the features through
 * their small interfaces and events.
 */
package dev.hibiki.ops;
