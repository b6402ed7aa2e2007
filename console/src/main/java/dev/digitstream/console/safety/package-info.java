/**
 * What keeps the console from being a way to flood the input topic: a token bucket per client address on
 * drawn digits; sizes are Spring's multipart limits, the bind address {@code server.address}.
 */
package dev.digitstream.console.safety;
