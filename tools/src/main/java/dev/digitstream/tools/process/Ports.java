package dev.digitstream.tools.process;

import dev.digitstream.tools.cli.ToolException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ThreadLocalRandom;

/** Loopback ports for the local processes. */
final class Ports {

    /** Where Linux keeps the range it takes the local ports of outgoing connections from. */
    private static final Path EPHEMERAL_RANGE = Path.of("/proc/sys/net/ipv4/ip_local_port_range");
    /** The lowest port chosen: above the well-known and most registered services' ports. */
    private static final int LOWEST = 10_000;

    private static final int ATTEMPTS = 100;

    private Ports() {}

    /**
     * A port nothing listens on right now, for a process that binds it seconds later. Chosen below the
     * kernel's ephemeral range where there is room: a port from that range (what binding port 0 gives)
     * can meanwhile become the local end of one of the machine's outgoing connections (Kafka's clients
     * open many), and the process then fails to start with "port already in use".
     */
    static int free() {
        final int ephemeralStart = ephemeralRangeStart();
        if (ephemeralStart > LOWEST + ATTEMPTS) {
            for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
                final int port = ThreadLocalRandom.current().nextInt(LOWEST, ephemeralStart);
                if (isFree(port)) {
                    return port;
                }
            }
        }
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new ToolException("Cannot find a free local port: " + e.getMessage(), e);
        }
    }

    static void requireFree(final int port, final String option) {
        if (!isFree(port)) {
            throw new ToolException("Port " + port + " is in use (is another Kafka running?): choose another with "
                    + option + ", or 0 for any free one");
        }
    }

    private static boolean isFree(final int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** The first port of the ephemeral range, or 0 where the system does not say (not Linux). */
    private static int ephemeralRangeStart() {
        try {
            // Not Files.readString: procfs files report a size of 0, and it then reads a single byte.
            return Integer.parseInt(
                    Files.readAllLines(EPHEMERAL_RANGE).get(0).trim().split("\\s+")[0]);
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }
}
