/**
 * {@code GET /api/status}.
 */
package dev.hibiki.status.api;
