package dev.llmnas.predictors;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/**
 * Library versions recorded in model provenance, read once from resources built into the jars. The llmnas
 * version comes from the one source all modules share, {@link dev.llmnas.core.LlmnasVersion}.
 */
final class Versions {
    static final String LLMNAS = dev.llmnas.core.LlmnasVersion.get();
    static final String XGBOOST = read(ml.dmlc.xgboost4j.java.XGBoost.class, "/xgboost4j-version.properties", "version");

    private Versions() {
    }

    private static String read(Class<?> anchor, String resource, String key) {
        try (InputStream in = anchor.getResourceAsStream(resource)) {
            if (in == null) {
                return "unknown";
            }
            Properties p = new Properties();
            p.load(in);
            String v = p.getProperty(key, "unknown").trim();
            // an unfiltered resource (running from an IDE without Maven) still says ${...}
            return v.isEmpty() || v.startsWith("${") ? "unknown" : v;
        } catch (IOException e) {
            return "unknown";
        }
    }
}
