package dev.digitstream.trainer;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ProgressBarTest {

    @Test
    void shouldRedrawOneLineInPlaceWhenWritingToTerminal() {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        final PrintStream terminal = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        final ProgressBar progress = new ProgressBar(terminal, "epoch 2/10", 4);

        progress.update(1, 64, 2.5);
        progress.update(4, 256, 1.25);
        progress.finish();

        final String written = bytes.toString(StandardCharsets.UTF_8);
        assertThat(written).startsWith("\repoch 2/10 [");
        assertThat(written).contains("1/4 batches, loss 2.5000").contains("4/4 batches, loss 1.2500")
                .contains("images/s").contains("ETA 0:00");
        assertThat(written).endsWith(System.lineSeparator());
        assertThat(written.chars().filter(c -> c == '\n').count()).isEqualTo(1);
    }
}
