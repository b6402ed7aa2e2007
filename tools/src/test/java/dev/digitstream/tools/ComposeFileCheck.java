package dev.digitstream.tools;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What {@code docker compose config -q} would catch, without Docker: the file against the Compose
 * Specification's JSON schema (kept in {@code compose-spec.json}, see {@code compose-spec.NOTE.md}),
 * then the references the schema cannot see: every {@code depends_on}, {@code volumes_from},
 * {@code extends} and {@code links} names a service, every named volume and network is declared,
 * every Dockerfile exists, and every image has an exact tag.
 */
final class ComposeFileCheck {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final ObjectMapper JSON = new ObjectMapper();
    /** An image with an explicit tag or digest: {@code name:tag} (the name may hold a registry port). */
    private static final Pattern TAGGED = Pattern.compile("^[^\\s]+(:[\\w][\\w.-]{0,127}|@sha256:[0-9a-f]{64})$");

    private final Schema schema;

    ComposeFileCheck() {
        final ObjectNode specification;
        try (InputStream in = ComposeFileCheck.class.getResourceAsStream("/compose-spec.json")) {
            specification = (ObjectNode) JSON.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read compose-spec.json from the test class path", e);
        }
        // Its "$schema" (https://json-schema.org/draft-07/schema) is not the meta-schema id the validator
        // knows (http://...draft-07/schema#), which would make it fetch it: name the dialect ourselves.
        specification.remove("$schema");
        // Its "$id" is relative (compose_spec.json): give it a base to resolve against.
        this.schema = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_7)
                .getSchema(SchemaLocation.of("classpath:compose-spec.json"), specification);
    }

    /** Every problem found in the compose file, one line each; empty when it is valid. */
    List<String> problems(final Path composeFile) {
        try {
            return problems(
                    Files.readString(composeFile), composeFile.toAbsolutePath().getParent());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + composeFile, e);
        }
    }

    /** Every problem found in compose YAML whose relative paths start at {@code projectDirectory}. */
    List<String> problems(final String yaml, final Path projectDirectory) {
        final JsonNode compose;
        try {
            compose = YAML.readTree(yaml);
        } catch (IOException e) {
            return List.of("not readable YAML: " + e.getMessage());
        }
        final List<String> problems = new ArrayList<>();
        for (final Error error : schema.validate(compose)) {
            problems.add("schema: " + error);
        }
        if (problems.isEmpty()) {
            problems.addAll(referenceProblems(compose, projectDirectory));
        }
        return problems;
    }

    private static List<String> referenceProblems(final JsonNode compose, final Path directory) {
        final List<String> problems = new ArrayList<>();
        final Set<String> services = names(compose.path("services"));
        final Set<String> volumes = names(compose.path("volumes"));
        final Set<String> networks = names(compose.path("networks"));
        networks.add("default");
        for (final Map.Entry<String, JsonNode> entry : fields(compose.path("services"))) {
            final String service = entry.getKey();
            final JsonNode definition = entry.getValue();
            for (final String dependency : dependencies(definition.path("depends_on"))) {
                if (!services.contains(dependency)) {
                    problems.add(service + ": depends_on names no service: " + dependency);
                }
            }
            for (final JsonNode from : definition.path("volumes_from")) {
                final String name = from.asText().replaceFirst("^service:", "").split(":")[0];
                if (!from.asText().startsWith("container:") && !services.contains(name)) {
                    problems.add(service + ": volumes_from names no service: " + name);
                }
            }
            for (final JsonNode link : definition.path("links")) {
                final String name = link.asText().split(":")[0];
                if (!services.contains(name)) {
                    problems.add(service + ": links names no service: " + name);
                }
            }
            final JsonNode extended = definition.path("extends");
            if (extended.isObject()
                    && !extended.has("file")
                    && !services.contains(extended.path("service").asText())) {
                problems.add(service + ": extends names no service: "
                        + extended.path("service").asText());
            }
            for (final JsonNode volume : definition.path("volumes")) {
                final String source = volumeSource(volume);
                if (isNamedVolume(source) && !volumes.contains(source)) {
                    problems.add(service + ": volume " + source + " is not declared under top-level volumes");
                }
            }
            for (final String network : names(definition.path("networks"))) {
                if (!networks.contains(network)) {
                    problems.add(service + ": network " + network + " is not declared under top-level networks");
                }
            }
            problems.addAll(imageProblems(service, definition, directory));
        }
        return problems;
    }

    private static List<String> imageProblems(final String service, final JsonNode definition, final Path directory) {
        final List<String> problems = new ArrayList<>();
        final JsonNode build = definition.path("build");
        if (build.isMissingNode()) {
            final String image = definition.path("image").asText("");
            if (image.isEmpty()) {
                problems.add(service + ": has neither image nor build");
            }
        } else {
            final Path context = directory.resolve(
                    build.isTextual() ? build.asText() : build.path("context").asText("."));
            final Path dockerfile = context.resolve(build.path("dockerfile").asText("Dockerfile"));
            if (!Files.isRegularFile(dockerfile)) {
                problems.add(
                        service + ": Dockerfile " + directory.relativize(dockerfile.normalize()) + " does not exist");
            }
        }
        final String image = definition.path("image").asText("");
        if (!image.isEmpty() && (!TAGGED.matcher(image).matches() || image.endsWith(":latest"))) {
            problems.add(service + ": image " + image + " needs an exact tag (not :latest, not none)");
        }
        return problems;
    }

    /** depends_on in its short (list) or long (map) form. */
    private static Set<String> dependencies(final JsonNode dependsOn) {
        final Set<String> names = new HashSet<>();
        if (dependsOn.isArray()) {
            dependsOn.forEach(name -> names.add(name.asText()));
        } else {
            names.addAll(names(dependsOn));
        }
        return names;
    }

    /** The source of a service volume, short ("name:/path[:ro]") or long ({type, source, target}) syntax. */
    private static String volumeSource(final JsonNode volume) {
        if (volume.isTextual()) {
            final String text = volume.asText();
            return text.contains(":") ? text.substring(0, text.indexOf(':')) : "";
        }
        return "volume".equals(volume.path("type").asText())
                ? volume.path("source").asText("")
                : "";
    }

    /** Not a bind mount (a path) and not an anonymous volume. */
    private static boolean isNamedVolume(final String source) {
        return !source.isEmpty()
                && !source.startsWith(".")
                && !source.startsWith("/")
                && !source.startsWith("~")
                && !source.startsWith("$");
    }

    private static Set<String> names(final JsonNode node) {
        final Set<String> names = new HashSet<>();
        if (node.isArray()) {
            node.forEach(name -> names.add(name.asText()));
        } else {
            node.fieldNames().forEachRemaining(names::add);
        }
        return names;
    }

    private static List<Map.Entry<String, JsonNode>> fields(final JsonNode node) {
        final List<Map.Entry<String, JsonNode>> entries = new ArrayList<>();
        final Iterator<Map.Entry<String, JsonNode>> iterator = node.fields();
        iterator.forEachRemaining(entries::add);
        return entries;
    }
}
