package dev.llmnas.examples.cli;

import dev.llmnas.core.DataFormatException;
import dev.llmnas.core.LlmnasException;
import dev.llmnas.core.SearchSpace;
import dev.llmnas.core.data.LlmasJsonl;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Map;
import java.util.Objects;
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
 * each input record passed through byte for byte with {@code score} and {@code model} added. Demonstrations
 * are the paper's seed architectures of split {@code --split}. Resumable: answers go to a cache file as they arrive, so a rerun after a
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
            "Writes JSONL: each input record unchanged plus 'score' (the LLM's value) and 'model'. The output is"
                + " written to a temporary file and moved into place when the run ends; when some architectures"
                + " could not be labelled it goes to <stem>.incomplete.jsonl beside it instead (labels.jsonl ->"
                + " labels.incomplete.jsonl; rerun to finish).",
            "The model comes from the environment: " + LlmModels.HOW_TO_CONFIGURE + "; LLMNAS_LLM_TEMPERATURE,"
                + " LLMNAS_LLM_MAX_TOKENS, LLMNAS_LLM_TIMEOUT_SECONDS tune it."})
final class LabelCommand implements Callable<Integer> {
    private static final int CHUNK = 256;

    @Spec
    CommandSpec spec;

    @Mixin
    DataOption data;

    @Option(names = "--task", required = true, paramLabel = "TASK",
            description = "wmt14ende, wmt14enfr or wmt19ende")
    String task;

    @Option(names = "--pool", required = true, paramLabel = "FILE",
            description = "pool JSONL (arch_info per line), e.g. ../shared/data/llmas/distill-pool/111.jsonl;"
                    + " a UTF-8 byte-order mark is accepted")
    Path pool;

    @Option(names = "--out", required = true, paramLabel = "FILE",
            description = "output JSONL; must not be the pool or the cache")
    Path out;

    @Option(names = "--cache", paramLabel = "FILE",
            description = "LLM answer cache (default: <out>.cache.jsonl); must not be the pool")
    Path cache;

    @Option(names = "--concurrency", paramLabel = "N", defaultValue = "8",
            description = "calls in flight, 1..256 (default: ${DEFAULT-VALUE}; 1 = one at a time, as in the paper)")
    int concurrency;

    @Option(names = "--split", paramLabel = "SPLIT",
            description = "the paper's split whose 10 train architectures are the demonstrations: 123, 456 or 789"
                    + " (default: 123)")
    Integer split;

    /** The old spelling of {@code --split}; {@code --seed} means a run's seed everywhere else. */
    @Option(names = "--seed", paramLabel = "SPLIT", hidden = true)
    void oldSplit(int value) {
        oldSplit = value;
        splitSpelledSeed = true;
    }

    private boolean splitSpelledSeed;
    private Integer oldSplit;

    @Mixin
    LlmOptions llmOptions = new LlmOptions();

    @Option(names = "--limit", paramLabel = "N", description = "label only the first N records (N >= 1)")
    Integer limit;

    @Option(names = "--samples", paramLabel = "N", defaultValue = "1",
            description = "replies per architecture, 1..100, aggregated by their median (default: ${DEFAULT-VALUE})")
    int samples;

    @Option(names = "--max-calls", paramLabel = "N", description = "stop asking after N calls, N >= 0 (rerun to continue)")
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


    @Mixin
    ProgressOption progress = new ProgressOption();

    private final Map<String, String> environment;

    LabelCommand() {
        this(System.getenv());
    }

    /** With the variables that configure an LLM (tests pass their own). */
    LabelCommand(Map<String, String> environment) {
        this.environment = Objects.requireNonNull(environment, "environment");
    }

    @Override
    public Integer call() {
        String t = task.startsWith("hat-") ? task.substring(4) : task;
        if (!TaskDescription.machineTranslationTasks().contains(t)) {
            throw new IllegalArgumentException("--task: '" + task + "' is not one of "
                    + TaskDescription.machineTranslationTasks());
        }
        if (!Files.isRegularFile(pool)) {
            throw new IllegalArgumentException("--pool: " + pool + (Files.isDirectory(pool) ? " is a directory, not a file"
                    : " is not a file"));
        }
        if (concurrency < 1 || concurrency > 256) {
            throw new IllegalArgumentException("--concurrency: " + concurrency + " is not in [1, 256]");
        }
        if (oldSplit != null && this.split != null && !oldSplit.equals(this.split)) {
            throw new IllegalArgumentException("--seed: " + oldSplit + " (the old spelling of --split) conflicts with --split "
                    + this.split + "; give only --split");
        }
        String splitOption = splitSpelledSeed && this.split == null ? "--seed" : "--split";
        int split = this.split != null ? this.split : oldSplit != null ? oldSplit : 123;
        dev.llmnas.examples.PaperDefaults.split(splitOption, split);
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
        Path incomplete = incompleteName(out);
        OutputPaths.refuseSame(out, "--out", pool, "--pool");
        OutputPaths.refuseSame(incomplete, "--out", pool, "--pool");
        OutputPaths.refuseSame(cacheFile, "--cache", pool, "--pool");
        OutputPaths.refuseSame(cacheFile, "--cache", out, "--out");
        Path guarded = data.guarded();
        OutputPaths.refuseInside(out, "--out", guarded);
        OutputPaths.refuseInside(incomplete, "--out", guarded);
        if (!llmOptions.replayOnly) {       // replaying only reads the cache
            OutputPaths.refuseInside(cacheFile, "--cache", guarded);
        }
        checkCache(cacheFile);
        PrintWriter err = spec.commandLine().getErr();
        PrintWriter outText = spec.commandLine().getOut();
        if (splitSpelledSeed) {
            err.println("note: --seed for label is now spelled --split (the paper's split); --seed still works");
        }

        Path dataDir = data.resolve();
        List<Demonstration> demos = Demonstration.seedArchitectures(dataDir, t, split,
                dev.llmnas.examples.PaperDefaults.TRUTH);
        Optional<LlmModels.Configured> configured = LlmSetup.configured(environment, baseUrl, llmOptions.model);
        if (configured.isEmpty() && !llmOptions.replayOnly) {
            throw new IllegalArgumentException("no LLM configured: " + LlmModels.HOW_TO_CONFIGURE
                    + " (or pass --base-url; --replay-only answers from a cache without a model)");
        }
        SearchSpace space = HatSpaces.forTask(t);
        // Read the whole pool before any file is created: a malformed or empty pool leaves nothing behind.
        int records = checkPool(pool, space, limit == null ? Integer.MAX_VALUE : limit);
        if (records == 0) {
            throw new IllegalArgumentException("--pool: " + pool + " holds no architectures");
        }
        try (OutputTransaction outputs = new OutputTransaction(guarded)) {
            Path temp = outputs.claim(out, "--out");
            Path tempIncomplete = outputs.claim(incomplete, "--out");
            ResponseCache opened = openCache(cacheFile);
            PoolLabeller.Summary r;
            try (ResponseCache answers = opened) {
                LlmPerformancePredictor.Builder b = LlmPerformancePredictor.builder()
                        .space(space).task(TaskDescription.machineTranslation(t)).demonstrations(demos)
                        .cache(answers).replayOnly(llmOptions.replayOnly).concurrency(concurrency).samples(samples);
                String description = LlmSetup.apply(b, configured, answers, cacheFile, llmOptions.model);
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
                if (progress.shown()) {
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
                }
                try (LlmPerformancePredictor llm = b.build()) {
                    PoolLabeller labeller = PoolLabeller.of(llm).withChunkSize(CHUNK);
                    r = (limit == null ? labeller : labeller.withLimit(limit)).label(pool, temp);
                    if (r.failed() > 0) {
                        Files.copy(temp, tempIncomplete, StandardCopyOption.REPLACE_EXISTING);
                    }
                } catch (IOException e) {
                    throw new LlmnasException("--out: cannot write " + out + ": " + OutputPaths.reason(e), e);
                }
            }
            if (r.failed() == 0) {
                outputs.commit(List.of(out));
                deleteStale(incomplete);
                outText.println("labelled " + r.labelled() + " of " + records + " architectures into " + out
                        + " (" + r.usage() + "; cache " + cacheFile + ")");
                return 0;
            }
            outputs.commit(List.of(incomplete));
            outText.println("INCOMPLETE: labelled " + r.labelled() + " of " + records + " architectures into "
                    + incomplete + "; " + r.failed() + " missing, so " + out + " was not written (rerun to finish; "
                    + r.usage() + "; cache " + cacheFile + ")");
            failureSummary(r).forEach(err::println);
            return LlmnasCli.EXIT_FAILURE;
        }
    }

    /** {@code labels.jsonl} -> {@code labels.incomplete.jsonl}: where a run with failures writes. */
    static Path incompleteName(Path out) {
        String name = out.getFileName().toString();
        String stem = name.endsWith(".jsonl") ? name.substring(0, name.length() - ".jsonl".length()) : name;
        return out.resolveSibling(stem + ".incomplete.jsonl");
    }

    private static void deleteStale(Path incomplete) {
        try {
            Files.deleteIfExists(incomplete);    // a finished run supersedes an earlier incomplete one
        } catch (IOException ignored) {
            // harmless: the complete output is in place
        }
    }

    /** A cache that is a directory or cannot be read (or written, unless replaying) is bad input: say so. */
    private void checkCache(Path cacheFile) {
        if (Files.isDirectory(cacheFile)) {
            throw new IllegalArgumentException("--cache: " + cacheFile + " is a directory, not a cache file");
        }
        if (Files.exists(cacheFile) && (!Files.isReadable(cacheFile) || !llmOptions.replayOnly && !Files.isWritable(cacheFile))) {
            throw new IllegalArgumentException("--cache: cannot open " + cacheFile + ": permission denied");
        }
    }

    /** Replay only reads (a missing cache is a usage error and nothing is created); otherwise append. */
    private ResponseCache openCache(Path cacheFile) {
        try {
            return llmOptions.replayOnly ? ResponseCache.openForReplay(cacheFile) : ResponseCache.open(cacheFile);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--cache: " + e.getMessage(), e);
        } catch (LlmnasException e) {
            Throwable cause = e.getCause();
            if (cause instanceof java.nio.file.AccessDeniedException) {
                throw new IllegalArgumentException("--cache: cannot open " + cacheFile + ": permission denied", e);
            }
            if (cause instanceof IOException io) {
                throw new IllegalArgumentException("--cache: cannot open " + cacheFile + ": " + OutputPaths.reason(io), e);
            }
            throw e;
        }
    }

    /**
     * Reads the first {@code limit} non-blank lines of the pool (a byte-order mark is skipped) and parses each, so
     * that a malformed or empty pool is reported before any file is created; {@link PoolLabeller} reads it again
     * as it labels.
     *
     * @return the number of records
     */
    static int checkPool(Path pool, SearchSpace space, int limit) {
        int records = 0;
        try (BufferedReader in = Files.newBufferedReader(pool, StandardCharsets.UTF_8)) {
            String text;
            long n = 0;
            while (records < limit && (text = in.readLine()) != null) {
                n++;
                if (n == 1 && text.startsWith("\uFEFF")) {
                    text = text.substring(1);
                }
                if (!text.isBlank()) {
                    var record = LlmasJsonl.parseLine(pool, n, text, space);
                    for (String added : List.of(dev.llmnas.llm.LabelFiles.SCORE, dev.llmnas.llm.LabelFiles.MODEL)) {
                        if (record.field(added) != null) {
                            // overwriting it would lose a label silently: the pool was probably labelled already
                            throw new DataFormatException(pool, n, "already holds '" + added + "' (is it a labelled"
                                    + " file?); label adds its own '" + dev.llmnas.llm.LabelFiles.SCORE + "' and '"
                                    + dev.llmnas.llm.LabelFiles.MODEL + "': pass a pool without them");
                        }
                    }
                    records++;
                }
            }
        } catch (java.nio.file.AccessDeniedException e) {
            throw new IllegalArgumentException("--pool: cannot read " + pool + ": permission denied", e);
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new DataFormatException(pool, 0, "not UTF-8 text", e);
        } catch (IOException e) {
            throw new LlmnasException("--pool: cannot read " + pool + ": " + OutputPaths.reason(e), e);
        }
        return records;
    }

    /** Most reasons and example lines shown: one line per architecture would bury the cause. */
    private static final int SHOWN = 3;

    /**
     * The failures in a few lines: the count, each distinct reason with how many it hit (most frequent
     * first, at most {@value #SHOWN}), and the first few pool lines that failed.
     */
    List<String> failureSummary(PoolLabeller.Summary s) {
        List<String> lines = new ArrayList<>();
        String head = s.failed() + (s.failed() == 1 ? " architecture" : " architectures") + " could not be labelled";
        String rerun = " (rerun to retry; answers so far are cached)";
        var reasons = new ArrayList<>(s.reasons().entrySet());
        if (reasons.size() == 1) {
            String reason = reasons.get(0).getKey();
            // a budget or batch stop already says that the answers are cached: say it once
            lines.add(head + ": " + reason + (reason.contains("answers so far are cached") ? "" : rerun));
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
