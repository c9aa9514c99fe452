/**
 * REST for the shared text.
 */
package dev.hibiki.text.api;
