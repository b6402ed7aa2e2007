package dev.digitstream.streamer;

import dev.digitstream.schemas.ModelRollouts;
import dev.digitstream.schemas.RolloutDecision;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * The rollout as operators see it on {@code /model} and in the health details: the mode, the serving
 * version and the candidate with this instance's sliding-window accuracy and agreement, and the last
 * decision the cluster made.
 */
final class RolloutStatus {

    private final ModelRegistry registry;
    private final OnlineAccuracy accuracy;

    RolloutStatus(final ModelRegistry registry, final OnlineAccuracy accuracy) {
        this.registry = registry;
        this.accuracy = accuracy;
    }

    Map<String, Object> describe() {
        final Map<String, Object> status = new LinkedHashMap<>();
        status.put("mode", registry.mode().name().toLowerCase(Locale.ROOT));
        registry.deployment().ifPresent(deployment -> {
            status.put("serving", version(deployment.serving()));
            deployment.candidateIfAny().ifPresent(candidate -> {
                final Map<String, Object> described = version(candidate);
                put(described, "agreement", accuracy.agreement(candidate.version()));
                status.put("candidate", described);
            });
        });
        registry.rollout()
                .flatMap(ModelRollouts::lastDecision)
                .ifPresent(last -> status.put("lastDecision", decision(last)));
        return status;
    }

    private Map<String, Object> version(final LoadedModel model) {
        final Map<String, Object> described = new LinkedHashMap<>();
        described.put("version", model.version());
        described.put("labeledInWindow", accuracy.labeled(model.version()));
        put(described, "onlineAccuracy", accuracy.accuracy(model.version()));
        described.put("testAccuracy", model.info().testAccuracy());
        return described;
    }

    private static Map<String, Object> decision(final RolloutDecision decision) {
        final Map<String, Object> described = new LinkedHashMap<>();
        described.put("version", decision.getVersion());
        described.put("verdict", decision.getVerdict().name());
        described.put("by", decision.getDecidedBy());
        described.put("against", decision.getAgainst());
        described.put("reason", decision.getReason());
        described.put("at", decision.getAt().toString());
        return described;
    }

    private static void put(final Map<String, Object> map, final String key, final OptionalDouble value) {
        if (value.isPresent()) {
            map.put(key, value.getAsDouble());
        }
    }
}
