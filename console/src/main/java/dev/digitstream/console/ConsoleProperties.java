package dev.digitstream.console;

import dev.digitstream.schemas.ModelKeys;
import dev.digitstream.schemas.Topics;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The console's own settings ({@code digitstream.console.*}); Kafka's come from Spring Boot's
 * {@code spring.kafka.*}, the address and port from {@code server.*}.
 *
 * @param modelName      the model whose rollout is shown
 * @param topics         topic names
 * @param answerTimeout  how long a drawn digit waits for its prediction or dead letter
 * @param pushInterval   how often the live view gets one message with everything new (events are batched)
 * @param accuracyWindow the sliding window of the online accuracy per model version
 * @param latencyWindow  the sliding window of the latency percentiles and the rate
 * @param maxLiveViewers live views served at once; more get a clear refusal
 * @param rateLimit      drawn digits a client may send
 * @param maxImagePixels the largest picture accepted, in pixels (width x height), checked before decoding
 */
@ConfigurationProperties("digitstream.console")
public record ConsoleProperties(
        @DefaultValue(ModelKeys.DEFAULT_MODEL_NAME) String modelName,
        @DefaultValue TopicNames topics,
        @DefaultValue("15s") Duration answerTimeout,
        @DefaultValue("400ms") Duration pushInterval,
        @DefaultValue("60s") Duration accuracyWindow,
        @DefaultValue("10s") Duration latencyWindow,
        @DefaultValue("32") int maxLiveViewers,
        @DefaultValue RateLimit rateLimit,
        @DefaultValue("4000000") long maxImagePixels) {

    /** Topic names; the defaults are {@link Topics}'. */
    public record TopicNames(
            @DefaultValue(Topics.IMAGES) String images,
            @DefaultValue(Topics.PREDICTIONS) String predictions,
            @DefaultValue(Topics.DEAD_LETTERS) String deadLetters,
            @DefaultValue(Topics.MODELS) String models,
            @DefaultValue(Topics.ROLLOUT) String rollout) {}

    /**
     * A token bucket per client address: {@code perSecond} digits a second on average, up to {@code burst}
     * at once. A person drawing sends one every few seconds; a script cannot flood the input topic.
     */
    public record RateLimit(
            @DefaultValue("2") double perSecond,
            @DefaultValue("5") int burst) {}
}
