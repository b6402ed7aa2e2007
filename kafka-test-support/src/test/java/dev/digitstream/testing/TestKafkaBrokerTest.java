package dev.digitstream.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TestKafkaBrokerTest {

    private static final List<String> IMAGES = List.of(TestKafkaBroker.IMAGE, TestKafkaBroker.RYUK_IMAGE);

    /** An engine that holds some images and answers every other one with the same failure. */
    private record FakeEngine(Map<String, Boolean> images, List<String> asked) implements ImageSource {

        FakeEngine(final Map<String, Boolean> images) {
            this(images, new ArrayList<>());
        }

        @Override
        public Optional<String> unavailable(final String image) {
            asked.add(image);
            return images.getOrDefault(image, false)
                    ? Optional.empty()
                    : Optional.of("not there, and pulling it failed: no registry");
        }
    }

    @Test
    void shouldPickTheEmbeddedBrokerWhenNoEngineAnswers() {
        final TestKafkaBroker.Choice choice = TestKafkaBroker.auto(Optional.empty(), IMAGES);

        assertThat(choice.kind()).isEqualTo("embedded");
        assertThat(choice.why()).isEqualTo("auto: no Docker engine answers");
    }

    @Test
    void shouldPickTestcontainersWhenTheEngineProvidesEveryImage() {
        final FakeEngine engine = new FakeEngine(Map.of(IMAGES.get(0), true, IMAGES.get(1), true));

        final TestKafkaBroker.Choice choice = TestKafkaBroker.auto(Optional.of(engine), IMAGES);

        assertThat(choice.kind()).isEqualTo("testcontainers");
        assertThat(engine.asked()).isEqualTo(IMAGES);
    }

    @Test
    void shouldFallBackToTheEmbeddedBrokerAndSayWhyWhenTheEngineCannotProvideTheKafkaImage() {
        final FakeEngine engine = new FakeEngine(Map.of(IMAGES.get(1), true));

        final TestKafkaBroker.Choice choice = TestKafkaBroker.auto(Optional.of(engine), IMAGES);

        assertThat(choice.kind()).isEqualTo("embedded");
        assertThat(choice.why())
                .isEqualTo("auto: the Docker engine cannot provide apache/kafka:4.1.2, "
                        + "not there, and pulling it failed: no registry");
        assertThat(engine.asked()).containsExactly(TestKafkaBroker.IMAGE);
    }

    @Test
    void shouldFallBackToTheEmbeddedBrokerWhenTheEngineCannotProvideRyuk() {
        final FakeEngine engine = new FakeEngine(Map.of(IMAGES.get(0), true));

        final TestKafkaBroker.Choice choice = TestKafkaBroker.auto(Optional.of(engine), IMAGES);

        assertThat(choice.kind()).isEqualTo("embedded");
        assertThat(choice.why()).startsWith("auto: the Docker engine cannot provide testcontainers/ryuk:0.14.0, ");
    }
}
