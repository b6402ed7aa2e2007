package dev.digitstream.tools.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChildProcessesTest {

    @Test
    void shouldStopOnlyThatChildAndRunItsExitActionWhenOneChildIsStopped(@TempDir final Path dir) throws IOException {
        final List<String> waitForever = List.of(waitingProgram(dir).toString());
        final List<Process> started = new ArrayList<>();
        try (ChildProcesses children = new ChildProcesses(dir.resolve("logs"))) {
            final AtomicBoolean exitActionRan = new AtomicBoolean();
            final ChildProcesses.Child stopped =
                    children.startJava("stopped", waitForever, false, process -> exitActionRan.set(true));
            started.add(stopped.process());
            final ChildProcesses.Child other = children.startJava("other", waitForever);
            started.add(other.process());

            children.stop(stopped);

            assertThat(stopped.alive()).isFalse();
            assertThat(exitActionRan).isTrue();
            assertThat(other.alive()).isTrue();
            children.stopAll();
            assertThat(other.alive()).isFalse();
        } finally {
            // a broken stop() forgets its child: without this it would outlive the failed test
            started.forEach(Process::destroyForcibly);
        }
    }

    /** A single-file Java program (run by the JDK's source launcher) that waits until it is stopped. */
    private static Path waitingProgram(final Path dir) throws IOException {
        return Files.writeString(
                dir.resolve("WaitForever.java"),
                "public class WaitForever { public static void main(String[] args) throws Exception {"
                        + " Thread.sleep(Long.MAX_VALUE); } }");
    }
}
