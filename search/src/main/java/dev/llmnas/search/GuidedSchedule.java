package dev.llmnas.search;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The guided schedule of {@link HybridSearch} (set with {@link HybridSearch.Builder#guided}): predictor-guided
 * evolution in the expensive phase, after the ideas of predictor-based NAS (BANANAS, White et al., AAAI 2021;
 * NPENAS, Wei et al., IEEE TNNLS 2022; BRP-NAS, Dudziak et al., NeurIPS 2020). The cheap phase is the paper's;
 * from the switch on, each generation
 * <ol>
 *   <li>breeds {@code screening} times as many offspring as the population's {@code mutations + crossovers}
 *   (HAT's mutation and crossover of the best {@code parents}), dropping those the expensive predictor has
 *   already scored;</li>
 *   <li>ranks them with the cheap predictor, corrected by {@code refit}: a model fitted, before every generation,
 *   on every architecture the expensive predictor scored so far (its cheap score, the space's metrics and its
 *   expensive score; see {@link Refit#ridge}). Below {@value #REFIT_MIN_SAMPLES} expensive scores, or without a
 *   refit, the raw cheap score ranks;</li>
 *   <li>spends expensive calls only on the {@code perGeneration} best of them: with {@code r = }{@link #rawPicks()}
 *   {@code = round(rawShare * perGeneration)}, the {@code perGeneration - r} the refit ranks best, then the
 *   {@code r} the raw cheap predictor ranks best among the rest
 *   (a portfolio of the two rankings: the refit learns from the expensive scores, but only near the architectures
 *   scored so far, while the raw cheap predictor keeps the teacher's view of the whole space); the population is
 *   the {@code parents} carried over plus those;</li>
 *   <li>when the cheap predictor disagrees with the expensive one ({@code disagreement}, off when {@code null}):
 *   before each generation, Kendall's tau-b between the raw cheap scores and the expensive scores of every
 *   architecture the expensive predictor has scored (counted positive when both rank alike, whatever their
 *   directions) is computed once {@value #REFIT_MIN_SAMPLES} are known; below {@link Disagreement#belowTau()} the
 *   generation spends {@link Disagreement#perGeneration()} calls instead of {@code perGeneration} (a weak teacher
 *   gets more expensive calls, a good one keeps the small budget);</li>
 *   <li>stops the search once the best expensive score has not improved for {@code patience} generations
 *   (0: runs all iterations).</li>
 * </ol>
 * Deterministic for a seed, and checkpoints resume it identically (the refit sees only scores known at the end
 * of a generation). Immutable.
 *
 * @param screening     offspring bred per generation as a multiple of {@code mutations + crossovers}; at least 1
 *                      (1 = no over-generation). Default {@value #DEFAULT_SCREENING}
 * @param perGeneration expensive calls spent on new offspring per expensive generation; at least 1. Default
 *                      {@value #DEFAULT_PER_GENERATION}
 * @param refit         the online correction of the cheap predictor, or {@code null} to rank by the raw cheap
 *                      score. Default {@code Refit.ridge(1.0)}
 * @param patience      expensive generations without improvement of the best expensive score before the search
 *                      stops; 0 never stops early. Default {@value #DEFAULT_PATIENCE}
 * @param rawShare      the share of the {@code perGeneration} calls that go to the offspring the raw
 *                      (unrefitted) cheap predictor ranks best, in [0, 1] (0: all by the refit; rounded half up to
 *                      whole calls, see {@link #rawPicks()}). Without a refit, or before it has
 *                      {@value #REFIT_MIN_SAMPLES} samples, all picks are raw. Default {@value #DEFAULT_RAW_SHARE}
 * @param disagreement  more calls per generation while the cheap predictor disagrees with the expensive one, or
 *                      {@code null} for {@code perGeneration} always. Default {@link #DEFAULT_DISAGREEMENT}
 */
public record GuidedSchedule(int screening, int perGeneration, Refit refit, int patience, double rawShare,
                             Disagreement disagreement) {

    /**
     * How many calls an expensive generation spends while the cheap predictor disagrees with the expensive one.
     *
     * @param belowTau      the agreement (Kendall's tau-b, in [-1, 1]) below which a generation counts as
     *                      disagreeing
     * @param perGeneration the calls a disagreeing generation spends on new offspring; at least 1
     */
    public record Disagreement(double belowTau, int perGeneration) {
        /** @throws IllegalArgumentException when {@code belowTau} is outside [-1, 1] or perGeneration below 1 */
        public Disagreement {
            if (!(belowTau >= -1 && belowTau <= 1)) {
                throw new IllegalArgumentException("disagreement belowTau: " + belowTau
                        + " is not allowed; it must be a Kendall tau in [-1, 1]");
            }
            if (perGeneration < 1) {
                throw new IllegalArgumentException("disagreement perGeneration: " + perGeneration
                        + " is not allowed; it must be at least 1");
            }
        }

        /** As text, e.g. {@code tau<0.1 -> 15}. */
        public String describe() {
            return "tau<" + belowTau + " -> " + perGeneration;
        }
    }

    /** Default {@link #screening}: offspring bred per generation, as a multiple of the population's. */
    public static final int DEFAULT_SCREENING = 1;
    /** Default {@link #perGeneration}: expensive calls on new offspring per generation. */
    public static final int DEFAULT_PER_GENERATION = 10;
    /** Default {@link #refit} penalty: {@code Refit.ridge(1.0)}. */
    public static final double DEFAULT_RIDGE_LAMBDA = 1.0;
    /** Default {@link #patience}: generations without improvement before stopping. */
    public static final int DEFAULT_PATIENCE = 0;
    /** Default {@link #rawShare}: the share of each generation's calls spent on the raw cheap predictor's best. */
    public static final double DEFAULT_RAW_SHARE = 0.7;
    /**
     * Default {@link #disagreement}: 15 calls per generation while Kendall's tau between the cheap and the expensive
     * scores is below 0.1.
     */
    public static final Disagreement DEFAULT_DISAGREEMENT = new Disagreement(0.1, 15);
    /** Fewest expensive scores before the refit replaces the raw cheap score. */
    public static final int REFIT_MIN_SAMPLES = 20;

    /**
     * @throws IllegalArgumentException when {@code screening} or {@code perGeneration} is below 1,
     *                                  {@code patience} is negative, or {@code rawShare} is outside [0, 1]
     */
    public GuidedSchedule {
        if (screening < 1) {
            throw new IllegalArgumentException("screening: " + screening + " is not allowed; it must be at least 1");
        }
        if (perGeneration < 1) {
            throw new IllegalArgumentException("perGeneration: " + perGeneration
                    + " is not allowed; it must be at least 1");
        }
        if (patience < 0) {
            throw new IllegalArgumentException("patience: " + patience
                    + " is not allowed; it must be at least 0 (0 = never stop early)");
        }
        if (!(rawShare >= 0 && rawShare <= 1)) {
            throw new IllegalArgumentException("rawShare: " + rawShare + " is not allowed; it must be in [0, 1]");
        }
    }

    /**
     * A schedule without raw picks ({@code rawShare} 0) and without {@code disagreement}: every call goes to the
     * refit's best, {@code perGeneration} calls in every generation.
     *
     * @throws IllegalArgumentException as the canonical constructor
     */
    public GuidedSchedule(int screening, int perGeneration, Refit refit, int patience) {
        this(screening, perGeneration, refit, patience, 0, null);
    }

    /**
     * The defaults, chosen on tuning seeds 101-130 of NAS-Bench-201 (see benchmarks/README-search.md): screening 1
     * (the population's own offspring; over-generating ten times made the screened offspring too alike and cost
     * accuracy with a weak teacher), 10 calls per generation, {@code Refit.ridge(1.0)}, patience 0 (stopping
     * early after 3 or 5 generations cost accuracy with a weak teacher), raw share 0.7 (with the few-shot teacher on
     * ImageNet16-120, raw shares 0, 0.6, 0.7 and 0.8 left 0.18, 0.07, 0.02 and 0.08 points of mean regret; the
     * proxy teacher moved by at most 0.01), and disagreement {@link #DEFAULT_DISAGREEMENT} (15 calls per generation
     * while Kendall's tau between the cheap and the expensive scores is below 0.1: the few-shot teacher's tau there
     * was about -0.3 to 0.2, the proxy teacher's 0.1 to 0.5; with it, ImageNet16-120's few-shot regret on seeds 1-30
     * fell from 0.18 to 0.06 points). Note that the canonical and the four-argument constructors do not apply
     * these defaults: start from {@code defaults()} and change what you need with the {@code with...} methods.
     */
    public static GuidedSchedule defaults() {
        return new GuidedSchedule(DEFAULT_SCREENING, DEFAULT_PER_GENERATION, Refit.ridge(DEFAULT_RIDGE_LAMBDA),
                DEFAULT_PATIENCE, DEFAULT_RAW_SHARE,
                DEFAULT_DISAGREEMENT);
    }

    /**
     * @param screening see {@link #screening()}
     * @return a copy with that screening factor
     * @throws IllegalArgumentException when below 1
     */
    public GuidedSchedule withScreening(int screening) {
        return new GuidedSchedule(screening, perGeneration, refit, patience, rawShare, disagreement);
    }

    /**
     * @param perGeneration see {@link #perGeneration()}
     * @return a copy with that many expensive calls per generation
     * @throws IllegalArgumentException when below 1
     */
    public GuidedSchedule withPerGeneration(int perGeneration) {
        return new GuidedSchedule(screening, perGeneration, refit, patience, rawShare, disagreement);
    }

    /**
     * @param refit see {@link #refit()}; {@code null} ranks by the raw cheap score
     * @return a copy with that refit
     */
    public GuidedSchedule withRefit(Refit refit) {
        return new GuidedSchedule(screening, perGeneration, refit, patience, rawShare, disagreement);
    }

    /**
     * @param patience see {@link #patience()}
     * @return a copy with that patience
     * @throws IllegalArgumentException when negative
     */
    public GuidedSchedule withPatience(int patience) {
        return new GuidedSchedule(screening, perGeneration, refit, patience, rawShare, disagreement);
    }

    /**
     * @param rawShare see {@link #rawShare()}
     * @return a copy with that share of raw picks
     * @throws IllegalArgumentException when outside [0, 1]
     */
    public GuidedSchedule withRawShare(double rawShare) {
        return new GuidedSchedule(screening, perGeneration, refit, patience, rawShare, disagreement);
    }

    /**
     * @param disagreement see {@link #disagreement()}; {@code null} spends {@code perGeneration} always
     * @return a copy with that disagreement rule
     */
    public GuidedSchedule withDisagreement(Disagreement disagreement) {
        return new GuidedSchedule(screening, perGeneration, refit, patience, rawShare, disagreement);
    }

    /**
     * The calls per generation that go to the raw cheap predictor's best once the refit is active:
     * {@code round(rawShare * perGeneration)}, halves rounded up; e.g. 7 of 10 with the defaults.
     */
    public int rawPicks() {
        return rawPicks(perGeneration);
    }

    /**
     * The raw picks of a generation that spends {@code calls} calls: {@code round(rawShare * calls)}, halves rounded
     * up.
     *
     * @param calls the generation's calls on new offspring, at least 0
     * @return between 0 and {@code calls}
     */
    public int rawPicks(int calls) {
        return (int) Math.min(calls, Math.floor(rawShare * calls + 0.5 + 1e-9));
    }

    /**
     * The calls a generation spends on new offspring, given the agreement measured before it.
     *
     * @param agreement Kendall's tau-b between the cheap and the expensive scores (positive when alike), or NaN when
     *                  not known yet
     * @return {@code disagreement.perGeneration()} when a disagreement rule is set and the agreement is below its
     *         threshold, otherwise {@code perGeneration}
     */
    public int callsFor(double agreement) {
        return disagreement != null && agreement < disagreement.belowTau() ? disagreement.perGeneration()
                : perGeneration;
    }

    /** The settings as text, for fingerprints and reports, e.g. {@code screening 10, perGeneration 10, ...}. */
    public String describe() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("screening", String.valueOf(screening));
        m.put("perGeneration", String.valueOf(perGeneration));
        m.put("refit", refit == null ? "none" : refit.name());
        m.put("patience", String.valueOf(patience));
        m.put("rawShare", String.valueOf(rawShare));
        m.put("disagreement", disagreement == null ? "none" : disagreement.describe());
        StringBuilder sb = new StringBuilder();
        m.forEach((k, v) -> sb.append(sb.length() == 0 ? "" : ", ").append(k).append(' ').append(v));
        return sb.toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof GuidedSchedule g && g.screening == screening && g.perGeneration == perGeneration
                && g.patience == patience && Double.compare(g.rawShare, rawShare) == 0
                && Objects.equals(disagreement, g.disagreement) && Objects.equals(refit == null ? null : refit.name(),
                g.refit == null ? null : g.refit.name());
    }

    @Override
    public int hashCode() {
        return Objects.hash(screening, perGeneration, patience, rawShare, disagreement, refit == null ? null : refit.name());
    }
}
