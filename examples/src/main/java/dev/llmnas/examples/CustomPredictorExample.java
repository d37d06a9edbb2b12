package dev.llmnas.examples;

import dev.llmnas.core.Architecture;
import dev.llmnas.core.Constraint;
import dev.llmnas.core.SearchResult;
import dev.llmnas.core.SearchSpace;
import dev.llmnas.core.spaces.HatSpaces;
import dev.llmnas.study.HttpPerformancePredictor;
import dev.llmnas.examples.remote.LocalScoringService;
import dev.llmnas.search.EvolutionarySearch;
import java.time.Duration;

/**
 * Plugging in your own predictor: an {@link HttpPerformancePredictor} calling a scoring service (where a
 * supernet usually lives, in Python) with JSON in and out, timeouts and retries; given the space, it sends only
 * canonical architectures of it. To run offline the example
 * starts a tiny local service itself, scoring by a made-up formula of the architecture (not a real BLEU).
 *
 * <p>{@code java -cp examples/target/llmnas-examples.jar dev.llmnas.examples.CustomPredictorExample}
 */
public final class CustomPredictorExample {
    public static void main(String[] args) throws Exception {
        SearchSpace space = HatSpaces.wmt14ende();
        try (LocalScoringService service = LocalScoringService.start(CustomPredictorExample::toyScore)) {
            HttpPerformancePredictor supernet = HttpPerformancePredictor.builder(service.endpoint())
                    .name("supernet").space(space).timeout(Duration.ofSeconds(5)).maxAttempts(3).build();
            SearchResult result = EvolutionarySearch.builder()
                    .space(space)
                    .predictor(supernet)
                    .constraint(Constraint.atMost(HatSpaces.FLOPS, 3.0e9))
                    .iterations(6)
                    .seed(1)
                    .build()
                    .run();
            System.out.println("service at " + service.endpoint() + " answered " + service.requests() + " requests");
            System.out.printf("best architecture (toy score %.3f):%n", result.best().score());
            space.describe(result.best().architecture()).forEach(l -> System.out.println("  " + l));
            System.out.println("efficiency: " + space.metrics(result.best().architecture()));
        }
    }

    /** A stand-in for a supernet's answer: more capacity scores higher, with diminishing returns. */
    static double toyScore(Architecture a) {
        double ffn = a.getIntList("encoder-ffn-embed-dim").stream().mapToInt(Integer::intValue).sum()
                + a.getIntList("decoder-ffn-embed-dim").stream().mapToInt(Integer::intValue).sum();
        return 20 + Math.log1p(ffn / 1000.0) + 0.002 * a.getInt("decoder-embed-dim");
    }
}
