package dev.digitstream.tools.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class MainOnSignalTest {

    @Test
    void shouldInitializeTheClassesAndSayItWaitsBeforeTheSignalAndRunMainWithItsArgumentsAfterIt() throws Exception {
        final Process process =
                start(MainOnSignal.INITIALIZE, Initialized.class.getName(), Echo.class.getName(), "a", "b");
        try (BufferedReader out =
                new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            assertThat(out.readLine()).isEqualTo("initialized");
            assertThat(out.readLine()).isEqualTo(MainOnSignal.WAITING);

            try (OutputStream in = process.getOutputStream()) {
                in.write('\n');
            }

            assertThat(out.readLine()).isEqualTo("main a b");
            assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(process.exitValue()).isZero();
        } finally {
            process.destroyForcibly();
        }
    }

    @Test
    void shouldExitWith3WithoutRunningMainWhenInputEndsWithoutASignal() throws Exception {
        final Process process = start(MainOnSignal.INITIALIZE, "no.such.Class", Echo.class.getName(), "a");
        try {
            process.getOutputStream().close();

            assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(process.exitValue()).isEqualTo(3);
            assertThat(new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8))
                    .doesNotContain("main");
            assertThat(new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8))
                    .contains("Could not initialize no.such.Class ahead of time");
        } finally {
            process.destroyForcibly();
        }
    }

    private static Process start(final String... arguments) throws IOException {
        final List<String> command = new ArrayList<>(List.of(
                ProcessHandle.current().info().command().orElse("java"),
                "-cp",
                System.getProperty("java.class.path"),
                MainOnSignal.class.getName()));
        command.addAll(List.of(arguments));
        return new ProcessBuilder(command).start();
    }

    /** Prints a line when its class is initialized. */
    static final class Initialized {
        static {
            System.out.println("initialized");
            System.out.flush();
        }

        private Initialized() {}
    }

    /** A main that prints its arguments. */
    static final class Echo {
        private Echo() {}

        public static void main(final String[] args) {
            System.out.println("main " + String.join(" ", args));
        }
    }
}
