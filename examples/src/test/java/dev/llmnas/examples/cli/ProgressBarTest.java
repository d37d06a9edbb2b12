package dev.llmnas.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmnas.core.Architecture;
import dev.llmnas.core.Direction;
import dev.llmnas.core.PerformancePredictor;
import dev.llmnas.core.SearchResult;
import dev.llmnas.core.spaces.Nb201Space;
import dev.llmnas.search.EvolutionarySearch;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ProgressBarTest {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    private final AtomicLong now = new AtomicLong();

    private String text() {
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void in_a_log_it_prints_one_line_per_tenth_of_the_way() {
        ProgressBar bar = new ProgressBar(out, "label", false, now::get);
        for (int i = 0; i <= 30; i++) {
            bar.update(i, 30, "step " + i);
        }
        bar.finish("done");

        String[] lines = text().split("\n");
        assertThat(lines).hasSize(12);
        assertThat(lines[0]).isEqualTo("label [------------------------------] 0/30   0% 0:00  step 0");
        assertThat(lines[5]).startsWith("label [###############---------------] 15/30  50%");
        assertThat(lines[10]).startsWith("label [##############################] 30/30 100%");
        assertThat(lines[11]).isEqualTo("label: done");
    }

    @Test
    void on_a_terminal_it_redraws_one_line_at_most_ten_times_a_second() {
        ProgressBar bar = new ProgressBar(out, "", true, now::get);
        bar.update(1, 4, "a long detail text");
        now.addAndGet(50_000_000L);
        bar.update(2, 4, "skipped, too soon");
        now.addAndGet(100_000_000L);
        bar.update(3, 4, "b");
        bar.update(4, 4, "the last step is always drawn");
        bar.finish("");

        String t = text();
        assertThat(t).doesNotContain("skipped").doesNotContain("\n\r");
        assertThat(t.chars().filter(c -> c == '\r').count()).isEqualTo(3);
        assertThat(t).endsWith("the last step is always drawn\n");
        // a shorter line blanks out what is left of the longer one before it
        String third = t.split("\r")[2];
        assertThat(third).endsWith(" ".repeat(third.length() - third.stripTrailing().length()));
        assertThat(third.length()).isGreaterThanOrEqualTo(t.split("\r")[1].length());
    }

    @Test
    void rejects_progress_outside_its_total() {
        ProgressBar bar = new ProgressBar(out, "x", false, now::get);
        assertThatThrownBy(() -> bar.update(5, 4, "")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("done 5 of total 4");
        assertThatThrownBy(() -> bar.update(0, 0, "")).hasMessageContaining("total must be positive");
    }

    @Test
    void follows_a_search_as_a_listener() {
        PerformancePredictor edges = new PerformancePredictor() {
            @Override
            public String name() {
                return "conv-count";
            }

            @Override
            public Direction direction() {
                return Direction.HIGHER_IS_BETTER;
            }

            @Override
            public double predict(Architecture a) {
                return Nb201Space.space().metric(a, Nb201Space.CONVS);
            }
        };
        SearchResult result = EvolutionarySearch.builder().space(Nb201Space.space()).predictor(edges).iterations(10)
                .listener(new ProgressBar(out, "evo", false, now::get)).build().run();

        String t = text();
        assertThat(t).contains("evo [----").contains("10/10 100%").contains("best 6.000 (conv-count's score)")
                .contains("calls conv-count=").contains("evo: done (evolution): best 6.000 by conv-count");
        assertThat(result.best().score()).isEqualTo(6);
    }
}
