package dev.llmnas.core;

import dev.llmnas.core.data.DataPaths;
import dev.llmnas.core.data.NatsBench;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/**
 * The shared data sets, resolved once for every test that reads them. Without the data folder the first such
 * test fails with the folders searched and how to set {@code LLMNAS_DATA}; every later one is reported as
 * aborted (skipped), so a build without data shows one clear failure instead of dozens of class-init errors.
 */
public final class TestData {
    private static Path dir;
    private static LlmnasException missing;
    private static boolean reported;
    private static NatsBench natsBench;

    private TestData() {
    }

    /** The data folder ({@code LLMNAS_DATA}, else {@code shared/data} above the working directory). */
    public static synchronized Path dir() {
        if (dir != null) {
            return dir;
        }
        if (missing == null) {
            try {
                dir = DataPaths.locate(null, System.getenv(DataPaths.ENV), Path.of(""));
                return dir;
            } catch (LlmnasException e) {
                missing = e;
            }
        }
        if (!reported) {
            reported = true;
            throw new LlmnasException("tests that read the shared data sets cannot run: " + missing.getMessage()
                    + " (the other tests that need the data are skipped)", missing);
        }
        Assumptions.abort("shared data folder not found; see the one failing test for where it was looked for");
        throw new AssertionError("unreachable");
    }

    /** The NATS-Bench table, loaded once. */
    public static synchronized NatsBench natsBench() {
        if (natsBench == null) {
            natsBench = NatsBench.load(DataPaths.natsBench(dir()));
        }
        return natsBench;
    }
}
