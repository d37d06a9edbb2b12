package dev.llmnas.core;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The default implementations behind {@link SearchSpace#fingerprint()} and {@link SearchSpace#neighbours}. */
final class SpaceDefinitions {
    static final String HEADER = "llmnas-space-definition v1";

    private SpaceDefinitions() {
    }

    static String canonicalDescription(SearchSpace space) {
        StringBuilder b = new StringBuilder(HEADER).append('\n');
        for (Dimension d : space.dimensions()) {
            b.append("dimension ").append(quote(d.name())).append(' ').append(d.kind())
                    .append(" depth=").append(d.depth() == null ? "-" : quote(d.depth()))
                    .append(" maxLength=").append(d.maxLength()).append(" choices=[");
            for (int i = 0; i < d.choices().size(); i++) {
                b.append(i == 0 ? "" : ",").append(choice(d.choices().get(i)));
            }
            b.append("]\n");
        }
        b.append("metrics [");
        List<String> metrics = space.metricNames();
        for (int i = 0; i < metrics.size(); i++) {
            b.append(i == 0 ? "" : ",").append(quote(metrics.get(i)));
        }
        return b.append("]\n").toString();
    }

    static String sha256Hex(String text) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(digest.digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            // every Java platform must provide SHA-256
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }

    /** A typed, locale- and JDK-independent form: {@code i:3}, {@code d:0x1.0p-1}, {@code s:"relu"}. */
    private static String choice(Object c) {
        if (c instanceof Integer i) {
            return "i:" + i;
        }
        if (c instanceof Double d) {
            return "d:" + Double.toHexString(d);
        }
        return "s:" + quote(String.valueOf(c));
    }

    private static String quote(String s) {
        StringBuilder b = new StringBuilder(s.length() + 2).append('"');
        for (char ch : s.toCharArray()) {
            if (ch == '"' || ch == '\\') {
                b.append('\\').append(ch);
            } else if (ch < 0x20) {
                b.append(String.format("\\u%04x", (int) ch));
            } else {
                b.append(ch);
            }
        }
        return b.append('"').toString();
    }

    /** Choices in the order a one-step move follows: numbers by value, strings as declared. */
    static List<Object> ordered(Dimension d) {
        List<Object> order = new ArrayList<>(d.choices());
        if (d.isNumeric()) {
            order.sort(Comparator.comparingDouble(c -> ((Number) c).doubleValue()));
        }
        return order;
    }

    /** The values one step from {@code value}: the adjacent numbers, or every other string choice. */
    static List<Object> steps(Dimension d, List<Object> ordered, Object value) {
        int at = ordered.indexOf(value);
        List<Object> out = new ArrayList<>(2);
        if (!d.isNumeric()) {
            for (Object c : ordered) {
                if (!c.equals(value)) {
                    out.add(c);
                }
            }
            return out;
        }
        if (at > 0) {
            out.add(ordered.get(at - 1));
        }
        if (at >= 0 && at < ordered.size() - 1) {
            out.add(ordered.get(at + 1));
        }
        return out;
    }

    static List<Architecture> neighbours(SearchSpace space, Architecture architecture) {
        Architecture c = space.canonicalize(architecture);
        List<Dimension> dims = space.dimensions();
        List<Architecture> out = new ArrayList<>();
        for (Dimension d : dims) {
            List<Object> order = ordered(d);
            Object v = c.values().get(d.name());
            if (d.kind() == Dimension.Kind.PER_LAYER) {
                List<?> layers = (List<?>) v;
                for (int l = 0; l < layers.size(); l++) {
                    for (Object s : steps(d, order, layers.get(l))) {
                        List<Object> copy = new ArrayList<>(layers);
                        copy.set(l, s);
                        add(space, c.with(d.name(), copy), out);
                    }
                }
                continue;
            }
            for (Object s : steps(d, order, v)) {
                Map<String, Object> m = new LinkedHashMap<>(c.values());
                m.put(d.name(), s);
                // a deeper architecture needs values for its new layers: repeat each list's last value
                for (Dimension p : dims) {
                    if (p.kind() == Dimension.Kind.PER_LAYER && d.name().equals(p.depth()) && s instanceof Integer n) {
                        List<Object> list = new ArrayList<>((List<?>) m.get(p.name()));
                        Object fill = list.isEmpty() ? ordered(p).get(0) : list.get(list.size() - 1);
                        while (list.size() < n) {
                            list.add(fill);
                        }
                        m.put(p.name(), list);
                    }
                }
                add(space, Architecture.of(m), out);
            }
        }
        return out;
    }

    private static void add(SearchSpace space, Architecture candidate, List<Architecture> out) {
        try {
            out.add(space.canonicalize(candidate));
        } catch (InvalidArchitectureException e) {
            // a step the space does not allow (e.g. a custom space's extra rules) is simply not a neighbour
        }
    }
}
