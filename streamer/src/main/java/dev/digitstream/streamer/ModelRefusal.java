package dev.digitstream.streamer;

import java.time.Instant;

/**
 * Why a published model version was not swapped in.
 *
 * @param version the refused version (-1 when the record could not be decoded)
 * @param reason  a {@link dev.digitstream.model.ModelArtifactException.Reason} name, or UNDECODABLE when
 *                the record itself is not a readable {@code ModelVersion}
 * @param message what was wrong, in words
 * @param at      when it was refused
 */
record ModelRefusal(long version, String reason, String message, Instant at) {}
