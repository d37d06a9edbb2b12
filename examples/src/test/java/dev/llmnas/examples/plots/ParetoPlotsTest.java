package dev.llmnas.examples.plots;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmnas.core.ScoredArchitecture;
import dev.llmnas.core.spaces.Nb201Space;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

class ParetoPlotsTest {
    @TempDir
    Path tmp;

    private static ScoredArchitecture point(String cell, double score) {
        var a = Nb201Space.parse(cell);
        return new ScoredArchitecture(a, score, "truth", Map.of(Nb201Space.CELL_PARAMS,
                Nb201Space.space().metric(a, Nb201Space.CELL_PARAMS)));
    }

    private static List<ScoredArchitecture> found() {
        List<ScoredArchitecture> f = new ArrayList<>();
        f.add(point("|none~0|+|none~0|skip_connect~1|+|none~0|none~1|none~2|", 10));
        f.add(point("|nor_conv_1x1~0|+|none~0|skip_connect~1|+|none~0|none~1|none~2|", 20));
        return f;
    }

    @Test
    void the_true_front_is_drawn_last_with_its_own_markers_and_the_x_axis_names_its_unit() {
        double[] trueCost = {0, 256};
        double[] trueScore = {10, 20};
        XYChart chart = ParetoPlots.chart(found(), found(), Nb201Space.CELL_PARAMS, "cell-params (weights)",
                "accuracy (%)", trueCost, trueScore, "t");

        List<String> names = new ArrayList<>(chart.getSeriesMap().keySet());
        assertThat(names).containsExactly("evaluated (2)", "found Pareto front (2)", "true Pareto front (2)");
        XYSeries truth = chart.getSeriesMap().get("true Pareto front (2)");
        XYSeries front = chart.getSeriesMap().get("found Pareto front (2)");
        assertThat(truth.getMarker()).isSameAs(SeriesMarkers.CROSS);
        assertThat(front.getMarker()).isSameAs(SeriesMarkers.DIAMOND);
        assertThat(truth.getLineColor()).isNotEqualTo(front.getLineColor());
        assertThat(chart.getXAxisTitle()).isEqualTo("cell-params (weights)");
    }

    @Test
    void it_writes_a_png_and_refuses_reference_arrays_of_different_lengths() throws IOException {
        Path png = ParetoPlots.front(found(), found(), Nb201Space.CELL_PARAMS, "cell-params (weights)",
                "accuracy (%)", new double[] {0, 256}, new double[] {10, 20}, "t", tmp.resolve("front"));
        assertThat(png.getFileName().toString()).isEqualTo("front.png");
        assertThat(Files.size(png)).isGreaterThan(1_000);
        assertThatThrownBy(() -> ParetoPlots.chart(found(), found(), Nb201Space.CELL_PARAMS, "x", "y",
                new double[] {0}, new double[] {1, 2}, "t")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void the_image_is_the_picture_front_writes_for_callers_that_write_it_themselves() throws IOException {
        java.awt.image.BufferedImage image = ParetoPlots.image(found(), found(), Nb201Space.CELL_PARAMS,
                "cell-params (weights)", "accuracy (%)", new double[] {0, 256}, new double[] {10, 20}, "t");
        assertThat(image.getWidth()).isEqualTo(900);
        assertThat(image.getHeight()).isEqualTo(600);
        // written to exactly the path given (no suffix added), e.g. an output transaction's temporary file
        Path written = Plots.write(image, tmp.resolve(".front.png.tmp"));
        assertThat(written).isEqualTo(tmp.resolve(".front.png.tmp"));
        assertThat(Files.readAllBytes(written)).startsWith(0x89, 'P', 'N', 'G');
        assertThatThrownBy(() -> ParetoPlots.image(List.of(), found(), Nb201Space.CELL_PARAMS, "x", "y", null, null,
                "t")).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("evaluated (0)");
    }
}
