package dev.resvec.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.resvec.nn.io.AtomicFiles;
import dev.resvec.nn.train.EpochStats;
import dev.resvec.nn.train.TrainingHistory;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** Writes the training history and the run's settings as JSON (jackson-core's streaming generator). */
final class HistoryJson {
    private HistoryJson() {}

    /**
     * Writes {@code {"settings": {...}, "epochs": [{"epoch", "lr", "trainLoss", "trainAccuracy", "heldOutLoss",
     * "heldOutAccuracy", "seconds"}...], "bestEpoch", "stoppedEarly"}} atomically.
     */
    static void write(TrainingHistory history, Map<String, String> settings, Path file) throws IOException {
        AtomicFiles.replace(file, tmp -> {
            try (OutputStream out = Files.newOutputStream(tmp);
                    JsonGenerator g = new JsonFactory().createGenerator(out)) {
                g.useDefaultPrettyPrinter();
                g.writeStartObject();
                g.writeObjectFieldStart("settings");
                for (Map.Entry<String, String> e : settings.entrySet()) {
                    g.writeStringField(e.getKey(), e.getValue());
                }
                g.writeEndObject();
                g.writeArrayFieldStart("epochs");
                for (EpochStats s : history.epochs()) {
                    g.writeStartObject();
                    g.writeNumberField("epoch", s.epoch() + 1);
                    g.writeNumberField("lr", s.lr());
                    number(g, "trainLoss", s.trainLoss());
                    number(g, "trainAccuracy", s.trainAccuracy());
                    number(g, "heldOutLoss", s.validationLoss());
                    number(g, "heldOutAccuracy", s.validationAccuracy());
                    g.writeNumberField("seconds", s.seconds());
                    g.writeNumberField("images", s.images());
                    g.writeEndObject();
                }
                g.writeEndArray();
                g.writeNumberField("bestEpoch", history.bestEpoch() + 1);
                g.writeBooleanField("stoppedEarly", history.stoppedEarly());
                g.writeEndObject();
            }
        });
    }

    private static void number(JsonGenerator g, String name, double v) throws IOException {
        if (Double.isFinite(v)) {
            g.writeNumberField(name, v);
        } else {
            g.writeNullField(name);
        }
    }
}
