package org.scda.data.synth;

import java.awt.Color;
import java.util.SplittableRandom;

/**
 * Colours of a look: saturated toy colours for the flat-shaded domains, a muted, realistic
 * palette for the textured one. Every draw adds a little per-object variation.
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

    final boolean realistic;

    Palette(boolean realistic) {
        this.realistic = realistic;
    }

    Color carColour(SplittableRandom rng) {
        return vary(pick(realistic ? REAL_CARS : FLAT_CARS, rng), 14, rng);
    }

    Color busColour(SplittableRandom rng) {
        return vary(pick(realistic ? REAL_BUSES : FLAT_BUSES, rng), 12, rng);
    }

    Color shirt(SplittableRandom rng) {
        if (realistic) {
            int v = 40 + rng.nextInt(140);
            return vary(new int[] {v + rng.nextInt(30), v, v - rng.nextInt(20) + 10}, 12, rng);
        }
        return Color.getHSBColor((float) rng.nextDouble(), 0.7f + 0.3f * (float) rng.nextDouble(),
                0.6f + 0.4f * (float) rng.nextDouble());
    }

    Color trousers(SplittableRandom rng) {
        int[][] options = realistic
                ? new int[][] {{40, 45, 60}, {30, 30, 32}, {85, 80, 70}, {60, 70, 95}}
                : new int[][] {{30, 40, 120}, {25, 25, 30}, {120, 90, 50}, {70, 70, 80}};
        return vary(pick(options, rng), 10, rng);
    }

    Color skin(SplittableRandom rng) {
        return vary(pick(SKIN, rng), 8, rng);
    }

    Color hair(SplittableRandom rng) {
        return vary(pick(new int[][] {{30, 20, 15}, {90, 60, 30}, {200, 170, 100}, {60, 60, 60}}, rng), 8, rng);
    }

    Color frame(SplittableRandom rng) {
        int[][] options = realistic
                ? new int[][] {{140, 40, 40}, {40, 60, 110}, {30, 30, 30}, {170, 170, 170}}
                : new int[][] {{230, 30, 120}, {0, 200, 220}, {250, 130, 0}, {120, 220, 30}};
        return vary(pick(options, rng), 10, rng);
    }

    Color tyre() {
        return realistic ? new Color(32, 32, 34) : new Color(20, 20, 22);
    }

    Color glass() {
        return realistic ? new Color(70, 80, 92) : new Color(90, 150, 200);
    }

    Color trim() {
        return realistic ? new Color(45, 45, 48) : new Color(60, 60, 66);
    }

    Color stripe(Color body) {
        return body.getRed() + body.getGreen() + body.getBlue() > 500 ? new Color(200, 40, 40) : new Color(245, 245, 245);
    }

    Color trunk(SplittableRandom rng) {
        return vary(new int[] {100, 70, 40}, 12, rng);
    }

    Color foliage(SplittableRandom rng) {
        return vary(realistic ? new int[] {70, 95, 55} : new int[] {50, 160, 60}, 18, rng);
    }

    Color pole() {
        return realistic ? new Color(80, 82, 85) : new Color(110, 110, 120);
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
