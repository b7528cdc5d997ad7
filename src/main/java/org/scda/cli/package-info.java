/**
 * The {@code scda} command: one thin picocli class per subcommand that parses options, builds a
 * config and calls the library. Exit codes: 0 success, 1 failed run, 2 bad usage.
 */
package org.scda.cli;
