package dev.llmnas.examples;

import dev.llmnas.core.Constraint;
import dev.llmnas.core.SearchResult;
import dev.llmnas.core.data.DataPaths;
import dev.llmnas.core.data.NatsBench;
import dev.llmnas.core.spaces.Nb201Space;
import dev.llmnas.predictors.DistilledPredictor;
import dev.llmnas.predictors.XGBoostDistiller;
import dev.llmnas.search.HybridSearch;
import java.util.SplittableRandom;
import java.util.stream.Stream;

/** HybridSearch from Java: {@code java -cp examples/target/llmnas-examples.jar dev.llmnas.examples.HybridSearchExample}. */
public final class HybridSearchExample {
    public static void main(String[] args) {
        var space = Nb201Space.space();
        var table = NatsBench.load(DataPaths.natsBench(PaperDefaults.dataFolder()));
        var expensive = table.predictor(NatsBench.Dataset.CIFAR10);   // stands for training from scratch
        var teacher = table.predictor(NatsBench.Dataset.CIFAR100);    // an imperfect cheap teacher
        var rng = new SplittableRandom(7);
        var pool = Stream.generate(() -> space.sample(rng)).limit(2000).toList();
        DistilledPredictor cheap = XGBoostDistiller.builder().seed(7).build().distill(teacher, space, pool);
        SearchResult result = HybridSearch.builder()
                .space(space)
                .initialPredictor(cheap)                              // ranks the first half
                .finalPredictor(expensive)                            // ranks the second half
                .constraint(Constraint.atMost(Nb201Space.CELL_PARAMS, 9216))
                .seed(7)
                .build()
                .run();
        System.out.printf("best: %s, accuracy %.2f%%, expensive calls %d%n", Nb201Space.toArchString(
                result.best().architecture()), result.best().score(), result.callsTo(expensive.name()));
    }
}
