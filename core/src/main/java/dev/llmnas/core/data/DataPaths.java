package dev.llmnas.core.data;

import dev.llmnas.core.LlmnasException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds the shared data folder (the one holding {@code llmas/} and {@code nats-bench/}): an explicit path
 * first, else the {@code LLMNAS_DATA} environment variable, else {@code shared/data} in the working
 * directory or any of its ancestors (so {@code ../shared/data} beside a checkout is found from the checkout
 * and from its modules). An explicit or environment path must be a folder holding {@code llmas/} or
 * {@code nats-bench/}.
 */
public final class DataPaths {
    /** The environment variable that overrides the data folder. */
    public static final String ENV = "LLMNAS_DATA";

    private DataPaths() {
    }

    /** Resolves the data folder with no explicit path. */
    public static Path resolve() {
        return resolve(null);
    }

    /**
     * Resolves the data folder.
     *
     * @param explicit a path given by the user (e.g. {@code --data}), or {@code null}
     * @throws LlmnasException saying what was tried when no folder is found
     */
    public static Path resolve(Path explicit) {
        return resolve(explicit, System.getenv(ENV), Path.of("").toAbsolutePath());
    }

    /** The resolution itself, with the environment and working directory passed in so tests can vary them. */
    static Path resolve(Path explicit, String env, Path cwd) {
        if (explicit != null) {
            return check(explicit, "--data");
        }
        if (env != null && !env.isBlank()) {
            return check(Path.of(env), ENV);
        }
        // shared/data inside the working directory or any ancestor: covers ../shared/data beside a checkout
        // (from the checkout or any of its modules) and a shared/ folder inside the current directory.
        List<Path> searched = new ArrayList<>();
        for (Path dir = cwd; dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("shared").resolve("data");
            if (holdsData(candidate)) {
                return candidate;
            }
            searched.add(candidate);
        }
        throw new LlmnasException("data directory not found: no --data given, " + ENV
                + " is not set, and none of " + searched + " holds llmas/ or nats-bench/; point " + ENV
                + " (or --data) at the folder that holds them, e.g. export " + ENV + "=/path/to/shared/data");
    }

    private static boolean holdsData(Path dir) {
        return Files.isDirectory(dir.resolve("llmas")) || Files.isDirectory(dir.resolve("nats-bench"));
    }

    private static Path check(Path p, String source) {
        if (!Files.isDirectory(p)) {
            throw new LlmnasException("data directory not found: " + source + " = " + p + " is not a directory;"
                    + " it must be the folder that holds llmas/ and nats-bench/");
        }
        if (!holdsData(p)) {
            throw new LlmnasException("data directory " + source + " = " + p + " holds neither llmas/ nor"
                    + " nats-bench/; point it at the folder that holds them (usually shared/data)");
        }
        return p;
    }

    /** {@code llmas/seedarchs/<seed>/<task>/<split>.jsonl} under the data folder. */
    public static Path seedArchs(Path data, int seed, String task, String split) {
        if (!split.equals("train") && !split.equals("test")) {
            throw new IllegalArgumentException("split: '" + split + "' is not one of [train, test]");
        }
        return data.resolve("llmas").resolve("seedarchs").resolve(String.valueOf(seed)).resolve(task)
                .resolve(split + ".jsonl");
    }

    /** The seeds of the paper's train/test splits. */
    public static int[] seeds() {
        return new int[] {123, 456, 789};
    }

    /** {@code llmas/distill-pool} under the data folder. */
    public static Path distillPool(Path data) {
        return data.resolve("llmas").resolve("distill-pool");
    }

    /** {@code nats-bench/nats_bench.csv} under the data folder. */
    public static Path natsBench(Path data) {
        return data.resolve("nats-bench").resolve("nats_bench.csv");
    }
}
