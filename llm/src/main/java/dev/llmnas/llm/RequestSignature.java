package dev.llmnas.llm;

import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Every request parameter that can change an LLM's answer, for cache keys: provider, model, temperature and
 * the rest (max tokens, top-p, top-k, penalties, stop sequences, response format, ...) as name-value pairs.
 *
 * @param provider    provider identifier, e.g. {@code openai}
 * @param model       model name
 * @param temperature sampling temperature, or {@code null} for the provider's default
 * @param extras      further parameters that were set, by name (sorted; {@code null} values dropped)
 */
public record RequestSignature(String provider, String model, Double temperature, Map<String, String> extras) {
    public RequestSignature {
        if (provider == null || provider.isBlank()) {
            throw new IllegalArgumentException("provider: '" + provider + "' must not be blank");
        }
        if (model == null || model.isBlank()) {
            throw new IllegalArgumentException("model: '" + model + "' must not be blank");
        }
        TreeMap<String, String> e = new TreeMap<>();
        Objects.requireNonNull(extras, "extras").forEach((k, v) -> {
            if (v != null) {
                e.put(Objects.requireNonNull(k, "extras key"), v);
            }
        });
        extras = java.util.Collections.unmodifiableMap(e);
    }

    /** A signature with no further parameters. */
    public static RequestSignature of(String provider, String model, Double temperature) {
        return new RequestSignature(provider, model, temperature, Map.of());
    }

    /** This signature with one more parameter ({@code null} value: removed). */
    public RequestSignature with(String name, Object value) {
        TreeMap<String, String> e = new TreeMap<>(extras);
        if (value == null) {
            e.remove(name);
        } else {
            e.put(name, String.valueOf(value));
        }
        return new RequestSignature(provider, model, temperature, e);
    }

    /** The further parameters as one line ({@code name=value} joined by NUL); empty when there are none. */
    String canonicalExtras() {
        StringBuilder sb = new StringBuilder();
        extras.forEach((k, v) -> sb.append(sb.length() == 0 ? "" : "\u0000").append(k).append('=').append(v));
        return sb.toString();
    }
}
