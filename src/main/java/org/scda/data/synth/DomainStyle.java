package org.scda.data.synth;

import java.util.Objects;
import org.scda.data.fog.Koschmieder;

/**
 * How one domain of a synthetic benchmark looks: the camera, the rendering look, the sensor
 * and the weather. Immutable.
 *
 * @param name   a short name for provenance ("clear", "foggy", "flat", "real-like", ...)
 * @param camera image size and projection
 * @param look   flat shading, textured and lit, or part of the way between
 * @param sensor colour response, blur and noise of the camera
 * @param fog    fog applied from the depth map ({@link Fog#NONE} for clear weather)
 */
public record DomainStyle(String name, Camera camera, Look look, Sensor sensor, Fog fog) {

    public DomainStyle {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(camera, "camera");
        Objects.requireNonNull(look, "look");
        Objects.requireNonNull(sensor, "sensor");
        Objects.requireNonNull(fog, "fog");
    }

    /**
     * How the scene itself is drawn, as three amounts: {@link #FLAT} (saturated toy colours,
     * crisp flat-shaded surfaces) is all zeros, {@link #TEXTURED} (muted realistic colours,
     * surface textures, lighting gradients, shading and shadows) all ones. Values in between
     * draw the scene part of the way; texture and lighting above 1 exaggerate them.
     *
     * @param palette  0 = saturated toy colours, 1 = muted realistic colours; in between, every
     *                 colour is drawn from both palettes and mixed
     * @param texture  amplitude of the surface textures (road grain, pavement joints, brick
     *                 mortar, lit windows, clouds) relative to the textured look's
     * @param lighting strength of the lighting relative to the textured look's: the sun-side
     *                 brightness ramp, facade shading, the vertical shading of objects and their
     *                 shadows
     */
    public record Look(double palette, double texture, double lighting) {
        /** Flat colours and crisp edges (the simulated domains). */
        public static final Look FLAT = new Look(0, 0, 0);
        /** Realistic colours, textures, lighting gradients, shading and shadows. */
        public static final Look TEXTURED = new Look(1, 1, 1);

        public Look {
            if (!(palette >= 0 && palette <= 1) || !(texture >= 0 && texture < Double.POSITIVE_INFINITY)
                    || !(lighting >= 0 && lighting < Double.POSITIVE_INFINITY)) {
                throw new IllegalArgumentException("a look needs palette in [0, 1] and finite texture and lighting >= 0, got "
                        + palette + ", " + texture + ", " + lighting);
            }
        }
    }

    /**
     * A pinhole camera looking along the road, parallel to the ground.
     *
     * @param width                image width in pixels
     * @param height               image height in pixels
     * @param horizontalFovDegrees horizontal field of view; sets the focal length
     * @param horizonFraction      row of the horizon as a fraction of the height
     * @param heightMetres         camera height above the ground
     */
    public record Camera(int width, int height, double horizontalFovDegrees, double horizonFraction,
                         double heightMetres) {
        public Camera {
            if (width < 32 || height < 32) {
                throw new IllegalArgumentException("synthetic images must be at least 32x32, got " + width + "x" + height);
            }
            if (!(horizontalFovDegrees > 10 && horizontalFovDegrees < 150)) {
                throw new IllegalArgumentException("field of view must be in (10, 150) degrees, got " + horizontalFovDegrees);
            }
        }

        /** Focal length in pixels. */
        public double focal() {
            return width / 2.0 / Math.tan(Math.toRadians(horizontalFovDegrees) / 2);
        }
    }

    /**
     * The camera's response, applied after the scene is rendered (and fogged), in this order:
     * white balance, gamma, vignetting, blur, noise.
     *
     * @param whiteR        gain of the red channel
     * @param whiteG        gain of the green channel
     * @param whiteB        gain of the blue channel
     * @param gamma         output = input^gamma on [0, 1] (1 = linear)
     * @param vignetting    brightness lost in the corners (0 = none, 0.4 = 40%)
     * @param blurSigma     Gaussian blur in pixels (0 = none)
     * @param noiseSigma    Gaussian noise in 0..255 units per channel (0 = none)
     */
    public record Sensor(double whiteR, double whiteG, double whiteB, double gamma, double vignetting,
                         double blurSigma, double noiseSigma) {
        /** A perfect sensor: no change. */
        public static final Sensor IDEAL = new Sensor(1, 1, 1, 1, 0, 0, 0);

        public boolean isIdeal() {
            return equals(IDEAL);
        }
    }

    /**
     * Homogeneous fog (Koschmieder) from the scene depth.
     *
     * @param beta        mean attenuation coefficient in 1/m (0 = no fog)
     * @param betaJitter  each image draws its beta uniformly from {@code beta * (1 +- jitter)}
     * @param airlightRgb atmospheric light {@code 0xRRGGBB}
     */
    public record Fog(double beta, double betaJitter, int airlightRgb) {
        /** Clear weather. */
        public static final Fog NONE = new Fog(0, 0, Koschmieder.DEFAULT_AIRLIGHT);

        public Fog {
            if (!(beta >= 0) || !(betaJitter >= 0 && betaJitter < 1)) {
                throw new IllegalArgumentException("fog needs beta >= 0 and jitter in [0, 1), got " + beta + ", " + betaJitter);
            }
        }

        public boolean isClear() {
            return beta == 0;
        }
    }
}
