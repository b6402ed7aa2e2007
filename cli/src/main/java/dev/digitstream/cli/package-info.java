/**
 * What every command line of digitstream shares: the Kafka connection mixin and the progress bar.
 * Something both the trainer's CLI and {@code digits} need (an option, an output helper) goes here;
 * what only one needs stays in its module ({@code dev.digitstream.tools.cli} for the tools).
 */
package dev.digitstream.cli;
