package dev.digitstream.tools.process;

import dev.digitstream.tools.cli.ToolException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/** Loopback ports for the local processes. */
final class Ports {

    private Ports() {}

    /** A port nothing listens on right now. */
    static int free() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new ToolException("Cannot find a free local port: " + e.getMessage(), e);
        }
    }

    static void requireFree(final int port, final String option) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        } catch (IOException e) {
            throw new ToolException("Port " + port + " is in use (is another Kafka running?): choose another with "
                    + option + ", or 0 for any free one");
        }
    }
}
