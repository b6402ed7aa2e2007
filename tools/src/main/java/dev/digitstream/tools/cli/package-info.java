/**
 * What the {@code digits} commands share: the user-facing error ({@link dev.digitstream.tools.cli.ToolException}),
 * narration, tables, the Kafka option defaults and the options of the commands that run the whole system.
 * Anything the trainer's CLI needs as well belongs in the {@code cli} module ({@code dev.digitstream.cli}).
 */
package dev.digitstream.tools.cli;
