package dev.llmnas.llm;

import dev.llmnas.core.Architecture;
import dev.llmnas.core.PerformancePredictor;
import dev.llmnas.core.PerformancePredictorContract;
import dev.llmnas.core.SearchSpace;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** The core contract, run against the LLM predictor talking to the chat-completions stub. */
class LlmPredictorContractTest extends PerformancePredictorContract {
    private OpenAiStub stub;
    private LlmPerformancePredictor llm;

    @BeforeEach
    void startStub() throws Exception {
        stub = Fixtures.stub();
    }

    @AfterEach
    void stopStub() throws Exception {
        if (llm != null) {
            llm.close();
        }
        stub.close();
    }

    @Override
    protected PerformancePredictor predictor() {
        llm = Fixtures.predictor(stub).concurrency(4).build();
        return llm;
    }

    @Override
    protected SearchSpace space() {
        return Fixtures.SPACE;
    }

    @Override
    protected List<Architecture> sampleArchitectures() {
        return Fixtures.pool(6);
    }

    @Override
    protected List<Architecture> invalidArchitectures() {
        return List.of(Fixtures.pool(1).get(0).with("decoder-layer-num", 9));
    }
}
