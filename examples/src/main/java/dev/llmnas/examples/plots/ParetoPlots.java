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
     * Score against one efficiency metric: every evaluated architecture as a faint dot, the front as a
     * highlighted staircase of markers, and optionally a reference front (e.g. the true one) as a dashed line.
     *
     * @param evaluated      every architecture the search scored with the final predictor
     * @param front          the non-dominated ones
     * @param metric         the efficiency metric on the x axis (a key of each architecture's metrics)
     * @param referenceCost  x of the reference front's points (null to omit)
     * @param referenceScore y of the reference front's points (null to omit)
     * @param png            where to write; ".png" is appended when missing
     * @return the file written
     * @throws IllegalArgumentException when there is nothing to plot, an architecture lacks the metric, or the
     *                                  reference arrays differ in length
     * @throws LlmnasException          when the file cannot be written
     */
    public static Path front(List<ScoredArchitecture> evaluated, List<ScoredArchitecture> front, String metric,
                             String scoreLabel, double[] referenceCost, double[] referenceScore, String title,
                             Path png) {
        if (evaluated.isEmpty() || front.isEmpty()) {
            throw new IllegalArgumentException("evaluated (" + evaluated.size() + ") and front (" + front.size()
                    + ") must not be empty");
        }
        if ((referenceCost == null) != (referenceScore == null)
                || (referenceCost != null && referenceCost.length != referenceScore.length)) {
            throw new IllegalArgumentException("referenceCost and referenceScore must both be given, of equal length,"
                    + " or both be null");
        }
        XYChart chart = new XYChartBuilder().width(900).height(600).title(title).xAxisTitle(metric)
                .yAxisTitle(scoreLabel).build();
        chart.getStyler().setMarkerSize(5);
        chart.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.InsideSE);
        XYSeries all = chart.addSeries("evaluated (" + evaluated.size() + ")", x(evaluated, metric), y(evaluated));
        all.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        all.setMarker(SeriesMarkers.CIRCLE);
        all.setMarkerColor(new Color(90, 110, 160, 60));
        if (referenceCost != null) {
            XYSeries ref = chart.addSeries("true front", referenceCost, referenceScore);
            ref.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Step);
            ref.setMarker(SeriesMarkers.NONE);
            ref.setLineColor(new Color(40, 40, 40));
            ref.setLineStyle(new java.awt.BasicStroke(1.2f, java.awt.BasicStroke.CAP_BUTT,
                    java.awt.BasicStroke.JOIN_MITER, 10f, new float[] {6f, 4f}, 0f));
        }
        XYSeries f = chart.addSeries(String.format(Locale.ROOT, "Pareto front (%d)", front.size()), x(front, metric),
                y(front));
        f.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Step);
        f.setMarker(SeriesMarkers.DIAMOND);
        f.setMarkerColor(new Color(210, 40, 40));
        f.setLineColor(new Color(210, 40, 40));
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
