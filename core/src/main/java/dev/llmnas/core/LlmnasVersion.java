package dev.llmnas.core;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/**
 * The library's version, the one source every module records in provenance and prints: a resource that the
 * build writes into the core jar ({@code dev/llmnas/core/version.properties}). Immutable; read once.
 */
public final class LlmnasVersion {
    private static final String VERSION = read();

    private LlmnasVersion() {
    }

    /**
     * The version, e.g. {@code 0.1.0-SNAPSHOT}.
     *
     * @return the version the build recorded, or {@code unknown} when the classes were not built by Maven
     *         (e.g. compiled by an IDE without resource filtering)
     */
    public static String get() {
        return VERSION;
    }

    private static String read() {
        try (InputStream in = LlmnasVersion.class.getResourceAsStream("/dev/llmnas/core/version.properties")) {
            if (in == null) {
                return "unknown";
            }
            Properties p = new Properties();
            p.load(in);
            String v = p.getProperty("llmnas.version", "unknown").trim();
            // an unfiltered resource still says ${...}
            return v.isEmpty() || v.startsWith("${") ? "unknown" : v;
        } catch (IOException e) {
            return "unknown";
        }
    }
}
