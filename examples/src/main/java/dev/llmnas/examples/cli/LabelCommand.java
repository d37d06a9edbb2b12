package dev.llmnas.examples.cli;

import dev.llmnas.core.data.DataPaths;
import dev.llmnas.core.spaces.HatSpaces;
import dev.llmnas.llm.Budget;
import dev.llmnas.llm.Demonstration;
import dev.llmnas.llm.LlmModels;
import dev.llmnas.llm.LlmPerformancePredictor;
import dev.llmnas.llm.PoolLabeller;
import dev.llmnas.llm.ResponseCache;
import dev.llmnas.llm.TaskDescription;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code label}: labels a pool of architectures with an LLM performance predictor (LLM-PP) and writes JSONL,
 * each input record with {@code score} and {@code model} added. Demonstrations are the paper's seed
 * architectures of {@code --seed}. Resumable: answers go to a cache file as they arrive, so a rerun after a
 * crash or an exhausted budget asks only for what is missing, and {@code --replay-only} reproduces a run
 * without any key.
 *
 * <pre>
 * OPENAI_API_KEY=... java -jar examples/target/llmnas-examples.jar label --task wmt14ende \
 *     --pool ../shared/data/llmas/distill-pool/111.jsonl --out labels-111.jsonl --concurrency 16
 * </pre>
 */
@Command(name = "label", header = "Label a pool of architectures with LLM-PP (resumable through a cache).", mixinStandardHelpOptions = true,
        description = {"Label a pool of architectures with an LLM performance predictor (LLM-PP).",
            "Writes JSONL: each input record plus 'score' (the LLM's value) and 'model'.",
            "The model comes from the environment: OPENAI_API_KEY [OPENAI_BASE_URL, OPENAI_MODEL] for OpenAI or"
                + " any OpenAI-compatible server, or OLLAMA_BASE_URL/OLLAMA_MODEL; LLMNAS_LLM_TEMPERATURE,"
                + " LLMNAS_LLM_MAX_TOKENS, LLMNAS_LLM_TIMEOUT_SECONDS tune it."})
final class LabelCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    DataOption data;

    @Option(names = "--task", required = true, paramLabel = "TASK",
            description = "wmt14ende, wmt14enfr or wmt19ende")
    String task;

    @Option(names = "--pool", required = true, paramLabel = "FILE",
            description = "pool JSONL (arch_info per line), e.g. ../shared/data/llmas/distill-pool/111.jsonl")
    Path pool;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "output JSONL")
    Path out;

    @Option(names = "--cache", paramLabel = "FILE", description = "answer cache (default: <out>.cache.jsonl)")
    Path cache;

    @Option(names = "--concurrency", paramLabel = "N", defaultValue = "8",
            description = "calls in flight (default: ${DEFAULT-VALUE}; 1 = one at a time, as in the paper)")
    int concurrency;

    @Option(names = "--seed", paramLabel = "SEED", defaultValue = "123",
            description = "seed split whose 10 train architectures are the demonstrations: 123, 456 or 789"
                    + " (default: ${DEFAULT-VALUE})")
    int seed;

    @Option(names = "--replay-only", description = "answer only from the cache; fail on a miss (no key needed)")
    boolean replayOnly;

    @Option(names = "--limit", paramLabel = "N", description = "label only the first N records")
    Integer limit;

    @Option(names = "--samples", paramLabel = "N", defaultValue = "1",
            description = "replies per architecture, aggregated by their median (default: ${DEFAULT-VALUE})")
    int samples;

    @Option(names = "--max-calls", paramLabel = "N", description = "stop asking after N calls (rerun to continue)")
    Long maxCalls;

    @Option(names = "--rpm", paramLabel = "N", description = "most requests started per minute, in [0.001, 1000000]"
            + " (default: LLMNAS_LLM_RPM, else no limit)")
    Double requestsPerMinute;

    @Option(names = "--max-wait", paramLabel = "SECONDS", description = "longest total wait between attempts for one"
            + " architecture (backoff and Retry-After), in [0, 604800] (default: 600)")
    Double maxWaitSeconds;

    @Option(names = "--base-url", paramLabel = "URL",
            description = "OpenAI-compatible server (overrides OPENAI_BASE_URL)")
    String baseUrl;

    @Option(names = "--model", paramLabel = "NAME", description = "model name (overrides OPENAI_MODEL / OLLAMA_MODEL)")
    String model;

    @Override
    public Integer call() {
        String t = task.startsWith("hat-") ? task.substring(4) : task;
        if (!TaskDescription.machineTranslationTasks().contains(t)) {
            throw new IllegalArgumentException("--task: '" + task + "' is not one of "
                    + TaskDescription.machineTranslationTasks());
        }
        if (!Files.isRegularFile(pool)) {
            throw new IllegalArgumentException("--pool: " + pool + " is not a file");
        }
        if (concurrency < 1) {
            throw new IllegalArgumentException("--concurrency: " + concurrency + " must be at least 1");
        }
        if (java.util.Arrays.stream(DataPaths.seeds()).noneMatch(s -> s == seed)) {
            throw new IllegalArgumentException("--seed: " + seed + " is not one of [123, 456, 789]");
        }
        if (limit != null && limit < 1) {
            throw new IllegalArgumentException("--limit: " + limit + " must be at least 1");
        }
        // Checked here with the option's name: the library's messages name its builder fields.
        if (samples < 1 || samples > 100) {
            throw new IllegalArgumentException("--samples: " + samples + " is not in [1, 100]");
        }
        if (maxCalls != null && maxCalls < 0) {
            throw new IllegalArgumentException("--max-calls: " + maxCalls + " must be at least 0");
        }
        if (requestsPerMinute != null && !(requestsPerMinute >= 0.001 && requestsPerMinute <= 1e6)) {
            throw new IllegalArgumentException("--rpm: " + requestsPerMinute + " is not in [0.001, 1000000] requests"
                    + " per minute (leave it out for no limit)");
        }
        if (maxWaitSeconds != null && !(maxWaitSeconds >= 0 && maxWaitSeconds <= 604_800)) {
            throw new IllegalArgumentException("--max-wait: " + maxWaitSeconds + " is not in [0, 604800] seconds");
        }
        Path cacheFile = cache != null ? cache : out.resolveSibling(out.getFileName() + ".cache.jsonl");
        PrintWriter err = spec.commandLine().getErr();
        PrintWriter outText = spec.commandLine().getOut();

        Path dataDir = data.resolve();
        List<Demonstration> demos = Demonstration.seedArchitectures(dataDir, t, seed);
        Optional<LlmModels.Configured> configured = LlmSetup.configured(baseUrl, model);
        if (configured.isEmpty() && !replayOnly) {
            throw new IllegalArgumentException("no LLM configured: " + LlmModels.HOW_TO_CONFIGURE
                    + " (or pass --base-url; --replay-only answers from a cache without a model)");
        }
        // Read the whole pool before any file is created: a malformed or empty pool leaves nothing behind.
        int records = PoolLabeller.check(pool, HatSpaces.forTask(t), limit == null ? Integer.MAX_VALUE : limit);
        if (records == 0) {
            throw new IllegalArgumentException("--pool: " + pool + " holds no architectures");
        }
        ResponseCache opened;
        if (replayOnly) {
            try {
                opened = ResponseCache.openForReplay(cacheFile);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--cache: " + e.getMessage(), e);
            }
        } else {
            opened = ResponseCache.open(cacheFile);
        }
        try (ResponseCache answers = opened) {
            LlmPerformancePredictor.Builder b = LlmPerformancePredictor.builder()
                    .space(HatSpaces.forTask(t)).task(TaskDescription.machineTranslation(t)).demonstrations(demos)
                    .cache(answers).replayOnly(replayOnly).concurrency(concurrency).samples(samples);
            String description = LlmSetup.apply(b, configured, answers, cacheFile, model);
            err.println("model: " + description);
            if (maxCalls != null) {
                b.budget(Budget.calls(maxCalls));
            }
            if (requestsPerMinute != null) {
                b.requestsPerMinute(requestsPerMinute);
            }
            if (maxWaitSeconds != null) {
                b.maxWait(java.time.Duration.ofMillis(Math.round(maxWaitSeconds * 1000)));
            }
            int[] lastTenth = {0};
            b.progressListener(p -> {
                int tenth = p.completed() * 10 / p.total();
                if (tenth > lastTenth[0] || p.done()) {
                    lastTenth[0] = tenth;
                    err.println("  " + p.completed() + "/" + p.total() + " architectures (" + p.failed()
                            + " failed; " + p.usage().calls() + " calls, " + p.usage().cacheHits() + " cached)");
                    err.flush();
                }
            });
            PoolLabeller.Summary s;
            try (LlmPerformancePredictor llm = b.build()) {
                PoolLabeller labeller = PoolLabeller.of(llm);
                if (limit != null) {
                    labeller = labeller.withLimit(limit);
                }
                s = labeller.label(pool, out);
            }
            outText.println("labelled " + s.labelled() + " of " + s.records() + " architectures into " + out
                    + " (" + s.usage() + "; cache " + cacheFile + ")");
            if (s.failed() > 0) {
                failureSummary(s).forEach(err::println);
                return LlmnasCli.EXIT_FAILURE;
            }
            return 0;
        }
    }

    /** Most reasons and example lines shown: one line per architecture would bury the cause. */
    private static final int SHOWN = 3;

    /**
     * The failures in a few lines: the count, each distinct reason with how many it hit (most frequent
     * first, at most {@value #SHOWN}), and the first few pool lines that failed.
     */
    List<String> failureSummary(PoolLabeller.Summary s) {
        List<String> lines = new java.util.ArrayList<>();
        String head = s.failed() + (s.failed() == 1 ? " architecture" : " architectures") + " could not be labelled";
        String rerun = " (rerun to retry; answers so far are cached)";
        var reasons = new java.util.ArrayList<>(s.reasons().entrySet());
        if (reasons.size() == 1) {
            lines.add(head + ": " + reasons.get(0).getKey() + rerun);
        } else {
            lines.add(head + rerun + ":");
            reasons.stream().limit(SHOWN).forEach(r -> lines.add("  " + r.getValue() + " x " + r.getKey()));
            if (reasons.size() > SHOWN) {
                lines.add("  ... and " + (reasons.size() - SHOWN) + " other reasons");
            }
        }
        var examples = s.failures().keySet().stream().limit(SHOWN).map(l -> pool + ":" + l).toList();
        lines.add("  " + (s.failed() == 1 ? "line: " : "lines: ") + String.join(", ", examples)
                + (s.failed() > examples.size() ? ", ..." : ""));
        return lines;
    }
}
