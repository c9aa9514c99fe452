/**
 * Authentication (JWT), origin checks, REST guard, and the {@link dev.hibiki.security.UpgradeCheck}
 * chain every door runs before admitting a client.
 */
package dev.hibiki.security;
