package dev.llmnas.core;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Where a model or a predictor came from, as a tree: a kind, its settings by name, and the provenance of what
 * it was built from (a distilled model nests its teacher's, an LLM predictor its demonstrations), in the manner
 * of Tribuo's provenance. Typed records implement it ({@code DistillationProvenance}, {@code LatencyProvenance},
 * {@code LlmProvenance}); {@link Recorded} is the plain form a provenance takes when it is nested in another and
 * saved, so that a saved model can be read without the module that made its teacher.
 */
public interface Provenance {
    /**
     * What made the object, e.g. {@code llm-pp}, {@code xgboost-distilled}, {@code latency-model}.
     *
     * @return a short stable name
     */
    String kind();

    /**
     * Its settings and facts by stable snake_case name, e.g. {@code model}, {@code temperature}.
     *
     * @return an unmodifiable map in a stable order
     */
    Map<String, String> values();

    /**
     * The provenance of what it was built from, by role, e.g. {@code teacher}.
     *
     * @return an unmodifiable map, empty when it was built from nothing that has a provenance
     */
    Map<String, ? extends Provenance> nested();

    /**
     * This provenance as a plain {@link Recorded} tree (equal trees for equal provenance).
     *
     * @return the tree
     */
    default Recorded recorded() {
        Map<String, Recorded> children = new LinkedHashMap<>();
        nested().forEach((role, p) -> children.put(role, p.recorded()));
        return new Recorded(kind(), values(), children);
    }

    /** A predictor or model that can say where it came from. */
    interface Source {
        /**
         * Where this object came from.
         *
         * @return its provenance
         */
        Provenance provenance();
    }

    /**
     * The hex SHA-256 of lines joined by {@code \n} (UTF-8): a short, stable fingerprint of a pool of
     * architectures (their keys) or of labels ({@code key<TAB>score}), so two models can be told to have
     * learned the same data.
     *
     * @param lines the lines, in order
     * @return 64 lower-case hex digits
     */
    static String sha256(List<String> lines) {
        Objects.requireNonNull(lines, "lines");
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
        for (int i = 0; i < lines.size(); i++) {
            if (i > 0) {
                digest.update((byte) '\n');
            }
            digest.update(lines.get(i).getBytes(StandardCharsets.UTF_8));
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    /**
     * A provenance as plain values: what any provenance becomes when nested and saved.
     *
     * @param kind   what made the object, not blank
     * @param values settings and facts by name; order kept
     * @param nested provenance of what it was built from, by role; order kept
     */
    record Recorded(String kind, Map<String, String> values, Map<String, Recorded> nested) implements Provenance {
        public Recorded {
            if (kind == null || kind.isBlank()) {
                throw new IllegalArgumentException("kind: '" + kind + "' must not be blank");
            }
            values = ordered("values", values);
            nested = ordered("nested", nested);
        }

        /**
         * A leaf: a provenance with values and nothing nested.
         *
         * @param kind   what made the object
         * @param values its settings by name
         * @return the provenance
         */
        public static Recorded of(String kind, Map<String, String> values) {
            return new Recorded(kind, values, Map.of());
        }

        @Override
        public Recorded recorded() {
            return this;
        }

        private static <V> Map<String, V> ordered(String field, Map<String, V> map) {
            if (map == null) {
                return Map.of();
            }
            map.forEach((k, v) -> {
                if (k == null || v == null) {
                    throw new IllegalArgumentException(field + ": null name or value in " + map);
                }
            });
            return Collections.unmodifiableMap(new LinkedHashMap<>(map));
        }
    }
}
