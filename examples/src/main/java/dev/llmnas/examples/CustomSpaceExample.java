package dev.llmnas.examples;

import dev.llmnas.core.AbstractPerformancePredictor;
import dev.llmnas.core.Architecture;
import dev.llmnas.core.Constraint;
import dev.llmnas.core.Direction;
import dev.llmnas.core.PerformancePredictor;
import dev.llmnas.core.SearchResult;
import dev.llmnas.core.SearchSpace;
import dev.llmnas.core.spaces.SpaceBuilder;
import dev.llmnas.search.EvolutionarySearch;
import java.util.List;
import java.util.Map;

/** Your own search space with an efficiency metric, searched under a constraint on it. */
public final class CustomSpaceExample {
    public static void main(String[] args) {
        SearchSpace space = SpaceBuilder.named("tiny-mlp")
                .integer("layers", 1, 4, "number of hidden layers")
                .perLayer("width", List.of(64, 128, 256), "layers", "units of each hidden layer")
                .categorical("activation", List.of("relu", "gelu"), "activation function")
                .metrics(List.of("params"), a -> Map.of("params", params(a)))   // what constraints can bound
                .build();

        // stands for your trainer; the skeleton hands it canonical architectures of the space, turns a NaN into a
        // failure and names the predictor and the architecture in every failure
        PerformancePredictor predictor = new AbstractPerformancePredictor(space) {
            @Override
            public String name() {
                return "toy-accuracy";
            }

            @Override
            public Direction direction() {
                return Direction.HIGHER_IS_BETTER;
            }

            @Override
            protected double doPredict(Architecture a) {
                return 90 - 5.0 / (1 + params(a) / 10_000) + (a.get("activation").equals("gelu") ? 0.3 : 0);
            }
        };

        SearchResult result = EvolutionarySearch.builder()
                .space(space)
                .predictor(predictor)
                .constraint(Constraint.atMost("params", 60_000))
                .iterations(10)
                .seed(1)
                .build()
                .run();
        System.out.println("best: " + result.best().architecture().values() + ", params "
                + space.metrics(result.best().architecture()).get("params") + ", score " + result.best().score());
    }

    /** Weights of a 784-input, 10-output MLP with these hidden layers. */
    static double params(Architecture a) {
        int previous = 784;
        double total = 0;
        for (int width : a.getIntList("width")) {
            total += (double) previous * width + width;
            previous = width;
        }
        return total + previous * 10.0 + 10;
    }
}
