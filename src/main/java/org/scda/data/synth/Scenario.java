package org.scda.data.synth;

import java.util.Arrays;
import java.util.Locale;
import org.scda.data.fog.Koschmieder;
import org.scda.util.ScdaException;

/**
 * The three built-in source-to-target pairs, mirroring the paper's settings. Every domain uses
 * the classes of {@link SynthClasses} (car, person, bus, bicycle).
 * <ul>
 *   <li>{@link #FOGGY} (Cityscapes to Foggy Cityscapes): the same flat-shaded scenes; the
 *       target is fogged from the depth map with {@link #FOG_BETA} (each image
 *       {@code beta * (1 +- 0.25)}), so distant objects fade into the atmospheric light.</li>
 *   <li>{@link #SIM2REAL} (Sim10k to Cityscapes): flat-shaded, saturated source vs a target
 *       with textures, lighting gradients, shading, shadows, a muted palette, blur and sensor
 *       noise.</li>
 *   <li>{@link #CAMERA} (KITTI to Cityscapes): the source camera is wide-angle (90 degrees) at
 *       W x H and 1.65 m high; the target has a different size ({@code 7W/8 x 5H/4}, 224x160 for
 *       the default), a narrower field of view (65 degrees, so objects are bigger), a lower
 *       camera (1.3 m), a warm white balance, gamma 0.8, vignetting and slight noise.</li>
 * </ul>
 * These targets are the default, shift strength 1; {@link ShiftMapping} moves every parameter
 * between {@link #source} (strength 0) and {@link #target} (strength 1) and beyond.
 */
public enum Scenario {
    FOGGY, SIM2REAL, CAMERA;

    /**
     * Fog attenuation of the foggy target, 1/m. Objects stand 3.5 to 25 m away: at 5 m 61% of
     * their radiance remains, at 10 m 37%, at 17 m 18%.
     */
    public static final double FOG_BETA = 0.1;
    /** Per-image spread of the fog attenuation. */
    public static final double FOG_BETA_JITTER = 0.25;

    /** The lower-case name used on the command line and in paths. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** A scenario by name (case-insensitive), with a message listing the names when unknown. */
    public static Scenario parse(String name) {
        for (Scenario s : values()) {
            if (s.id().equalsIgnoreCase(name.trim())) {
                return s;
            }
        }
        throw new ScdaException("unknown synthetic scenario '" + name + "': use one of "
                + String.join(", ", Arrays.stream(values()).map(Scenario::id).toList()));
    }

    /** The source domain for images of {@code width x height}. */
    public DomainStyle source(int width, int height) {
        DomainStyle.Camera wide = new DomainStyle.Camera(width, height, 90, 0.42, 1.65);
        return switch (this) {
            case FOGGY -> new DomainStyle("clear", wide, DomainStyle.Look.FLAT, DomainStyle.Sensor.IDEAL,
                    DomainStyle.Fog.NONE);
            case SIM2REAL -> new DomainStyle("flat-shaded", wide, DomainStyle.Look.FLAT, DomainStyle.Sensor.IDEAL,
                    DomainStyle.Fog.NONE);
            case CAMERA -> new DomainStyle("camera-a", wide, DomainStyle.Look.FLAT,
                    new DomainStyle.Sensor(1, 1, 1, 1, 0, 0.4, 1.5), DomainStyle.Fog.NONE);
        };
    }

    /**
     * The target domain at the default strength 1 when the source is {@code width x height}. The
     * camera pair's target has its own size, {@link #targetSize}.
     */
    public DomainStyle target(int width, int height) {
        return switch (this) {
            case FOGGY -> new DomainStyle("foggy", source(width, height).camera(), DomainStyle.Look.FLAT,
                    DomainStyle.Sensor.IDEAL,
                    new DomainStyle.Fog(FOG_BETA, FOG_BETA_JITTER, Koschmieder.DEFAULT_AIRLIGHT));
            case SIM2REAL -> new DomainStyle("real-like", source(width, height).camera(), DomainStyle.Look.TEXTURED,
                    new DomainStyle.Sensor(1.02, 1.0, 0.95, 1.1, 0.15, 0.8, 6), DomainStyle.Fog.NONE);
            case CAMERA -> {
                int[] size = targetSize(width, height);
                yield new DomainStyle("camera-b", new DomainStyle.Camera(size[0], size[1], 65, 0.38, 1.3),
                        DomainStyle.Look.FLAT, new DomainStyle.Sensor(1.12, 1.0, 0.82, 0.8, 0.45, 0.6, 3),
                        DomainStyle.Fog.NONE);
            }
        };
    }

    /** The target image size {@code {width, height}} for a source of {@code width x height}. */
    public int[] targetSize(int width, int height) {
        if (this == CAMERA) {
            return new int[] {Math.max(32, Math.round(width * 7 / 8f)), Math.max(32, Math.round(height * 5 / 4f))};
        }
        return new int[] {width, height};
    }
}
