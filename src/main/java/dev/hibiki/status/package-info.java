/**
 * The hub's figures ({@code status}), shared by the command and REST.
 */
package dev.hibiki.status;
