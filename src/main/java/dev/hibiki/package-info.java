/**
 * Hibiki, a real-time hub. Packages by feature; docs/ARCHITECTURE.md gives the layers and the rule
 * that dependencies only point down.
 */
package dev.hibiki;
