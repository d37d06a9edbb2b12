package dev.llmnas.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.llmnas.core.spaces.HatSpaces;
import dev.llmnas.examples.quickstart.Quickstart;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Tight, impossible and hard-to-sample constraints on the command line. */
class QuickstartConstraintTest {
    @TempDir
    Path tmp;

    @Test
    void a_tight_but_satisfiable_flops_bound_on_hat_runs_to_the_end() throws Exception {
        // about 3 in 10,000 random HAT architectures have at most 2.1 GFLOPs
        var r = DescribeCommandTest.run("quickstart", "--space", "hat-wmt14ende", "--teacher", "fewshot",
                "--pool", "100", "--no-progress", "--constraint", "flops<=2.1e9", "--out", tmp.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        JsonNode json = new ObjectMapper().readTree(tmp.resolve("quickstart.json").toFile());
        assertThat(json.at("/best/metrics/flops").asDouble()).isLessThanOrEqualTo(2.1e9);
    }

    @Test
    void a_bound_below_the_spaces_smallest_value_is_refused_up_front_as_a_usage_error() throws Exception {
        Path out = tmp.resolve("out");
        var r = DescribeCommandTest.run("quickstart", "--space", "hat-wmt14ende", "--teacher", "llm",
                "--no-progress", "--constraint", "flops<=1e9", "--out", out.toString());
        // --teacher llm without any LLM configured would fail later: the constraint is checked first
        assertThat(r.exit()).isEqualTo(LlmnasCli.EXIT_USAGE);
        assertThat(r.err().strip()).isEqualTo("error: --constraint: constraint flops <= 1.0E9 cannot be met in space"
                + " hat-wmt14ende: flops ranges over [1965865128, 6033961188] there, so no architecture is that small");
        assertThat(out).as("nothing created").doesNotExist();
    }

    @Test
    void the_bound_on_tries_is_an_option_with_a_checked_range() {
        var r = DescribeCommandTest.run("quickstart", "--max-tries", "0", "--no-progress", "--out", tmp.toString());
        assertThat(r.exit()).isEqualTo(LlmnasCli.EXIT_USAGE);
        assertThat(r.err().strip()).isEqualTo("error: --max-tries: 0 is not in [1, 10000000]");
        assertThat(DescribeCommandTest.run("quickstart", "--help").out()).contains("--max-tries=N");
    }

    @Test
    void parsing_a_constraint_refuses_one_no_architecture_can_meet_and_accepts_the_smallest_value() {
        var hat = HatSpaces.wmt14ende();
        double min = hat.metricRange(HatSpaces.FLOPS).orElseThrow().min();
        assertThat(Quickstart.parseConstraint("flops<=" + min, hat).description()).isEqualTo("flops <= " + min);
        assertThatThrownBy(() -> Quickstart.parseConstraint("params>=1e12", hat))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageEndingWith("so no architecture is that large");
    }
}
