package dev.digitstream.model;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** HMAC-SHA256 signatures of model payloads under a shared secret key from configuration. */
public final class ModelSigner {

    private static final String ALGORITHM = "HmacSHA256";

    private final SecretKeySpec key;

    public ModelSigner(final String secret) {
        if (secret == null || secret.isEmpty()) {
            throw new IllegalArgumentException("The model signing key must not be empty");
        }
        this.key = new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), ALGORITHM);
    }

    /** Lower-case hex HMAC-SHA256 of the payload. */
    public String sign(final byte[] payload) {
        try {
            final Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            return HexFormat.of().formatHex(mac.doFinal(payload));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is not available in this JVM", e);
        }
    }

    /** True when the signature is this key's signature of the payload (compared in constant time). */
    public boolean verify(final byte[] payload, final String signature) {
        return signature != null
                && MessageDigest.isEqual(
                        sign(payload).getBytes(StandardCharsets.US_ASCII),
                        signature.toLowerCase(java.util.Locale.ROOT).getBytes(StandardCharsets.US_ASCII));
    }
}
