package dev.llmnas.core.data;

import dev.llmnas.core.LlmnasException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The layout of the shared data folder (the one holding {@code llmas/}, {@code nats-bench/} and
 * {@code hat-latency/}). The library never guesses where that folder is: it reads no environment variable and
 * does not look at the working directory. The command line and the examples decide, and pass what they found
 * to {@link #locate(Path, String, Path)} or {@link #check(Path)}.
 */
public final class DataPaths {
    /**
     * The environment variable the command line and the examples read to find the data folder. Named here so
     * that every tool uses the same name; this class never reads it.
     */
    public static final String ENV = "LLMNAS_DATA";

    private DataPaths() {
    }

    /**
     * Checks that {@code folder} is a data folder.
     *
     * @param folder a folder given explicitly, e.g. by {@code --data}
     * @return {@code folder}
     * @throws LlmnasException when it is not a directory or holds neither {@code llmas/} nor {@code nats-bench/}
     */
    public static Path check(Path folder) {
        return check(Objects.requireNonNull(folder, "folder"), "data folder");
    }

    /**
     * The discovery rule of the command line and the examples, as a pure function of what the caller read: an
     * explicit path first, else the value of {@value #ENV} that the caller read, else {@code shared/data} in
     * {@code workingDirectory} or any of its ancestors (so {@code ../shared/data} beside a checkout is found from
     * the checkout and from its modules). An explicit or environment path must be a data folder.
     *
     * @param explicit         a path given by the user (e.g. {@code --data}), or {@code null}
     * @param environmentValue the value of {@value #ENV} as the caller read it, or {@code null}
     * @param workingDirectory the folder to start the upward search from, or {@code null} for no search
     * @return the data folder
     * @throws LlmnasException saying what was tried when no data folder is found
     */
    public static Path locate(Path explicit, String environmentValue, Path workingDirectory) {
        if (explicit != null) {
            return check(explicit, "--data");
        }
        if (environmentValue != null && !environmentValue.isBlank()) {
            return check(Path.of(environmentValue), ENV);
        }
        List<Path> searched = new ArrayList<>();
        for (Path dir = workingDirectory == null ? null : workingDirectory.toAbsolutePath(); dir != null;
             dir = dir.getParent()) {
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

    /**
     * {@code llmas/seedarchs/<seed>/<task>/<split>.jsonl} under the data folder.
     *
     * @param data  the data folder
     * @param seed  the seed that drew the split (the paper used 123, 456 and 789)
     * @param task  e.g. {@code wmt14ende}
     * @param split {@code train} or {@code test}
     * @return the file's path (not checked to exist)
     * @throws IllegalArgumentException when {@code split} is neither
     */
    public static Path seedArchs(Path data, int seed, String task, String split) {
        if (!"train".equals(split) && !"test".equals(split)) {
            throw new IllegalArgumentException("split: '" + split + "' is not one of [train, test]");
        }
        return data.resolve("llmas").resolve("seedarchs").resolve(String.valueOf(seed)).resolve(task)
                .resolve(split + ".jsonl");
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
