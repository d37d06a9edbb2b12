package dev.llmnas.examples.plots;

import dev.llmnas.core.LlmnasException;
import dev.llmnas.core.ScoredArchitecture;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** PNG plots of Pareto fronts (score against an efficiency metric), drawn with XChart (headless). */
public final class ParetoPlots {

    private ParetoPlots() {
    }

    /**
     * As {@link #front(List, List, String, String, String, double[], double[], String, Path)} with the metric's
     * name as the x axis title.
     */
    public static Path front(List<ScoredArchitecture> evaluated, List<ScoredArchitecture> front, String metric,
                             String scoreLabel, double[] referenceCost, double[] referenceScore, String title,
                             Path png) {
        return front(evaluated, front, metric, metric, scoreLabel, referenceCost, referenceScore, title, png);
    }

    /**
     * Score against one efficiency metric: every evaluated architecture as a faint dot, the front as a red
     * staircase with diamond markers, and optionally a reference front (e.g. the true one) drawn on top as a
     * dashed black staircase with cross markers, so that where both fronts share a point the cross shows inside
     * the diamond and neither hides the other.
     *
     * @param evaluated      every architecture the search scored with the final predictor
     * @param front          the non-dominated ones
     * @param metric         the efficiency metric on the x axis (a key of each architecture's metrics)
     * @param metricLabel    the x axis title: the metric with its unit, e.g.
     *                       {@code "cell-params (convolution weights of one cell at 16 channels)"}
     * @param scoreLabel     the y axis title, with its unit
     * @param referenceCost  x of the reference front's points (null to omit)
     * @param referenceScore y of the reference front's points (null to omit)
     * @param title          the chart title
     * @param png            where to write; ".png" is appended when missing
     * @return the file written
     * @throws IllegalArgumentException when there is nothing to plot, an architecture lacks the metric, or the
     *                                  reference arrays differ in length
     * @throws LlmnasException          when the file cannot be written
     */
    public static Path front(List<ScoredArchitecture> evaluated, List<ScoredArchitecture> front, String metric,
                             String metricLabel, String scoreLabel, double[] referenceCost, double[] referenceScore,
                             String title, Path png) {
        XYChart chart = chart(evaluated, front, metric, metricLabel, scoreLabel, referenceCost, referenceScore, title);
        try {
            Path parent = png.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            BitmapEncoder.saveBitmap(chart, png.toString(), BitmapEncoder.BitmapFormat.PNG);
            String name = png.getFileName().toString();
            return name.toLowerCase(Locale.ROOT).endsWith(".png") ? png : png.resolveSibling(name + ".png");
        } catch (IOException e) {
            throw new LlmnasException("cannot write plot " + png + ": " + e.getMessage(), e);
        }
    }

    /**
     * The picture {@link #front(List, List, String, String, String, double[], double[], String, Path)} writes,
     * for callers that choose where and when to write it (e.g. with {@link Plots#write}).
     *
     * @return a 900 &times; 600 image
     * @throws IllegalArgumentException as {@code front}
     */
    public static java.awt.image.BufferedImage image(List<ScoredArchitecture> evaluated,
                                                     List<ScoredArchitecture> front, String metric,
                                                     String metricLabel, String scoreLabel, double[] referenceCost,
                                                     double[] referenceScore, String title) {
        return BitmapEncoder.getBufferedImage(chart(evaluated, front, metric, metricLabel, scoreLabel, referenceCost,
                referenceScore, title));
    }

    /** The chart {@link #front} draws; series in drawing order (the reference front last, on top). */
    static XYChart chart(List<ScoredArchitecture> evaluated, List<ScoredArchitecture> front, String metric,
                         String metricLabel, String scoreLabel, double[] referenceCost, double[] referenceScore,
                         String title) {
        if (evaluated.isEmpty() || front.isEmpty()) {
            throw new IllegalArgumentException("evaluated (" + evaluated.size() + ") and front (" + front.size()
                    + ") must not be empty");
        }
        if ((referenceCost == null) != (referenceScore == null)
                || (referenceCost != null && referenceCost.length != referenceScore.length)) {
            throw new IllegalArgumentException("referenceCost and referenceScore must both be given, of equal length,"
                    + " or both be null");
        }
        XYChart chart = new XYChartBuilder().width(900).height(600).title(title).xAxisTitle(metricLabel)
                .yAxisTitle(scoreLabel).build();
        chart.getStyler().setMarkerSize(7);
        chart.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.InsideSE);
        XYSeries all = chart.addSeries("evaluated (" + evaluated.size() + ")", x(evaluated, metric), y(evaluated));
        all.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        all.setMarker(SeriesMarkers.CIRCLE);
        all.setMarkerColor(new Color(90, 110, 160, 60));
        XYSeries f = chart.addSeries(String.format(Locale.ROOT, "found Pareto front (%d)", front.size()),
                x(front, metric), y(front));
        f.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Step);
        f.setMarker(SeriesMarkers.DIAMOND);
        f.setMarkerColor(new Color(210, 40, 40));
        f.setLineColor(new Color(210, 40, 40));
        f.setLineStyle(new java.awt.BasicStroke(2.5f));
        if (referenceCost != null) {
            // added last so it is drawn on top of the found front
            XYSeries ref = chart.addSeries(String.format(Locale.ROOT, "true Pareto front (%d)", referenceCost.length),
                    referenceCost, referenceScore);
            ref.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Step);
            ref.setMarker(SeriesMarkers.CROSS);
            ref.setMarkerColor(new Color(20, 20, 20));
            ref.setLineColor(new Color(20, 20, 20));
            ref.setLineStyle(new java.awt.BasicStroke(1.2f, java.awt.BasicStroke.CAP_BUTT,
                    java.awt.BasicStroke.JOIN_MITER, 10f, new float[] {6f, 4f}, 0f));
        }
        return chart;
    }

    private static double[] x(List<ScoredArchitecture> points, String metric) {
        return points.stream().mapToDouble(p -> {
            Double v = p.metrics().get(metric);
            if (v == null) {
                throw new IllegalArgumentException("metric: '" + metric + "' is not among "
                        + p.metrics().keySet() + " of " + p.architecture().key());
            }
            return v;
        }).toArray();
    }

    private static double[] y(List<ScoredArchitecture> points) {
        return points.stream().mapToDouble(ScoredArchitecture::score).toArray();
    }
}
