package dev.digitstream.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProgressBarTest {

    @Test
    void shouldRedrawOneLineInPlaceWhenWritingToTerminal() {
        final StringWriter written = new StringWriter();
        final ProgressBar progress =
                ProgressBar.onTerminal(new PrintWriter(written), "epoch 2/10", 4, ProgressBar.Style.BARS);

        progress.update(1, () -> "1/4 batches");
        progress.update(4, () -> "4/4 batches");
        progress.finish();

        final String text = written.toString();
        assertThat(text)
                .startsWith("\repoch 2/10 [")
                .contains("] 1/4 batches")
                .contains("\repoch 2/10 [" + "=".repeat(30) + "] 4/4 batches");
        assertThat(text).endsWith(System.lineSeparator());
        assertThat(text.chars().filter(c -> c == '\n').count()).isEqualTo(1);
    }

    @Test
    void shouldLogAWholeLineEveryTenthWhenNotOnATerminal() {
        final List<String> lines = new ArrayList<>();
        final ProgressBar progress = ProgressBar.logged(lines::add, "", 100, ProgressBar.Style.HASHES);

        for (int done = 1; done <= 100; done++) {
            final int shown = done;
            progress.update(done, () -> shown + "/100");
        }

        assertThat(lines).hasSize(10).first().isEqualTo("[###" + ".".repeat(27) + "] 10/100");
        assertThat(lines).last().isEqualTo("[" + "#".repeat(30) + "] 100/100");
    }

    @Test
    void shouldDrawNothingWhenHidden() {
        final ProgressBar progress = ProgressBar.hidden(10);

        progress.update(10, () -> {
            throw new AssertionError("a hidden bar builds no text");
        });

        assertThat(progress.elapsedSeconds()).isPositive();
    }
}
