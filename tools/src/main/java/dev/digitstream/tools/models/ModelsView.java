package dev.digitstream.tools.models;

import dev.digitstream.schemas.ModelCatalog;
import dev.digitstream.schemas.ModelRollout;
import dev.digitstream.schemas.ModelVersion;
import dev.digitstream.schemas.RolloutDecision;
import dev.digitstream.tools.cli.Table;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The models topic as a table per model name: version, stage, test accuracy, published, decision. */
final class ModelsView {

    private ModelsView() {}

    static String render(final ModelCatalog catalog) {
        if (catalog.names().isEmpty()) {
            return "No model versions on the topic yet." + System.lineSeparator();
        }
        final StringBuilder out = new StringBuilder();
        for (final String name : catalog.names()) {
            out.append(headline(catalog, name)).append(System.lineSeparator());
            final List<List<String>> rows = new ArrayList<>();
            for (final Map.Entry<Long, ModelCatalog.StoredVersion> entry :
                    catalog.versions(name).descendingMap().entrySet()) {
                final ModelVersion version = entry.getValue().version();
                rows.add(List.of(
                        "v" + entry.getKey(),
                        catalog.stage(name, entry.getKey()).name().toLowerCase(Locale.ROOT),
                        String.format(
                                Locale.ROOT, "%.2f%%", version.getMetrics().getTestAccuracy() * 100),
                        version.getCreatedAt().truncatedTo(ChronoUnit.SECONDS).toString(),
                        catalog.lastDecision(name, entry.getKey())
                                .map(ModelsView::decision)
                                .orElse("-")));
            }
            out.append(Table.text(List.of("version", "stage", "test accuracy", "published", "decision"), rows));
        }
        return out.toString();
    }

    private static String headline(final ModelCatalog catalog, final String name) {
        final String candidate =
                catalog.candidate(name).map(c -> ", candidate v" + c).orElse("");
        final String decided = catalog.rollout(name)
                .map(ModelRollout::getDecidedThrough)
                .map(d -> ", decided through v" + d)
                .orElse(", no decision yet");
        return name + ": serving v" + catalog.serving(name) + candidate + decided;
    }

    private static String decision(final RolloutDecision decision) {
        return decision.getVerdict().name().toLowerCase(Locale.ROOT).replace('_', ' ') + " by "
                + decision.getDecidedBy() + " at " + decision.getAt().truncatedTo(ChronoUnit.SECONDS) + ": "
                + decision.getReason();
    }
}
