package dev.llmnas.core;

import java.util.List;
import java.util.Objects;

/**
 * One searchable hyperparameter.
 *
 * @param name       the dimension's name, e.g. {@code encoder-embed-dim}
 * @param kind       categorical, integer (an ordered range) or per-layer (a list, one value per active layer)
 * @param choices    the allowed values (for {@code PER_LAYER}, the values allowed for each layer)
 * @param depth      for {@code PER_LAYER}: the name of the integer dimension that sets the active length, or
 *                   {@code null} when the length is always {@code maxLength}; {@code null} otherwise
 * @param maxLength  for {@code PER_LAYER}: the largest number of layers; 1 otherwise
 * @param definition the hyperparameter's meaning in words (LLM prompts quote it)
 */
public record Dimension(String name, Kind kind, List<Object> choices, String depth, int maxLength, String definition) {

    /** The shape of a dimension's value. */
    public enum Kind {
        /** One of an unordered set of values (strings or numbers). */
        CATEGORICAL,
        /** One integer of an ordered range; mutation and encoding treat it as a number. */
        INTEGER,
        /** A list of integers, one per active layer, each from {@link #choices()}. */
        PER_LAYER
    }

    public Dimension {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("dimension name: '" + name + "' must not be blank");
        }
        Objects.requireNonNull(kind, "kind");
        if (choices == null || choices.isEmpty()) {
            throw new IllegalArgumentException(name + ": choices must not be empty");
        }
        choices = List.copyOf(choices);
        for (Object c : choices) {
            boolean ok = c instanceof Integer || c instanceof String || c instanceof Double;
            if (!ok || (kind != Kind.CATEGORICAL && !(c instanceof Integer))) {
                throw new IllegalArgumentException(name + ": choice " + c + " is not allowed; " + kind
                        + " dimensions take " + (kind == Kind.CATEGORICAL ? "integers, doubles or strings" : "integers"));
            }
        }
        if (choices.stream().distinct().count() != choices.size()) {
            throw new IllegalArgumentException(name + ": choices " + choices + " contain duplicates");
        }
        if (kind == Kind.PER_LAYER) {
            if (maxLength < 1) {
                throw new IllegalArgumentException(name + ": maxLength " + maxLength + " must be at least 1");
            }
        } else {
            if (depth != null) {
                throw new IllegalArgumentException(name + ": only PER_LAYER dimensions have a depth dimension");
            }
            maxLength = 1;
        }
        definition = definition == null ? "" : definition;
    }

    /** True when {@code value} is one of the choices (for per-layer dimensions, a choice of one layer). */
    public boolean allows(Object value) {
        return choices.contains(value);
    }

    /** Smallest numeric choice (0 when the choices are not numbers). */
    public double minNumeric() {
        return choices.stream().filter(Number.class::isInstance).mapToDouble(c -> ((Number) c).doubleValue()).min().orElse(0);
    }

    /** Largest numeric choice (1 when the choices are not numbers). */
    public double maxNumeric() {
        return choices.stream().filter(Number.class::isInstance).mapToDouble(c -> ((Number) c).doubleValue()).max().orElse(1);
    }

    /** True when every choice is a number. */
    public boolean isNumeric() {
        return choices.stream().allMatch(Number.class::isInstance);
    }
}
