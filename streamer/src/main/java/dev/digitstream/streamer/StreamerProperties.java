package dev.digitstream.streamer;

import dev.digitstream.schemas.ModelKeys;
import dev.digitstream.schemas.Topics;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The streamer's own settings ({@code digitstream.*}); Kafka's come from Spring Boot's {@code spring.kafka.*}.
 *
 * @param applicationId       Kafka Streams application id, unless {@code spring.kafka.streams.application-id} is set
 * @param instanceId          this instance's static group membership id ({@code group.instance.id}); empty: a new
 *                            random one at every start. Set a stable one (a StatefulSet pod's name) to keep the
 *                            partitions through a restart within the session timeout; never share one.
 * @param modelName           the model (key on the models topic) this streamer serves
 * @param signingKey          HMAC key models must be signed with; empty means signatures are not checked
 * @param processingGuarantee {@code at_least_once} or {@code exactly_once_v2}
 * @param inferenceThreads    stream threads, each classifying with its own copy of the network
 * @param warmUpImages        synthetic images classified at start-up, before the stream threads start, so that the
 *                            JIT has compiled the classifier before real images arrive ({@link ClassifierWarmUp});
 *                            0 (the default): none, measured not to shorten the climb to full speed on 2 cores
 * @param topics              topic names and how to create them
 * @param batch               micro-batch limits
 * @param rollout             how a new version is compared with the serving one before it serves
 */
@ConfigurationProperties("digitstream")
record StreamerProperties(
        @DefaultValue("digitstream-streamer") String applicationId,
        @DefaultValue("") String instanceId,
        @DefaultValue(ModelKeys.DEFAULT_MODEL_NAME) String modelName,
        @DefaultValue("") String signingKey,
        @DefaultValue("at_least_once") String processingGuarantee,
        @DefaultValue("2") int inferenceThreads,
        @DefaultValue("0") long warmUpImages,
        @DefaultValue TopicSettings topics,
        @DefaultValue Batch batch,
        @DefaultValue Rollout rollout) {

    StreamerProperties {
        if (inferenceThreads < 1) {
            throw new IllegalArgumentException("digitstream.inference-threads must be >= 1, got " + inferenceThreads);
        }
        if (warmUpImages < 0) {
            throw new IllegalArgumentException("digitstream.warm-up-images must be >= 0, got " + warmUpImages);
        }
    }

    /**
     * Defaults for code that runs without a Spring context (tests, benchmarks): bound from nothing, so
     * they are exactly the {@code @DefaultValue}s above, written once.
     */
    static StreamerProperties defaults() {
        return new Binder(List.of()).bindOrCreate("digitstream", StreamerProperties.class);
    }

    StreamerProperties withBatch(final Batch newBatch) {
        return new StreamerProperties(
                applicationId,
                instanceId,
                modelName,
                signingKey,
                processingGuarantee,
                inferenceThreads,
                warmUpImages,
                topics,
                newBatch,
                rollout);
    }

    StreamerProperties withSigningKey(final String key) {
        return new StreamerProperties(
                applicationId,
                instanceId,
                modelName,
                key,
                processingGuarantee,
                inferenceThreads,
                warmUpImages,
                topics,
                batch,
                rollout);
    }

    StreamerProperties withRollout(final Rollout newRollout) {
        return new StreamerProperties(
                applicationId,
                instanceId,
                modelName,
                signingKey,
                processingGuarantee,
                inferenceThreads,
                warmUpImages,
                topics,
                batch,
                newRollout);
    }

    /**
     * @param in                 input images
     * @param predicted          predictions
     * @param models             model versions (compacted, one partition)
     * @param deadLetter         rejected input
     * @param rollout            candidates' scores, read by the judge (one partition, so one judge decides)
     * @param partitions         partitions of the input, prediction and dead-letter topics when the streamer creates them
     * @param replicationFactor  replication factor of the topics the streamer creates
     * @param create             whether to create missing topics at start-up
     */
    record TopicSettings(
            @DefaultValue(Topics.IMAGES) String in,
            @DefaultValue(Topics.PREDICTIONS) String predicted,
            @DefaultValue(Topics.MODELS) String models,
            @DefaultValue(Topics.DEAD_LETTERS) String deadLetter,
            @DefaultValue(Topics.ROLLOUT) String rollout,
            @DefaultValue("" + Topics.DEFAULT_PARTITIONS) int partitions,
            @DefaultValue("1") short replicationFactor,
            @DefaultValue("true") boolean create) {

        Topics.Names names() {
            return new Topics.Names(in, predicted, models, deadLetter, rollout);
        }
    }

    /**
     * @param maxSize          classify as soon as this many images are buffered in a task
     * @param maxWait          classify when the oldest buffered image has waited this long
     * @param adaptiveWait     scale the wait by how busy the stream threads are classifying: from no wait
     *                         when idle to {@code maxWait} when saturated (see {@link InferenceLoad})
     * @param punctuateEvery   how often the wall-clock punctuator checks the wait
     */
    record Batch(
            @DefaultValue("256") int maxSize,
            @DefaultValue("5ms") Duration maxWait,
            @DefaultValue("true") boolean adaptiveWait,
            @DefaultValue("1ms") Duration punctuateEvery) {

        Batch {
            if (maxSize < 1) {
                throw new IllegalArgumentException("digitstream.batch.max-size must be >= 1, got " + maxSize);
            }
            if (maxWait.isNegative() || punctuateEvery.isNegative() || punctuateEvery.isZero()) {
                throw new IllegalArgumentException("digitstream.batch.max-wait must be >= 0 and punctuate-every > 0");
            }
        }
    }

    /**
     * @param mode             {@code shadow}: the candidate classifies a sample of the batches beside the serving
     *                         version and never answers; {@code canary}: it answers {@code canaryShare} of the
     *                         images; {@code immediate}: a new version serves as soon as it loads
     * @param shadowSample     share of batches the candidate also classifies in shadow mode (0-1)
     * @param canaryShare      share of images the candidate answers in canary mode (0-1), chosen by image id
     * @param minLabeled       labeled images the candidate must have answered, across the cluster, before it is
     *                         promoted (or, if worse by more than the tolerance, rejected)
     * @param earlyRejectAfter labeled images after which a candidate that is clearly worse (beyond the tolerance
     *                         by three standard errors) is rejected before {@code minLabeled}
     * @param tolerance        how much lower (0-1) the candidate's accuracy may be than serving's and still promote
     * @param unlabeled        {@code hold}: without labels nothing is decided (an operator promotes or rejects);
     *                         {@code agreement}: after {@code minLabeled} compared images, promote when the two
     *                         agree on at least {@code minAgreement} of them, else reject
     * @param minAgreement     the agreement the {@code agreement} policy asks for
     * @param reportEvery      how often each task sends its candidate's scores to the judge
     * @param window           labeled images in each instance's sliding accuracy window per version
     * @param judge            whether the streamers decide rollouts themselves: the judge writes each decision to
     *                         the models topic, so their principal needs WRITE on it. {@code false} on a cluster
     *                         where streamers may not write the models topic: an operator promotes or rejects
     *                         ({@code digits models promote|reject}), and a streamer cannot publish a model
     */
    record Rollout(
            @DefaultValue("shadow") RolloutMode mode,
            @DefaultValue("1.0") double shadowSample,
            @DefaultValue("0.1") double canaryShare,
            @DefaultValue("2000") long minLabeled,
            @DefaultValue("300") long earlyRejectAfter,
            @DefaultValue("0.005") double tolerance,
            @DefaultValue("hold") UnlabeledPolicy unlabeled,
            @DefaultValue("0.97") double minAgreement,
            @DefaultValue("1s") Duration reportEvery,
            @DefaultValue("1000") int window,
            @DefaultValue("true") boolean judge) {

        Rollout {
            requireShare("shadow-sample", shadowSample);
            requireShare("canary-share", canaryShare);
            requireShare("tolerance", tolerance);
            requireShare("min-agreement", minAgreement);
            if (minLabeled < 1 || earlyRejectAfter < 1 || window < 1) {
                throw new IllegalArgumentException(
                        "digitstream.rollout.min-labeled, early-reject-after and window must be >= 1");
            }
            if (reportEvery.isNegative() || reportEvery.isZero()) {
                throw new IllegalArgumentException("digitstream.rollout.report-every must be > 0");
            }
        }

        private static void requireShare(final String name, final double value) {
            if (!(value >= 0 && value <= 1)) {
                throw new IllegalArgumentException("digitstream.rollout." + name + " must be within 0-1, got " + value);
            }
        }
    }

    /** How a new version reaches the traffic. */
    enum RolloutMode {
        SHADOW,
        CANARY,
        IMMEDIATE
    }

    /** What the judge does when the traffic carries no labels. */
    enum UnlabeledPolicy {
        HOLD,
        AGREEMENT
    }
}
