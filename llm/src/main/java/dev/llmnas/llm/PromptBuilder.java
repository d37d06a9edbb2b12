package dev.llmnas.llm;

import dev.llmnas.core.Architecture;
import dev.llmnas.core.SearchSpace;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Builds PP prompts in the paper's structure: a role, numbered instructions, the hyperparameters' definitions
 * (from the search space), the demonstrations (architecture lines, efficiency, score with fixed decimals),
 * then the test architecture, ending where the score should be written. Every part but the demonstrations
 * and the test architecture can be switched off with {@link PromptParts}.
 *
 * <p>Immutable and thread-safe: everything before the test architecture is rendered once.
 */
final class PromptBuilder {
    private final SearchSpace space;
    private final TaskDescription task;
    private final List<Demonstration> demonstrations;
    private final PromptParts parts;
    private final String prefix;

    private PromptBuilder(SearchSpace space, TaskDescription task, List<Demonstration> demonstrations,
                          PromptParts parts) {
        this.space = Objects.requireNonNull(space, "space");
        this.task = Objects.requireNonNull(task, "task");
        this.parts = Objects.requireNonNull(parts, "parts");
        List<Demonstration> canonical = new ArrayList<>(demonstrations.size());
        for (Demonstration d : demonstrations) {
            Architecture a = space.canonicalize(d.architecture());
            if (task.hasEfficiency() && parts.efficiencyInDemonstrations()
                    && !d.efficiency().containsKey(task.efficiencyMetric())) {
                throw new IllegalArgumentException("demonstration " + a.key() + ": efficiency has no '"
                        + task.efficiencyMetric() + "' (has " + d.efficiency().keySet() + ")");
            }
            canonical.add(new Demonstration(a, d.score(), d.efficiency()));
        }
        if (task.hasEfficiency() && !space.metricNames().contains(task.efficiencyMetric())) {
            throw new IllegalArgumentException("task " + task.id() + ": efficiency metric '" + task.efficiencyMetric()
                    + "' is not one of " + space.metricNames() + " of space " + space.name());
        }
        this.demonstrations = List.copyOf(canonical);
        this.prefix = renderPrefix();
    }

    /**
     * A builder for prompts about architectures of {@code space}.
     *
     * @param demonstrations the examples, shown in this order (may be empty: a zero-shot prompt)
     * @throws IllegalArgumentException when a demonstration is not in the space or lacks the efficiency metric
     */
    public static PromptBuilder create(SearchSpace space, TaskDescription task, List<Demonstration> demonstrations,
                                       PromptParts parts) {
        return new PromptBuilder(space, task, List.copyOf(demonstrations), parts);
    }

    /** The full prompt for one architecture (canonicalised first). */
    public PpPrompt build(Architecture architecture) {
        Architecture a = space.canonicalize(architecture);
        StringBuilder sb = new StringBuilder(prefix.length() + 512).append(prefix);
        appendArchitecture(sb, a, space.metrics(a));
        sb.append(task.metricName()).append(':');
        return new PpPrompt(a, sb.toString());
    }

    /** Everything before the test architecture (shared by every prompt of this builder). */
    public String prefix() {
        return prefix;
    }

    /** The space whose architectures the prompts describe. */
    public SearchSpace space() {
        return space;
    }

    /** The task: its metric, efficiency metric and wording. */
    public TaskDescription task() {
        return task;
    }

    /** The demonstrations, canonicalised in the space, in prompt order; empty for a zero-shot prompt. */
    public List<Demonstration> demonstrations() {
        return demonstrations;
    }

    /** Which parts of the PP prompt are included. */
    public PromptParts parts() {
        return parts;
    }

    /** Formats a score the way demonstrations show it. */
    public String formatScore(double score) {
        return String.format(Locale.ROOT, "%." + task.scoreDecimals() + "f", score);
    }

    /** Formats the efficiency value of an architecture's metrics, or {@code null} when none is shown. */
    String formatEfficiency(Map<String, Double> metrics) {
        if (!task.hasEfficiency() || !parts.efficiencyInDemonstrations()) {
            return null;
        }
        double v = metrics.get(task.efficiencyMetric()) * task.efficiencyScale();
        return String.format(Locale.ROOT, "%." + task.efficiencyDecimals() + "f", v);
    }

    private String renderPrefix() {
        StringBuilder sb = new StringBuilder(4096);
        String metric = task.metricName();
        if (parts.role()) {
            sb.append("You estimate how well neural network architectures perform on ").append(task.taskName())
                    .append(". Give the ").append(metric).append(" of the test architecture, the last one below.")
                    .append(" Reply with that number alone, written with ").append(task.scoreDecimals())
                    .append(task.scoreDecimals() == 1 ? " decimal." : " decimals.").append("\n\n");
        }
        List<String> instructions = new ArrayList<>();
        if (parts.datasetName()) {
            instructions.add("The " + task.taskName() + " task is " + task.datasetName() + "; an architecture's quality"
                    + " is its " + metric + " (" + (task.direction() == dev.llmnas.core.Direction.HIGHER_IS_BETTER
                    ? "higher" : "lower") + " is better).");
        }
        if (parts.taskExamples() && !task.taskExamples().isEmpty()) {
            StringBuilder ex = new StringBuilder("What the task looks like (" + task.datasetName() + "):");
            int i = 1;
            for (String e : task.taskExamples()) {
                ex.append("\n   Example ").append(i++).append(":\n   ").append(e.strip().replace("\n", "\n   "));
            }
            instructions.add(ex.toString());
        }
        if (parts.backbone() && !task.backbone().isEmpty()) {
            instructions.add("Every architecture is a variant of " + task.backbone() + ". All of them are trained"
                    + " from scratch with the same hyperparameters and optimiser.");
        }
        if (parts.efficiencyMetric() && task.hasEfficiency()) {
            instructions.add("Efficiency is reported as " + task.efficiencyLabel()
                    + (task.efficiencyDescription().isEmpty() ? "" : ": " + task.efficiencyDescription()) + ".");
        }
        if (parts.concentrate()) {
            String shown = task.hasEfficiency() && parts.efficiencyInDemonstrations()
                    ? "its " + task.efficiencyLabel() + " and " + metric : "its " + metric;
            instructions.add("Study the example architectures below, each listed with " + shown + ", to work out how"
                    + " the hyperparameters drive " + metric + ", and base your estimate on them.");
        }
        if (!instructions.isEmpty()) {
            sb.append("Instructions:\n");
            for (int i = 0; i < instructions.size(); i++) {
                sb.append(i + 1).append(". ").append(instructions.get(i)).append('\n');
            }
            sb.append('\n');
        }
        if (parts.hyperparameterDefinitions()) {
            sb.append("Hyperparameters:\n");
            for (String d : space.definitions()) {
                sb.append("- ").append(d).append('\n');
            }
            sb.append('\n');
        }
        for (Demonstration d : demonstrations) {
            appendArchitecture(sb, d.architecture(), d.efficiency());
            sb.append(metric).append(": ").append(formatScore(d.score())).append("\n\n");
        }
        return sb.toString();
    }

    private void appendArchitecture(StringBuilder sb, Architecture a, Map<String, Double> metrics) {
        for (String line : space.describe(a)) {
            sb.append(line).append('\n');
        }
        String eff = formatEfficiency(metrics);
        if (eff != null) {
            sb.append(task.efficiencyLabel()).append(": ").append(eff).append('\n');
        }
    }
}
