/**
 * {@code hibiki client}: the command-line client (interactive and {@code --demo}).
 */
package dev.hibiki.cli;
