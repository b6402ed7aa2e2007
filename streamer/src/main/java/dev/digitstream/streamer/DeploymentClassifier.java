package dev.digitstream.streamer;

import dev.digitstream.model.Classification;
import dev.digitstream.model.Classifier;
import dev.digitstream.schemas.CandidateScore;
import dev.digitstream.schemas.DigitImage;
import dev.digitstream.streamer.StreamerProperties.RolloutMode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Classifies one task's batches with a {@link Deployment}: by the serving version alone; in shadow mode
 * also by the candidate (a sample of the batches), whose answers are only scored; in canary mode each
 * image by one of them, the candidate taking its share. Keeps the task's own copies of both networks
 * (DL4J networks are not thread-safe) and its running {@link CandidateTally}. One stream thread only.
 */
final class DeploymentClassifier {

    private final RolloutMode mode;
    private final double shadowSample;
    private final double canaryShare;
    private final OnlineAccuracy accuracy;
    private LoadedModel servingCopied;
    private Classifier serving;
    private LoadedModel candidateCopied;
    private Classifier candidate;
    private double shadowCredit;
    private CandidateTally tally;

    DeploymentClassifier(final StreamerProperties.Rollout rollout, final OnlineAccuracy accuracy) {
        this.mode = rollout.mode();
        this.shadowSample = rollout.shadowSample();
        this.canaryShare = rollout.canaryShare();
        this.accuracy = accuracy;
    }

    /** One image's answer and the version that gave it. */
    record Answer(Classification classification, LoadedModel model) {}

    /**
     * The answers for a batch, in order: the serving version's, or in canary mode each image's from the
     * version it is routed to. In shadow mode the candidate's work comes after, in {@link #shadow}, once
     * the answers are on their way. A score of an earlier candidate/serving pair still pending is returned
     * by {@link #takeScore} first, so call that before every batch.
     */
    List<Answer> classify(final Deployment deployment, final List<DigitImage> images, final List<byte[]> pixels) {
        if (deployment.candidate() != null && mode == RolloutMode.CANARY) {
            return canary(deployment, images, pixels);
        }
        final LoadedModel model = deployment.serving();
        final List<Classification> answers = servingCopy(model).classify(pixels);
        final List<Answer> result = new ArrayList<>(answers.size());
        for (int i = 0; i < answers.size(); i++) {
            result.add(new Answer(answers.get(i), model));
        }
        if (!willShadow(deployment)) {
            recordAccuracy(model, images, answers);
        }
        return result;
    }

    /**
     * In shadow mode, on a sampled batch: the candidate classifies the same images, and both are scored
     * against the labels and against each other. Runs after the serving answers were forwarded, so the
     * candidate's work does not delay them.
     */
    void shadow(
            final Deployment deployment,
            final List<DigitImage> images,
            final List<byte[]> pixels,
            final List<Answer> served) {
        if (!willShadow(deployment)) {
            return;
        }
        shadowCredit -= 1;
        final List<Classification> shadowed =
                candidateCopy(deployment.candidate()).classify(pixels);
        final CandidateTally scores = tallyFor(deployment);
        for (int i = 0; i < served.size(); i++) {
            final Classification s = served.get(i).classification();
            final Classification c = shadowed.get(i);
            final boolean agreed = s.digit() == c.digit();
            scores.bothAnswered(agreed);
            accuracy.compared(deployment.candidate().version(), agreed);
            final Optional<Integer> label = label(images.get(i));
            if (label.isPresent()) {
                scores.servingAnswered(s.digit() == label.get());
                scores.candidateAnswered(c.digit() == label.get());
                accuracy.labeled(deployment.serving().version(), s.digit() == label.get());
                accuracy.labeled(deployment.candidate().version(), c.digit() == label.get());
            }
        }
    }

    /** Whether this batch is shadowed: shadow mode, a candidate, and the sample's turn (credit of one). */
    private boolean willShadow(final Deployment deployment) {
        return mode == RolloutMode.SHADOW && deployment.candidate() != null && shadowCredit >= 1;
    }

    /** Called once per batch before {@link #classify}: the sample earns its share of a batch. */
    void nextBatch(final Deployment deployment) {
        if (mode == RolloutMode.SHADOW && deployment.candidate() != null) {
            shadowCredit = Math.min(shadowCredit + shadowSample, 1.0 + shadowSample);
        }
    }

    private void recordAccuracy(
            final LoadedModel model, final List<DigitImage> images, final List<Classification> answers) {
        for (int i = 0; i < answers.size(); i++) {
            final Classification answer = answers.get(i);
            label(images.get(i)).ifPresent(label -> accuracy.labeled(model.version(), answer.digit() == label));
        }
    }

    private List<Answer> canary(final Deployment deployment, final List<DigitImage> images, final List<byte[]> pixels) {
        final List<Integer> toCandidate = new ArrayList<>();
        final List<Integer> toServing = new ArrayList<>();
        for (int i = 0; i < images.size(); i++) {
            (CanaryRouting.answeredByCandidate(images.get(i).getId(), canaryShare) ? toCandidate : toServing).add(i);
        }
        final Answer[] result = new Answer[images.size()];
        final CandidateTally scores = tallyFor(deployment);
        answer(
                deployment.serving(),
                servingCopy(deployment.serving()),
                toServing,
                images,
                pixels,
                result,
                scores::servingAnswered);
        answer(
                deployment.candidate(),
                candidateCopy(deployment.candidate()),
                toCandidate,
                images,
                pixels,
                result,
                scores::candidateAnswered);
        return List.of(result);
    }

    private void answer(
            final LoadedModel model,
            final Classifier classifier,
            final List<Integer> indexes,
            final List<DigitImage> images,
            final List<byte[]> pixels,
            final Answer[] result,
            final Consumer<Boolean> score) {
        if (indexes.isEmpty()) {
            return;
        }
        final List<byte[]> part = new ArrayList<>(indexes.size());
        indexes.forEach(i -> part.add(pixels.get(i)));
        final List<Classification> answers = classifier.classify(part);
        for (int j = 0; j < indexes.size(); j++) {
            final int i = indexes.get(j);
            final Classification answer = answers.get(j);
            result[i] = new Answer(answer, model);
            label(images.get(i)).ifPresent(label -> {
                score.accept(answer.digit() == label);
                accuracy.labeled(model.version(), answer.digit() == label);
            });
        }
    }

    /**
     * The score gathered since the last one, if any and if {@code force} or the pair it is about no longer
     * runs; or, every report interval, whatever was gathered. Starts a fresh tally when it returns one.
     */
    Optional<CandidateScore> takeScore(final Deployment now, final boolean due, final Instant at) {
        if (tally == null) {
            return Optional.empty();
        }
        final boolean pairGone = now == null
                || now.candidate() == null
                || !tally.isFor(now.candidate().version(), now.serving().version());
        if (!due && !pairGone) {
            return Optional.empty();
        }
        final CandidateTally taken = tally;
        tally = null;
        return taken.isEmpty() ? Optional.empty() : Optional.of(taken.toScore(at));
    }

    private CandidateTally tallyFor(final Deployment deployment) {
        if (tally == null) {
            tally = new CandidateTally(
                    deployment.serving().name(),
                    deployment.candidate().version(),
                    deployment.serving().version(),
                    mode);
        }
        return tally;
    }

    private Classifier servingCopy(final LoadedModel model) {
        if (model != servingCopied) {
            serving = model.newCopy();
            servingCopied = model;
        }
        return serving;
    }

    private Classifier candidateCopy(final LoadedModel model) {
        if (model != candidateCopied) {
            candidate = model.newCopy();
            candidateCopied = model;
        }
        return candidate;
    }

    private static Optional<Integer> label(final DigitImage image) {
        return Optional.ofNullable(image.getLabel());
    }
}
