package dev.digitstream.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class LocalPortsTest {

    @Test
    void shouldGiveABindablePortOutsideTheEphemeralRangeWhenLinuxSaysWhereItStarts() throws IOException {
        final Path range = Path.of("/proc/sys/net/ipv4/ip_local_port_range");

        final int port = LocalPorts.free();

        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        }
        if (Files.exists(range)) {
            final int ephemeralStart =
                    Integer.parseInt(Files.readAllLines(range).get(0).trim().split("\\s+")[0]);
            assertThat(port).isBetween(10_000, ephemeralStart - 1);
        }
    }
}
