/**
 * The {@code digits} demo CLI: {@link dev.digitstream.tools.DigitsCli} is the picocli root, and each
 * command lives in the package of its feature ({@code produce}, {@code watch}, {@code local},
 * {@code bench}). A new command gets a package of its own and a line in {@code DigitsCli}'s subcommands;
 * a web page that shows predictions would go next to {@code watch}, as a package of its own.
 */
package dev.digitstream.tools;
