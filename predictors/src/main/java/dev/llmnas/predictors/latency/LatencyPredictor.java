package dev.llmnas.predictors.latency;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.llmnas.core.AbstractPerformancePredictor;
import dev.llmnas.core.Architecture;
import dev.llmnas.core.DataFormatException;
import dev.llmnas.core.Direction;
import dev.llmnas.core.LlmnasException;
import dev.llmnas.core.PredictionException;
import dev.llmnas.core.SearchSpace;
import dev.llmnas.core.data.HatLatencyData;
import dev.llmnas.core.spaces.HatSpaces;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;
import java.util.function.ToDoubleFunction;

/**
 * Predicted total latency (encoder plus decoder, milliseconds) of a HAT SubTransformer on one device, learned
 * from HAT's measurements of that task and device: a linear model on work-like products of HAT's 10 features
 * ({@link LatencyFeatures#products}). The fit is chosen on the validation part of HAT's 80/10/10 split among
 * ridge regressions (penalties 0, 1e-6, ..., 1e-2) and a Huber regression rescaled to the training mean
 * ({@link LinearModel#fitHuber}), which keeps rows measured in a slow stretch of the file from bending the fit.
 * Why this model: among the candidates the {@code latency-predictors} command measures (a linear fit on the 10
 * features, XGBoost trees, HAT's MLP) it has the lowest mean validation RMSE of the fast models on all 7 of HAT's
 * sets, and a lower validation RMSE than HAT's MLP on all 7 seed-1 splits (see {@code benchmarks/README-latency.md}).
 *
 * <p>Its {@link #name()} is the metric name {@code latency-<device>} (e.g. {@code latency-titanxp}); add it to a
 * space with {@link #addTo(SearchSpace)} so that constraints ({@code latency-titanxp <= 150}) and reports see it.
 * Lower is better. Carries {@link LatencyProvenance} (file, device, rows, model, test error); {@link #save} and
 * {@link #load} as the distilled predictor does. Immutable and thread-safe.
 */
public final class LatencyPredictor extends AbstractPerformancePredictor implements ToDoubleFunction<Architecture>,
        dev.llmnas.core.Provenance.Source {
    /** File name of the model inside a saved directory. */
    public static final String MODEL_FILE = "latency-model.json";
    /** File name of the provenance inside a saved directory. */
    public static final String PROVENANCE_FILE = "provenance.json";
    /** Ridge penalties tried on the validation rows. */
    static final double[] LAMBDAS = {0, 1e-6, 1e-5, 1e-4, 1e-3, 1e-2};
    /** Huber threshold of the robust candidate, in robust standard deviations (the usual 95%-efficiency value). */
    static final double HUBER_C = 1.345;
    /** Ridge penalty of the robust candidate. */
    static final double HUBER_LAMBDA = 1e-6;
    /** Reweighting passes of the robust candidate. */
    static final int HUBER_ITERATIONS = 30;
    /** Description of the model, recorded in the provenance (followed by the candidate chosen). */
    static final String MODEL = "linear model on " + LatencyFeatures.PRODUCT_NAMES.size()
            + " products of HAT's features, the fit chosen on the validation rows among ridge penalties "
            + java.util.Arrays.toString(LAMBDAS) + " and a Huber fit rescaled to the training mean";

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private final SearchSpace space;
    private final LinearModel model;
    private final LatencyProvenance provenance;

    LatencyPredictor(SearchSpace space, LinearModel model, LatencyProvenance provenance) {
        super(Objects.requireNonNull(space, "space"));
        this.space = space;
        this.model = Objects.requireNonNull(model, "model");
        this.provenance = Objects.requireNonNull(provenance, "provenance");
        if (!space.name().equals(provenance.space())) {
            throw new IllegalArgumentException("space: the latency model was trained for '" + provenance.space()
                    + "' but space '" + space.name() + "' was given");
        }
        if (!model.featureNames().equals(LatencyFeatures.PRODUCT_NAMES)
                || !provenance.featureNames().equals(LatencyFeatures.PRODUCT_NAMES)) {
            throw new IllegalArgumentException("features: the model reads " + model.featureNames()
                    + " but this release computes " + LatencyFeatures.PRODUCT_NAMES);
        }
    }

    /** {@code latency-<device>}, e.g. {@code latency-titanxp}. */
    public static String metricName(HatLatencyData.Device device) {
        return "latency-" + device.id();
    }

    /**
     * Trains on one measured set with HAT's protocol: the rows shuffled with {@code seed}, the first 80% fit
     * the model, the next 10% choose the ridge penalty, the last 10% measure the error recorded in the
     * provenance. Takes well under a second.
     *
     * @param data the measurements of one task and device
     * @param seed seed of the shuffle
     * @return a predictor for the space of the data's task ({@link HatSpaces#forTask})
     */
    public static LatencyPredictor train(HatLatencyData data, long seed) {
        HatLatencyData.Split split = data.split(seed);
        Fitted fitted = fit(split.train(), split.valid());
        double[] test = errors(fitted.model(), split.test());
        SearchSpace space = HatSpaces.forTask(data.set().task());
        LatencyProvenance provenance = new LatencyProvenance(LatencyProvenance.FORMAT_VERSION,
                metricName(data.set().device()), data.set().task(), data.set().device().id(), space.name(),
                data.file().getFileName().toString(), data.size(), MODEL + "; chosen: " + fitted.chosen(),
                LatencyFeatures.PRODUCT_NAMES, seed,
                split.train().size(), split.valid().size(), split.test().size(), fitted.validRmse(), test[0],
                test[1], data.measurementNoise(), version(), Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
        return new LatencyPredictor(space, fitted.model(), provenance);
    }

    /** A fitted model, its validation RMSE and which candidate it is, in words. */
    record Fitted(LinearModel model, double validRmse, String chosen) {
    }

    /**
     * Fits the candidates on {@code train} and keeps the one with the lowest RMSE on {@code valid}: ridge
     * regression with each penalty of {@link #LAMBDAS}, and (unless {@code ridgeOnly}) the Huber regression of
     * {@link LinearModel#fitHuber} (threshold {@value #HUBER_C}, penalty {@value #HUBER_LAMBDA}, rescaled to the
     * training mean). With no validation rows, the least-squares fit.
     */
    static Fitted fit(List<HatLatencyData.Row> train, List<HatLatencyData.Row> valid, boolean ridgeOnly) {
        double[][] x = products(train);
        double[] y = train.stream().mapToDouble(HatLatencyData.Row::totalMs).toArray();
        Fitted best = null;
        for (double lambda : LAMBDAS) {
            LinearModel m = LinearModel.fit(LatencyFeatures.PRODUCT_NAMES, x, y, lambda);
            double rmse = valid.isEmpty() ? Double.NaN : errors(m, valid)[0];
            if (best == null || rmse < best.validRmse()) {
                best = new Fitted(m, rmse, "ridge, penalty " + lambda);
            }
            if (valid.isEmpty()) {
                return best;
            }
        }
        if (!ridgeOnly) {
            LinearModel m = LinearModel.fitHuber(LatencyFeatures.PRODUCT_NAMES, x, y, HUBER_LAMBDA, HUBER_C,
                    HUBER_ITERATIONS);
            double rmse = errors(m, valid)[0];
            if (rmse < best.validRmse()) {
                best = new Fitted(m, rmse, "Huber, rescaled to the training mean");
            }
        }
        return best;
    }

    /** {@link #fit(List, List, boolean)} with every candidate: the model of this class. */
    static Fitted fit(List<HatLatencyData.Row> train, List<HatLatencyData.Row> valid) {
        return fit(train, valid, false);
    }

    static double[][] products(List<HatLatencyData.Row> rows) {
        return rows.stream().map(r -> LatencyFeatures.products(r.features())).toArray(double[][]::new);
    }

    /** {RMSE ms, MAPD fraction, median APE fraction} of a model on rows. */
    static double[] errors(LinearModel model, List<HatLatencyData.Row> rows) {
        return LatencyEvaluation.errors(rows, r -> model.predict(LatencyFeatures.products(r.features())));
    }

    /** The metric name, e.g. {@code latency-titanxp}. */
    @Override
    public String name() {
        return provenance.metric();
    }

    /** Lower latency is better. */
    @Override
    public Direction direction() {
        return Direction.LOWER_IS_BETTER;
    }

    /** Predicted total latency in milliseconds of a canonical architecture of this predictor's space. */
    @Override
    protected double doPredict(Architecture architecture) {
        return model.predict(LatencyFeatures.products(LatencyFeatures.raw(space, architecture)));
    }

    /**
     * Same as {@link #predict}: lets the predictor serve as a metric function.
     *
     * @throws PredictionException when the architecture is not one of this predictor's space
     */
    @Override
    public double applyAsDouble(Architecture architecture) {
        return predict(architecture);
    }

    /**
     * The predicted latency of HAT's 10 unscaled features (as in the measured files), ms.
     */
    public double predictFeatures(double[] rawFeatures) {
        return model.predict(LatencyFeatures.products(rawFeatures));
    }

    /**
     * {@code space} with this predictor as the metric {@link #name()}, e.g. so that
     * {@code Constraint.atMost("latency-titanxp", 150)} bounds it.
     *
     * @throws IllegalArgumentException when {@code space} is not the one the model was trained for, or already
     *                                  has a metric of that name
     */
    public SearchSpace addTo(SearchSpace space) {
        if (!space.name().equals(provenance.space())) {
            throw new IllegalArgumentException("space: the latency model " + name() + " maps architectures of "
                    + provenance.space() + ", not of " + space.name());
        }
        return space.withMetric(name(), this);
    }

    /** Where the model came from and its measured test error. */
    public LatencyProvenance provenance() {
        return provenance;
    }

    /** The fitted regression. */
    public LinearModel model() {
        return model;
    }

    /** The space whose architectures it maps. */
    public SearchSpace space() {
        return space;
    }

    /**
     * Writes {@value #MODEL_FILE} and {@value #PROVENANCE_FILE} into {@code dir}, creating it if needed and
     * replacing files of an earlier save (each written to a temporary file first, then moved into place).
     *
     * @throws LlmnasException when the files cannot be written
     */
    public void save(Path dir) {
        try {
            Files.createDirectories(dir);
            writeAtomically(dir.resolve(MODEL_FILE), JSON.writeValueAsBytes(model));
            writeAtomically(dir.resolve(PROVENANCE_FILE), JSON.writeValueAsBytes(provenance));
        } catch (IOException e) {
            throw new LlmnasException("cannot save latency predictor to " + dir + ": " + e.getMessage(), e);
        }
    }

    private static void writeAtomically(Path target, byte[] bytes) throws IOException {
        Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
        Files.write(tmp, bytes);
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /**
     * Reads a predictor saved by {@link #save(Path)}.
     *
     * @param dir the directory holding {@value #MODEL_FILE} and {@value #PROVENANCE_FILE}
     * @return the predictor, for the space named in the provenance ({@link HatSpaces#forTask})
     * @throws DataFormatException when a file is missing, malformed, from a newer format version, or does not
     *                             match this release's features
     */
    public static LatencyPredictor load(Path dir) {
        Path provenanceFile = dir.resolve(PROVENANCE_FILE);
        Path modelFile = dir.resolve(MODEL_FILE);
        LatencyProvenance provenance = read(provenanceFile, LatencyProvenance.class);
        if (provenance.formatVersion() > LatencyProvenance.FORMAT_VERSION) {
            throw new DataFormatException(provenanceFile, 0, "format_version " + provenance.formatVersion()
                    + " is newer than this release reads (" + LatencyProvenance.FORMAT_VERSION + ")");
        }
        LinearModel model = read(modelFile, LinearModel.class);
        try {
            return new LatencyPredictor(HatSpaces.forTask(provenance.space()), model, provenance);
        } catch (IllegalArgumentException e) {
            throw new DataFormatException(provenanceFile, 0, e.getMessage(), e);
        }
    }

    private static <T> T read(Path file, Class<T> type) {
        try {
            return JSON.readValue(Files.readAllBytes(file), type);
        } catch (NoSuchFileException e) {
            throw new DataFormatException(file, 0, "missing; a saved latency predictor has " + MODEL_FILE + " and "
                    + PROVENANCE_FILE, e);
        } catch (IOException | IllegalArgumentException e) {
            throw new DataFormatException(file, 0, "not a valid " + type.getSimpleName() + " file: "
                    + e.getMessage(), e);
        }
    }

    /** The library version, from the one source all modules share. */
    static String version() {
        return dev.llmnas.core.LlmnasVersion.get();
    }

    @Override
    public String toString() {
        return name() + " [" + provenance.task() + " on " + provenance.device() + ", " + provenance.model()
                + ", test RMSE "
                + String.format(java.util.Locale.ROOT, "%.2f", provenance.testRmseMs()) + " ms]";
    }
}
