package dev.llmnas.llm;

import dev.llmnas.core.Direction;
import dev.llmnas.core.data.NatsBench;
import java.util.List;
import java.util.Objects;

/**
 * What an LLM performance predictor is asked about: the task, how quality is measured, the data set, the
 * backbone the architectures derive from, and how efficiency is shown. Prompt builders read it; nothing here
 * is specific to machine translation.
 *
 * @param id                    short identifier, e.g. {@code wmt14ende}; used in provenance and file names
 * @param taskName              the task in words, e.g. {@code machine translation}
 * @param datasetName           the data set in words, e.g. {@code WMT'14 English-German}
 * @param metricName            the score's name as the prompt writes it, e.g. {@code BLEU}
 * @param direction             whether a larger score is better
 * @param backbone              the family the architectures come from, in words (empty: not mentioned)
 * @param efficiencyMetric      the search-space metric shown beside each architecture (e.g. {@code flops}),
 *                              or {@code null} for none
 * @param efficiencyLabel       how the prompt labels that metric, e.g. {@code GFLOPs}
 * @param efficiencyDescription what the efficiency metric measures, in words
 * @param efficiencyScale       factor applied to the raw metric before printing (1e-9 turns FLOPs into GFLOPs)
 * @param efficiencyDecimals    decimals printed for the efficiency value (0..10)
 * @param scoreDecimals         decimals printed for scores (0..10); the LLM is asked to answer with as many
 * @param taskExamples          a few examples of the task itself (e.g. sentence pairs), may be empty
 * @param scoreMin              smallest score that can exist (e.g. 0 for BLEU); {@code -Infinity} if none
 * @param scoreMax              largest score that can exist (e.g. 100 for accuracy); {@code Infinity} if none
 */
public record TaskDescription(String id, String taskName, String datasetName, String metricName, Direction direction,
                              String backbone, String efficiencyMetric, String efficiencyLabel,
                              String efficiencyDescription, double efficiencyScale, int efficiencyDecimals,
                              int scoreDecimals, List<String> taskExamples, double scoreMin, double scoreMax) {

    public TaskDescription {
        requireText(id, "id");
        requireText(taskName, "taskName");
        requireText(datasetName, "datasetName");
        requireText(metricName, "metricName");
        Objects.requireNonNull(direction, "direction");
        backbone = backbone == null ? "" : backbone.strip();
        if (efficiencyMetric != null) {
            requireText(efficiencyMetric, "efficiencyMetric");
            efficiencyLabel = efficiencyLabel == null || efficiencyLabel.isBlank() ? efficiencyMetric : efficiencyLabel;
            efficiencyDescription = efficiencyDescription == null ? "" : efficiencyDescription.strip();
            if (!(efficiencyScale > 0) || !Double.isFinite(efficiencyScale)) {
                throw new IllegalArgumentException("efficiencyScale: " + efficiencyScale + " must be a positive finite number");
            }
        } else {
            efficiencyLabel = null;
            efficiencyDescription = null;
            efficiencyScale = 1;
        }
        checkDecimals(efficiencyDecimals, "efficiencyDecimals");
        checkDecimals(scoreDecimals, "scoreDecimals");
        taskExamples = taskExamples == null ? List.of() : List.copyOf(taskExamples);
        if (Double.isNaN(scoreMin) || Double.isNaN(scoreMax) || scoreMin >= scoreMax) {
            throw new IllegalArgumentException("scoreMin/scoreMax: [" + scoreMin + ", " + scoreMax
                    + "] must be an interval with scoreMin < scoreMax (use infinities for no bound)");
        }
    }

    private static void requireText(String value, String field) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(field + ": '" + value + "' must not be blank");
        }
    }

    private static void checkDecimals(int d, String field) {
        if (d < 0 || d > 10) {
            throw new IllegalArgumentException(field + ": " + d + " is not in [0, 10]");
        }
    }

    /** True when the prompt shows an efficiency metric. */
    public boolean hasEfficiency() {
        return efficiencyMetric != null;
    }

    /** The range of scores that can exist at all, independent of any demonstration. */
    public PlausibleRange validRange() {
        return new PlausibleRange(scoreMin, scoreMax);
    }

    /** The three machine-translation task ids of the paper. */
    public static List<String> machineTranslationTasks() {
        return List.of("wmt14ende", "wmt14enfr", "wmt19ende");
    }

    /**
     * A preset for the paper's machine-translation tasks on the HAT space: BLEU with 2 decimals, efficiency as
     * GFLOPs with 1 decimal (from the space's {@code flops} metric).
     *
     * @param task {@code wmt14ende}, {@code wmt14enfr} or {@code wmt19ende} (also with a {@code hat-} prefix)
     */
    public static TaskDescription machineTranslation(String task) {
        String t = task == null ? "" : task.startsWith("hat-") ? task.substring(4) : task;
        String dataset;
        List<String> examples;
        switch (t) {
            case "wmt14ende" -> {
                dataset = "WMT'14 English to German";
                examples = GERMAN_EXAMPLES;
            }
            case "wmt14enfr" -> {
                dataset = "WMT'14 English to French";
                examples = FRENCH_EXAMPLES;
            }
            case "wmt19ende" -> {
                dataset = "WMT'19 English to German";
                examples = GERMAN_EXAMPLES;
            }
            default -> throw new IllegalArgumentException("task: '" + task + "' is not one of " + machineTranslationTasks());
        }
        return builder(t)
                .taskName("machine translation")
                .datasetName(dataset)
                .metric("BLEU", Direction.HIGHER_IS_BETTER)
                .backbone("the encoder-decoder Transformer of Vaswani et al. (2017), \"Attention Is All You Need\"")
                .efficiency("flops", "GFLOPs",
                        "billions of floating point operations of one forward pass translating a 30-token sentence",
                        1e-9, 1)
                .scoreDecimals(2)
                .taskExamples(examples)
                .scoreRange(0, 100)
                .build();
    }

    /**
     * A preset for NAS-Bench-201 cells: test accuracy (percent) after 200 epochs on the data set, efficiency
     * as the cell's convolution weights in thousands (the space's {@code cell-params} metric).
     */
    public static TaskDescription nasBench201(NatsBench.Dataset dataset) {
        Objects.requireNonNull(dataset, "dataset");
        String name = switch (dataset) {
            case CIFAR10 -> "CIFAR-10 (32x32 colour images, 10 classes)";
            case CIFAR100 -> "CIFAR-100 (32x32 colour images, 100 classes)";
            case IMAGENET16 -> "ImageNet16-120 (16x16 downsampled ImageNet images, 120 classes)";
        };
        return builder("nb201-" + dataset.id())
                .taskName("image classification")
                .datasetName(name)
                .metric("accuracy", Direction.HIGHER_IS_BETTER)
                .backbone("the NAS-Bench-201 macro skeleton (Dong and Yang, 2020): a stem convolution, three stages"
                        + " of five identical searched cells at 16, 32 and 64 channels joined by residual reduction"
                        + " blocks, global pooling and a linear classifier, trained for 200 epochs")
                .efficiency("cell-params", "KParams per cell",
                        "thousands of convolution weights in one cell at 16 channels", 1e-3, 3)
                .scoreDecimals(2)
                .scoreRange(0, 100)
                .build();
    }

    /** Starts a description of another task. */
    public static Builder builder(String id) {
        return new Builder(id);
    }

    /** A copy with different task examples (e.g. none). */
    public TaskDescription withTaskExamples(List<String> examples) {
        return new TaskDescription(id, taskName, datasetName, metricName, direction, backbone, efficiencyMetric,
                efficiencyLabel, efficiencyDescription, efficiencyScale, efficiencyDecimals, scoreDecimals, examples,
                scoreMin, scoreMax);
    }

    // Our own sentence pairs (not taken from any corpus): they only show the model what the task looks like.
    private static final List<String> GERMAN_EXAMPLES = List.of(
            "English: The committee will publish its report next week.\nGerman: Der Ausschuss wird seinen Bericht nächste Woche veröffentlichen.",
            "English: Prices rose sharply after the announcement.\nGerman: Nach der Ankündigung stiegen die Preise stark an.",
            "English: She has lived in this city for ten years.\nGerman: Sie lebt seit zehn Jahren in dieser Stadt.");
    private static final List<String> FRENCH_EXAMPLES = List.of(
            "English: The committee will publish its report next week.\nFrench: Le comité publiera son rapport la semaine prochaine.",
            "English: Prices rose sharply after the announcement.\nFrench: Les prix ont fortement augmenté après l'annonce.",
            "English: She has lived in this city for ten years.\nFrench: Elle vit dans cette ville depuis dix ans.");

    /** Builder of a {@link TaskDescription}; {@link #build()} validates. */
    public static final class Builder {
        private final String id;
        private String taskName;
        private String datasetName;
        private String metricName;
        private Direction direction = Direction.HIGHER_IS_BETTER;
        private String backbone = "";
        private String efficiencyMetric;
        private String efficiencyLabel;
        private String efficiencyDescription;
        private double efficiencyScale = 1;
        private int efficiencyDecimals = 2;
        private int scoreDecimals = 2;
        private List<String> taskExamples = List.of();
        private double scoreMin = Double.NEGATIVE_INFINITY;
        private double scoreMax = Double.POSITIVE_INFINITY;

        private Builder(String id) {
            this.id = id;
        }

        /** The task in words (required). */
        public Builder taskName(String taskName) {
            this.taskName = taskName;
            return this;
        }

        /** The data set in words (required). */
        public Builder datasetName(String datasetName) {
            this.datasetName = datasetName;
            return this;
        }

        /** The score's name and direction (required; direction defaults to higher is better). */
        public Builder metric(String metricName, Direction direction) {
            this.metricName = metricName;
            this.direction = direction;
            return this;
        }

        /** The backbone in words; default: empty (not mentioned). */
        public Builder backbone(String backbone) {
            this.backbone = backbone;
            return this;
        }

        /**
         * The efficiency metric shown beside architectures; default: none.
         *
         * @param metric      a metric name of the search space
         * @param label       its label in the prompt
         * @param description what it measures, in words
         * @param scale       factor applied before printing
         * @param decimals    decimals printed
         */
        public Builder efficiency(String metric, String label, String description, double scale, int decimals) {
            this.efficiencyMetric = metric;
            this.efficiencyLabel = label;
            this.efficiencyDescription = description;
            this.efficiencyScale = scale;
            this.efficiencyDecimals = decimals;
            return this;
        }

        /** Decimals of printed scores; default 2. */
        public Builder scoreDecimals(int decimals) {
            this.scoreDecimals = decimals;
            return this;
        }

        /** Examples of the task itself; default: none. */
        public Builder taskExamples(List<String> examples) {
            this.taskExamples = examples;
            return this;
        }

        /** The range of scores that can exist; default: unbounded. */
        public Builder scoreRange(double min, double max) {
            this.scoreMin = min;
            this.scoreMax = max;
            return this;
        }

        /**
         * @return the task description
         * @throws IllegalArgumentException when a field is missing or out of range (the message names it)
         */
        public TaskDescription build() {
            return new TaskDescription(id, taskName, datasetName, metricName, direction, backbone, efficiencyMetric,
                    efficiencyLabel, efficiencyDescription, efficiencyScale, efficiencyDecimals, scoreDecimals,
                    taskExamples, scoreMin, scoreMax);
        }
    }
}
