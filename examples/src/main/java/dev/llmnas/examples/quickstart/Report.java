package dev.llmnas.examples.quickstart;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.llmnas.predictors.latency.LatencyProvenance;
import java.util.Map;

/**
 * What a quickstart run found, as written to {@code quickstart.json} (field names there in snake case; fields
 * that do not apply to the space are left out: {@code null} here).
 *
 * @param space                   {@code nb201} or {@code hat-<task>}
 * @param seed                    the run's seed
 * @param poolSize                architectures the teacher labelled for distillation
 * @param latencyModel            HAT with a latency constraint: the latency model used; else {@code null}
 * @param teacher                 the teacher in words
 * @param teacherKind             {@code fewshot} or {@code llm}
 * @param split                   HAT: the paper's split seed (123, 456 or 789); NAS-Bench-201: {@code null}
 * @param dataset                 NAS-Bench-201: the data set id; HAT: {@code null}
 * @param demonstrations          architectures with known scores shown to the teacher
 * @param distilledQuality        the distilled predictor (and the teacher) against the truth
 * @param expensivePredictor      HAT: what stood in for the supernet; NAS-Bench-201: {@code null} (the table)
 * @param constraint              the efficiency constraint of the searches
 * @param best                    the architecture HybridSearch found
 * @param constrainedOptimum      NAS-Bench-201: the best true accuracy under the constraint, in %; else {@code null}
 * @param hybridExpensiveCalls    calls of the expensive predictor by HybridSearch (NAS-Bench-201: demonstrations
 *                                included)
 * @param evolutionExpensiveCalls calls of the expensive predictor by full evolution with the same seed
 * @param evolutionTrueAccuracy   NAS-Bench-201: true accuracy (%) of full evolution's best; else {@code null}
 * @param evolutionBestScore      HAT: the stand-in's score of full evolution's best; else {@code null}
 * @param switchIteration         HybridSearch's first iteration ranked by the expensive predictor
 * @param llm                     with an LLM teacher: what it spent; else {@code null}
 * @param wallSeconds             the run's wall time in seconds
 * @param versions                library and Java versions
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Report(String space, long seed, int poolSize, LatencyProvenance latencyModel, String teacher,
                     String teacherKind, Integer split, String dataset, int demonstrations,
                     Quality distilledQuality, String expensivePredictor, ConstraintFields constraint, Best best,
                     Double constrainedOptimum, long hybridExpensiveCalls, long evolutionExpensiveCalls,
                     Double evolutionTrueAccuracy, Double evolutionBestScore, int switchIteration, LlmSpend llm,
                     double wallSeconds, Versions versions) {

    /**
     * The distilled predictor and the teacher measured against the truth.
     *
     * @param on               which architectures, in words
     * @param n                how many architectures the distilled predictor was measured on
     * @param distilledMae     mean absolute error of the distilled predictor (units of the score)
     * @param distilledKendall Kendall tau of the distilled predictor, in [-1, 1]
     * @param teacherN         how many of them (the first ones) the teacher was measured on
     * @param teacherMae       mean absolute error of the teacher
     * @param teacherKendall   Kendall tau of the teacher
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonPropertyOrder({"on", "n", "distilled_mae", "distilled_kendall", "teacher_n", "teacher_mae", "teacher_kendall"})
    public record Quality(String on, int n, double distilledMae, double distilledKendall, int teacherN,
                          double teacherMae, double teacherKendall) {
    }

    /**
     * The architecture HybridSearch found.
     *
     * @param architecture its values by dimension name
     * @param archString   NAS-Bench-201: the {@code |op~0|+...} string; else {@code null}
     * @param score        the score that ranked it (the predictor named by {@code scoredBy})
     * @param scoredBy     the predictor that gave the score
     * @param metrics      its efficiency metrics (parameters, FLOPs, latency in ms, ...)
     * @param efficiency   HAT: the metrics in readable units; else {@code null}
     * @param trueAccuracy NAS-Bench-201: its true accuracy in %; else {@code null}
     * @param regret       NAS-Bench-201: the constrained optimum minus its true accuracy; else {@code null}
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Best(Map<String, Object> architecture, String archString, double score, String scoredBy,
                       Map<String, Double> metrics, String efficiency, Double trueAccuracy, Double regret) {
    }

    /**
     * The efficiency constraint.
     *
     * @param metric   the bounded metric, {@code null} for a constraint that is not a metric bound
     * @param relation {@code <=} or {@code >=}, {@code null} likewise
     * @param bound    the bound in the metric's unit, {@code null} likewise
     * @param text     the constraint in words
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ConstraintFields(String metric, String relation, Double bound, String text) {
    }

    /**
     * What an LLM teacher spent.
     *
     * @param calls        calls made
     * @param cacheHits    answers taken from the cache
     * @param inputTokens  prompt tokens
     * @param outputTokens reply tokens
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record LlmSpend(long calls, long cacheHits, long inputTokens, long outputTokens) {
    }

    /**
     * @param llmnas the library version, {@code development} when run from a build without a manifest
     * @param java   the Java version
     */
    public record Versions(String llmnas, String java) {
    }
}
