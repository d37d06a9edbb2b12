package dev.llmnas.core.data;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import dev.llmnas.core.AbstractPerformancePredictor;
import dev.llmnas.core.Architecture;
import dev.llmnas.core.DataFormatException;
import dev.llmnas.core.Direction;
import dev.llmnas.core.InvalidArchitectureException;
import dev.llmnas.core.PredictionException;
import dev.llmnas.core.spaces.Nb201Space;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The NATS-Bench topology table ({@code nats-bench/nats_bench.csv}): the true 200-epoch test accuracy of
 * every NAS-Bench-201 architecture on three data sets. Immutable and thread-safe once loaded.
 */
public final class NatsBench {

    /** The data sets of the table, with the CSV column each comes from. */
    public enum Dataset {
        CIFAR10("cifar10", "CIFAR10TestAccuracy200Epochs"),
        CIFAR100("cifar100", "CIFAR100TestAccuracy200Epochs"),
        IMAGENET16("imagenet16", "ImageNetTestAccuracy200Epochs");

        private final String id;
        private final String column;

        Dataset(String id, String column) {
            this.id = id;
            this.column = column;
        }

        /** The short name used on the command line ({@code cifar10}). */
        public String id() {
            return id;
        }

        /** The CSV column holding this data set's accuracy. */
        public String column() {
            return column;
        }

        /** Parses {@code cifar10}, {@code cifar100} or {@code imagenet16} (also {@code imagenet16-120}). */
        public static Dataset of(String id) {
            for (Dataset d : values()) {
                if (d.id.equalsIgnoreCase(id) || (d == IMAGENET16 && "imagenet16-120".equalsIgnoreCase(id))) {
                    return d;
                }
            }
            throw new IllegalArgumentException("dataset: '" + id + "' is not one of [cifar10, cifar100, imagenet16]");
        }
    }

    private final Map<Architecture, double[]> accuracy;
    private final List<LabelledArchitecture> records;

    private NatsBench(Map<Architecture, double[]> accuracy, List<LabelledArchitecture> records) {
        this.accuracy = accuracy;
        this.records = records;
    }

    /**
     * Loads {@code nats_bench.csv}; a malformed row fails the load with file, line and reason. Each record's
     * scores are the three accuracies by {@link Dataset#id()}, its metrics those of {@link Nb201Space}, and its
     * fields the row's columns as written and its source the row's line. One row a line, fields parsed as CSV
     * (a quoted field may hold commas).
     */
    public static NatsBench load(Path csv) {
        Map<Architecture, double[]> acc = new HashMap<>(Nb201Space.SIZE * 2);
        List<LabelledArchitecture> records = new ArrayList<>(Nb201Space.SIZE);
        long n = 0;
        try (BufferedReader in = Files.newBufferedReader(csv, StandardCharsets.UTF_8)) {
            String header = in.readLine();
            n = 1;
            if (header == null) {
                throw new DataFormatException(csv, 1, "empty file; expected a header row");
            }
            if (header.startsWith("\uFEFF")) {
                header = header.substring(1);
            }
            List<String> cols = new ArrayList<>();
            for (String c : fields(csv, 1, header)) {
                cols.add(c.trim());
            }
            int[] idx = new int[Dataset.values().length];
            for (Dataset d : Dataset.values()) {
                idx[d.ordinal()] = cols.indexOf(d.column());
                if (idx[d.ordinal()] < 0) {
                    throw new DataFormatException(csv, 1, "missing column " + d.column() + "; header is " + cols);
                }
            }
            int archCol = cols.indexOf("ArchitectureString");
            if (archCol < 0) {
                throw new DataFormatException(csv, 1, "missing column ArchitectureString; header is " + cols);
            }
            String line;
            while ((line = in.readLine()) != null) {
                n++;
                if (line.isBlank()) {
                    continue;
                }
                String[] f = fields(csv, n, line);
                if (f.length != cols.size()) {
                    throw new DataFormatException(csv, n, f.length + " fields, expected " + cols.size()
                            + " as in the header " + cols);
                }
                Architecture arch;
                try {
                    arch = Nb201Space.parse(f[archCol]);
                } catch (InvalidArchitectureException e) {
                    throw new DataFormatException(csv, n, e.getMessage(), e);
                }
                double[] a = new double[Dataset.values().length];
                Map<String, Double> scores = new LinkedHashMap<>();
                for (Dataset d : Dataset.values()) {
                    String text = f[idx[d.ordinal()]].trim();
                    try {
                        a[d.ordinal()] = Double.parseDouble(text);
                    } catch (NumberFormatException e) {
                        throw new DataFormatException(csv, n, d.column() + ": '" + text + "' is not a number");
                    }
                    if (!Double.isFinite(a[d.ordinal()])) {
                        throw new DataFormatException(csv, n, d.column() + ": '" + text + "' is not a finite number");
                    }
                    scores.put(d.id(), a[d.ordinal()]);
                }
                if (acc.put(arch, a) != null) {
                    throw new DataFormatException(csv, n, "architecture " + f[archCol] + " appears twice");
                }
                // every column kept as written
                Map<String, String> row = new LinkedHashMap<>();
                for (int c = 0; c < cols.size(); c++) {
                    row.put(cols.get(c), f[c]);
                }
                records.add(new LabelledArchitecture(arch, scores, Nb201Space.space().metrics(arch), row, line));
            }
        } catch (IOException e) {
            throw new DataFormatException(csv, 0, LlmasJsonl.cannotRead(e, n), e);
        }
        return new NatsBench(Collections.unmodifiableMap(acc), Collections.unmodifiableList(records));
    }

    /** One row's fields, parsed as CSV (quoted fields may hold commas and doubled quotes). */
    private static String[] fields(Path csv, long line, String text) {
        try (MappingIterator<String[]> row = ROW.readValues(text)) {
            return row.hasNextValue() ? row.nextValue() : new String[] {""};
        } catch (IOException e) {
            throw new DataFormatException(csv, line, "not valid CSV: " + (e instanceof JsonProcessingException j
                    ? j.getOriginalMessage() : e.getMessage()), e);
        }
    }

    /** One row a line, every field kept as text. */
    private static final ObjectReader ROW = new CsvMapper().enable(CsvParser.Feature.WRAP_AS_ARRAY)
            .readerFor(String[].class);

    /** All rows in file order. */
    public List<LabelledArchitecture> records() {
        return records;
    }

    /** Number of rows (15,625 for the full table). */
    public int size() {
        return records.size();
    }

    /** True accuracy (percent) of an architecture on a data set. */
    public double accuracy(Architecture architecture, Dataset dataset) {
        double[] a = accuracy.get(Nb201Space.space().canonicalize(architecture));
        if (a == null) {
            throw new IllegalArgumentException("architecture " + architecture.key() + " is not in the table");
        }
        return a[dataset.ordinal()];
    }

    /** The best accuracy of any architecture on a data set (the true optimum a search can reach). */
    public double optimum(Dataset dataset) {
        return accuracy.values().stream().mapToDouble(a -> a[dataset.ordinal()]).max().orElseThrow();
    }

    /**
     * A predictor that looks up the true accuracy: one call stands for one architecture trained from
     * scratch. Thread-safe; counts its calls.
     */
    public TabularPredictor predictor(Dataset dataset) {
        return new TabularPredictor(this, dataset);
    }

    /** Looks up true accuracies of one data set; see {@link NatsBench#predictor}. */
    public static final class TabularPredictor extends AbstractPerformancePredictor {
        private final NatsBench table;
        private final Dataset dataset;
        private final AtomicLong calls = new AtomicLong();

        private TabularPredictor(NatsBench table, Dataset dataset) {
            super(Nb201Space.space());
            this.table = table;
            this.dataset = dataset;
        }

        @Override
        public String name() {
            return "nats-bench:" + dataset.id();
        }

        @Override
        public Direction direction() {
            return Direction.HIGHER_IS_BETTER;
        }

        @Override
        protected double doPredict(Architecture architecture) {
            calls.incrementAndGet();
            double[] a = table.accuracy.get(architecture);
            if (a == null) {
                throw new PredictionException(name(), architecture, "not in the NATS-Bench table");
            }
            return a[dataset.ordinal()];
        }

        /** Calls made so far. */
        public long calls() {
            return calls.get();
        }

        /** The data set whose accuracy this predictor looks up. */
        public Dataset dataset() {
            return dataset;
        }
    }
}
