package dev.llmnas.examples.plots;

import dev.llmnas.core.LlmnasException;
import dev.llmnas.core.SearchResult;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** PNG plots of searches and predictors, drawn with XChart (headless). */
public final class Plots {
    static {
        System.setProperty("java.awt.headless", "true");
    }

    private Plots() {
    }

    /**
     * The search trajectory: best and median score of the population per iteration, with the iteration at
     * which the search switched from the cheap to the expensive predictor marked by a vertical line.
     *
     * @param switchIteration first iteration ranked by the expensive predictor, or -1 for none
     * @param trueBest        optional: the true score of each iteration's best architecture (null to omit)
     */
    public static Path trajectory(SearchResult result, int switchIteration, double[] trueBest, String title, Path png) {
        List<SearchResult.IterationStats> h = result.history();
        if (h.isEmpty()) {
            throw new IllegalArgumentException("result: the search has no iterations to plot");
        }
        double[] x = h.stream().mapToDouble(SearchResult.IterationStats::iteration).toArray();
        double[] best = h.stream().mapToDouble(SearchResult.IterationStats::bestScore).toArray();
        double[] median = h.stream().mapToDouble(SearchResult.IterationStats::medianScore).toArray();
        XYChart chart = new XYChartBuilder().width(900).height(550).title(title)
                .xAxisTitle("iteration").yAxisTitle("score").build();
        chart.getStyler().setMarkerSize(4);
        chart.addSeries("population best (ranking predictor)", x, best);
        chart.addSeries("population median (ranking predictor)", x, median);
        double lo = min(best, median);
        double hi = max(best, median);
        if (trueBest != null) {
            if (trueBest.length != x.length) {
                throw new IllegalArgumentException("trueBest: " + trueBest.length + " values for " + x.length + " iterations");
            }
            chart.addSeries("true score of the best", x, trueBest);
            lo = Math.min(lo, Arrays.stream(trueBest).min().orElse(lo));
            hi = Math.max(hi, Arrays.stream(trueBest).max().orElse(hi));
        }
        if (switchIteration >= 0) {
            XYSeries s = chart.addSeries("switch to expensive predictor", new double[] {switchIteration - 0.5, switchIteration - 0.5},
                    new double[] {lo, hi});
            s.setMarker(SeriesMarkers.NONE);
            s.setLineColor(Color.RED);
        }
        return save(chart, png);
    }

    /** Predicted against true scores, with the identity line. */
    public static Path predictedVsTrue(double[] truth, double[] predicted, String title, Path png) {
        if (truth.length != predicted.length || truth.length == 0) {
            throw new IllegalArgumentException("truth (" + truth.length + ") and predicted (" + predicted.length
                    + ") must be non-empty and of equal length");
        }
        XYChart chart = new XYChartBuilder().width(700).height(700).title(title)
                .xAxisTitle("true score").yAxisTitle("predicted score").build();
        chart.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        chart.getStyler().setMarkerSize(5);
        chart.addSeries("architectures", truth, predicted);
        double lo = Math.min(min(truth), min(predicted));
        double hi = Math.max(max(truth), max(predicted));
        XYSeries identity = chart.addSeries("predicted = true", new double[] {lo, hi}, new double[] {lo, hi});
        identity.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
        identity.setMarker(SeriesMarkers.NONE);
        return save(chart, png);
    }

    private static Path save(XYChart chart, Path png) {
        try {
            Path parent = png.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            BitmapEncoder.saveBitmap(chart, png.toString(), BitmapEncoder.BitmapFormat.PNG);
            String name = png.getFileName().toString();
            // XChart appends ".png" unless the name already ends with it
            return name.toLowerCase(java.util.Locale.ROOT).endsWith(".png") ? png : png.resolveSibling(name + ".png");
        } catch (IOException e) {
            throw new LlmnasException("cannot write plot " + png + ": " + e.getMessage(), e);
        }
    }

    private static double min(double[]... arrays) {
        return Arrays.stream(arrays).flatMapToDouble(Arrays::stream).min().orElse(0);
    }

    private static double max(double[]... arrays) {
        return Arrays.stream(arrays).flatMapToDouble(Arrays::stream).max().orElse(1);
    }
}
