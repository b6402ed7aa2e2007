package dev.digitstream.tools.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class CompilerThreadsTest {

    @Test
    void shouldAddUserAndSystemTicksWhenTheThreadIsAJitCompiler() {
        final String stat = "4242 (C2 CompilerThre) S 4200 4200 1 0 -1 1077936192 12 0 0 0 731 17 0 0 20 0 22 0 3 0";

        assertThat(CompilerThreads.compilerTicks(stat)).isEqualTo(731 + 17);
        assertThat(CompilerThreads.compilerTicks(stat.replace("C2", "C1"))).isEqualTo(748);
    }

    @Test
    void shouldCountNothingWhenTheThreadIsAnotherOneEvenWithParenthesesInItsName() {
        final String stat =
                "4243 (a (C2 CompilerThre) x) R 4200 4200 1 0 -1 1077936192 12 0 0 0 900 30 0 0 20 0 22 0 3";

        assertThat(CompilerThreads.compilerTicks(stat)).isZero();
        assertThat(CompilerThreads.compilerTicks("4244 (StreamThread-1) R 4200 4200 1 0 -1 0 0 0 0 0 5 6 0 0"))
                .isZero();
    }

    @Test
    void shouldReadThisJvmsCompilerTimeWhenItHasCompiled() {
        final long pid = ProcessHandle.current().pid();
        // A test JVM compiles from its first second on; wait until its compilers have used a clock tick.
        final Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        double seconds = 0;
        while (seconds <= 0 && Instant.now().isBefore(deadline)) {
            seconds = CompilerThreads.cpuSeconds(pid).orElseThrow();
            busyWork();
        }

        assertThat(seconds).isPositive();
        assertThat(CompilerThreads.cpuSeconds(Long.MAX_VALUE)).isEmpty();
    }

    private static void busyWork() {
        long sum = 0;
        for (int i = 0; i < 5_000_000; i++) {
            sum += Integer.toString(i).hashCode();
        }
        assertThat(sum).isNotEqualTo(1);
    }
}
