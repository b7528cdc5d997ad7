package org.scda.data.synth;

import java.awt.Color;
import java.util.SplittableRandom;
import java.util.function.Function;

/**
 * Colours of a look: saturated toy colours for the flat-shaded domains, a muted, realistic
 * palette for the textured one, or a mix of the two ({@link DomainStyle.Look#palette()}). Every
 * draw adds a little per-object variation. At 0 and 1 a draw takes exactly the random numbers
 * of the pure palette; in between it draws the toy colour, then the realistic one, and mixes
 * them.
 */
final class Palette {
    private static final int[][] FLAT_CARS = {
        {205, 30, 30}, {30, 70, 205}, {235, 200, 20}, {30, 160, 70}, {240, 240, 240}, {35, 35, 40},
        {175, 175, 182}, {235, 120, 20}, {20, 170, 190},
    };
    private static final int[][] REAL_CARS = {
        {120, 122, 126}, {60, 62, 66}, {200, 200, 198}, {28, 30, 34}, {96, 30, 32}, {36, 50, 82},
        {150, 150, 146}, {78, 84, 70}, {170, 160, 140},
    };
    private static final int[][] FLAT_BUSES = {{245, 185, 0}, {210, 40, 40}, {40, 100, 215}, {235, 235, 235}, {40, 165, 90}};
    private static final int[][] REAL_BUSES = {{190, 170, 90}, {150, 60, 55}, {70, 95, 130}, {205, 205, 200}, {90, 120, 90}};
    private static final int[][] SKIN = {{240, 200, 170}, {210, 160, 120}, {160, 110, 75}, {105, 70, 45}};

    private static final int[][] FLAT_TROUSERS = {{30, 40, 120}, {25, 25, 30}, {120, 90, 50}, {70, 70, 80}};
    private static final int[][] REAL_TROUSERS = {{40, 45, 60}, {30, 30, 32}, {85, 80, 70}, {60, 70, 95}};
    private static final int[][] FLAT_FRAMES = {{230, 30, 120}, {0, 200, 220}, {250, 130, 0}, {120, 220, 30}};
    private static final int[][] REAL_FRAMES = {{140, 40, 40}, {40, 60, 110}, {30, 30, 30}, {170, 170, 170}};

    /** 0 = toy colours, 1 = realistic colours. */
    private final double realism;

    Palette(double realism) {
        this.realism = realism;
    }

    Color carColour(SplittableRandom rng) {
        return choose(r -> vary(pick(FLAT_CARS, r), 14, r), r -> vary(pick(REAL_CARS, r), 14, r), rng);
    }

    Color busColour(SplittableRandom rng) {
        return choose(r -> vary(pick(FLAT_BUSES, r), 12, r), r -> vary(pick(REAL_BUSES, r), 12, r), rng);
    }

    Color shirt(SplittableRandom rng) {
        return choose(r -> Color.getHSBColor((float) r.nextDouble(), 0.7f + 0.3f * (float) r.nextDouble(),
                0.6f + 0.4f * (float) r.nextDouble()), r -> {
                    int v = 40 + r.nextInt(140);
                    return vary(new int[] {v + r.nextInt(30), v, v - r.nextInt(20) + 10}, 12, r);
                }, rng);
    }

    Color trousers(SplittableRandom rng) {
        return choose(r -> vary(pick(FLAT_TROUSERS, r), 10, r), r -> vary(pick(REAL_TROUSERS, r), 10, r), rng);
    }

    Color skin(SplittableRandom rng) {
        return vary(pick(SKIN, rng), 8, rng);
    }

    Color hair(SplittableRandom rng) {
        return vary(pick(new int[][] {{30, 20, 15}, {90, 60, 30}, {200, 170, 100}, {60, 60, 60}}, rng), 8, rng);
    }

    Color frame(SplittableRandom rng) {
        return choose(r -> vary(pick(FLAT_FRAMES, r), 10, r), r -> vary(pick(REAL_FRAMES, r), 10, r), rng);
    }

    Color tyre() {
        return fixed(new Color(20, 20, 22), new Color(32, 32, 34));
    }

    Color glass() {
        return fixed(new Color(90, 150, 200), new Color(70, 80, 92));
    }

    Color trim() {
        return fixed(new Color(60, 60, 66), new Color(45, 45, 48));
    }

    Color stripe(Color body) {
        return body.getRed() + body.getGreen() + body.getBlue() > 500 ? new Color(200, 40, 40) : new Color(245, 245, 245);
    }

    Color trunk(SplittableRandom rng) {
        return vary(new int[] {100, 70, 40}, 12, rng);
    }

    Color foliage(SplittableRandom rng) {
        return choose(r -> vary(new int[] {50, 160, 60}, 18, r), r -> vary(new int[] {70, 95, 55}, 18, r), rng);
    }

    Color pole() {
        return fixed(new Color(110, 110, 120), new Color(80, 82, 85));
    }

    /**
     * A colour drawn by {@code toy} at realism 0, by {@code real} at 1, and in between by both
     * (in that order) and mixed.
     */
    Color choose(Function<SplittableRandom, Color> toy, Function<SplittableRandom, Color> real, SplittableRandom rng) {
        if (realism <= 0) {
            return toy.apply(rng);
        }
        if (realism >= 1) {
            return real.apply(rng);
        }
        Color a = toy.apply(rng);
        return mix(a, real.apply(rng), realism);
    }

    /** A colour without randomness: {@code toy} at realism 0, {@code real} at 1, mixed between. */
    Color fixed(Color toy, Color real) {
        return realism <= 0 ? toy : realism >= 1 ? real : mix(toy, real, realism);
    }

    /** {@link #fixed(Color, Color)} for packed {@code 0xRRGGBB} colours. */
    int fixed(int toy, int real) {
        return fixed(new Color(toy), new Color(real)).getRGB() & 0xffffff;
    }

    static Color mix(Color a, Color b, double t) {
        return new Color(clamp((int) Math.round(a.getRed() * (1 - t) + b.getRed() * t)),
                clamp((int) Math.round(a.getGreen() * (1 - t) + b.getGreen() * t)),
                clamp((int) Math.round(a.getBlue() * (1 - t) + b.getBlue() * t)));
    }

    static Color vary(int[] rgb, int amount, SplittableRandom rng) {
        return new Color(clamp(rgb[0] + rng.nextInt(-amount, amount + 1)), clamp(rgb[1] + rng.nextInt(-amount, amount + 1)),
                clamp(rgb[2] + rng.nextInt(-amount, amount + 1)));
    }

    static int[] pick(int[][] options, SplittableRandom rng) {
        return options[rng.nextInt(options.length)];
    }

    static int clamp(int v) {
        return Math.max(0, Math.min(255, v));
    }
}
