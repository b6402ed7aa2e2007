package dev.digitstream.testing.secured;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Key stores made for one test run by the JDK's keytool, offline: a self-signed certificate per name
 * (its subject {@code CN=<name>}, the broker's valid for 127.0.0.1 and localhost), and one trust store
 * holding the trusted names' certificates. A name left out of the trust store is an untrusted client.
 */
public final class TestCertificates {

    /** The password of every key store and key here: they live for one test run only. */
    public static final String STORE_PASSWORD = "test-store-password";

    private final Path directory;

    private TestCertificates(final Path directory) {
        this.directory = directory;
    }

    /**
     * Makes {@code <name>.p12} for each name and {@code truststore.p12} with the {@code trusted} ones.
     *
     * @param server  the broker's name: its certificate names 127.0.0.1 and localhost
     */
    public static TestCertificates create(
            final Path directory, final String server, final List<String> trusted, final List<String> untrusted) {
        final List<String> names = new ArrayList<>(List.of(server));
        names.addAll(trusted);
        names.addAll(untrusted);
        final List<String> commands = new ArrayList<>();
        for (final String name : names) {
            final String store = directory.resolve(name + ".p12").toString();
            final List<String> generate = new ArrayList<>(List.of(
                    "-genkeypair",
                    "-alias",
                    name,
                    "-dname",
                    "CN=" + name,
                    "-keyalg",
                    "EC",
                    "-groupname",
                    "secp256r1",
                    "-validity",
                    "2",
                    "-storetype",
                    "PKCS12",
                    "-keystore",
                    store,
                    "-storepass",
                    STORE_PASSWORD));
            if (name.equals(server)) {
                generate.addAll(List.of("-ext", "san=ip:127.0.0.1,dns:localhost"));
            }
            commands.add(String.join("\t", generate));
            if (!untrusted.contains(name)) {
                final String certificate = directory.resolve(name + ".crt").toString();
                commands.add(String.join(
                        "\t",
                        List.of(
                                "-exportcert",
                                "-alias",
                                name,
                                "-keystore",
                                store,
                                "-storepass",
                                STORE_PASSWORD,
                                "-file",
                                certificate)));
                commands.add(String.join(
                        "\t",
                        List.of(
                                "-importcert",
                                "-noprompt",
                                "-alias",
                                name,
                                "-file",
                                certificate,
                                "-storetype",
                                "PKCS12",
                                "-keystore",
                                directory.resolve("truststore.p12").toString(),
                                "-storepass",
                                STORE_PASSWORD)));
            }
        }
        run(directory, commands);
        return new TestCertificates(directory);
    }

    public Path keyStore(final String name) {
        return directory.resolve(name + ".p12");
    }

    public Path trustStore() {
        return directory.resolve("truststore.p12");
    }

    private static void run(final Path directory, final List<String> commands) {
        try {
            Files.createDirectories(directory);
            final Path batch = directory.resolve("keytool-commands.tsv");
            Files.write(batch, commands, StandardCharsets.UTF_8);
            final Path java = Path.of(System.getProperty("java.home"), "bin", "java");
            final Path log = directory.resolve("keytool.log");
            final Process process = new ProcessBuilder(
                            java.toString(),
                            "--add-exports",
                            "java.base/sun.security.tools.keytool=ALL-UNNAMED",
                            "-cp",
                            ownLocation(),
                            KeytoolBatch.class.getName(),
                            batch.toString())
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
            if (!process.waitFor(2, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new IllegalStateException("keytool did not finish within 2 minutes (log: " + log + ")");
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException("keytool failed: " + Files.readString(log));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while making test certificates", e);
        }
    }

    private static String ownLocation() {
        try {
            return new File(KeytoolBatch.class
                            .getProtectionDomain()
                            .getCodeSource()
                            .getLocation()
                            .toURI())
                    .getPath();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
