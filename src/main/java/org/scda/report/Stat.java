package org.scda.report;

import java.util.List;
import java.util.Locale;

/**
 * Mean and sample standard deviation (n - 1 denominator) of the values of several seeds.
 *
 * @param mean mean, NaN without values
 * @param std  sample standard deviation, NaN with fewer than two values
 * @param n    number of values
 */
public record Stat(double mean, double std, int n) {

    /** The statistics of {@code values} (nulls skipped). */
    public static Stat of(List<Double> values) {
        double[] v = values.stream().filter(x -> x != null && !x.isNaN()).mapToDouble(Double::doubleValue).toArray();
        if (v.length == 0) {
            return new Stat(Double.NaN, Double.NaN, 0);
        }
        double mean = 0;
        for (double x : v) {
            mean += x;
        }
        mean /= v.length;
        if (v.length < 2) {
            return new Stat(mean, Double.NaN, 1);
        }
        double ss = 0;
        for (double x : v) {
            ss += (x - mean) * (x - mean);
        }
        return new Stat(mean, Math.sqrt(ss / (v.length - 1)), v.length);
    }

    /** As the tables print it: AP in percent with one decimal, {@code 33.5 ± 0.4}, or {@code -}. */
    public String format() {
        if (n == 0) {
            return "-";
        }
        String m = String.format(Locale.ROOT, "%.1f", 100 * mean);
        return n < 2 ? m : m + String.format(Locale.ROOT, " ± %.1f", 100 * std);
    }
}
