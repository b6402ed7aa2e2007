package dev.digitstream.schemas;

import java.nio.ByteBuffer;

/** Avro's {@code bytes} fields arrive as {@link ByteBuffer}s; this copies one out without moving its position. */
public final class AvroBytes {

    private AvroBytes() {}

    public static byte[] toArray(final ByteBuffer buffer) {
        final ByteBuffer copy = buffer.duplicate();
        final byte[] bytes = new byte[copy.remaining()];
        copy.get(bytes);
        return bytes;
    }
}
