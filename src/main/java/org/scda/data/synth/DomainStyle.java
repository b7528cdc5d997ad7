package org.scda.data.synth;

import java.util.Objects;
import org.scda.data.fog.Koschmieder;

/**
 * How one domain of a synthetic benchmark looks: the camera, the rendering look, the sensor
 * and the weather. Immutable.
 *
 * @param name   a short name for provenance ("clear", "foggy", "flat", "real-like", ...)
 * @param camera image size and projection
 * @param look   flat shading or textured and lit
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

    /** Flat colours and crisp edges, or textures, lighting gradients, shading and shadows. */
    public enum Look { FLAT, TEXTURED }

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
