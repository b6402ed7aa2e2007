package dev.digitstream.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Loopback ports for the processes that the programs and the tests start on this machine (a broker, a
 * streamer, the console): one chooser, so that all of them avoid the same trap.
 */
public final class LocalPorts {

    /** Where Linux keeps the range it takes the local ports of outgoing connections from. */
    private static final Path EPHEMERAL_RANGE = Path.of("/proc/sys/net/ipv4/ip_local_port_range");
    /** The lowest port chosen: above the well-known and most registered services' ports. */
    private static final int LOWEST = 10_000;

    private static final int ATTEMPTS = 100;

    private LocalPorts() {}

    /**
     * A port nothing listens on right now, for a process that binds it seconds later. Chosen below the
     * kernel's ephemeral range where there is room: a port from that range (what binding port 0 gives)
     * can meanwhile become the local end of one of the machine's outgoing connections (Kafka's clients
     * open many), and the process then fails to start with "port already in use".
     */
    public static int free() {
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
            throw new UncheckedIOException("Cannot find a free local port: " + e.getMessage(), e);
        }
    }

    /** Whether a socket can bind this loopback port now. */
    public static boolean isFree(final int port) {
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
