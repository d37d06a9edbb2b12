package dev.llmnas.llm;

import static dev.llmnas.llm.Fixtures.SPACE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmnas.core.Architecture;
import dev.llmnas.core.LlmnasException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ArchitectureProposerTest {
    private final MockWebServer server = new MockWebServer();
    private final List<String> prompts = new CopyOnWriteArrayList<>();
    private volatile Function<Integer, String> replies;
    private List<Architecture> byFlops;
    private double budget;

    @BeforeEach
    void start() throws Exception {
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                String body = request.getBody().readUtf8();
                prompts.add(body);
                return OpenAiStub.answer(replies.apply(prompts.size()), body);
            }
        });
        server.start();
        byFlops = new ArrayList<>(Fixtures.pool(60));
        byFlops.sort(Comparator.comparingDouble(a -> SPACE.metric(a, "flops")));
        budget = SPACE.metric(byFlops.get(30), "flops");
    }

    @AfterEach
    void stop() throws Exception {
        server.shutdown();
    }

    private ArchitectureProposer.Builder proposer() {
        return ArchitectureProposer.builder()
                .chatModel(LlmModels.openAi().baseUrl(server.url("/v1").toString()).apiKey(Fixtures.FAKE_KEY)
                        .modelName("test-model").build())
                .space(SPACE).task(Fixtures.TASK).demonstrations(Fixtures.DEMOS).count(5).maxEfficiency(budget)
                .backoff(Fixtures.fastBackoff());
    }

    private static String block(Architecture a, String prefix) {
        StringBuilder sb = new StringBuilder();
        for (String line : SPACE.describe(a)) {
            sb.append(prefix).append(line).append('\n');
        }
        return sb.append("BLEU: 27.10\nGFLOPs: ").append(String.format(Locale.ROOT, "%.1f",
                SPACE.metric(a, "flops") / 1e9)).append('\n').toString();
    }

    /** The paper's own arch_info naming, which the space also reads. */
    private static String paperStyle(Architecture a) {
        StringBuilder sb = new StringBuilder();
        for (String line : SPACE.describe(a)) {
            String name = line.substring(0, line.indexOf(':'));
            String suffix = line.contains("[") ? "-all-subtransformer" : "-subtransformer";
            sb.append(name).append(suffix).append(line.substring(line.indexOf(':'))).append('\n');
        }
        return sb.toString();
    }

    @Test
    void valid_proposals_are_kept_and_invalid_ones_reported_with_their_reason() {
        Architecture small1 = byFlops.get(0);
        Architecture small2 = byFlops.get(1);
        Architecture big = byFlops.get(59);
        String invalid = block(small1, "").replace("encoder-embed-dim: " + small1.getInt("encoder-embed-dim"),
                "encoder-embed-dim: 700");
        String injection = block(small2, "").replace("encoder-embed-dim: " + small2.getInt("encoder-embed-dim"),
                "encoder-embed-dim: __import__('os').system('echo pwned')");
        replies = n -> "Here are my proposals.\n\n**Architecture 1**\n" + block(small1, "- ") + "\nArchitecture 2:\n"
                + paperStyle(small2) + "\n```\n" + invalid + "```\n\n" + block(big, "") + "\n" + block(small1, "")
                + "\n" + injection;

        ArchitectureProposer.Proposal p = proposer().build().propose(0);

        assertThat(p.architectures()).containsExactly(small1, small2);
        assertThat(p.rejected()).extracting(ArchitectureProposer.Rejected::reason).satisfiesExactly(
                r -> assertThat(r).contains("encoder-embed-dim: 700 is not one of"),
                r -> assertThat(r).contains("exceeds the budget"),
                r -> assertThat(r).contains("duplicate"),
                r -> assertThat(r).contains("encoder-embed-dim").contains("is not one of"));
        assertThat(p.replies()).hasSize(1);
    }

    @Test
    void the_prompt_states_the_budget_the_allowed_values_and_the_demonstrations() {
        replies = n -> block(byFlops.get(0), "");
        ArchitectureProposer proposer = proposer().build();
        String prompt = proposer.prompt();
        assertThat(prompt).contains("at most " + String.format(Locale.ROOT, "%.1f", budget / 1e9) + " GFLOPs")
                .contains("Propose 5 new, distinct architectures")
                .contains("- decoder-layer-num: number of decoder layers; one of [1, 2, 3, 4, 5, 6]")
                .contains("each one of [1024, 2048, 3072]");
        Fixtures.demoBlocks().forEach(b -> assertThat(prompt).contains(b));
        assertThat(proposer.get()).containsExactly(byFlops.get(0));
        assertThat(prompts.get(0)).contains("Propose 5 new");
    }

    @Test
    void each_supplier_round_asks_again_and_a_cache_replays_the_rounds_without_calls() {
        replies = n -> block(byFlops.get(n), "");
        ResponseCache cache = ResponseCache.inMemory();
        ArchitectureProposer first = proposer().cache(cache).build();
        assertThat(first.get()).containsExactly(byFlops.get(1));
        assertThat(first.get()).containsExactly(byFlops.get(2));
        assertThat(prompts).hasSize(2);
        ArchitectureProposer again = proposer().cache(cache).build();
        assertThat(again.get()).containsExactly(byFlops.get(1));
        assertThat(again.get()).containsExactly(byFlops.get(2));
        assertThat(prompts).hasSize(2);
        assertThat(again.usage().cacheHits()).isEqualTo(2);
    }

    @Test
    void a_reply_with_nothing_valid_is_asked_again_then_an_empty_proposal_is_returned() {
        replies = n -> "I would suggest making the model wider.";
        ArchitectureProposer.Proposal p = proposer().maxRetries(2).build().propose(0);
        assertThat(p.architectures()).isEmpty();
        assertThat(p.replies()).hasSize(3);
        assertThat(prompts).hasSize(3);
    }

    @Test
    void transport_failures_name_the_fault_and_never_the_key() {
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                return OpenAiStub.status(401, "bad key " + Fixtures.FAKE_KEY);
            }
        });
        assertThatThrownBy(() -> proposer().build().propose(0)).isInstanceOf(LlmnasException.class)
                .hasMessageContaining("HTTP 401").satisfies(e -> assertThat(e.getMessage()).doesNotContain(Fixtures.FAKE_KEY));
    }

    @Test
    void a_budget_needs_a_task_with_an_efficiency_metric() {
        TaskDescription noEfficiency = TaskDescription.builder("t").taskName("t").datasetName("d")
                .metric("BLEU", dev.llmnas.core.Direction.HIGHER_IS_BETTER).build();
        assertThatThrownBy(() -> proposer().task(noEfficiency).build()).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("maxEfficiency");
        assertThatThrownBy(() -> proposer().count(0)).hasMessageContaining("count: 0");
    }
}
