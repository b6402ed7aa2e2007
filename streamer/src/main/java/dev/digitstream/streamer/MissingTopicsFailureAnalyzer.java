package dev.digitstream.streamer;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** A start stopped for missing topics is a configuration error: its message, without a stack trace. */
final class MissingTopicsFailureAnalyzer extends AbstractFailureAnalyzer<RequiredTopics.MissingTopicsException> {

    @Override
    protected FailureAnalysis analyze(final Throwable rootFailure, final RequiredTopics.MissingTopicsException cause) {
        return new FailureAnalysis(
                "The streamer cannot start: " + cause.getMessage(),
                "Create the topics and grant the rights (digits acls --print lists what each principal needs), "
                        + "or let the streamer create them with digitstream.topics.create=true.",
                cause);
    }
}
