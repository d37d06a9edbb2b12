package dev.llmnas.examples.bench;

import dev.llmnas.core.Architecture;
import dev.llmnas.core.Direction;
import dev.llmnas.core.PerformancePredictor;
import dev.llmnas.core.SearchSpace;
import dev.llmnas.core.data.NatsBench;
import dev.llmnas.core.spaces.Nb201Space;
import dev.llmnas.llm.Demonstration;
import dev.llmnas.llm.LlmModels;
import dev.llmnas.llm.LlmPerformancePredictor;
import dev.llmnas.llm.TaskDescription;
import dev.llmnas.predictors.RidgePredictor;
import dev.llmnas.predictors.XGBoostDistiller;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Builds the hybrid's cheap predictor for one seed the LLM-Distill-PP way: a teacher labels a pool of random
 * NAS-Bench-201 cells once and XGBoost learns the labels. The teacher is
 * <ul>
 *   <li>{@code proxy:<dataset>}: the true accuracy on another data set (no expensive call);</li>
 *   <li>{@code fewshot}: ridge regression on 10 random demonstrations with their true accuracy on the searched
 *   data set (10 expensive calls, charged to the hybrid), on what an LLM-PP prompt shows: the encoding and the
 *   efficiency metrics, penalties chosen by leave-one-out ({@link #fewShotTeacher});
 *   {@code fewshot:encoding}: the earlier teacher, the encoding alone with lambda 1;</li>
 *   <li>{@code llm}: an LLM performance predictor configured from the environment ({@link LlmModels}), shown the
 *   same 10 demonstrations (10 expensive calls), optionally answering from a replay cache.</li>
 * </ul>
 * Pool, demonstrations and XGBoost are all seeded by the run's seed.
 */
public final class CheapPredictors implements SearchBenchmark.CheapPredictorFactory {
    /** Ridge penalty of the earlier encoding-only few-shot teacher ({@code fewshot:encoding}). */
    static final double FEWSHOT_ENCODING_LAMBDA = 1.0;

    private final NatsBench table;
    private final NatsBench.Dataset target;
    private final TeacherSpec teacher;
    private final int poolSize;
    private final int rounds;
    private final int maxDepth;
    private final LlmModels.Configured llm;
    private final Path llmCache;

    /**
     * @param environment variables that configure an LLM (only read for {@code teacher llm})
     * @param llmCache    a JSONL cache of LLM answers to reuse and extend (only for {@code llm}); may be null
     * @throws IllegalArgumentException for {@code llm} when the environment configures no LLM
     */
    public CheapPredictors(NatsBench table, NatsBench.Dataset target, TeacherSpec teacher, int poolSize, int rounds,
                           int maxDepth, Map<String, String> environment, Path llmCache) {
        this.table = Objects.requireNonNull(table, "table");
        this.target = Objects.requireNonNull(target, "target");
        this.teacher = Objects.requireNonNull(teacher, "teacher");
        this.poolSize = checkPool(poolSize);
        this.rounds = rounds;
        this.maxDepth = maxDepth;
        this.llmCache = llmCache;
        this.llm = llmModel(teacher, environment);
    }

    /**
     * The pool size, checked.
     *
     * @throws IllegalArgumentException naming the value and the allowed range; the message starts with
     *                                  {@code poolSize: }
     */
    public static int checkPool(int poolSize) {
        if (poolSize < 10 || poolSize > Nb201Space.SIZE) {
            throw new IllegalArgumentException("poolSize: " + poolSize + " is not allowed; it must be in [10, "
                    + Nb201Space.SIZE + "] (the distillation pool of random cells)");
        }
        return poolSize;
    }

    /**
     * The LLM the environment configures, for {@code teacher llm}; {@code null} for other teachers.
     *
     * @throws IllegalArgumentException saying how to configure one when the teacher is {@code llm} and none is;
     *                                  the message starts with {@code teacher: }
     */
    public static LlmModels.Configured llmModel(TeacherSpec teacher, Map<String, String> environment) {
        if (!(teacher instanceof TeacherSpec.Llm)) {
            return null;
        }
        return LlmModels.fromVariables(environment).orElseThrow(() -> new IllegalArgumentException(
                "teacher: 'llm' is not configured: " + LlmModels.HOW_TO_CONFIGURE
                        + "; or use a teacher that needs no LLM (proxy:<dataset> or fewshot)"));
    }

    /** The NATS-Bench table the teachers and demonstrations read. */
    public NatsBench table() {
        return table;
    }

    @Override
    public SearchBenchmark.CheapPredictor build(long seed) {
        SearchSpace space = Nb201Space.space();
        SplittableRandom random = new SplittableRandom(seed);
        List<Architecture> pool = distinctSamples(space, poolSize, random);
        PerformancePredictor labeller;
        long expensiveCalls = 0;
        LlmPerformancePredictor toClose = null;
        if (teacher instanceof TeacherSpec.Proxy p) {
            labeller = table.predictor(p.dataset());
        } else {
            int n = teacher instanceof TeacherSpec.FewShot f ? f.demonstrations() : 10;
            List<Architecture> demos = distinctSamples(space, n, random);
            double[] scores = new double[n];
            for (int i = 0; i < n; i++) {
                // each demonstration is one architecture trained from scratch: an expensive call
                scores[i] = table.accuracy(demos.get(i), target);
            }
            expensiveCalls = n;
            if (teacher instanceof TeacherSpec.FewShot f) {
                labeller = fewShotTeacher(space, demos, scores, f.encodingOnly());
            } else {
                List<Demonstration> shown = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    shown.add(Demonstration.of(space, demos.get(i), scores[i]));
                }
                LlmPerformancePredictor.Builder b = llm.predictorBuilder().space(space)
                        .task(TaskDescription.nasBench201(target)).demonstrations(shown).seed(seed);
                if (llmCache != null) {
                    b.cacheFile(llmCache);
                }
                toClose = b.build();
                labeller = toClose;
            }
        }
        try {
            PerformancePredictor student = XGBoostDistiller.builder().seed(seed).rounds(rounds).maxDepth(maxDepth)
                    .build().distill(labeller, space, pool);
            return new SearchBenchmark.CheapPredictor(student, expensiveCalls);
        } finally {
            if (toClose != null) {
                toClose.close();
            }
        }
    }

    /**
     * The offline few-shot teacher: ridge regression on the demonstrations' encoding together with all of the
     * space's efficiency metrics (the information an LLM-PP prompt carries: the NAS-Bench-201 prompt shows
     * {@code cell-params} and the cell from which {@code convs} is counted; the translation prompt shows GFLOPs
     * of architectures whose parameter counts follow from the lines shown), with the encoding's and the
     * metrics' penalties chosen by leave-one-out on the demonstrations alone. With {@code encodingOnly}: the
     * earlier teacher, ridge on the encoding alone with lambda 1.
     *
     * @param space   the demonstrations' space
     * @param demos   the demonstrations, at least 3
     * @param scores  their true scores
     * @param encodingOnly the earlier encoding-only teacher
     * @throws IllegalArgumentException naming a bad argument
     */
    public static RidgePredictor fewShotTeacher(SearchSpace space, List<Architecture> demos, double[] scores,
                                                boolean encodingOnly) {
        if (encodingOnly) {
            return RidgePredictor.fit(space, demos, scores, FEWSHOT_ENCODING_LAMBDA, Direction.HIGHER_IS_BETTER);
        }
        return RidgePredictor.builder().space(space).efficiencyMetrics(space.metricNames())
                .direction(Direction.HIGHER_IS_BETTER).fit(demos, scores);
    }

    /** {@code n} distinct random cells. */
    static List<Architecture> distinctSamples(SearchSpace space, int n, SplittableRandom random) {
        Set<Architecture> out = new LinkedHashSet<>();
        while (out.size() < n) {
            out.add(space.sample(random));
        }
        return new ArrayList<>(out);
    }
}
