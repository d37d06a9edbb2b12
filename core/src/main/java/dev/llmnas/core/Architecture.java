package dev.llmnas.core;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * An immutable, ordered assignment of values to named dimensions. A value is an {@link Integer}, a
 * {@link Double}, a {@link String} or an unmodifiable {@code List<Integer>} (per-layer dimensions).
 *
 * <p>Two architectures are equal when they hold equal values under equal names, whatever the order. The
 * {@link #key()} is a canonical string of the values in order; after {@link SearchSpace#canonicalize} it is
 * a stable identity for caching and deduplication.
 *
 * <p>JSON form: a plain object, {@code {"encoder-embed-dim":512,"encoder-ffn-embed-dim":[1024,2048]}}.
 */
public final class Architecture {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Map<String, Object> values;
    private final int hash;
    private String key;
    /**
     * The space this instance is known to be canonical in, by identity: a cache for
     * {@link AbstractPerformancePredictor}, like {@link #key}, never part of equality. Racy writes are harmless
     * (a reader that misses it canonicalizes again).
     */
    private SearchSpace canonicalIn;

    private Architecture(Map<String, Object> values) {
        this.values = values;
        this.hash = values.hashCode();
    }

    /**
     * Creates an architecture from name/value pairs, keeping their iteration order.
     *
     * @throws IllegalArgumentException naming the field when a name is blank or a value has an unsupported type
     */
    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public static Architecture of(Map<String, ?> values) {
        Objects.requireNonNull(values, "values");
        Map<String, Object> copy = new LinkedHashMap<>();
        for (Map.Entry<String, ?> e : values.entrySet()) {
            String name = e.getKey();
            if (name == null || name.isBlank()) {
                throw new IllegalArgumentException("architecture: dimension name '" + name + "' must not be blank");
            }
            copy.put(name, normalize(name, e.getValue()));
        }
        return new Architecture(Collections.unmodifiableMap(copy));
    }

    /** Starts an ordered builder. */
    public static Builder builder() {
        return new Builder();
    }

    private static Object normalize(String name, Object v) {
        if (v instanceof Integer || v instanceof String) {
            return v;
        }
        if (v instanceof Long || v instanceof Short || v instanceof Byte) {
            long l = ((Number) v).longValue();
            if (l < Integer.MIN_VALUE || l > Integer.MAX_VALUE) {
                throw new IllegalArgumentException(name + ": " + v + " is outside the int range");
            }
            return (int) l;
        }
        if (v instanceof Double || v instanceof Float) {
            double d = ((Number) v).doubleValue();
            if (!Double.isFinite(d)) {
                throw new IllegalArgumentException(name + ": " + v + " is not a finite number");
            }
            return d;
        }
        if (v instanceof List<?> list) {
            List<Integer> ints = new ArrayList<>(list.size());
            for (Object o : list) {
                if (o instanceof Integer i) {
                    ints.add(i);
                } else if (o instanceof Long || o instanceof Short || o instanceof Byte) {
                    ints.add((Integer) normalize(name, o));
                } else {
                    throw new IllegalArgumentException(name + ": list element " + o + " is not an integer;"
                            + " allowed values are integers, doubles, strings and lists of integers");
                }
            }
            return List.copyOf(ints);
        }
        throw new IllegalArgumentException(name + ": " + v + (v == null ? "" : " (" + v.getClass().getSimpleName() + ")")
                + " is not supported; allowed values are integers, doubles, strings and lists of integers");
    }

    /** The values in order, unmodifiable; the JSON form. */
    @JsonValue
    public Map<String, Object> values() {
        return values;
    }

    /** The dimension names in order. */
    public Set<String> names() {
        return values.keySet();
    }

    /** True when this architecture has a value for {@code name}. */
    public boolean has(String name) {
        return values.containsKey(name);
    }

    /** The raw value, or an exception naming the missing dimension. */
    public Object get(String name) {
        Object v = values.get(name);
        if (v == null) {
            throw new InvalidArchitectureException(name, name + ": missing; architecture has " + values.keySet());
        }
        return v;
    }

    /** The integer value of {@code name}, or an exception naming it and its actual value. */
    public int getInt(String name) {
        Object v = get(name);
        if (v instanceof Integer i) {
            return i;
        }
        throw new InvalidArchitectureException(name, name + ": " + render(v) + " is not an integer");
    }

    /** The numeric value of {@code name} (an integer widens), or an exception naming it and its value. */
    public double getDouble(String name) {
        Object v = get(name);
        if (v instanceof Number n) {
            return n.doubleValue();
        }
        throw new InvalidArchitectureException(name, name + ": " + render(v) + " is not a number");
    }

    /** The string value of {@code name}, or an exception naming it and its actual value. */
    public String getString(String name) {
        Object v = get(name);
        if (v instanceof String s) {
            return s;
        }
        throw new InvalidArchitectureException(name, name + ": " + render(v) + " is not a string");
    }

    /** The per-layer list of {@code name} (unmodifiable), or an exception naming it and its actual value. */
    @SuppressWarnings("unchecked")
    public List<Integer> getIntList(String name) {
        Object v = get(name);
        if (v instanceof List<?>) {
            return (List<Integer>) v;
        }
        throw new InvalidArchitectureException(name, name + ": " + render(v) + " is not a list of integers");
    }

    /** A copy with one value replaced (or appended when the name is new). */
    public Architecture with(String name, Object value) {
        Map<String, Object> copy = new LinkedHashMap<>(values);
        copy.put(name, value);
        return of(copy);
    }

    /**
     * Canonical string of the values in order, e.g. {@code encoder-embed-dim=512;encoder-ffn-embed-dim=[1024,2048]}.
     * Stable across runs and JVMs; use it (after {@link SearchSpace#canonicalize}) as a cache key.
     */
    public String key() {
        String k = key;
        if (k == null) {
            StringBuilder sb = new StringBuilder(64);
            for (Map.Entry<String, Object> e : values.entrySet()) {
                if (sb.length() > 0) {
                    sb.append(';');
                }
                sb.append(e.getKey()).append('=').append(render(e.getValue()));
            }
            k = sb.toString();
            key = k;
        }
        return k;
    }

    /** True when this instance is known to be canonical in {@code space} (the same instance). */
    boolean isCanonicalIn(SearchSpace space) {
        return canonicalIn == space;
    }

    /** Records that this instance is canonical in {@code space}. */
    void markCanonicalIn(SearchSpace space) {
        canonicalIn = space;
    }

    /** Renders a value the way {@link #key()} does: lists as {@code [a,b]} without spaces. */
    public static String render(Object v) {
        if (v instanceof List<?> list) {
            StringBuilder sb = new StringBuilder("[");
            for (int i = 0; i < list.size(); i++) {
                if (i > 0) {
                    sb.append(',');
                }
                sb.append(list.get(i));
            }
            return sb.append(']').toString();
        }
        return String.valueOf(v);
    }

    /** JSON object text of this architecture. */
    public String toJson() {
        try {
            return JSON.writeValueAsString(values);
        } catch (JsonProcessingException e) {
            throw new LlmnasException("cannot write architecture " + key() + " as JSON", e);
        }
    }

    /** Parses the JSON object form written by {@link #toJson()}. */
    public static Architecture fromJson(String json) {
        if (json == null) {
            throw new IllegalArgumentException("architecture JSON: null");
        }
        try {
            Architecture a = JSON.readValue(json, Architecture.class);
            if (a == null) {
                throw new IllegalArgumentException("architecture JSON: '" + json + "' is not an object");
            }
            return a;
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("architecture JSON: " + e.getOriginalMessage(), e);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Architecture other && hash == other.hash && values.equals(other.values);
    }

    @Override
    public int hashCode() {
        return hash;
    }

    @Override
    public String toString() {
        return key();
    }

    /** Ordered builder of an {@link Architecture}. */
    public static final class Builder {
        private final Map<String, Object> values = new LinkedHashMap<>();

        private Builder() {
        }

        /** Sets a value (integer, double, string or list of integers), keeping first-put order. */
        public Builder put(String name, Object value) {
            values.put(name, value);
            return this;
        }

        /** The architecture; values are checked as by {@link Architecture#of}. */
        public Architecture build() {
            return of(values);
        }
    }
}
