package dev.digitstream.schemas;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.apache.avro.Schema;

/**
 * Every released version of the record schemas, so that records written by older producers still
 * decode. The current version of each schema is the generated class's own; earlier versions are
 * {@code .avsc} resources listed, one path per line, in every {@value #INDEX} file on the class path.
 */
final class SchemaHistory {

    static final String INDEX = "dev/digitstream/schemas/history.index";

    private SchemaHistory() {}

    /** The earlier versions of the schema with this full name, in the order they are listed. */
    static List<Schema> earlierVersionsOf(final String fullName) {
        final List<Schema> versions = new ArrayList<>();
        for (final String path : listedSchemaPaths()) {
            final Schema schema = parse(path);
            if (schema.getFullName().equals(fullName)) {
                versions.add(schema);
            }
        }
        return versions;
    }

    private static List<String> listedSchemaPaths() {
        final ClassLoader loader = SchemaHistory.class.getClassLoader();
        final List<String> paths = new ArrayList<>();
        try {
            for (final URL index : Collections.list(loader.getResources(INDEX))) {
                try (InputStream in = index.openStream()) {
                    new String(in.readAllBytes(), StandardCharsets.UTF_8)
                            .lines()
                            .map(String::strip)
                            .filter(line -> !line.isEmpty() && !line.startsWith("#"))
                            .forEach(paths::add);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the schema history index " + INDEX, e);
        }
        return paths;
    }

    private static Schema parse(final String path) {
        try (InputStream in = SchemaHistory.class.getClassLoader().getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("Schema history lists " + path + " but it is not on the class path");
            }
            return new Schema.Parser().parse(in);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read schema " + path, e);
        }
    }
}
