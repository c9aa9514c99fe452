/**
 * The REST door's shared parts: the mapping of every failure to the JSON error body, and the
 * REST-only endpoints (analyze, echo, the seeds' aliases). Each feature's own REST resource lives
 * in its {@code api} sub-package.
 */
package dev.hibiki.api;
