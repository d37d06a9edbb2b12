package dev.llmnas.examples.plots;

import dev.llmnas.core.LlmnasException;
import dev.llmnas.core.SearchResult;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * PNG plots of searches and predictors, drawn with XChart (headless). Each method returns the image; write it
 * with {@link #write(BufferedImage, Path)}, so that a command can draw everything first and write all its
 * outputs together at the end.
 */
public final class Plots {

    private Plots() {
    }

    /**
     * One search's curve of the true (or reference) score of its best architecture per iteration, for the
     * lower panel of {@link #trajectory}.
     *
     * @param label    legend text, e.g. {@code HybridSearch} or {@code full evolution}
     * @param trueBest one value per iteration, in the unit of the panel
     */
    public record Curve(String label, double[] trueBest) {
        public Curve {
            if (label == null || label.isBlank()) {
                throw new IllegalArgumentException("label: must not be blank");
            }
            if (trueBest == null || trueBest.length == 0) {
                throw new IllegalArgumentException("trueBest: must hold one value per iteration");
            }
            trueBest = trueBest.clone();
        }
    }

    /**
     * The search trajectory in two panels, 900 x 900 pixels. Upper panel: the population's best and median
     * score as the ranking predictor saw them ({@code rankingUnit}, e.g. "score of the ranking predictor
     * (predicted accuracy, %)"); the ranking predictor changes at the switch, so the curve may jump there.
     * Lower panel: the true score of the best architecture per iteration ({@code trueUnit}) of each curve, e.g.
     * the hybrid and full evolution. Both panels mark the switch from the cheap to the expensive predictor with
     * a vertical line.
     *
     * @param switchIteration first iteration ranked by the expensive predictor, or -1 for none
     * @throws IllegalArgumentException when the search has no iterations or a curve's length differs from it
     */
    public static BufferedImage trajectory(String title, SearchResult result, int switchIteration, String rankingUnit,
                                           String trueUnit, List<Curve> curves) {
        return trajectory(title, result, switchIteration, rankingUnit, "True score of the best architecture so far",
                trueUnit, curves);
    }

    /** As {@link #trajectory(String, SearchResult, int, String, String, List)} with the lower panel's title. */
    public static BufferedImage trajectory(String title, SearchResult result, int switchIteration, String rankingUnit,
                                           String lowerTitle, String trueUnit, List<Curve> curves) {
        List<SearchResult.IterationStats> h = result.history();
        if (h.isEmpty()) {
            throw new IllegalArgumentException("result: the search has no iterations to plot");
        }
        double[] x = h.stream().mapToDouble(SearchResult.IterationStats::iteration).toArray();
        double[] best = h.stream().mapToDouble(SearchResult.IterationStats::bestScore).toArray();
        double[] median = h.stream().mapToDouble(SearchResult.IterationStats::medianScore).toArray();
        XYChart ranking = new XYChartBuilder().width(900).height(450).title(title + ": as the ranking predictor saw it")
                .xAxisTitle("iteration").yAxisTitle(rankingUnit).build();
        ranking.getStyler().setMarkerSize(4);
        ranking.addSeries("population best", x, best);
        ranking.addSeries("population median", x, median);
        markSwitch(ranking, switchIteration, min(best, median), max(best, median));

        XYChart truth = new XYChartBuilder().width(900).height(450).title(lowerTitle)
                .xAxisTitle("iteration").yAxisTitle(trueUnit).build();
        truth.getStyler().setMarkerSize(4);
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (Curve c : curves) {
            double[] cx = new double[c.trueBest().length];
            for (int i = 0; i < cx.length; i++) {
                cx[i] = i;
            }
            truth.addSeries(c.label(), cx, c.trueBest());
            lo = Math.min(lo, min(c.trueBest()));
            hi = Math.max(hi, max(c.trueBest()));
        }
        if (!curves.isEmpty()) {
            markSwitch(truth, switchIteration, lo, hi);
        }
        BufferedImage top = BitmapEncoder.getBufferedImage(ranking);
        if (curves.isEmpty()) {
            return top;
        }
        BufferedImage bottom = BitmapEncoder.getBufferedImage(truth);
        BufferedImage both = new BufferedImage(Math.max(top.getWidth(), bottom.getWidth()),
                top.getHeight() + bottom.getHeight(), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = both.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, both.getWidth(), both.getHeight());
        g.drawImage(top, 0, 0, null);
        g.drawImage(bottom, 0, top.getHeight(), null);
        g.dispose();
        return both;
    }

    private static void markSwitch(XYChart chart, int switchIteration, double lo, double hi) {
        if (switchIteration >= 0) {
            XYSeries s = chart.addSeries("switch to the expensive predictor", new double[] {switchIteration - 0.5,
                switchIteration - 0.5}, new double[] {lo, hi == lo ? hi + 1e-9 : hi});
            s.setMarker(SeriesMarkers.NONE);
            s.setLineColor(Color.RED);
        }
    }

    /**
     * Predicted against true scores with the identity line, 820 x 700 pixels; the title carries the MAE and
     * Kendall tau given.
     *
     * @param unit the scores' unit for the axes, e.g. {@code CIFAR-10 accuracy (%)} or {@code valid BLEU}
     */
    public static BufferedImage predictedVsTrue(double[] truth, double[] predicted, String title, String unit,
                                                double mae, double kendallTau) {
        if (truth.length != predicted.length || truth.length == 0) {
            throw new IllegalArgumentException("truth (" + truth.length + ") and predicted (" + predicted.length
                    + ") must be non-empty and of equal length");
        }
        String full = String.format(Locale.ROOT, "%s: MAE %.2f, Kendall tau %.2f", title, mae, kendallTau);
        XYChart chart = new XYChartBuilder().width(820).height(700).title(full)
                .xAxisTitle("true " + unit).yAxisTitle("predicted " + unit).build();
        chart.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        chart.getStyler().setMarkerSize(5);
        chart.addSeries("architectures (" + truth.length + ")", truth, predicted);
        double lo = Math.min(min(truth), min(predicted));
        double hi = Math.max(max(truth), max(predicted));
        XYSeries identity = chart.addSeries("predicted = true", new double[] {lo, hi}, new double[] {lo, hi});
        identity.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
        identity.setMarker(SeriesMarkers.NONE);
        return BitmapEncoder.getBufferedImage(chart);
    }

    /** Writes {@code image} as PNG to exactly {@code png} (no suffix is added). */
    public static Path write(BufferedImage image, Path png) {
        try {
            if (!ImageIO.write(image, "png", png.toFile())) {
                throw new LlmnasException("cannot write plot " + png + ": no PNG writer available");
            }
            return png;
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
