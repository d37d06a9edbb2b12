package dev.llmnas.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LatencyCommandsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    @Test
    void latency_predictors_writes_hats_protocol_figures_per_set_as_json() throws Exception {
        Path out = tmp.resolve("latency.json");
        var r = DescribeCommandTest.run("latency-predictors", "--sets", "wmt14enfr/raspberrypi,wmt19ende/titanxp",
                "--models", "products-ridge,linear-10", "--json", out.toString(), "--no-progress");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("wmt14enfr/raspberrypi").contains("products-ridge").contains("linear-10");
        JsonNode json = JSON.readTree(out.toFile());
        assertThat(json.size()).isEqualTo(2);
        JsonNode pi = json.get(0);
        assertThat(pi.get("task").asText()).isEqualTo("wmt14enfr");
        assertThat(pi.get("device").asText()).isEqualTo("raspberrypi");
        assertThat(pi.get("seeds").size()).isEqualTo(3);
        for (String field : new String[] {"rmse_ms_mean", "rmse_ms_std", "mapd_mean", "mapd_std", "measurement_noise"}) {
            assertThat(pi.get(field).isNumber()).as(field).isTrue();
        }
        assertThat(pi.get("mapd_mean").asDouble()).isLessThan(0.02);
        assertThat(pi.get("rmse_ms_mean").asDouble())
                .isLessThan(pi.at("/models/linear-10/rmse_ms_mean").asDouble());
        assertThat(pi.at("/models/products-ridge/rmse_ms_mean").asDouble()).isEqualTo(pi.get("rmse_ms_mean").asDouble());
    }

    @Test
    void an_unknown_set_or_model_is_a_one_line_usage_error() {
        var r = DescribeCommandTest.run("latency-predictors", "--sets", "wmt19ende/xeon");
        assertThat(r.exit()).isEqualTo(LlmnasCli.EXIT_USAGE);
        assertThat(r.err().strip()).startsWith("error: --sets: latency data: none for task 'wmt19ende' on xeon")
                .doesNotContain("\n");
        var m = DescribeCommandTest.run("latency-predictors", "--models", "svm");
        assertThat(m.exit()).isEqualTo(LlmnasCli.EXIT_USAGE);
        assertThat(m.err()).contains("--models: model: 'svm' is not one of [products-ridge, products-ridge-only, linear-10, xgboost, hat-mlp]");
    }

    @Test
    void quickstart_under_a_titan_xp_latency_bound_reports_latency_flops_and_parameters() throws Exception {
        var r = DescribeCommandTest.run("quickstart", "--space", "hat-wmt14ende", "--teacher", "fewshot",
                "--pool", "200", "--no-progress", "--constraint", "latency-titanxp<=150", "--out", tmp.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).containsPattern("latency 1[0-4][0-9]\\.[0-9] ms \\(titanxp, predicted\\), [0-9.]+ GFLOPs,"
                + " [0-9.]+ M params, [0-9.]+ M embedding params");
        JsonNode json = JSON.readTree(tmp.resolve("quickstart.json").toFile());
        assertThat(json.at("/constraint/text").asText()).isEqualTo("latency-titanxp <= 150.0");
        assertThat(json.at("/best/metrics/latency-titanxp").asDouble()).isLessThanOrEqualTo(150);
        assertThat(json.at("/latency_model/device").asText()).isEqualTo("titanxp");
        assertThat(json.at("/latency_model/test_rmse_ms").asDouble()).isPositive();
        assertThat(json.at("/best/efficiency").asText()).contains("ms (titanxp, predicted)");
    }

    @Test
    void a_latency_constraint_for_a_device_hat_did_not_measure_is_a_usage_error() {
        var r = DescribeCommandTest.run("quickstart", "--space", "hat-wmt19ende", "--constraint", "latency-xeon<=200",
                "--no-progress", "--out", tmp.toString());
        assertThat(r.exit()).isEqualTo(LlmnasCli.EXIT_USAGE);
        assertThat(r.err().strip()).startsWith("error: --constraint: metric 'latency-xeon': latency data: none for task"
                + " 'hat-wmt19ende' on xeon").doesNotContain("\n");
        var d = DescribeCommandTest.run("quickstart", "--space", "hat-wmt14ende", "--constraint", "latency-tpu<=200",
                "--no-progress", "--out", tmp.toString());
        assertThat(d.exit()).isEqualTo(LlmnasCli.EXIT_USAGE);
        assertThat(d.err()).contains("device: 'tpu' is not one of [raspberrypi, xeon, titanxp]");
    }

    @Test
    void a_latency_bound_below_the_smallest_architecture_is_refused_before_any_teacher_work() {
        java.nio.file.Path out = tmp.resolve("unreachable");
        var r = DescribeCommandTest.run("quickstart", "--space", "hat-wmt14ende", "--constraint", "latency-titanxp<=10",
                "--no-progress", "--out", out.toString());
        assertThat(r.exit()).isEqualTo(LlmnasCli.EXIT_USAGE);
        assertThat(r.err().strip()).startsWith("error: --constraint: latency-titanxp <= 10.0 cannot be met in"
                + " space hat-wmt14ende: the latency model predicts").contains("ms on titanxp for its smallest")
                .doesNotContain("\n");
        assertThat(r.out()).doesNotContain("teacher:");
        assertThat(out).doesNotExist();
    }

    @Test
    void an_unknown_metric_on_a_hat_space_names_the_latency_metrics_too() {
        var r = DescribeCommandTest.run("quickstart", "--space", "hat-wmt14ende", "--constraint", "latency<=150",
                "--no-progress", "--out", tmp.toString());
        assertThat(r.exit()).isEqualTo(LlmnasCli.EXIT_USAGE);
        assertThat(r.err()).contains("(or latency-DEVICE for a device HAT measured: [latency-raspberrypi, latency-xeon,"
                + " latency-titanxp])");
    }
}
