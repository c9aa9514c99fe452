/**
 * {@code hibiki bench}: the load generator and report behind docs/BENCHMARKS.md.
 */
package dev.hibiki.bench;
