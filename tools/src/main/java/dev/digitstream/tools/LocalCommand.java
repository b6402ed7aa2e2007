package dev.digitstream.tools;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code digits local}: the whole system on one machine without Docker (placeholder until built). */
@Command(name = "local", mixinStandardHelpOptions = true,
        description = "Runs a Kafka broker, the streamer and the demo on this machine, without Docker.")
final class LocalCommand implements Callable<Integer> {

    @Override
    public Integer call() {
        throw new ToolException("local mode is not built yet");
    }
}
