package dev.llmnas.examples.plots;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The regret-against-calls plot that NAS benchmarks compare search methods with (e.g. NAS-Bench-201, Dong and
 * Yang, ICLR 2020; BANANAS, White et al., AAAI 2021): per method, the mean true regret of the architecture it
 * would return after each number of expensive calls, with a band of one standard error either side. Drawn with
 * XChart, headless; x on a logarithmic axis (calls span three decades), y linear in points, clipped at
 * {@value #Y_MAX} points so that the region near the optimum stays readable.
 */
public final class RegretCurves {
    static {
        System.setProperty("java.awt.headless", "true");
    }

    /** The upper end of the regret axis (points); larger regrets run off the top. */
    public static final double Y_MAX = 2.0;

    private static final Color[] COLORS = {new Color(0x7f7f7f), new Color(0x1f77b4), new Color(0xff7f0e),
            new Color(0x2ca02c), new Color(0xd62728), new Color(0x9467bd), new Color(0x8c564b),
            new Color(0xe377c2), new Color(0x17becf), new Color(0xbcbd22)};

    private RegretCurves() {
    }

    /**
     * One method's curve.
     *
     * @param label  legend text
     * @param calls  expensive calls, ascending, at least 1
     * @param mean   mean regret (points) at each call count
     * @param stdErr standard error of that mean (points), at least 0
     */
    public record Series(String label, long[] calls, double[] mean, double[] stdErr) {
        /** @throws IllegalArgumentException when the label is blank, the arrays are empty or their lengths differ */
        public Series {
            if (label == null || label.isBlank()) {
                throw new IllegalArgumentException("label: must not be blank");
            }
            if (calls == null || mean == null || stdErr == null || calls.length == 0 || calls.length != mean.length
                    || calls.length != stdErr.length) {
                throw new IllegalArgumentException("series " + label + ": calls, mean and stdErr must be non-empty"
                        + " and of one length");
            }
            for (long c : calls) {
                if (c < 1) {
                    throw new IllegalArgumentException("series " + label + ": calls must be at least 1, got " + c);
                }
            }
            calls = calls.clone();
            mean = mean.clone();
            stdErr = stdErr.clone();
        }
    }

    /**
     * The plot, 1000 x 600 pixels: each series as a line (its mean) between two thin lines of the same colour
     * (mean &plusmn; one standard error).
     *
     * @param title  the chart title
     * @param series at least one
     * @return the image
     * @throws IllegalArgumentException when {@code series} is empty
     */
    public static BufferedImage plot(String title, List<Series> series) {
        if (series == null || series.isEmpty()) {
            throw new IllegalArgumentException("series: need at least one curve to plot");
        }
        XYChart chart = new XYChartBuilder().width(1000).height(600).title(title)
                .xAxisTitle("expensive calls (architectures trained), log scale")
                .yAxisTitle("true regret of the best so far (points)").build();
        chart.getStyler().setXAxisLogarithmic(true);
        chart.getStyler().setYAxisMin(0.0);
        chart.getStyler().setYAxisMax(Y_MAX);
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setPlotBackgroundColor(Color.WHITE);
        chart.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.InsideNE);
        for (int s = 0; s < series.size(); s++) {
            Series c = series.get(s);
            Color color = COLORS[s % COLORS.length];
            int n = c.calls().length;
            double[] x = new double[n];
            double[] lo = new double[n];
            double[] hi = new double[n];
            double[] y = new double[n];
            for (int i = 0; i < n; i++) {
                x[i] = c.calls()[i];
                y[i] = Math.min(c.mean()[i], Y_MAX * 1.05);
                lo[i] = Math.min(Math.max(0, c.mean()[i] - c.stdErr()[i]), Y_MAX * 1.05);
                hi[i] = Math.min(c.mean()[i] + c.stdErr()[i], Y_MAX * 1.05);
            }
            Color light = new Color(color.getRed(), color.getGreen(), color.getBlue(), 110);
            for (double[] edge : List.of(lo, hi)) {
                XYSeries b = chart.addSeries(c.label() + (edge == lo ? " -se" : " +se"), x, edge);
                b.setMarker(SeriesMarkers.NONE);
                b.setLineColor(light);
                b.setLineStyle(new BasicStroke(0.8f));
                b.setShowInLegend(false);
            }
            XYSeries m = chart.addSeries(c.label(), x, y);
            m.setMarker(SeriesMarkers.NONE);
            m.setLineColor(color);
            m.setLineStyle(new BasicStroke(2.2f));
        }
        return BitmapEncoder.getBufferedImage(chart);
    }

    /**
     * Redraws the plot of a curves file written by {@code search-benchmark --curves} (its {@code curves} array of
     * {@code method, calls, mean_regret, stderr}), e.g. after a change of style, without rerunning the searches.
     *
     * @param json  the curves JSON
     * @param title the chart title
     * @return the image
     * @throws dev.llmnas.core.LlmnasException when the file cannot be read or lacks the fields
     */
    public static BufferedImage fromJson(Path json, String title) {
        try {
            com.fasterxml.jackson.databind.JsonNode doc = new com.fasterxml.jackson.databind.ObjectMapper()
                    .readTree(json.toFile());
            List<Series> series = new java.util.ArrayList<>();
            for (com.fasterxml.jackson.databind.JsonNode c : doc.path("curves")) {
                int n = c.path("calls").size();
                long[] calls = new long[n];
                double[] mean = new double[n];
                double[] se = new double[n];
                for (int i = 0; i < n; i++) {
                    calls[i] = c.path("calls").get(i).asLong();
                    mean[i] = c.path("mean_regret").get(i).asDouble();
                    se[i] = c.path("stderr").get(i).asDouble();
                }
                series.add(new Series(c.path("method").asText(), calls, mean, se));
            }
            return plot(title, series);
        } catch (java.io.IOException | RuntimeException e) {
            throw new dev.llmnas.core.LlmnasException("cannot plot curves " + json + ": " + e.getMessage(), e);
        }
    }

    /**
     * Redraws curves files: {@code java -cp llmnas-examples.jar dev.llmnas.examples.plots.RegretCurves
     * CURVES.json...} writes each file's plot next to it ({@code .png} instead of {@code .json}), titled as
     * {@code search-benchmark --curves} titles it.
     *
     * @param args curves JSON files
     */
    public static void main(String[] args) throws java.io.IOException {
        for (String a : args) {
            Path json = Path.of(a);
            com.fasterxml.jackson.databind.JsonNode doc = new com.fasterxml.jackson.databind.ObjectMapper()
                    .readTree(json.toFile());
            String title = String.format(java.util.Locale.ROOT, "NAS-Bench-201 %s, teacher %s: true regret of the"
                            + " best so far, mean of %d seeds (band: +-1 std. error)", doc.path("dataset").asText(),
                    doc.path("teacher").asText(), doc.path("seeds").asInt());
            String name = json.getFileName().toString().replaceFirst("\\.json$", "") + ".png";
            write(fromJson(json, title), json.resolveSibling(name));
        }
    }

    /**
     * Writes the image as PNG.
     *
     * @return {@code png}
     * @throws dev.llmnas.core.LlmnasException when the file cannot be written
     */
    public static Path write(BufferedImage image, Path png) {
        return Plots.write(image, png);
    }
}
