/**
 * What every command line of digitstream shares: the Kafka connection mixin, the progress bar, and the
 * choice of local ports for the processes they start (which the tests share too).
 * Something both the trainer's CLI and {@code digits} need (an option, an output helper) goes here;
 * what only one needs stays in its module ({@code dev.digitstream.tools.cli} for the tools).
 */
package dev.digitstream.cli;
