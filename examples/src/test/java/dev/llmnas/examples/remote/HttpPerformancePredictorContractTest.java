package dev.llmnas.examples.remote;

import dev.llmnas.study.HttpPerformancePredictor;

import dev.llmnas.core.Architecture;
import dev.llmnas.core.PerformancePredictor;
import dev.llmnas.core.PerformancePredictorContract;
import dev.llmnas.core.SearchSpace;
import dev.llmnas.core.spaces.Nb201Space;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import org.junit.jupiter.api.AfterEach;

/**
 * The core predictor contract, run against {@link HttpPerformancePredictor} talking over real HTTP to a
 * {@link LocalScoringService} that validates each architecture against NAS-Bench-201 and scores it by its
 * convolutions (an invalid one gets HTTP 400, which the predictor must turn into a PredictionException).
 */
class HttpPerformancePredictorContractTest extends PerformancePredictorContract {
    private LocalScoringService service;

    @AfterEach
    void stopService() {
        if (service != null) {
            service.close();
        }
    }

    @Override
    protected PerformancePredictor predictor() {
        try {
            service = LocalScoringService.start(a -> {
                Nb201Space.space().validate(a);
                return Nb201Space.space().metric(a, Nb201Space.CONVS) * 10 + 1;
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return HttpPerformancePredictor.builder(service.endpoint()).name("http-supernet").build();
    }

    @Override
    protected SearchSpace space() {
        return Nb201Space.space();
    }

    @Override
    protected List<Architecture> sampleArchitectures() {
        return sample(space(), 6, 11);
    }

    @Override
    protected List<Architecture> invalidArchitectures() {
        Architecture valid = sample(space(), 1, 5).get(0);
        String dimension = valid.values().keySet().iterator().next();
        return List.of(valid.with(dimension, "no-such-operation"));
    }
}
