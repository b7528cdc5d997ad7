package org.scda.viz;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.scda.eval.PrCurve;

/** Line plots written as PNG with XChart (headless). */
public final class Charts {
    /** matplotlib's tab10: ten colours that stay apart on white and for most colour vision. */
    private static final java.awt.Color[] PALETTE = java.util.stream.Stream.of("#1f77b4", "#ff7f0e", "#2ca02c",
            "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf")
            .map(java.awt.Color::decode).toArray(java.awt.Color[]::new);
    /** Marker shapes cycled with the colours, so that an eleventh series, or a lone point, still differs. */
    private static final org.knowm.xchart.style.markers.Marker[] MARKERS = {SeriesMarkers.CIRCLE,
            SeriesMarkers.SQUARE, SeriesMarkers.DIAMOND, SeriesMarkers.TRIANGLE_UP, SeriesMarkers.TRIANGLE_DOWN};

    /** Keys of a metrics line that are not loss terms. */
    static final Set<String> NOT_LOSSES = Set.of("iteration", "lr", "sec_per_it", "skipped_steps", "rss_mb",
            "eval_images", "source_val.mAP", "target_val.mAP", "ms_per_it", "aligned");

    private Charts() {
    }

    /** A named series of points. */
    public record Series(String name, double[] x, double[] y) {
    }

    /** Writes a line chart; returns false (and writes nothing) when no series has a point. */
    public static boolean write(Path file, String title, String xTitle, String yTitle, List<Series> series,
                                boolean markers) throws IOException {
        return write(file, title, xTitle, yTitle, series, markers, false);
    }

    /** As {@link #write(Path, String, String, String, List, boolean)}; {@code unitAxes}: both axes 0..1. */
    public static boolean write(Path file, String title, String xTitle, String yTitle, List<Series> series,
                                boolean markers, boolean unitAxes) throws IOException {
        return render(file, title, xTitle, yTitle, series, markers, unitAxes, false);
    }

    /**
     * A line chart with markers and an error bar at each point: {@code errors.get(i)[j]} is the
     * half-length of series i's bar at point j (0 for none); false (nothing written) when no
     * series has a point.
     */
    public static boolean withErrorBars(Path file, String title, String xTitle, String yTitle, List<Series> series,
                                        List<double[]> errors) throws IOException {
        if (errors.size() != series.size()) {
            throw new IllegalArgumentException(errors.size() + " error arrays for " + series.size() + " series");
        }
        if (series.stream().allMatch(s -> s.x().length == 0)) {
            return false;
        }
        XYChart chart = new XYChartBuilder().width(720).height(520).title(title).xAxisTitle(xTitle).yAxisTitle(yTitle)
                .build();
        chart.getStyler().setChartBackgroundColor(java.awt.Color.WHITE);
        chart.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.OutsideS);
        chart.getStyler().setMarkerSize(9);
        for (int i = 0; i < series.size(); i++) {
            Series s = series.get(i);
            if (s.x().length == 0) {
                continue;
            }
            XYSeries xy = chart.addSeries(s.name().isEmpty() ? " " : s.name(), s.x(), s.y(), errors.get(i));
            // by the series' place in the list, so a method keeps its colour in every figure of a report
            xy.setLineColor(PALETTE[i % PALETTE.length]);
            xy.setMarkerColor(PALETTE[i % PALETTE.length]);
            xy.setMarker(MARKERS[(i + i / PALETTE.length) % MARKERS.length]); // series 0 and 10 differ too
        }
        save(chart, file);
        return true;
    }

    /**
     * A grouped bar chart: one group per category, one bar per series, with an error bar on each
     * ({@code errors}: the half-length, 0 for none). {@code values.get(name)[i]} is the series' bar
     * in category i, NaN for none. Values below {@code floor} are drawn at it without their error
     * bar (the tables say the number), and an error bar reaching past the top of the axis (15% above
     * the highest bar) is drawn up to it. False (nothing written) when no bar has a value.
     */
    public static boolean bars(Path file, String title, String yTitle, List<String> categories,
                               Map<String, double[]> values, Map<String, double[]> errors, double floor)
            throws IOException {
        if (values.values().stream().allMatch(v -> java.util.Arrays.stream(v).allMatch(Double::isNaN))) {
            return false;
        }
        org.knowm.xchart.CategoryChart chart = new org.knowm.xchart.CategoryChartBuilder()
                .width(Math.max(720, 90 * categories.size() * Math.max(1, values.size()) / 3)).height(520)
                .title(title).yAxisTitle(yTitle).build();
        chart.getStyler().setChartBackgroundColor(java.awt.Color.WHITE);
        chart.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.OutsideS);
        chart.getStyler().setSeriesColors(PALETTE);
        java.util.DoubleSummaryStatistics range = values.values().stream().flatMapToDouble(java.util.Arrays::stream)
                .filter(x -> !Double.isNaN(x)).summaryStatistics();
        double lowest = range.getMin();
        double highest = range.getMax();
        double top = Math.max(0, highest) + (Math.max(Math.abs(highest), Math.abs(Math.min(0, lowest)))) * 0.15 + 1e-9;
        chart.getStyler().setYAxisMin(Math.max(floor, Math.min(0, lowest)));
        chart.getStyler().setYAxisMax(top);
        chart.getStyler().setYAxisDecimalPattern("#");
        for (Map.Entry<String, double[]> e : values.entrySet()) {
            double[] v = e.getValue();
            double[] err = errors.getOrDefault(e.getKey(), new double[v.length]);
            List<Double> y = new ArrayList<>();
            List<Double> bar = new ArrayList<>();
            for (int i = 0; i < v.length; i++) {
                y.add(Double.isNaN(v[i]) ? null : Math.max(floor, v[i]));
                bar.add(drawnSpread(v[i], err[i], floor, top));
            }
            String name = e.getKey().isEmpty() ? " " : e.getKey();
            if (bar.stream().allMatch(b -> b == 0)) {
                chart.addSeries(name, categories, y); // no spread anywhere: no bar caps that look like one
            } else {
                chart.addSeries(name, categories, y, bar);
            }
        }
        save(chart, file);
        return true;
    }

    /**
     * The half-length of the error bar drawn for a bar of {@code value} with spread {@code spread}
     * on an axis from {@code floor} to {@code top}: none for a missing bar, a missing spread or a bar
     * cut at the floor; a spread reaching past the top stops at it.
     */
    static double drawnSpread(double value, double spread, double floor, double top) {
        if (Double.isNaN(value) || Double.isNaN(spread) || value < floor) {
            return 0;
        }
        return Math.max(0, Math.min(spread, top - value));
    }

    private static void save(org.knowm.xchart.internal.chartpart.Chart<?, ?> chart, Path file) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        try (OutputStream out = Files.newOutputStream(file)) {
            BitmapEncoder.saveBitmap(chart, out, BitmapEncoder.BitmapFormat.PNG);
        }
    }

    /** A scatter plot: small points, no lines; false (nothing written) when no series has a point. */
    public static boolean scatter(Path file, String title, String xTitle, String yTitle, List<Series> series)
            throws IOException {
        return render(file, title, xTitle, yTitle, series, true, false, true);
    }

    private static boolean render(Path file, String title, String xTitle, String yTitle, List<Series> series,
                                  boolean markers, boolean unitAxes, boolean scatter) throws IOException {
        List<Series> nonEmpty = series.stream().filter(s -> s.x().length > 0).toList();
        if (nonEmpty.isEmpty()) {
            return false;
        }
        XYChart chart = new XYChartBuilder().width(640).height(400).title(title).xAxisTitle(xTitle).yAxisTitle(yTitle)
                .build();
        chart.getStyler().setLegendVisible(nonEmpty.size() > 1 || !nonEmpty.get(0).name().isEmpty());
        chart.getStyler().setChartBackgroundColor(java.awt.Color.WHITE);
        chart.getStyler().setSeriesColors(PALETTE);
        if (scatter) {
            chart.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter).setMarkerSize(5);
        }
        if (unitAxes) {
            chart.getStyler().setXAxisMin(0.0).setXAxisMax(1.0).setYAxisMin(0.0).setYAxisMax(1.0);
        }
        for (Series s : nonEmpty) {
            XYSeries xy = chart.addSeries(s.name().isEmpty() ? " " : s.name(), s.x(), s.y());
            xy.setMarker(markers ? SeriesMarkers.CIRCLE : SeriesMarkers.NONE);
        }
        save(chart, file);
        return true;
    }

    /** {@code key} over {@code iteration} from the metrics lines that have both (finite values). */
    public static Series series(String name, List<Map<String, Double>> metrics, String key) {
        List<double[]> points = new ArrayList<>();
        for (Map<String, Double> m : metrics) {
            Double it = m.get("iteration");
            Double v = m.get(key);
            if (it != null && v != null && Double.isFinite(v)) {
                points.add(new double[] {it, v});
            }
        }
        double[] x = new double[points.size()];
        double[] y = new double[points.size()];
        for (int i = 0; i < x.length; i++) {
            x[i] = points.get(i)[0];
            y[i] = points.get(i)[1];
        }
        return new Series(name, x, y);
    }

    /** The loss terms a run logged, in first-seen order ({@code loss} is the total). */
    public static List<String> lossKeys(List<Map<String, Double>> metrics) {
        Map<String, Boolean> keys = new LinkedHashMap<>();
        for (Map<String, Double> m : metrics) {
            if (!m.containsKey("loss")) {
                continue;
            }
            for (String k : m.keySet()) {
                if (!NOT_LOSSES.contains(k) && !k.endsWith("mAP")) {
                    keys.put(k, true);
                }
            }
        }
        return List.copyOf(keys.keySet());
    }

    /** A precision/recall curve as a series (recall on x). */
    public static Series pr(String name, PrCurve c) {
        return new Series(name, c.recall(), c.precision());
    }
}
