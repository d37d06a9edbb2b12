package dev.llmnas.study;

import dev.llmnas.core.PerformancePredictor;
import dev.llmnas.core.data.DataPaths;
import dev.llmnas.core.data.NatsBench;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.ServiceLoader;

/** Builds predictors from specifications through the {@link PredictorProvider}s on the class path. */
public final class PredictorSpecs {
    private PredictorSpecs() {
    }

    /**
     * @param spec a specification {@code scheme:rest}, e.g. {@code nats-bench:cifar10} or
     *             {@code http://gpu-7:8080/score}
     * @param data the data folder (for table predictors)
     * @return the predictor
     * @throws IllegalArgumentException when no provider knows the scheme (the known ones are named) or the
     *                                  provider refuses the specification
     */
    public static PerformancePredictor create(String spec, Path data) {
        if (spec == null || !spec.contains(":")) {
            throw new IllegalArgumentException("predictor '" + spec + "' must be scheme:rest, e.g. nats-bench:cifar10"
                    + " or http://host:port/score; known schemes: " + schemes());
        }
        String scheme = spec.substring(0, spec.indexOf(':')).toLowerCase(Locale.ROOT);
        for (PredictorProvider p : ServiceLoader.load(PredictorProvider.class, PredictorSpecs.class.getClassLoader())) {
            if (p.schemes().contains(scheme)) {
                return p.create(spec, data);
            }
        }
        throw new IllegalArgumentException("predictor '" + spec + "': no provider for scheme '" + scheme
                + "'; known schemes: " + schemes() + " (add yours through META-INF/services/"
                + PredictorProvider.class.getName() + ")");
    }

    /** @return every scheme the providers on the class path know */
    public static List<String> schemes() {
        List<String> all = new ArrayList<>();
        for (PredictorProvider p : ServiceLoader.load(PredictorProvider.class, PredictorSpecs.class.getClassLoader())) {
            all.addAll(p.schemes());
        }
        return all;
    }

    /** {@code nats-bench:<cifar10|cifar100|imagenet16>}: the NATS-Bench table's test accuracy, higher is better. */
    public static final class NatsBenchProvider implements PredictorProvider {
        @Override
        public List<String> schemes() {
            return List.of("nats-bench");
        }

        @Override
        public PerformancePredictor create(String spec, Path data) {
            String id = spec.substring(spec.indexOf(':') + 1);
            for (NatsBench.Dataset d : NatsBench.Dataset.values()) {
                if (d.id().equals(id)) {
                    Path file = DataPaths.natsBench(data);
                    // loaded per call: no JVM-wide cache outlives the caller (a study loads it at most twice)
                    return NatsBench.load(file).predictor(d);
                }
            }
            throw new IllegalArgumentException("predictor '" + spec + "': data set '" + id + "' is unknown; use"
                    + " nats-bench:cifar10, nats-bench:cifar100 or nats-bench:imagenet16");
        }
    }

    /** {@code http://...} or {@code https://...}: a scoring service, named {@code http}, higher is better. */
    public static final class HttpProvider implements PredictorProvider {
        @Override
        public List<String> schemes() {
            return List.of("http", "https");
        }

        @Override
        public PerformancePredictor create(String spec, Path data) {
            URI uri;
            try {
                uri = URI.create(spec);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("predictor '" + spec + "' is not a valid URL: " + e.getMessage(), e);
            }
            if (uri.getHost() == null) {
                throw new IllegalArgumentException("predictor '" + spec + "' has no host; use http://host:port/path");
            }
            return HttpPerformancePredictor.builder(uri).build();
        }
    }
}
