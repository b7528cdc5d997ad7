package org.scda.data.synth;

import java.math.BigDecimal;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A built-in benchmark pair: a {@link Scenario} at a shift strength ({@link ShiftMapping}).
 * Named {@code foggy} at the default strength 1 and {@code foggy@0.3} otherwise, as in the
 * dataset specs {@code synth:foggy/target/val} and {@code synth:foggy@0.3/target/val};
 * {@code foggy-paper} parses to the pair at the paper's level of shift ({@link #PAPER_REGIME}),
 * whose id stays {@code foggy@0.3} (one cache folder, one name in results).
 *
 * @param scenario which pair of domains
 * @param strength 0 = no shift, 1 = the default; at most {@link ShiftMapping#maxStrength}
 */
public record SynthPair(Scenario scenario, double strength) {
    /** A plain decimal: no sign, no exponent letters other than e, no NaN or Infinity, no {@code d}/{@code f} suffix. */
    private static final Pattern NUMBER = Pattern.compile("(\\d+\\.?\\d*|\\.\\d+)([eE][-+]?\\d+)?");

    public SynthPair {
        java.util.Objects.requireNonNull(scenario, "scenario");
        ShiftMapping.check(scenario, strength, "strength");
    }

    /** The suffix of a named paper-regime pair: {@code foggy-paper}. */
    public static final String PAPER_SUFFIX = "-paper";

    /**
     * Per scenario, the strength of its paper-regime pair ({@code NAME-paper}): where the
     * source-only detector keeps 40-60% of the oracle's target-val mAP, as in the paper's real
     * scenarios, measured with seed 1 at 3000 iterations (experiments/results/shift-sweep and
     * shift-calibration): foggy at 0.3, source-only 35.4 against the oracle's 81.7 (43%);
     * sim2real at 0.55, 35.8 against 78.6 (46%; 64% at 0.5, 35% at 0.6); camera (car) at 2,
     * 45.7 against 90.7 (50%; 98% at 1, 19% at 3).
     */
    public static final Map<Scenario, Double> PAPER_REGIME = Map.of(Scenario.FOGGY, 0.3, Scenario.SIM2REAL, 0.55,
            Scenario.CAMERA, 2.0);

    /** The scenario's paper-regime pair ({@link #PAPER_REGIME}, which has every scenario). */
    public static SynthPair paperRegime(Scenario scenario) {
        return new SynthPair(scenario, java.util.Objects.requireNonNull(PAPER_REGIME.get(scenario),
                () -> "no paper-regime strength for " + scenario.id()));
    }

    /** A scenario at the default strength 1. */
    public static SynthPair of(Scenario scenario) {
        return new SynthPair(scenario, ShiftMapping.DEFAULT_STRENGTH);
    }

    /**
     * Parses {@code NAME}, {@code NAME@STRENGTH} or {@code NAME-paper} ({@link #paperRegime}).
     *
     * @throws org.scda.util.ScdaException for an unknown scenario name
     * @throws IllegalArgumentException    for a bad strength
     */
    public static SynthPair parse(String text) {
        String name = text.trim();
        if (name.toLowerCase(java.util.Locale.ROOT).endsWith(PAPER_SUFFIX)) {
            return paperRegime(Scenario.parse(name.substring(0, name.length() - PAPER_SUFFIX.length())));
        }
        int at = text.indexOf('@');
        Scenario scenario = Scenario.parse(at < 0 ? text : text.substring(0, at));
        if (at < 0) {
            return of(scenario);
        }
        return new SynthPair(scenario, parseStrength(text.substring(at + 1), scenario, "the strength after @"));
    }

    /**
     * Parses a strength for {@code scenario}: a plain decimal number from 0 to the scenario's
     * {@link ShiftMapping#maxStrength}.
     *
     * @param subject what to call the value in the message ("--strength", ...)
     * @throws IllegalArgumentException naming {@code subject}, in one line
     */
    public static double parseStrength(String text, Scenario scenario, String subject) {
        String t = text.trim();
        if (!NUMBER.matcher(t).matches()) {
            throw new IllegalArgumentException(subject + " must be a number >= 0 (0 = no shift, 1 = the default), got '"
                    + text + "'");
        }
        double strength = Double.parseDouble(t);
        ShiftMapping.check(scenario, strength, subject);
        return strength;
    }

    /** The shortest decimal of a strength: 1 -> "1", 0.30 -> "0.3", 2.5 -> "2.5". */
    public static String format(double strength) {
        return BigDecimal.valueOf(strength).stripTrailingZeros().toPlainString();
    }

    /** True at the default strength, whose names and cache folder are those from before the knob. */
    public boolean isDefault() {
        return strength == ShiftMapping.DEFAULT_STRENGTH;
    }

    /** {@code foggy} at strength 1, else {@code foggy@0.3}. */
    public String id() {
        return isDefault() ? scenario.id() : scenario.id() + "@" + format(strength);
    }

    /** The source domain (the strength does not change it). */
    public DomainStyle source(int width, int height) {
        return scenario.source(width, height);
    }

    /** The target domain at this strength. */
    public DomainStyle target(int width, int height) {
        return ShiftMapping.target(scenario, width, height, strength);
    }

    /** The target image size {@code {width, height}} at this strength. */
    public int[] targetSize(int width, int height) {
        DomainStyle.Camera camera = target(width, height).camera();
        return new int[] {camera.width(), camera.height()};
    }

    /** The parameters this scenario shifts, at this strength ({@link ShiftMapping#parameters}). */
    public Map<String, Double> parameters(int width, int height) {
        return ShiftMapping.parameters(scenario, width, height, strength);
    }

    @Override
    public String toString() {
        return id();
    }
}
