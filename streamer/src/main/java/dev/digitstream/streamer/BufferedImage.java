package dev.digitstream.streamer;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * A validated input record waiting in the batch buffer: its key, timestamp and value exactly as read,
 * and the wall-clock time it was buffered (to honour the maximum wait, also after a restart).
 */
record BufferedImage(String key, long timestamp, long bufferedAt, byte[] value) {

    /** The buffer store's value format: a fixed header then the key and value bytes; private to this app. */
    static final class BufferedImageSerde
            implements Serde<BufferedImage>, Serializer<BufferedImage>, Deserializer<BufferedImage> {

        private static final int NO_KEY = -1;

        @Override
        public byte[] serialize(final String topic, final BufferedImage image) {
            if (image == null) {
                return null;
            }
            final byte[] key = image.key() == null ? null : image.key().getBytes(StandardCharsets.UTF_8);
            final int keyLength = key == null ? 0 : key.length;
            final ByteBuffer buffer = ByteBuffer.allocate(8 + 8 + 4 + keyLength + image.value().length);
            buffer.putLong(image.timestamp()).putLong(image.bufferedAt()).putInt(key == null ? NO_KEY : key.length);
            if (key != null) {
                buffer.put(key);
            }
            buffer.put(image.value());
            return buffer.array();
        }

        @Override
        public BufferedImage deserialize(final String topic, final byte[] bytes) {
            if (bytes == null) {
                return null;
            }
            final ByteBuffer buffer = ByteBuffer.wrap(bytes);
            final long timestamp = buffer.getLong();
            final long bufferedAt = buffer.getLong();
            final int keyLength = buffer.getInt();
            String key = null;
            if (keyLength != NO_KEY) {
                key = new String(bytes, buffer.position(), keyLength, StandardCharsets.UTF_8);
                buffer.position(buffer.position() + keyLength);
            }
            final byte[] value = new byte[buffer.remaining()];
            buffer.get(value);
            return new BufferedImage(key, timestamp, bufferedAt, value);
        }

        @Override
        public Serializer<BufferedImage> serializer() {
            return this;
        }

        @Override
        public Deserializer<BufferedImage> deserializer() {
            return this;
        }

        @Override
        public void configure(final Map<String, ?> configs, final boolean isKey) {
            // Nothing to configure.
        }

        @Override
        public void close() {
            // Nothing to release.
        }
    }
}
