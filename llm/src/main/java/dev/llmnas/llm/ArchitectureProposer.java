package dev.llmnas.llm;

import dev.langchain4j.model.chat.request.ChatRequestParameters;
import dev.llmnas.core.Architecture;
import dev.llmnas.core.Dimension;
import dev.llmnas.core.Direction;
import dev.llmnas.core.InvalidArchitectureException;
import dev.llmnas.core.LlmnasException;
import dev.llmnas.core.SearchSpace;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Asks an LLM for new architectures it expects to score well under an efficiency budget, to seed a search's
 * initial population. Replies are parsed strictly through {@link SearchSpace#parse} (never evaluated as
 * code); proposals that are malformed, outside the space, over the budget or duplicated are reported in the
 * {@link Proposal} and dropped.
 *
 * <p>As a {@link Supplier}, each {@link #get()} asks for a new round (round 0, 1, ...). Replies are cached
 * by (provider, model, temperature, prompt, round) when a cache is given, so a rerun reproduces the same
 * proposals without calls. Thread-safe.
 */
public final class ArchitectureProposer implements Supplier<List<Architecture>> {
    private static final Logger LOG = LoggerFactory.getLogger(ArchitectureProposer.class);
    private static final Pattern LINE = Pattern.compile("^\\s*([^:]+?)\\s*:\\s*(.*?)\\s*$");
    private static final Pattern DECORATION = Pattern.compile("^\\s*(?:[-*•>]+\\s*|\\d+[.)]\\s+)");

    private final SearchSpace space;
    private final TaskDescription task;
    private final PromptBuilder demos;
    private final int count;
    private final Double maxEfficiency;
    private final ResponseCache cache;
    private final CallPath caller;
    private final RequestSignature signature;
    private final int maxRetries;
    private final String provider;
    private final String modelName;
    private final Double temperature;
    private final String prompt;
    private final AtomicInteger rounds = new AtomicInteger();

    /**
     * What one round produced.
     *
     * @param architectures the valid, distinct, within-budget proposals, in the order given
     * @param rejected      the proposals dropped, each with the reason
     * @param replies       the raw replies read (one per attempt)
     */
    public record Proposal(List<Architecture> architectures, List<Rejected> rejected, List<String> replies) {
        public Proposal {
            architectures = List.copyOf(architectures);
            rejected = List.copyOf(rejected);
            replies = List.copyOf(replies);
        }
    }

    /**
     * A dropped proposal.
     *
     * @param text   the lines the LLM wrote for it
     * @param reason why it was dropped
     */
    public record Rejected(String text, String reason) {
    }

    private ArchitectureProposer(Builder b, String provider, String modelName, Double temperature) {
        this.space = b.space;
        this.task = b.task;
        this.demos = PromptBuilder.create(b.space, b.task, b.demonstrations, PromptParts.full());
        this.count = b.count;
        this.maxEfficiency = b.maxEfficiency;
        this.cache = b.cache != null ? b.cache : ResponseCache.inMemory();
        this.maxRetries = b.maxRetries;
        this.provider = provider;
        this.modelName = modelName;
        this.temperature = temperature;
        this.caller = b.callPath("proposer:" + modelName, this.cache);
        this.signature = b.signature(provider, modelName, temperature);
        this.prompt = renderPrompt();
    }

    /**
     * Starts a builder. Required: a chat model, a space and a task; defaults: 10 architectures per round, no
     * efficiency budget, 2 retries, an in-memory cache.
     */
    public static Builder builder() {
        return new Builder();
    }

    /** The prompt sent to the LLM. */
    public String prompt() {
        return prompt;
    }

    /** Calls made and tokens spent. */
    public LlmUsage usage() {
        return caller.usage();
    }

    /** The next round's valid proposals (see {@link #propose(int)}). */
    @Override
    public List<Architecture> get() {
        return propose(rounds.getAndIncrement()).architectures();
    }

    /**
     * Asks for proposals (round {@code round} of this prompt; rounds are cached separately). When a reply
     * yields no valid architecture, asks again, at most {@code maxRetries} times.
     *
     * @throws LlmnasException when the model cannot be reached (the message names the fault, never the key)
     */
    public Proposal propose(int round) {
        if (round < 0) {
            throw new IllegalArgumentException("round: " + round + " must be >= 0");
        }
        List<Rejected> rejected = new ArrayList<>();
        List<String> replies = new ArrayList<>();
        // Keys of earlier versions (no further request parameters) stay valid: see ResponseCache.key.
        String key = ResponseCache.key(signature, round, "propose\u0000" + prompt);
        CallPath.Question<List<Architecture>> q = new CallPath.Question<>(key, "proposal round " + round, "proposal",
                signature, round, prompt, null, maxRetries + 1, (text, reasoning) -> {
                    String t = text == null ? "" : text;
                    replies.add(t);
                    List<Architecture> valid = parseReply(t, rejected);
                    if (valid.isEmpty()) {
                        LOG.warn("architecture proposer: a reply of round {} held no valid architecture ({} rejected)",
                                round, rejected.size());
                        return CallPath.Reading.failed("no valid architecture");
                    }
                    return CallPath.Reading.of(valid, null);
                });
        try {
            return new Proposal(caller.answer(q, null, false), rejected, replies);
        } catch (CallPath.NoAnswer e) {
            return new Proposal(List.of(), rejected, replies);
        } catch (CallPath.BudgetSpent e) {
            throw new LlmnasException("architecture proposer: " + e.getMessage());
        } catch (LlmCallException e) {
            throw new LlmnasException("architecture proposer (" + modelName + "): " + e.getMessage(), e);
        }
    }

    /**
     * Parses a reply into valid architectures, adding the dropped ones to {@code rejected}. Package-visible
     * for tests.
     */
    List<Architecture> parseReply(String reply, List<Rejected> rejected) {
        List<List<String>> blocks = splitBlocks(reply);
        List<Architecture> valid = new ArrayList<>();
        Set<Architecture> seen = new HashSet<>();
        for (List<String> block : blocks) {
            String text = String.join("\n", block);
            Architecture a;
            try {
                a = space.parse(block);
            } catch (InvalidArchitectureException e) {
                rejected.add(new Rejected(text, e.getMessage()));
                continue;
            } catch (RuntimeException e) {
                rejected.add(new Rejected(text, "unreadable: " + e.getMessage()));
                continue;
            }
            if (maxEfficiency != null) {
                double eff = space.metric(a, task.efficiencyMetric());
                if (eff > maxEfficiency) {
                    rejected.add(new Rejected(text, task.efficiencyLabel() + " "
                            + format(eff * task.efficiencyScale()) + " exceeds the budget "
                            + format(maxEfficiency * task.efficiencyScale())));
                    continue;
                }
            }
            if (!seen.add(a)) {
                rejected.add(new Rejected(text, "duplicate of an earlier proposal"));
                continue;
            }
            if (valid.size() >= count) {
                rejected.add(new Rejected(text, "more than the " + count + " architectures asked for"));
                continue;
            }
            valid.add(a);
        }
        return valid;
    }

    /** Splits a reply into one list of {@code name: value} lines per proposed architecture. */
    private List<List<String>> splitBlocks(String reply) {
        List<List<String>> blocks = new ArrayList<>();
        List<String> current = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (String raw : reply.replace("```", "\n").replace("**", "").split("\\R")) {
            String line = DECORATION.matcher(raw).replaceFirst("").strip();
            Matcher m = LINE.matcher(line);
            boolean separator = line.isEmpty() || !m.matches() || m.group(2).isEmpty();
            if (separator) {
                if (!current.isEmpty()) {
                    blocks.add(current);
                    current = new ArrayList<>();
                    names.clear();
                }
                continue;
            }
            String name = m.group(1).strip().toLowerCase(Locale.ROOT);
            if (isEstimate(name)) {
                continue;
            }
            if (!names.add(name)) {
                // The same hyperparameter again without a blank line: a new architecture has started.
                blocks.add(current);
                current = new ArrayList<>();
                names.clear();
                names.add(name);
            }
            current.add(line);
        }
        if (!current.isEmpty()) {
            blocks.add(current);
        }
        return blocks;
    }

    private boolean isEstimate(String name) {
        return name.equals(task.metricName().toLowerCase(Locale.ROOT))
                || (task.hasEfficiency() && name.equals(task.efficiencyLabel().toLowerCase(Locale.ROOT)))
                || name.contains("estimat") || name.contains("predicted") || name.contains("expected")
                || name.contains(task.metricName().toLowerCase(Locale.ROOT))
                || (task.hasEfficiency() && name.contains(task.efficiencyLabel().toLowerCase(Locale.ROOT)));
    }

    private String format(double v) {
        return String.format(Locale.ROOT, "%." + task.efficiencyDecimals() + "f", v);
    }

    private String renderPrompt() {
        String metric = task.metricName();
        boolean higher = task.direction() == Direction.HIGHER_IS_BETTER;
        String budgetText = maxEfficiency == null ? null
                : format(maxEfficiency * task.efficiencyScale()) + " " + task.efficiencyLabel();
        StringBuilder sb = new StringBuilder(4096);
        sb.append("You are searching for ").append(task.taskName()).append(" architectures with ")
                .append(higher ? "a high " : "a low ").append(metric)
                .append(budgetText == null ? "" : " whose efficiency stays within " + budgetText).append(".\n\n");
        List<String> steps = new ArrayList<>();
        steps.add("The task is " + task.datasetName() + "; quality is measured by " + metric + " ("
                + (higher ? "higher" : "lower") + " is better).");
        if (!task.taskExamples().isEmpty()) {
            StringBuilder ex = new StringBuilder("What the task looks like:");
            int i = 1;
            for (String e : task.taskExamples()) {
                ex.append("\n   Example ").append(i++).append(":\n   ").append(e.strip().replace("\n", "\n   "));
            }
            steps.add(ex.toString());
        }
        if (!task.backbone().isEmpty()) {
            steps.add("Every architecture is a variant of " + task.backbone() + ", trained from scratch with the same"
                    + " hyperparameters and optimiser.");
        }
        if (task.hasEfficiency()) {
            steps.add("Efficiency is reported as " + task.efficiencyLabel()
                    + (task.efficiencyDescription().isEmpty() ? "" : ": " + task.efficiencyDescription()) + ".");
        }
        if (budgetText != null) {
            steps.add("Each architecture you propose must have at most " + budgetText + ".");
        }
        if (!demos.demonstrations().isEmpty()) {
            steps.add("Study the example architectures below" + (task.hasEfficiency() ? ", with their "
                    + task.efficiencyLabel() + " and " + metric + "," : " and their " + metric) + " to see how the"
                    + " hyperparameters drive both.");
        }
        steps.add("Propose " + count + " new, distinct architectures that you expect to "
                + (higher ? "score higher" : "score lower") + " than the examples. They may differ from the examples"
                + " as much as you like, but use only the allowed values listed below.");
        steps.add("Write each architecture as a block of 'name: value' lines, one line per hyperparameter in the order"
                + " listed below, then a line '" + metric + ": <your estimate>'"
                + (task.hasEfficiency() ? " and a line '" + task.efficiencyLabel() + ": <your estimate>'" : "")
                + ". Separate blocks with one empty line and write nothing else.");
        sb.append("Instructions:\n");
        for (int i = 0; i < steps.size(); i++) {
            sb.append(i + 1).append(". ").append(steps.get(i)).append('\n');
        }
        sb.append("\nHyperparameters (name: meaning; allowed values):\n");
        for (Dimension d : space.dimensions()) {
            sb.append("- ").append(d.name()).append(": ").append(d.definition()).append("; ");
            if (d.kind() == Dimension.Kind.PER_LAYER) {
                sb.append("a list [a, b, ...] with one value per layer").append(d.depth() == null
                        ? " (" + d.maxLength() + " layers)" : " (as many as " + d.depth() + ")")
                        .append(", each one of ").append(d.choices());
            } else {
                sb.append("one of ").append(d.choices());
            }
            sb.append('\n');
        }
        if (!demos.demonstrations().isEmpty()) {
            sb.append("\nExample architectures:\n\n");
            for (Demonstration d : demos.demonstrations()) {
                for (String line : space.describe(d.architecture())) {
                    sb.append(line).append('\n');
                }
                String eff = demos.formatEfficiency(d.efficiency());
                if (eff != null) {
                    sb.append(task.efficiencyLabel()).append(": ").append(eff).append('\n');
                }
                sb.append(metric).append(": ").append(demos.formatScore(d.score())).append("\n\n");
            }
        }
        sb.append("Your ").append(count).append(" architectures:\n");
        return sb.toString();
    }

    /**
     * Builder of an {@link ArchitectureProposer}; the model, space, task, demonstrations, cache and transport
     * settings are those of every LLM client (see {@link LlmPerformancePredictor.Builder}).
     */
    public static final class Builder extends LlmClientBuilder<Builder> {
        private int count = 10;
        private Double maxEfficiency;
        private int maxRetries = 2;
        private String provider;
        private String modelName;
        private Double temperature;
        private boolean temperatureSet;

        private Builder() {
        }

        @Override
        Builder self() {
            return this;
        }

        /** Architectures asked for per round; default 10. */
        public Builder count(int count) {
            if (count < 1 || count > 500) {
                throw new IllegalArgumentException("count: " + count + " is not in [1, 500]");
            }
            this.count = count;
            return this;
        }

        /**
         * The efficiency budget in the space's raw metric units (e.g. FLOPs, not GFLOPs); proposals above it are
         * dropped. Default: none. Needs a task with an efficiency metric.
         */
        public Builder maxEfficiency(double max) {
            if (!(max > 0) || !Double.isFinite(max)) {
                throw new IllegalArgumentException("maxEfficiency: " + max + " must be a positive finite number");
            }
            this.maxEfficiency = max;
            return this;
        }

        /** How often to ask again when a reply holds no valid architecture; default 2. */
        public Builder maxRetries(int retries) {
            if (retries < 0 || retries > 20) {
                throw new IllegalArgumentException("maxRetries: " + retries + " is not in [0, 20]");
            }
            this.maxRetries = retries;
            return this;
        }

        /** Provider identifier for cache keys; default: from the chat model. */
        public Builder provider(String provider) {
            this.provider = Objects.requireNonNull(provider, "provider");
            return this;
        }

        /** Model name for cache keys; default: from the chat model. */
        public Builder modelName(String modelName) {
            this.modelName = Objects.requireNonNull(modelName, "modelName");
            return this;
        }

        /** Temperature for cache keys; default: from the chat model. */
        public Builder temperature(Double temperature) {
            this.temperature = temperature;
            this.temperatureSet = true;
            return this;
        }

        /**
         * Builds the proposer and renders its prompt once. The provider, model name and temperature used in
         * cache keys default to what the chat model reports.
         *
         * @throws IllegalStateException when the chat model, the space or the task is missing, when
         *                               {@code maxEfficiency} is set for a task without an efficiency metric, or
         *                               when no model name is set and the chat model does not report one
         */
        public ArchitectureProposer build() {
            if (chatModel == null) {
                throw new IllegalStateException("chatModel: required");
            }
            requireSpaceAndTask();
            if (maxEfficiency != null && !task.hasEfficiency()) {
                throw new IllegalStateException("maxEfficiency: task " + task.id() + " has no efficiency metric");
            }
            ChatRequestParameters defaults = modelDefaults();
            String p = provider != null ? provider : LlmModels.providerId(chatModel.provider());
            String m = modelName != null ? modelName : defaults != null ? defaults.modelName() : null;
            if (m == null || m.isBlank()) {
                throw new IllegalStateException("modelName: the chat model does not report its model name; set one");
            }
            Double t = temperatureSet ? temperature : defaults != null ? defaults.temperature() : null;
            return new ArchitectureProposer(this, p, m, t);
        }
    }
}
