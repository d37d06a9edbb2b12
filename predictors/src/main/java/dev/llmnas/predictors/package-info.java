/**
 * Cheap performance predictors: LLM-Distill-PP's distilled student and few-shot baselines.
 *
 * <ul>
 *   <li>{@link dev.llmnas.predictors.XGBoostDistiller}: a teacher (usually an LLM predictor) labels a pool of
 *   architectures once; XGBoost4J learns the labels. Failed labels are excluded and counted.</li>
 *   <li>{@link dev.llmnas.predictors.DistilledPredictor}: the student, evaluated by
 *   {@link dev.llmnas.predictors.TreeEnsemble}, a pure-Java compilation of the XGBoost JSON model (read and
 *   checked by the package-private {@code XGBoostJsonModel}) that reproduces XGBoost's predictions and allocates
 *   nothing per prediction (buffers come from a per-model {@link dev.llmnas.predictors.internal.ScratchPool}, not
 *   a {@code ThreadLocal}); saved and loaded with its {@link dev.llmnas.predictors.DistillationProvenance}, in
 *   which the teacher's own provenance is nested.</li>
 *   <li>{@link dev.llmnas.predictors.KnnPredictor} and {@link dev.llmnas.predictors.RidgePredictor}: regressors
 *   fitted to the demonstrations alone, the baseline an LLM predictor has to beat. {@code RidgePredictor.builder()}
 *   also learns from the demonstrations' efficiency metrics (what a PP prompt shows beside each architecture),
 *   with penalties chosen by leave-one-out on the demonstrations: the examples' offline stand-in for the LLM.</li>
 *   <li>{@link dev.llmnas.predictors.PredictorTable}: the paper's predictor-quality protocol (MAE and Kendall
 *   tau over seeds) for any predictor built from a seed's demonstrations; the data folder, seeds and truth field
 *   are parameters.</li>
 *   <li>{@link dev.llmnas.predictors.latency.LatencyPredictor}: total latency (ms) of a HAT SubTransformer on
 *   one device, learned from HAT's measured SubTransformers.</li>
 * </ul>
 *
 * <pre>{@code
 * SearchSpace space = HatSpaces.wmt14ende();
 * DistilledPredictor student = XGBoostDistiller.builder().rounds(300).maxDepth(6).seed(1).build()
 *         .distill(teacher, space, pool);              // teacher.tryPredictAll(pool) labels the pool once
 * double bleu = student.predict(candidate);            // microseconds, no allocation
 * student.save(Path.of("models/wmt14ende"));           // model.json + provenance.json
 * DistilledPredictor again = DistilledPredictor.load(Path.of("models/wmt14ende"), space);
 * }</pre>
 *
 * <p>Nothing here talks to the network.
 */
package dev.llmnas.predictors;
