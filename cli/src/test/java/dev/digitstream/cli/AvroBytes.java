package dev.digitstream.cli;

import java.nio.ByteBuffer;

/** Avro's {@code bytes} fields as arrays, for the trainer's and the tools' assertions. */
public final class AvroBytes {

    private AvroBytes() {
    }

    /** The remaining bytes of {@code buffer}, which is left as it was. */
    public static byte[] of(final ByteBuffer buffer) {
        final ByteBuffer copy = buffer.duplicate();
        final byte[] bytes = new byte[copy.remaining()];
        copy.get(bytes);
        return bytes;
    }
}
