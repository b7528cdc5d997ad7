package org.scda.data.synth;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * How a shift strength {@code s} turns into the target domain of a {@link Scenario}: every
 * physical parameter of the target's {@link DomainStyle} moves in a straight line from the
 * source's value at {@code s = 0} (the target rendered in the source's style: no shift) to
 * today's target value at {@code s = 1} ({@link Scenario#target}, bit for bit). Above 1 a
 * parameter either goes on along the line, up to a physical limit, or stays at its value at 1
 * where going further means nothing. Resolved values are rounded to 9 decimals (the anchors
 * have fewer, so they come out exactly), image sizes to whole pixels.
 *
 * <table>
 *   <caption>Parameters and what they do above 1</caption>
 *   <tr><th>parameter</th><th>above 1</th></tr>
 *   <tr><td>{@code fog_beta} (1/m)</td><td>goes on (denser fog)</td></tr>
 *   <tr><td>{@code fog_beta_jitter}</td><td>stays: the per-image spread stays +-25% of beta</td></tr>
 *   <tr><td>{@code palette}</td><td>stays: 1 is fully realistic colours</td></tr>
 *   <tr><td>{@code texture}, {@code lighting}</td><td>go on, at most 2</td></tr>
 *   <tr><td>{@code white_r/g/b}</td><td>go on, within 0.5..1.5</td></tr>
 *   <tr><td>{@code gamma}</td><td>goes on, within 0.5..2</td></tr>
 *   <tr><td>{@code vignetting}</td><td>goes on, at most 0.8 (corners keep 20%)</td></tr>
 *   <tr><td>{@code blur_sigma} (px)</td><td>goes on, at most 3</td></tr>
 *   <tr><td>{@code noise_sigma} (0..255)</td><td>goes on, at most 20</td></tr>
 *   <tr><td>{@code fov_degrees}</td><td>goes on (a longer lens), at least 30</td></tr>
 *   <tr><td>{@code camera_height_m}</td><td>goes on, at least 0.8</td></tr>
 *   <tr><td>{@code width}, {@code height}, {@code horizon_fraction}</td><td>stay: a sensor size
 *       or framing has no "further"</td></tr>
 * </table>
 *
 * <p>Which parameters each scenario shifts (the others are equal in source and target and
 * never move), at the default 256x128 source size:
 * <table>
 *   <caption>foggy (strengths 0 to 4)</caption>
 *   <tr><th>parameter</th><th>0</th><th>0.5</th><th>1</th><th>2</th><th>4</th></tr>
 *   <tr><td>fog_beta</td><td>0</td><td>0.05</td><td>0.1</td><td>0.2</td><td>0.4</td></tr>
 *   <tr><td>fog_beta_jitter</td><td>0</td><td>0.125</td><td>0.25</td><td>0.25</td><td>0.25</td></tr>
 * </table>
 * <table>
 *   <caption>sim2real (strengths 0 to 3)</caption>
 *   <tr><th>parameter</th><th>0</th><th>0.5</th><th>1</th><th>2</th><th>3</th></tr>
 *   <tr><td>palette</td><td>0</td><td>0.5</td><td>1</td><td>1</td><td>1</td></tr>
 *   <tr><td>texture</td><td>0</td><td>0.5</td><td>1</td><td>2</td><td>2</td></tr>
 *   <tr><td>lighting</td><td>0</td><td>0.5</td><td>1</td><td>2</td><td>2</td></tr>
 *   <tr><td>white_r</td><td>1</td><td>1.01</td><td>1.02</td><td>1.04</td><td>1.06</td></tr>
 *   <tr><td>white_b</td><td>1</td><td>0.975</td><td>0.95</td><td>0.9</td><td>0.85</td></tr>
 *   <tr><td>gamma</td><td>1</td><td>1.05</td><td>1.1</td><td>1.2</td><td>1.3</td></tr>
 *   <tr><td>vignetting</td><td>0</td><td>0.075</td><td>0.15</td><td>0.3</td><td>0.45</td></tr>
 *   <tr><td>blur_sigma</td><td>0</td><td>0.4</td><td>0.8</td><td>1.6</td><td>2.4</td></tr>
 *   <tr><td>noise_sigma</td><td>0</td><td>3</td><td>6</td><td>12</td><td>18</td></tr>
 * </table>
 * <table>
 *   <caption>camera (strengths 0 to 3)</caption>
 *   <tr><th>parameter</th><th>0</th><th>0.5</th><th>1</th><th>2</th><th>3</th></tr>
 *   <tr><td>width x height</td><td>256x128</td><td>240x144</td><td>224x160</td><td>224x160</td><td>224x160</td></tr>
 *   <tr><td>fov_degrees</td><td>90</td><td>77.5</td><td>65</td><td>40</td><td>30</td></tr>
 *   <tr><td>horizon_fraction</td><td>0.42</td><td>0.4</td><td>0.38</td><td>0.38</td><td>0.38</td></tr>
 *   <tr><td>camera_height_m</td><td>1.65</td><td>1.475</td><td>1.3</td><td>0.95</td><td>0.8</td></tr>
 *   <tr><td>white_r</td><td>1</td><td>1.06</td><td>1.12</td><td>1.24</td><td>1.36</td></tr>
 *   <tr><td>white_b</td><td>1</td><td>0.91</td><td>0.82</td><td>0.64</td><td>0.5</td></tr>
 *   <tr><td>gamma</td><td>1</td><td>0.9</td><td>0.8</td><td>0.6</td><td>0.5</td></tr>
 *   <tr><td>vignetting</td><td>0</td><td>0.225</td><td>0.45</td><td>0.8</td><td>0.8</td></tr>
 *   <tr><td>blur_sigma</td><td>0.4</td><td>0.5</td><td>0.6</td><td>0.8</td><td>1</td></tr>
 *   <tr><td>noise_sigma</td><td>1.5</td><td>2.25</td><td>3</td><td>4.5</td><td>6</td></tr>
 * </table>
 * Above its largest strength ({@link #maxStrength}) a scenario has nothing left to shift: fog
 * of beta 0.4 leaves 25% of the nearest object's radiance and 2% at 10 m; sim2real and camera
 * have most parameters at their limits by 3.
 */
public final class ShiftMapping {
    /** Today's built-in targets. */
    public static final double DEFAULT_STRENGTH = 1;

    /** How a parameter continues above strength 1. */
    private enum Beyond { GOES_ON, STAYS }

    /**
     * One physical parameter.
     *
     * @param name     the name in benchmark.json
     * @param value    reads it from a style
     * @param beyond   what it does above strength 1
     * @param min      smallest value it may take above 1 (when it goes on)
     * @param max      largest value it may take above 1 (when it goes on)
     * @param decimals it is rounded to
     */
    private record Parameter(String name, ToDoubleFunction<DomainStyle> value, Beyond beyond, double min, double max,
                             int decimals) {
        Parameter(String name, ToDoubleFunction<DomainStyle> value, Beyond beyond, double min, double max) {
            this(name, value, beyond, min, max, 9);
        }

        double at(DomainStyle source, DomainStyle target, double strength) {
            double a = value.applyAsDouble(source);
            double b = value.applyAsDouble(target);
            double v;
            if (strength <= 1 || beyond == Beyond.STAYS) {
                double s = Math.min(strength, 1);
                v = (1 - s) * a + s * b;
            } else {
                v = Math.max(min, Math.min(max, (1 - strength) * a + strength * b));
            }
            double scale = Math.pow(10, decimals);
            return Math.round(v * scale) / scale;
        }
    }

    private static final double UNBOUNDED = Double.MAX_VALUE;

    /** Every parameter, in the order of benchmark.json. */
    private static final List<Parameter> PARAMETERS = List.of(
            new Parameter("fog_beta", d -> d.fog().beta(), Beyond.GOES_ON, 0, UNBOUNDED),
            new Parameter("fog_beta_jitter", d -> d.fog().betaJitter(), Beyond.STAYS, 0, 0),
            new Parameter("palette", d -> d.look().palette(), Beyond.STAYS, 0, 0),
            new Parameter("texture", d -> d.look().texture(), Beyond.GOES_ON, 0, 2),
            new Parameter("lighting", d -> d.look().lighting(), Beyond.GOES_ON, 0, 2),
            new Parameter("width", d -> d.camera().width(), Beyond.STAYS, 0, 0, 0),
            new Parameter("height", d -> d.camera().height(), Beyond.STAYS, 0, 0, 0),
            new Parameter("fov_degrees", d -> d.camera().horizontalFovDegrees(), Beyond.GOES_ON, 30, 120),
            new Parameter("horizon_fraction", d -> d.camera().horizonFraction(), Beyond.STAYS, 0, 0),
            new Parameter("camera_height_m", d -> d.camera().heightMetres(), Beyond.GOES_ON, 0.8, 3),
            new Parameter("white_r", d -> d.sensor().whiteR(), Beyond.GOES_ON, 0.5, 1.5),
            new Parameter("white_g", d -> d.sensor().whiteG(), Beyond.GOES_ON, 0.5, 1.5),
            new Parameter("white_b", d -> d.sensor().whiteB(), Beyond.GOES_ON, 0.5, 1.5),
            new Parameter("gamma", d -> d.sensor().gamma(), Beyond.GOES_ON, 0.5, 2),
            new Parameter("vignetting", d -> d.sensor().vignetting(), Beyond.GOES_ON, 0, 0.8),
            new Parameter("blur_sigma", d -> d.sensor().blurSigma(), Beyond.GOES_ON, 0, 3),
            new Parameter("noise_sigma", d -> d.sensor().noiseSigma(), Beyond.GOES_ON, 0, 20));

    private ShiftMapping() {
    }

    /**
     * The largest strength a scenario supports: foggy 4, sim2real and camera 3.
     */
    public static double maxStrength(Scenario scenario) {
        return scenario == Scenario.FOGGY ? 4 : 3;
    }

    /**
     * The target domain of {@code scenario} at {@code strength}, for a source of
     * {@code width x height}.
     *
     * @throws IllegalArgumentException when the strength is not in {@code [0, maxStrength]}
     */
    public static DomainStyle target(Scenario scenario, int width, int height, double strength) {
        Map<String, Double> v = resolve(scenario, width, height, strength);
        DomainStyle today = scenario.target(width, height);
        return new DomainStyle(today.name(),
                new DomainStyle.Camera(v.get("width").intValue(), v.get("height").intValue(),
                        v.get("fov_degrees"), v.get("horizon_fraction"), v.get("camera_height_m")),
                new DomainStyle.Look(v.get("palette"), v.get("texture"), v.get("lighting")),
                new DomainStyle.Sensor(v.get("white_r"), v.get("white_g"), v.get("white_b"), v.get("gamma"),
                        v.get("vignetting"), v.get("blur_sigma"), v.get("noise_sigma")),
                new DomainStyle.Fog(v.get("fog_beta"), v.get("fog_beta_jitter"), today.fog().airlightRgb()));
    }

    /**
     * The parameters {@code scenario} shifts (those whose source and today's target values
     * differ), resolved at {@code strength}, in a fixed order: what benchmark.json records.
     *
     * @throws IllegalArgumentException when the strength is not in {@code [0, maxStrength]}
     */
    public static Map<String, Double> parameters(Scenario scenario, int width, int height, double strength) {
        DomainStyle source = scenario.source(width, height);
        DomainStyle today = scenario.target(width, height);
        Map<String, Double> all = resolve(scenario, width, height, strength);
        Map<String, Double> shifted = new LinkedHashMap<>();
        for (Parameter p : PARAMETERS) {
            if (p.value().applyAsDouble(source) != p.value().applyAsDouble(today)) {
                shifted.put(p.name(), all.get(p.name()));
            }
        }
        return shifted;
    }

    /**
     * Checks a strength for a scenario.
     *
     * @param subject what to call the value in the message ("--strength", "the strength in 'synth:...'")
     * @throws IllegalArgumentException naming {@code subject} when it is NaN, negative, infinite
     *                                  or above the scenario's {@link #maxStrength}
     */
    public static void check(Scenario scenario, double strength, String subject) {
        if (!(strength >= 0) || Double.isInfinite(strength)) {
            throw new IllegalArgumentException(subject + " must be a number >= 0 (0 = no shift, 1 = the default), got "
                    + strength);
        }
        if (strength > maxStrength(scenario)) {
            throw new IllegalArgumentException(subject + " must be at most " + SynthPair.format(maxStrength(scenario))
                    + " for the '" + scenario.id() + "' scenario (beyond it there is nothing left to shift), got "
                    + SynthPair.format(strength));
        }
    }

    private static Map<String, Double> resolve(Scenario scenario, int width, int height, double strength) {
        check(scenario, strength, "strength");
        DomainStyle source = scenario.source(width, height);
        DomainStyle today = scenario.target(width, height);
        Map<String, Double> values = new LinkedHashMap<>();
        for (Parameter p : PARAMETERS) {
            values.put(p.name(), p.at(source, today, strength));
        }
        return values;
    }
}
