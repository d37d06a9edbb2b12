package dev.llmnas.examples.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.llmnas.core.LlmnasException;
import dev.llmnas.core.data.HatLatencyData;
import dev.llmnas.core.metrics.MeanStd;
import dev.llmnas.predictors.latency.HatMlp;
import dev.llmnas.predictors.latency.LatencyEvaluation;
import dev.llmnas.predictors.latency.LatencyEvaluation.Model;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code llmnas latency-predictors}: HAT's latency predictor protocol on HAT's measured latency sets, for our
 * predictor and the baselines. See {@link LatencyEvaluation}.
 */
@Command(name = "latency-predictors", header = "Latency predictors on HAT's measured data, HAT's protocol.",
        mixinStandardHelpOptions = true, sortOptions = false,
        description = {"On each of HAT's 7 measured latency sets (2,000 SubTransformers per task and device):",
                "shuffle with a seed, train on 80%%, tune on 10%%, test on 10%%; RMSE (ms) and mean absolute",
                "percentage deviation (MAPD) of the total latency on the test part, mean (std) over the shuffles.",
                "Models: products-ridge (ours, the latency-<device> metric: ridge or Huber on work-like products,",
                "chosen on validation), products-ridge-only (ridge only), linear-10 (least squares on the 10",
                "HAT features), xgboost (trees on the features and products), hat-mlp (HAT's MLP re-implemented:",
                "3 x 400 ReLU, Adam 1e-5, 5,000 steps of 128). Also prints each set's measurement noise: the mean",
                "of the measured std over the measured total latency."})
final class LatencyPredictorsCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final double SLOW = 0.10;
    private static final int SLOW_BLOCK = 200;

    @Option(names = "--json", paramLabel = "OUT",
            description = "also write a JSON list, one object per set: task, device, rmse_ms_mean, rmse_ms_std,"
                    + " mapd_mean, mapd_std (ours), measurement_noise and every model's figures")
    Path json;

    @Option(names = "--seed", defaultValue = "1", paramLabel = "N",
            description = "seed of the first shuffle; shuffle k uses seed + k (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--shuffles", defaultValue = "3", paramLabel = "N",
            description = "shuffles per set (default: ${DEFAULT-VALUE}, as the issue's protocol)")
    int shuffles;

    @Option(names = "--sets", split = ",", paramLabel = "TASK/DEVICE",
            description = "sets to run, e.g. wmt14ende/titanxp (default: all 7)")
    List<String> sets;

    @Option(names = "--models", split = ",", paramLabel = "MODEL",
            description = "models to run among products-ridge, products-ridge-only, linear-10, xgboost, hat-mlp (default: all)")
    List<String> models;

    @Option(names = "--hat-mlp-steps", defaultValue = "5000", paramLabel = "N",
            description = "training steps of HAT's MLP (default: ${DEFAULT-VALUE}, HAT's own)")
    int hatMlpSteps;

    @Option(names = "--hat-mlp-hidden-layers", defaultValue = "3", paramLabel = "N",
            description = "hidden layers of 400 of HAT's MLP (default: ${DEFAULT-VALUE}, the protocol's; HAT's code"
                    + " has 4: a first layer, then hidden_layer_num = 3 more)")
    int hatMlpHiddenLayers;

    @Mixin
    ProgressOption progress = new ProgressOption();

    @Option(names = "--threads", paramLabel = "N",
            description = "fits run in parallel on this many threads (default: the available processors)")
    Integer threads;

    @Mixin
    DataOption data;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (shuffles < 1 || shuffles > 100) {
            throw new IllegalArgumentException("--shuffles: " + shuffles + " is not in [1, 100]");
        }
        if (hatMlpHiddenLayers < 1 || hatMlpHiddenLayers > 8) {
            throw new IllegalArgumentException("--hat-mlp-hidden-layers: " + hatMlpHiddenLayers + " is not in [1, 8]");
        }
        if (hatMlpSteps < 1) {
            throw new IllegalArgumentException("--hat-mlp-steps: " + hatMlpSteps + " must be at least 1");
        }
        int nThreads = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
        if (nThreads < 1 || nThreads > 256) {
            throw new IllegalArgumentException("--threads: " + nThreads + " is not in [1, 256]");
        }
        List<HatLatencyData.DataSet> chosen = sets == null ? HatLatencyData.sets()
                : sets.stream().map(LatencyPredictorsCommand::parseSet).distinct().toList();
        List<Model> chosenModels = models == null ? Arrays.asList(Model.values())
                : models.stream().map(m -> {
                    try {
                        return Model.of(m);
                    } catch (IllegalArgumentException e) {
                        throw new IllegalArgumentException("--models: " + e.getMessage());
                    }
                }).distinct().toList();
        if (json != null) {
            OutputPaths.refuseInside(json, "--json", data.guarded());
            OutputPaths.writableFile(json, "--json");
        }
        Path dataDir = data.resolve();
        List<HatLatencyData> loaded = new ArrayList<>();
        for (HatLatencyData.DataSet s : chosen) {
            loaded.add(HatLatencyData.load(s.file(dataDir), s));
        }
        long started = System.nanoTime();
        Map<String, Future<LatencyEvaluation.Score>> futures = new LinkedHashMap<>();
        ExecutorService pool = Executors.newFixedThreadPool(nThreads, r -> {
            Thread t = new Thread(r, "latency-predictors");
            t.setDaemon(true);
            return t;
        });
        try {
            // the long HAT MLP fits first, so that the short ones fill the gaps at the end
            List<Model> order = new ArrayList<>(chosenModels);
            order.sort((a, b) -> Boolean.compare(b == Model.HAT_MLP, a == Model.HAT_MLP));
            for (Model m : order) {
                for (HatLatencyData d : loaded) {
                    for (int k = 0; k < shuffles; k++) {
                        long s = seed + k;
                        futures.put(key(d.set(), m, k), pool.submit(() -> LatencyEvaluation.evaluate(d, s, m, hatMlpSteps,
                                hatMlpHiddenLayers)));
                    }
                }
            }
            List<Map<String, Object>> report = new ArrayList<>();
            PrintWriter out = spec.commandLine().getOut();
            out.printf(Locale.ROOT, "HAT's protocol: shuffle (seeds %d..%d), 80%% train / 10%% valid / 10%% test;"
                    + " test RMSE (ms) and MAPD, mean (std) over %d shuffles%n", seed, seed + shuffles - 1, shuffles);
            out.printf(Locale.ROOT, "%-21s %8s %7s  %-15s %-17s %-13s %-9s %s%n", "set", "mean ms", "noise", "model",
                    "test RMSE ms", "test MAPD %", "MdAPD %", "valid RMSE ms");
            for (HatLatencyData d : loaded) {
                double meanMs = d.rows().stream().mapToDouble(HatLatencyData.Row::totalMs).average().orElseThrow();
                Map<String, Object> entry = new LinkedHashMap<>();
                entry.put("task", d.set().task());
                entry.put("device", d.set().device().id());
                entry.put("file", d.file().getFileName().toString());
                entry.put("rows", d.size());
                entry.put("mean_latency_ms", meanMs);
                entry.put("measurement_noise", d.measurementNoise());
                entry.put("seeds", java.util.stream.LongStream.range(seed, seed + shuffles).boxed().toList());
                Map<String, Object> byModel = new LinkedHashMap<>();
                boolean first = true;
                for (Model m : chosenModels) {
                    double[] rmse = new double[shuffles];
                    double[] mapd = new double[shuffles];
                    double[] valid = new double[shuffles];
                    double[] mdapd = new double[shuffles];
                    double seconds = 0;
                    for (int k = 0; k < shuffles; k++) {
                        LatencyEvaluation.Score s = get(futures.get(key(d.set(), m, k)));
                        rmse[k] = s.testRmseMs();
                        mapd[k] = s.testMapd();
                        valid[k] = s.validRmseMs();
                        mdapd[k] = s.testMdapd();
                        seconds += s.seconds();
                    }
                    MeanStd r = MeanStd.of(rmse);
                    MeanStd p = MeanStd.of(mapd);
                    MeanStd v = MeanStd.of(valid);
                    Map<String, Object> fig = new LinkedHashMap<>();
                    fig.put("rmse_ms_mean", r.mean());
                    fig.put("rmse_ms_std", r.std());
                    fig.put("mapd_mean", p.mean());
                    fig.put("mapd_std", p.std());
                    fig.put("mdapd_mean", MeanStd.of(mdapd).mean());
                    fig.put("valid_rmse_ms_mean", v.mean());
                    fig.put("fit_seconds_total", seconds);
                    byModel.put(m.id(), fig);
                    if (m == Model.PRODUCTS_RIDGE) {
                        entry.put("model", m.id());
                        entry.put("rmse_ms_mean", r.mean());
                        entry.put("rmse_ms_std", r.std());
                        entry.put("mapd_mean", p.mean());
                        entry.put("mapd_std", p.std());
                    }
                    out.printf(Locale.ROOT, "%-21s %8s %7s  %-15s %-17s %-13s %-9.2f %.2f%n",
                            first ? d.set().toString() : "", first ? String.format(Locale.ROOT, "%.1f", meanMs) : "",
                            first ? String.format(Locale.ROOT, "%.2f%%", 100 * d.measurementNoise()) : "", m.id(),
                            String.format(Locale.ROOT, "%.2f (%.2f)", r.mean(), r.std()),
                            String.format(Locale.ROOT, "%.2f (%.2f)", 100 * p.mean(), 100 * p.std()),
                            100 * MeanStd.of(mdapd).mean(), v.mean());
                    first = false;
                }
                entry.put("models", byModel);
                int[] slow = LatencyEvaluation.slowRowsPerBlock(d, SLOW, SLOW_BLOCK);
                entry.put("rows_10pct_slower_per_200", slow);
                out.printf(Locale.ROOT, "%-21s rows measured >10%% slower than a fit on all rows, per 200 rows of the"
                        + " file: %s%n", "", Arrays.toString(slow));
                report.add(entry);
            }
            if (chosenModels.contains(Model.HAT_MLP)) {
                out.printf(Locale.ROOT, "hat-mlp: %d hidden layers of %d, %d steps of %d, Adam lr %.0e%n",
                        hatMlpHiddenLayers, HatMlp.HIDDEN, hatMlpSteps, HatMlp.BATCH, HatMlp.LEARNING_RATE);
            }
            out.printf(Locale.ROOT, "MdAPD: median absolute percentage deviation; wall time %.0f s on %d threads%n",
                    (System.nanoTime() - started) / 1e9, nThreads);
            if (json != null) {
                try {
                    Path parent = json.toAbsolutePath().getParent();
                    if (parent != null) {
                        Files.createDirectories(parent);
                    }
                    JSON.writeValue(json.toFile(), report);
                } catch (IOException e) {
                    throw new LlmnasException("--json: cannot write " + json + ": " + OutputPaths.reason(e), e);
                }
                out.println("wrote " + json);
            }
            out.flush();
            return 0;
        } finally {
            pool.shutdownNow();
        }
    }

    private static String key(HatLatencyData.DataSet set, Model model, int shuffle) {
        return set + "|" + model.id() + "|" + shuffle;
    }

    private static LatencyEvaluation.Score get(Future<LatencyEvaluation.Score> f) throws Exception {
        try {
            return f.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Exception ex) {
                throw ex;
            }
            throw e;
        }
    }

    static HatLatencyData.DataSet parseSet(String text) {
        String[] parts = text.trim().split("/", -1);
        if (parts.length != 2) {
            throw new IllegalArgumentException("--sets: '" + text + "' is not TASK/DEVICE; sets: " + HatLatencyData.sets());
        }
        try {
            return HatLatencyData.set(parts[0], HatLatencyData.Device.of(parts[1]));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--sets: " + e.getMessage());
        }
    }
}
