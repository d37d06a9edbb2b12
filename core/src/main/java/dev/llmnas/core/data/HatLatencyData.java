package dev.llmnas.core.data;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import dev.llmnas.core.DataFormatException;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * One of HAT's measured latency data sets ({@code hat-latency/<task>_<device>_all.csv}): sampled
 * SubTransformers of the HAT space with their 10 HAT features and the measured latency of encoder and decoder
 * (mean and standard deviation over repeated runs, milliseconds). Immutable and thread-safe once loaded.
 *
 * <p>Source: the {@code latency_dataset} folder of github.com/mit-han-lab/hardware-aware-transformers (MIT).
 * The protocol of HAT's latency predictor is {@link #split(long)} (shuffle, 80% train, 10% validation, 10%
 * test).
 */
public final class HatLatencyData {

    /** The column names of the 10 features, in file and model order. */
    public static final List<String> FEATURE_COLUMNS = List.of(
            "encoder_embed_dim", "encoder_layer_num", "encoder_ffn_embed_dim_avg",
            "encoder_self_attention_heads_avg", "decoder_embed_dim", "decoder_layer_num",
            "decoder_ffn_embed_dim_avg", "decoder_self_attention_heads_avg", "decoder_ende_attention_heads_avg",
            "decoder_arbitrary_ende_attn_avg");
    /** The four latency columns (milliseconds), in file order after the features. */
    public static final List<String> LATENCY_COLUMNS = List.of(
            "latency_mean_encoder", "latency_mean_decoder", "latency_std_encoder", "latency_std_decoder");

    /** The devices HAT measured on, with the part of the file name that names each. */
    public enum Device {
        RASPBERRYPI("raspberrypi", "cpu_raspberrypi"),
        XEON("xeon", "cpu_xeon"),
        TITANXP("titanxp", "gpu_titanxp");

        private final String id;
        private final String fileTag;

        Device(String id, String fileTag) {
            this.id = id;
            this.fileTag = fileTag;
        }

        /** Short name used in metric names and on the command line, e.g. {@code titanxp}. */
        public String id() {
            return id;
        }

        /** The device's part of the file name, e.g. {@code gpu_titanxp}. */
        public String fileTag() {
            return fileTag;
        }

        /**
         * Parses {@code raspberrypi}, {@code xeon} or {@code titanxp} (also the file tags such as
         * {@code gpu_titanxp}).
         *
         * @throws IllegalArgumentException naming the value and the allowed ones
         */
        public static Device of(String id) {
            for (Device d : values()) {
                if (d.id.equalsIgnoreCase(id) || d.fileTag.equalsIgnoreCase(id)) {
                    return d;
                }
            }
            throw new IllegalArgumentException("device: '" + id + "' is not one of [raspberrypi, xeon, titanxp]");
        }
    }

    /**
     * A task and device for which HAT published measurements.
     *
     * @param task   {@code wmt14ende}, {@code wmt14enfr} or {@code wmt19ende}
     * @param device the device
     */
    public record DataSet(String task, Device device) {
        public DataSet {
            Objects.requireNonNull(device, "device");
            if (!List.of("wmt14ende", "wmt14enfr", "wmt19ende").contains(task)) {
                throw new IllegalArgumentException("task: '" + task
                        + "' is not one of [wmt14ende, wmt14enfr, wmt19ende]");
            }
        }

        /** {@code <task>_<device tag>_all.csv}. */
        public String fileName() {
            return task + "_" + device.fileTag() + "_all.csv";
        }

        /** The file under a data folder: {@code <data>/hat-latency/<task>_<device tag>_all.csv}. */
        public Path file(Path data) {
            return data.resolve("hat-latency").resolve(fileName());
        }

        @Override
        public String toString() {
            return task + "/" + device.id();
        }
    }

    /**
     * The 7 sets HAT published: wmt14ende and wmt14enfr on each device, wmt19ende on the Titan Xp.
     */
    public static List<DataSet> sets() {
        return List.of(
                new DataSet("wmt14ende", Device.RASPBERRYPI), new DataSet("wmt14ende", Device.XEON),
                new DataSet("wmt14ende", Device.TITANXP), new DataSet("wmt14enfr", Device.RASPBERRYPI),
                new DataSet("wmt14enfr", Device.XEON), new DataSet("wmt14enfr", Device.TITANXP),
                new DataSet("wmt19ende", Device.TITANXP));
    }

    /**
     * The published set of a task and device.
     *
     * @throws IllegalArgumentException when HAT measured no such pair, naming the pairs that exist
     */
    public static DataSet set(String task, Device device) {
        String t = task != null && task.startsWith("hat-") ? task.substring(4) : task;
        return sets().stream().filter(s -> s.task().equals(t) && s.device() == device).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("latency data: none for task '" + task
                        + "' on " + device.id() + "; HAT measured " + sets()));
    }

    /**
     * One measured architecture.
     *
     * @param line          1-based line of the file the row came from
     * @param features      the 10 HAT features in {@link #FEATURE_COLUMNS} order, unscaled (widths, layer counts,
     *                      mean heads, mean encoder layers attended)
     * @param encoderMs     mean measured encoder latency, ms
     * @param decoderMs     mean measured decoder latency, ms
     * @param encoderStdMs  standard deviation of the repeated encoder measurements, ms
     * @param decoderStdMs  standard deviation of the repeated decoder measurements, ms
     */
    public record Row(long line, double[] features, double encoderMs, double decoderMs, double encoderStdMs,
                      double decoderStdMs) {
        public Row {
            if (features == null || features.length != FEATURE_COLUMNS.size()) {
                throw new IllegalArgumentException("features: " + (features == null ? "null" : features.length
                        + " values") + ", expected " + FEATURE_COLUMNS.size());
            }
            features = features.clone();
            for (int i = 0; i < features.length; i++) {
                requireFinite(features[i], FEATURE_COLUMNS.get(i), false);
            }
            requireFinite(encoderMs, "latency_mean_encoder", true);
            requireFinite(decoderMs, "latency_mean_decoder", true);
            requireFinite(encoderStdMs, "latency_std_encoder", true);
            requireFinite(decoderStdMs, "latency_std_decoder", true);
        }

        private static void requireFinite(double v, String field, boolean nonNegative) {
            if (!Double.isFinite(v) || (nonNegative && v < 0)) {
                throw new IllegalArgumentException(field + ": " + v + " must be a finite"
                        + (nonNegative ? " non-negative" : "") + " number");
            }
        }

        /** A copy of the features. */
        @Override
        public double[] features() {
            return features.clone();
        }

        /** One feature without copying. */
        public double feature(int index) {
            return features[index];
        }

        /** Encoder plus decoder latency, ms: what the latency predictors learn. */
        public double totalMs() {
            return encoderMs + decoderMs;
        }

        /** Encoder plus decoder standard deviation, ms. */
        public double totalStdMs() {
            return encoderStdMs + decoderStdMs;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Row r && line == r.line && Arrays.equals(features, r.features)
                    && encoderMs == r.encoderMs && decoderMs == r.decoderMs && encoderStdMs == r.encoderStdMs
                    && decoderStdMs == r.decoderStdMs;
        }

        @Override
        public int hashCode() {
            return Objects.hash(line, Arrays.hashCode(features), encoderMs, decoderMs, encoderStdMs, decoderStdMs);
        }

        @Override
        public String toString() {
            return "Row[line " + line + ", features " + Arrays.toString(features) + ", encoder " + encoderMs
                    + " ms, decoder " + decoderMs + " ms]";
        }
    }

    /**
     * HAT's protocol split of one shuffle.
     *
     * @param seed  the shuffle's seed
     * @param train the first 80% of the shuffled rows
     * @param valid the next 10%
     * @param test  the last 10%
     */
    public record Split(long seed, List<Row> train, List<Row> valid, List<Row> test) {
        public Split {
            train = List.copyOf(train);
            valid = List.copyOf(valid);
            test = List.copyOf(test);
        }
    }

    private static final CsvMapper CSV = CsvMapper.builder().enable(CsvParser.Feature.WRAP_AS_ARRAY)
            .enable(CsvParser.Feature.TRIM_SPACES).build();

    private final Path file;
    private final DataSet set;
    private final List<Row> rows;

    private HatLatencyData(Path file, DataSet set, List<Row> rows) {
        this.file = file;
        this.set = set;
        this.rows = rows;
    }

    /**
     * Loads one of HAT's files, inferring the task and device from its name.
     *
     * @throws IllegalArgumentException when the name is not one of {@link #sets()}' file names
     * @throws DataFormatException      as {@link #load(Path, DataSet)}
     */
    public static HatLatencyData load(Path csv) {
        return load(csv, null);
    }

    /**
     * Loads one file. UTF-8 with or without a byte-order mark, LF or CRLF line ends; blank lines are skipped.
     * The header must hold the 14 columns of {@link #FEATURE_COLUMNS} and {@link #LATENCY_COLUMNS} (in any order;
     * other columns are ignored).
     *
     * @param csv the file
     * @param set which task and device it holds (recorded as provenance; {@code null} to infer it from the
     *            file name)
     * @throws DataFormatException naming the file and line of the first bad row (a missing column, a
     *                             field that is not a finite number, a negative latency) or an unreadable file
     */
    public static HatLatencyData load(Path csv, DataSet set) {
        DataSet s = set != null ? set : inferSet(csv);
        List<Row> rows = new ArrayList<>(2_000);
        try (BufferedReader reader = Files.newBufferedReader(csv, StandardCharsets.UTF_8)) {
            reader.mark(1);
            if (reader.read() != '\uFEFF') {
                reader.reset();
            }
            try (MappingIterator<String[]> it = CSV.readerFor(String[].class).readValues(reader)) {
                if (!it.hasNextValue()) {
                    throw new DataFormatException(csv, 1, "empty file; expected a header with the columns "
                            + FEATURE_COLUMNS + " and " + LATENCY_COLUMNS);
                }
                List<String> header = Arrays.asList(it.nextValue());
                int[] featureIdx = indices(csv, header, FEATURE_COLUMNS);
                int[] latencyIdx = indices(csv, header, LATENCY_COLUMNS);
                while (true) {
                    long line = it.getCurrentLocation().getLineNr();
                    String[] f;
                    try {
                        if (!it.hasNextValue()) {
                            break;
                        }
                        // the location after the blank lines the parser skipped: the row's own line
                        line = lineOf(it.getCurrentLocation(), line);
                        f = it.nextValue();
                    } catch (RuntimeException e) {
                        throw new DataFormatException(csv, line, "not valid CSV: " + e.getMessage(), e);
                    }
                    if (f.length == 1 && f[0].isBlank()) {
                        continue;
                    }
                    if (f.length != header.size()) {
                        throw new DataFormatException(csv, line, f.length + " fields, expected " + header.size()
                                + " as in the header");
                    }
                    double[] features = new double[featureIdx.length];
                    for (int i = 0; i < featureIdx.length; i++) {
                        features[i] = number(csv, line, FEATURE_COLUMNS.get(i), f[featureIdx[i]]);
                    }
                    double[] lat = new double[latencyIdx.length];
                    for (int i = 0; i < latencyIdx.length; i++) {
                        lat[i] = number(csv, line, LATENCY_COLUMNS.get(i), f[latencyIdx[i]]);
                        if (lat[i] < 0) {
                            throw new DataFormatException(csv, line, LATENCY_COLUMNS.get(i) + ": " + f[latencyIdx[i]]
                                    + " is negative; latencies are milliseconds >= 0");
                        }
                    }
                    rows.add(new Row(line, features, lat[0], lat[1], lat[2], lat[3]));
                }
            }
        } catch (NoSuchFileException e) {
            throw new DataFormatException(csv, 0, "no such file (HAT's latency data sets live in <data>/hat-latency/)", e);
        } catch (CharacterCodingException e) {
            throw new DataFormatException(csv, 0, "not UTF-8 text: " + e.getMessage(), e);
        } catch (JsonProcessingException e) {
            throw new DataFormatException(csv, e.getLocation() == null ? 0 : e.getLocation().getLineNr(),
                    "not valid CSV: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new DataFormatException(csv, 0, "cannot read: " + e.getMessage(), e);
        }
        if (rows.isEmpty()) {
            throw new DataFormatException(csv, 0, "no data rows after the header");
        }
        return new HatLatencyData(csv, s, Collections.unmodifiableList(rows));
    }

    private static long lineOf(JsonLocation location, long fallback) {
        long l = location == null ? -1 : location.getLineNr();
        return l > 0 ? l : fallback;
    }

    private static DataSet inferSet(Path csv) {
        String name = csv.getFileName().toString();
        for (DataSet s : sets()) {
            if (name.equals(s.fileName())) {
                return s;
            }
        }
        throw new IllegalArgumentException("file: '" + name + "' is not one of HAT's latency files "
                + sets().stream().map(DataSet::fileName).toList() + "; pass the task and device explicitly");
    }

    private static int[] indices(Path csv, List<String> header, List<String> wanted) {
        int[] idx = new int[wanted.size()];
        for (int i = 0; i < wanted.size(); i++) {
            idx[i] = header.indexOf(wanted.get(i));
            if (idx[i] < 0) {
                throw new DataFormatException(csv, 1, "missing column " + wanted.get(i) + "; header is " + header);
            }
        }
        return idx;
    }

    private static double number(Path csv, long line, String column, String text) {
        double v;
        try {
            v = Double.parseDouble(text.trim());
        } catch (NumberFormatException e) {
            throw new DataFormatException(csv, line, column + ": '" + text + "' is not a number");
        }
        if (!Double.isFinite(v)) {
            throw new DataFormatException(csv, line, column + ": '" + text + "' is not a finite number");
        }
        return v;
    }

    /** The file the rows came from. */
    public Path file() {
        return file;
    }

    /** The task and device. */
    public DataSet set() {
        return set;
    }

    /** All rows in file order. */
    public List<Row> rows() {
        return rows;
    }

    /** Number of rows (2,000 for each published file). */
    public int size() {
        return rows.size();
    }

    /**
     * The measurement noise of the set: the mean over rows of (encoder std + decoder std) / (encoder mean +
     * decoder mean), a fraction. A predictor's mean absolute percentage deviation cannot be expected far below
     * it.
     */
    public double measurementNoise() {
        return rows.stream().mapToDouble(r -> r.totalStdMs() / r.totalMs()).average().orElse(Double.NaN);
    }

    /**
     * HAT's protocol split: the rows shuffled with {@code seed} (Fisher-Yates driven by
     * {@link SplittableRandom}), then the first 80% train, the next 10% validation, the rest test. The same
     * seed gives the same split; the three parts are disjoint and together hold every row.
     */
    public Split split(long seed) {
        List<Row> shuffled = new ArrayList<>(rows);
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = shuffled.size() - 1; i > 0; i--) {
            Collections.swap(shuffled, i, random.nextInt(i + 1));
        }
        int n = shuffled.size();
        int train = (int) Math.round(n * 0.8);
        int valid = (int) Math.round(n * 0.9);
        return new Split(seed, shuffled.subList(0, train), shuffled.subList(train, valid), shuffled.subList(valid, n));
    }

    @Override
    public String toString() {
        return "HatLatencyData[" + set + ", " + rows.size() + " rows from " + file + "]";
    }
}
