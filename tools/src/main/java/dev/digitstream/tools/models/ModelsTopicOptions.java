package dev.digitstream.tools.models;

import dev.digitstream.cli.KafkaConnection;
import dev.digitstream.schemas.ModelCatalog;
import dev.digitstream.schemas.ModelKeys;
import dev.digitstream.schemas.ModelsTopic;
import dev.digitstream.schemas.Topics;
import dev.digitstream.tools.cli.KafkaDefaults;
import dev.digitstream.tools.cli.ToolException;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.producer.ProducerRecord;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Which models topic and model name the {@code models} commands work on, and the client for it. */
final class ModelsTopicOptions {

    @Mixin
    private KafkaConnection kafka = KafkaDefaults.connection();

    @Option(
            names = "--topic",
            defaultValue = Topics.MODELS,
            paramLabel = "TOPIC",
            description = "Models topic (default: ${DEFAULT-VALUE}).")
    private String topic;

    @Option(
            names = "--model-name",
            defaultValue = ModelKeys.DEFAULT_MODEL_NAME,
            paramLabel = "NAME",
            description = "Model name (default: ${DEFAULT-VALUE}).")
    String modelName;

    ModelCatalog read() {
        try {
            return client().read();
        } catch (ModelsTopic.Failure e) {
            throw new ToolException(e.getMessage(), e);
        }
    }

    void write(final Function<ModelsTopic, ProducerRecord<String, byte[]>> record) {
        final ModelsTopic client = client();
        try {
            client.append(List.of(record.apply(client)));
        } catch (ModelsTopic.Failure e) {
            throw new ToolException(e.getMessage(), e);
        }
    }

    private Map<String, Object> clientConfig() {
        final Map<String, Object> config = kafka.settings().clientConfig();
        config.put(CommonClientConfigs.CLIENT_ID_CONFIG, "digits-models");
        return config;
    }

    private ModelsTopic client() {
        return new ModelsTopic(clientConfig(), topic, kafka.timeout());
    }
}
