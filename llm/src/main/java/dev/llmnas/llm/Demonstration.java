package dev.llmnas.llm;

import dev.llmnas.core.Architecture;
import dev.llmnas.core.SearchSpace;
import dev.llmnas.core.data.DataPaths;
import dev.llmnas.core.data.LabelledArchitecture;
import dev.llmnas.core.data.LlmasJsonl;
import dev.llmnas.core.spaces.HatSpaces;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One example shown to the LLM: an architecture, its true score and its efficiency metrics.
 *
 * @param architecture the architecture (canonicalised by the prompt builder)
 * @param score        its measured score, e.g. the BLEU of the model trained from scratch
 * @param efficiency   efficiency metrics by the search space's metric names (e.g. {@code flops}); may be empty
 *                     when the task shows no efficiency
 */
public record Demonstration(Architecture architecture, double score, Map<String, Double> efficiency) {

    public Demonstration {
        Objects.requireNonNull(architecture, "architecture");
        if (!Double.isFinite(score)) {
            throw new IllegalArgumentException("score: " + score + " of demonstration " + architecture.key()
                    + " is not a finite number");
        }
        efficiency = efficiency == null ? Map.of() : Map.copyOf(efficiency);
    }

    /** A demonstration whose efficiency metrics are computed by the space. */
    public static Demonstration of(SearchSpace space, Architecture architecture, double score) {
        Architecture a = space.canonicalize(architecture);
        return new Demonstration(a, score, space.metrics(a));
    }

    /**
     * Demonstrations from labelled records (e.g. {@link LlmasJsonl#read}): the named score, efficiency computed
     * by the space so that demonstrations and test architectures are measured the same way.
     *
     * @param scoreName e.g. {@code scratch.valid_BLEU}; for NATS-Bench records the data set id, e.g. {@code cifar10}
     */
    public static List<Demonstration> fromLabelled(List<LabelledArchitecture> records, String scoreName,
                                                   SearchSpace space) {
        List<Demonstration> out = new ArrayList<>(records.size());
        for (LabelledArchitecture r : records) {
            out.add(of(space, r.architecture(), r.score(scoreName)));
        }
        return out;
    }

    /**
     * Demonstrations in the layout of the paper's data: the {@code train} architectures of
     * {@code seedarchs/<seed>/<task>} ({@link DataPaths#seedArchs}), scored by {@code scoreName}.
     *
     * @param data      the data folder
     * @param task      {@code wmt14ende}, {@code wmt14enfr} or {@code wmt19ende} (optionally {@code hat-}...)
     * @param seed      the seed whose split to read (the paper's: 123, 456 or 789)
     * @param scoreName the score every record must hold and the demonstrations show, e.g.
     *                  {@code scratch.valid_BLEU} (the paper's: BLEU of the model trained from scratch)
     * @return the demonstrations, in file order
     * @throws IllegalArgumentException when the task is unknown or {@code scoreName} blank
     * @throws dev.llmnas.core.DataFormatException when the file is missing, empty, or a record lacks the score
     */
    public static List<Demonstration> seedArchitectures(Path data, String task, int seed, String scoreName) {
        SearchSpace space = HatSpaces.forTask(task);
        String t = task.startsWith("hat-") ? task.substring(4) : task;
        Path file = DataPaths.seedArchs(data, seed, t, "train");
        return fromLabelled(LlmasJsonl.read(file, space, scoreName), scoreName, space);
    }
}
