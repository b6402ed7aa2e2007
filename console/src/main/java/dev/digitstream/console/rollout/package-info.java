/**
 * The rollout as the streamers see it: serving version, candidate and its comparison (the judge's sums),
 * the last decision, and a hot swap each time serving changes; folded with schemas' {@code ModelCatalog}.
 */
package dev.digitstream.console.rollout;
