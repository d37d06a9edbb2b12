package dev.llmnas.examples.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.llmnas.core.data.DataPaths;
import dev.llmnas.core.data.NatsBench;
import dev.llmnas.core.spaces.Nb201Space;
import dev.llmnas.examples.bench.CheapPredictors;
import dev.llmnas.examples.bench.SearchBenchmark;
import dev.llmnas.examples.bench.TeacherSpec;
import dev.llmnas.examples.plots.RegretCurves;
import dev.llmnas.search.GuidedSchedule;
import dev.llmnas.search.Refit;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code llmnas search-benchmark}: random search, evolution with the expensive predictor throughout, and
 * HybridSearch with an XGBoost predictor distilled from a teacher, on NAS-Bench-201 with the true accuracy of
 * {@code nats_bench.csv} as the expensive predictor, on the same seeds. See {@link SearchBenchmark}.
 */
@Command(name = "search-benchmark", header = "Random search vs evolution vs HybridSearch on NAS-Bench-201.", mixinStandardHelpOptions = true,
        description = {"Search quality on NAS-Bench-201, on the same seeds:",
                "  random     random search with the hybrid's expensive budget,",
                "  evolution  HAT's evolution ranked by the true accuracy throughout,",
                "  hybrid     HybridSearch ranked by XGBoost distilled from a teacher",
                "             until the switch point, by the true accuracy after it,",
                "  guided     HybridSearch's guided schedule (--methods ...,guided): after",
                "             the switch, the cheap predictor (refitted on the expensive",
                "             scores, and as it is) picks the few offspring per generation",
                "             that get an expensive call; more while it disagrees with them.",
                "One expensive call stands for one architecture trained from scratch.",
                "Reports true accuracy, regret to the optimum and expensive calls,",
                "mean (std) over seeds."})
final class SearchBenchmarkCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    @Option(names = "--dataset", required = true, paramLabel = "NAME",
            description = "cifar10, cifar100 or imagenet16: whose true accuracy is searched")
    String dataset;

    @Option(names = "--seeds", defaultValue = "10", paramLabel = "N",
            description = "how many seeds: runs use seeds 1..N, N in [1, " + MAX_SEEDS + "] (default: ${DEFAULT-VALUE})")
    int seeds;

    @Option(names = "--json", paramLabel = "OUT",
            description = "also write the results to this file: one JSON object with llmnas_version, command,"
                    + " settings (every option that affects the numbers), optimum and methods (one object per method:"
                    + " method, accuracy_mean, accuracy_std, regret_mean, expensive_calls_mean, ..., per_seed)")
    Path json;

    @Option(names = "--teacher", paramLabel = "SPEC",
            description = "who labels the distillation pool: proxy:<dataset> (true accuracy on another data set),"
                    + " fewshot (ridge on 10 demonstrations with their efficiency metrics, 10 expensive calls),"
                    + " fewshot:encoding (the earlier encoding-only ridge) or llm (configured from the"
                    + " environment; 10 demonstrations) (default: proxy:cifar100, or proxy:cifar10 for cifar100)")
    String teacher;

    @Option(names = "--iterations", defaultValue = "30", paramLabel = "N",
            description = "evolution iterations, 1.." + MAX_ITERATIONS + " (default: ${DEFAULT-VALUE}, as the paper)")
    int iterations;

    @Option(names = "--population", defaultValue = "125", paramLabel = "N",
            description = "population size, 5.." + Nb201Space.SIZE + " (the architectures NAS-Bench-201 holds);"
                    + " parents, mutations and crossovers keep HAT's 1:2:2 (default: ${DEFAULT-VALUE})")
    int population;

    @Option(names = "--switch-at", defaultValue = "0.5", paramLabel = "FRACTION",
            description = "HybridSearch's switch point as a fraction of the iterations, in [0, 1] (default:"
                    + " ${DEFAULT-VALUE}, as the paper)")
    double switchAt;

    @Option(names = "--deduplicate", description = "populations hold no repeated architecture (default: off, as HAT)")
    boolean deduplicate;

    // no picocli default: it would overwrite a value set through the old spelling
    @Option(names = "--pool-size", paramLabel = "N",
            description = "random cells the teacher labels for distillation, 10.." + Nb201Space.SIZE
                    + " (default: 1000)")
    int pool = 1000;

    /** The old spelling of {@code --pool-size}; {@code --pool} names a file in every command. */
    @Option(names = "--pool", hidden = true, paramLabel = "N")
    void oldPool(int n) {
        pool = n;
    }

    @Option(names = "--rounds", defaultValue = "300", paramLabel = "N",
            description = "XGBoost boosting rounds, 1.." + MAX_ROUNDS + " (default: ${DEFAULT-VALUE})")
    int rounds;

    @Option(names = "--max-depth", defaultValue = "6", paramLabel = "N",
            description = "XGBoost tree depth, 1..16 (default: ${DEFAULT-VALUE})")
    int maxDepth;

    @Option(names = "--cache", paramLabel = "FILE",
            description = "with --teacher llm: a JSONL cache of LLM answers, reused and extended")
    Path llmCache;

    /** The old spelling of {@code --cache}. */
    @Option(names = "--llm-cache", hidden = true, paramLabel = "FILE")
    void oldCache(Path file) {
        llmCache = file;
    }

    @Option(names = "--methods", paramLabel = "LIST",
            description = "comma-separated methods to run: random, evolution, hybrid (the paper's schedule), guided"
                    + " (HybridSearch's guided schedule) (default: random,evolution,hybrid)")
    String methods;

    @Option(names = "--first-seed", defaultValue = "1", paramLabel = "N",
            description = "runs use seeds N..N+seeds-1, N in [0, " + MAX_FIRST_SEED + "] (default: ${DEFAULT-VALUE};"
                    + " e.g. 101 for tuning seeds)")
    long firstSeed;

    @Option(names = "--curves", paramLabel = "DIR",
            description = "write the regret-against-calls curves of every method (mean over seeds with standard"
                    + " error and quartiles) to DIR/<dataset>-<teacher>.json and .png")
    Path curves;

    @Option(names = "--screening", paramLabel = "N",
            description = "guided: offspring bred per expensive generation as a multiple of the population's, 1.."
                    + MAX_SCREENING + " (default: " + GuidedSchedule.DEFAULT_SCREENING + ")")
    Integer screening;

    @Option(names = "--per-generation", paramLabel = "N",
            description = "guided: expensive calls on new offspring per expensive generation, 1.." + Nb201Space.SIZE
                    + " (default: " + GuidedSchedule.DEFAULT_PER_GENERATION + ")")
    Integer perGeneration;

    @Option(names = "--patience", paramLabel = "N",
            description = "guided: stop after N expensive generations without improvement, 0 (never).."
                    + MAX_ITERATIONS + " (default: " + GuidedSchedule.DEFAULT_PATIENCE + ")")
    Integer patience;

    @Option(names = "--refit", paramLabel = "LAMBDA",
            description = "guided: ridge penalty of the online refit of the cheap predictor, a number >= 0, or none"
                    + " to rank by the raw cheap score (default: " + GuidedSchedule.DEFAULT_RIDGE_LAMBDA + ")")
    String refit;

    @Option(names = "--raw-share", paramLabel = "F",
            description = "guided: the share of the calls per generation that go to the raw cheap predictor's best"
                    + " instead of the refit's, in [0, 1] (default: " + GuidedSchedule.DEFAULT_RAW_SHARE + ")")
    Double rawShare;

    @Option(names = "--disagreement", paramLabel = "TAU:CALLS",
            description = "guided: spend CALLS calls per generation instead of --per-generation while Kendall's tau"
                    + " between the cheap and the expensive scores is below TAU (in [-1, 1]), or none (default: "
                    + "0.1:15)")
    String disagreement;

    @Option(names = "--ablation", description = "with --methods including guided: also run the guided schedule"
            + " with one ingredient changed at a time (no-over-generation: screening 1, or over-generation-x10:"
            + " screening 10 when it is 1; no-refit: the raw cheap score ranks; no-raw-picks: raw share 0, the"
            + " refit picks all; no-disagreement: --per-generation calls always; no-patience: patience 0, when"
            + " it is not 0 already), on the same seeds and cheap predictors")
    boolean ablation;

    @Option(names = "--variant", paramLabel = "LABEL=S,P,R,K[,X[,D]]",
            description = "with --methods including guided: also run a guided schedule with screening S, P calls"
                    + " per generation, refit R (a ridge penalty or none), patience K, raw share X (default 0) and"
                    + " disagreement D (TAU:CALLS or none, the default),"
                    + " reported as"
                    + " guided[...] LABEL; repeatable (for tuning on the same seeds and cheap predictors)")
    List<String> variantSpecs;

    @Option(names = "--no-progress", description = "do not draw the progress bar on standard error")
    boolean noProgress;

    @Mixin
    DataOption data;

    @Spec
    CommandSpec spec;

    private static final int MAX_SEEDS = 1_000;
    private static final int MAX_ITERATIONS = 1_000;
    private static final int MAX_ROUNDS = 10_000;
    private static final long MAX_FIRST_SEED = 1_000_000;
    private static final int MAX_SCREENING = 1_000;

    private final Map<String, String> environment;
    private String curvesBase;
    private dev.llmnas.llm.LlmModels.Configured teacherModel;

    SearchBenchmarkCommand() {
        this(System.getenv());
    }

    /** With the variables that configure an LLM (tests pass their own). */
    SearchBenchmarkCommand(Map<String, String> environment) {
        this.environment = Objects.requireNonNull(environment, "environment");
    }

    @Override
    public Integer call() {
        NatsBench.Dataset target;
        TeacherSpec spec;
        try {
            target = NatsBench.Dataset.of(dataset);
        } catch (IllegalArgumentException e) {
            throw CliErrors.option(this.spec, "--dataset", "dataset", e);
        }
        try {
            spec = teacher == null ? TeacherSpec.defaultFor(target) : TeacherSpec.parse(teacher, target);
        } catch (IllegalArgumentException e) {
            throw CliErrors.option(this.spec, "--teacher", "teacher", e);
        }
        // every numeric option is checked against its range before any work or allocation
        inRange("--seeds", seeds, 1, MAX_SEEDS, "");
        inRange("--iterations", iterations, 1, MAX_ITERATIONS, "");
        inRange("--population", population, 5, Nb201Space.SIZE, " (NAS-Bench-201 holds " + Nb201Space.SIZE
                + " architectures)");
        inRange(CliErrors.typed(this.spec, "--pool-size", "--pool"), pool, 10, Nb201Space.SIZE, " (NAS-Bench-201 holds " + Nb201Space.SIZE
                + " architectures)");
        inRange("--rounds", rounds, 1, MAX_ROUNDS, "");
        inRange("--max-depth", maxDepth, 1, 16, "");
        if (!(switchAt >= 0 && switchAt <= 1)) {
            throw new IllegalArgumentException("--switch-at: " + switchAt + " is not in [0, 1]");
        }
        if (firstSeed < 0 || firstSeed > MAX_FIRST_SEED) {
            throw new IllegalArgumentException("--first-seed: " + firstSeed + " is not in [0, " + MAX_FIRST_SEED + "]");
        }
        List<String> methodList = parseMethods(methods);
        Map<String, GuidedSchedule> variants = new java.util.LinkedHashMap<>();
        GuidedSchedule guided = guidedSchedule(methodList);
        if (methodList.contains("guided")) {
            int at = (int) Math.floor(switchAt * iterations + 1e-9);
            if (at < 1 || at >= iterations) {
                throw new IllegalArgumentException("--switch-at: " + switchAt + " puts the switch at iteration " + at
                        + " of " + iterations + "; the guided schedule needs both phases (a switch in [1, "
                        + (iterations - 1) + "])");
            }
        }
        if (variantSpecs != null) {
            for (String v : variantSpecs) {
                parseVariant(v, variants);
            }
        }
        if ((ablation || !variants.isEmpty()) && !methodList.contains("guided")) {
            throw new IllegalArgumentException((ablation ? "--ablation" : "--variant")
                    + ": only used with --methods including guided, not " + String.join(",", methodList));
        }
        if (ablation) {
            // one ingredient changed at a time; one the schedule lacks already is shown by adding it instead
            if (guided.screening() > 1) {
                variants.put("no-over-generation", guided.withScreening(1));
            } else {
                variants.put("over-generation-x10", guided.withScreening(10));
            }
            if (guided.refit() != null) {
                variants.put("no-refit", guided.withRefit(null));
            }
            if (guided.refit() != null && guided.rawPicks() > 0) {
                variants.put("no-raw-picks", guided.withRawShare(0));
            }
            if (guided.disagreement() != null) {
                variants.put("no-disagreement", guided.withDisagreement(null));
            }
            if (guided.patience() > 0) {
                variants.put("no-patience", guided.withPatience(0));
            }
        }
        SearchBenchmark.Settings settings = new SearchBenchmark.Settings(target, seeds, iterations, population,
                switchAt, deduplicate, firstSeed, methodList, guided, variants);
        if (llmCache != null && !(spec instanceof TeacherSpec.Llm)) {
            throw new IllegalArgumentException(CliErrors.typed(this.spec, "--cache", "--llm-cache")
                    + ": only used with --teacher llm, not " + spec.id());
        }
        CheapPredictors.checkPool(pool);
        try {
            teacherModel = CheapPredictors.llmModel(spec, environment);
        } catch (IllegalArgumentException e) {
            throw CliErrors.option(this.spec, "--teacher", "teacher", e);
        }
        if (json != null && curves != null && OutputPaths.sameFile(json, curves)) {
            throw new IllegalArgumentException("--json: " + json + " is also the --curves folder; choose another"
                    + " file or folder");
        }
        Path guarded = data.guarded();
        OutputPaths.refuseInside(llmCache, CliErrors.typed(this.spec, "--cache", "--llm-cache"), guarded);     // answers are appended to it
        OutputPaths.refuseInside(curves, "--curves", guarded);
        try (OutputTransaction outputs = new OutputTransaction(guarded)) {
            // claimed before the table loads, so bad input fails at once and a second run cannot mix in
            Path jsonTemp = null;
            if (json != null) {
                OutputPaths.refuseSame(json, "--json", llmCache, CliErrors.typed(this.spec, "--cache", "--llm-cache"));
                jsonTemp = outputs.claim(json, "--json");
            }
            Path curvesJson = null;
            Path curvesPng = null;
            if (curves != null) {
                OutputPaths.writableDirectory(curves, "--curves");
                String base = curvesBase = settings.dataset().id() + "-" + spec.id().replaceAll("[^A-Za-z0-9._-]", "-");
                curvesJson = outputs.claim(curves.resolve(base + ".json"), "--curves");
                curvesPng = outputs.claim(curves.resolve(base + ".png"), "--curves");
            }
            run(spec, settings, jsonTemp, curvesJson, curvesPng);
            outputs.commit();
        }
        return 0;
    }

    /** The methods of {@code --methods}, or the default; one line naming the bad value otherwise. */
    static List<String> parseMethods(String text) {
        if (text == null) {
            return SearchBenchmark.Settings.DEFAULT_METHODS;
        }
        List<String> list = new ArrayList<>();
        for (String m : text.split(",", -1)) {
            String t = m.trim().toLowerCase(Locale.ROOT);
            if (!SearchBenchmark.Settings.METHODS.contains(t)) {
                throw new IllegalArgumentException("--methods: '" + m.trim() + "' in '" + text + "' is not a method;"
                        + " allowed: " + String.join(", ", SearchBenchmark.Settings.METHODS));
            }
            if (list.contains(t)) {
                throw new IllegalArgumentException("--methods: '" + t + "' is listed twice in '" + text + "'");
            }
            list.add(t);
        }
        return list;
    }

    /** {@code LABEL=S,P,R,K[,X[,D]]} into {@code variants}; one line naming the value otherwise. */
    static void parseVariant(String spec, Map<String, GuidedSchedule> variants) {
        String allowed = "; expected LABEL=S,P,R,K[,X[,D]]: a label of letters, digits, '-' or '_', screening S >= 1,"
                + " calls per generation P >= 1, refit R (a ridge penalty >= 0, or none), patience K >= 0,"
                + " optionally raw share 0 <= X <= 1 and disagreement D (TAU:CALLS with TAU in [-1, 1] and CALLS >= 1,"
                + " or none), e.g. p5=10,10,1.0,5,0.7,0.1:15";
        int eq = spec.indexOf('=');
        String label = eq < 0 ? "" : spec.substring(0, eq).trim();
        String[] parts = eq < 0 ? new String[0] : spec.substring(eq + 1).split(",", -1);
        if (!label.matches("[A-Za-z0-9_-]+") || parts.length < 4 || parts.length > 6 || variants.containsKey(label)) {
            throw new IllegalArgumentException("--variant: '" + spec + "' is not allowed"
                    + (variants.containsKey(label) ? " (label " + label + " is used twice)" : "") + allowed);
        }
        try {
            String r = parts[2].trim();
            Refit refit = r.equalsIgnoreCase("none") ? null : Refit.ridge(Double.parseDouble(r));
            variants.put(label, new GuidedSchedule(Integer.parseInt(parts[0].trim()),
                    Integer.parseInt(parts[1].trim()), refit, Integer.parseInt(parts[3].trim()),
                    parts.length >= 5 ? Double.parseDouble(parts[4].trim()) : 0,
                    parts.length == 6 ? parseDisagreement(parts[5]) : null));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--variant: '" + spec + "' is not allowed" + allowed, e);
        }
    }

    /** {@code TAU:CALLS} or {@code none}; IllegalArgumentException (without the option's name) otherwise. */
    static GuidedSchedule.Disagreement parseDisagreement(String text) {
        String t = text.trim();
        if (t.equalsIgnoreCase("none")) {
            return null;
        }
        int colon = t.indexOf(':');
        if (colon < 0) {
            throw new IllegalArgumentException("'" + text + "' is not TAU:CALLS or none");
        }
        return new GuidedSchedule.Disagreement(Double.parseDouble(t.substring(0, colon).trim()),
                Integer.parseInt(t.substring(colon + 1).trim()));
    }

    private GuidedSchedule guidedSchedule(List<String> methodList) {
        GuidedSchedule g = GuidedSchedule.defaults();
        if (!methodList.contains("guided")) {
            List<String> given = new ArrayList<>();
            String[] names = {"--screening", "--per-generation", "--patience", "--refit", "--raw-share",
                "--disagreement"};
            Object[] values = {screening, perGeneration, patience, refit, rawShare, disagreement};
            for (int i = 0; i < names.length; i++) {
                if (values[i] != null) {
                    given.add(names[i]);
                }
            }
            if (!given.isEmpty()) {
                throw new IllegalArgumentException(String.join(", ", given) + ": only used with --methods including"
                        + " guided, not " + String.join(",", methodList));
            }
        }
        if (screening != null) {
            inRange("--screening", screening, 1, MAX_SCREENING, "");
            g = g.withScreening(screening);
        }
        if (perGeneration != null) {
            inRange("--per-generation", perGeneration, 1, Nb201Space.SIZE, "");
            g = g.withPerGeneration(perGeneration);
        }
        if (rawShare != null) {
            if (!(rawShare >= 0 && rawShare <= 1)) {
                throw new IllegalArgumentException("--raw-share: " + rawShare + " is not in [0, 1]");
            }
            g = g.withRawShare(rawShare);
        }
        if (disagreement != null) {
            GuidedSchedule.Disagreement d = null;
            boolean allowed;
            try {
                d = parseDisagreement(disagreement);
                allowed = d == null || d.perGeneration() <= Nb201Space.SIZE;
            } catch (IllegalArgumentException e) {
                allowed = false;
            }
            if (!allowed) {
                throw new IllegalArgumentException("--disagreement: '" + disagreement + "' is not allowed; give"
                        + " TAU:CALLS with TAU in [-1, 1] and CALLS in [1, " + Nb201Space.SIZE + "] (e.g. 0.1:15),"
                        + " or none");
            }
            g = g.withDisagreement(d);
        }
        if (patience != null) {
            inRange("--patience", patience, 0, MAX_ITERATIONS, "");
            g = g.withPatience(patience);
        }
        if (refit != null) {
            if (refit.trim().equalsIgnoreCase("none")) {
                g = g.withRefit(null);
            } else {
                double lambda;
                try {
                    lambda = Double.parseDouble(refit.trim());
                } catch (NumberFormatException e) {
                    lambda = Double.NaN;
                }
                if (!(lambda >= 0) || !Double.isFinite(lambda)) {
                    throw new IllegalArgumentException("--refit: '" + refit + "' is not allowed; give a ridge"
                            + " penalty >= 0 (e.g. 1.0) or none");
                }
                g = g.withRefit(Refit.ridge(lambda));
            }
        }
        return g;
    }

    /**
     * The {@code --json} document: {@code llmnas_version}, {@code command}, {@code settings} (every option that
     * affects the numbers, under its option's name in snake case), {@code optimum} and {@code methods} (one object
     * per method, as {@link SearchBenchmark.Summary#toJson()}).
     */
    Map<String, Object> jsonDocument(TeacherSpec teacherSpec, SearchBenchmark.Settings settings,
                                     SearchBenchmark.Report report) {
        Map<String, Object> s = new java.util.LinkedHashMap<>();
        s.put("dataset", settings.dataset().id());
        s.put("teacher", teacherSpec.id());
        if (teacherModel != null) {
            s.put("teacher_provider", teacherModel.provider());
            s.put("teacher_model", teacherModel.modelName());
        }
        s.put("seeds", settings.seeds());
        s.put("first_seed", settings.firstSeed());
        s.put("iterations", settings.iterations());
        s.put("population", settings.population());
        s.put("switch_at", settings.switchAtFraction());
        s.put("deduplicate", settings.deduplicate());
        s.put("methods", settings.methods());
        s.put("pool_size", pool);
        s.put("rounds", rounds);
        s.put("max_depth", maxDepth);
        if (settings.methods().contains("guided")) {
            s.put("guided", scheduleJson(settings.guided()));
            s.put("ablation", ablation);
            Map<String, Object> v = new java.util.LinkedHashMap<>();
            settings.variants().forEach((label, g) -> v.put(label, scheduleJson(g)));
            s.put("variants", v);
        }
        Map<String, Object> doc = JsonDocument.of("search-benchmark", s);
        doc.put("optimum", report.optimum());
        doc.put("methods", report.toJson());
        return doc;
    }

    private static Map<String, Object> scheduleJson(GuidedSchedule g) {
        Map<String, Object> m = new java.util.LinkedHashMap<>();
        m.put("screening", g.screening());
        m.put("per_generation", g.perGeneration());
        m.put("refit", g.refit() == null ? "none" : g.refit().name());
        m.put("patience", g.patience());
        m.put("raw_share", g.rawShare());
        if (g.disagreement() == null) {
            m.put("disagreement", "none");
        } else {
            Map<String, Object> d = new java.util.LinkedHashMap<>();
            d.put("below_tau", g.disagreement().belowTau());
            d.put("per_generation", g.disagreement().perGeneration());
            m.put("disagreement", d);
        }
        return m;
    }

    private static void inRange(String option, int value, int min, int max, String why) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(option + ": " + value + " is not in [" + min + ", " + max + "]" + why);
        }
    }

    /** {@code 0.42 s}, {@code 12.3 s}, {@code 4 min 05 s}: sub-second runs do not read as 0 s. */
    static String wallTime(java.time.Duration d) {
        double s = d.toNanos() / 1e9;
        if (s < 1) {
            return String.format(java.util.Locale.ROOT, "%.2f s", s);
        }
        if (s < 60) {
            return String.format(java.util.Locale.ROOT, "%.1f s", s);
        }
        long whole = Math.round(s);
        return String.format(java.util.Locale.ROOT, "%d min %02d s", whole / 60, whole % 60);
    }

    private void run(TeacherSpec spec, SearchBenchmark.Settings settings, Path jsonTemp, Path curvesJson,
                     Path curvesPng) {
        Path dataDir = data.resolve();
        CheapPredictors cheap = new CheapPredictors(NatsBench.load(DataPaths.natsBench(dataDir)),
                settings.dataset(), spec, pool, rounds, maxDepth, environment, llmCache);
        NatsBench table = cheap.table();
        ProgressBar bar = noProgress ? null : ProgressBar.on(this.spec.commandLine().getErr(), "search-benchmark");
        SearchBenchmark.Report report = SearchBenchmark.run(table, settings, "hybrid[" + spec.id() + "]", cheap,
                bar == null ? null : bar::update);
        if (bar != null) {
            bar.finish("");
        }
        PrintWriter out = this.spec.commandLine().getOut();
        out.print(report.table());
        out.printf("teacher %s, distilled by XGBoost (%d rounds, depth %d) on %d random cells per seed; wall time %s%n",
                spec.plainName(), rounds, maxDepth, pool, wallTime(report.wallTime()));
        if (json != null) {
            try {
                JSON.writeValue(jsonTemp.toFile(), jsonDocument(spec, settings, report));
            } catch (IOException e) {
                throw new dev.llmnas.core.LlmnasException("--json: cannot write " + json + ": " + OutputPaths.reason(e), e);
            }
            out.println("wrote " + json);
        }
        if (curves != null) {
            java.util.List<SearchBenchmark.Curve> cs = report.curves();
            Map<String, Object> doc = new java.util.LinkedHashMap<>();
            doc.put("dataset", settings.dataset().id());
            doc.put("teacher", spec.id());
            doc.put("optimum", report.optimum());
            doc.put("seeds", settings.seeds());
            doc.put("first_seed", settings.firstSeed());
            doc.put("iterations", settings.iterations());
            doc.put("population", settings.population());
            doc.put("switch_at", settings.switchAtFraction());
            if (settings.methods().contains("guided")) {
                doc.put("guided", settings.guided().describe());
            }
            doc.put("curves", cs.stream().map(SearchBenchmark.Curve::toJson).toList());
            try {
                JSON.writeValue(curvesJson.toFile(), doc);
            } catch (IOException e) {
                throw new dev.llmnas.core.LlmnasException("--curves: cannot write " + curves + ": "
                        + OutputPaths.reason(e), e);
            }
            String title = String.format(Locale.ROOT, "NAS-Bench-201 %s, teacher %s: true regret of the best so far,"
                    + " mean of %d seeds (band: +-1 std. error)", settings.dataset().id(), spec.id(), settings.seeds());
            RegretCurves.write(RegretCurves.plot(title, cs.stream().map(c -> new RegretCurves.Series(c.method(),
                    c.calls(), c.mean(), c.stdErr())).toList()), curvesPng);
            out.println("wrote " + curves.resolve(curvesBase + ".json") + " and " + curves.resolve(curvesBase + ".png"));
        }
        out.flush();
    }
}
