package org.scda.adapt.align;

import java.util.List;
import org.scda.adapt.mining.MiningConfig;

/**
 * A grouping preset (the paper's Table 1): K regions per image, m features per region, square
 * regions of side {@code regionSize} pixels.
 *
 * <p>Paper presets are for images with shorter side 512. CPU presets are scaled to the default
 * CPU image (256x128, shorter side 128) by the linear factor {@code f = 128 / 512 = 1/4}: the
 * region side and m are multiplied by f, K is kept. A region must fit the shorter side, so the
 * region side must scale with the image; m scales too because the CPU detector has about a
 * quarter of the proposals (the regions hold ~1/16 of the area, so 1/4 keeps m below the
 * proposal count a region can collect).
 *
 * <table>
 *   <caption>Presets</caption>
 *   <tr><th>name</th><th>K</th><th>m</th><th>region</th></tr>
 *   <tr><td>type1</td><td>2</td><td>256</td><td>512</td></tr>
 *   <tr><td>type2</td><td>4</td><td>128</td><td>256</td></tr>
 *   <tr><td>type3</td><td>8</td><td>64</td><td>128</td></tr>
 *   <tr><td>cpu-type1</td><td>2</td><td>64</td><td>128</td></tr>
 *   <tr><td>cpu-type2</td><td>4</td><td>32</td><td>64</td></tr>
 *   <tr><td>cpu-type3</td><td>8</td><td>16</td><td>32</td></tr>
 * </table>
 *
 * @param name lower-case name used in config files
 * @param k regions per image
 * @param m features per region
 * @param regionSize region side in pixels of the (resized) image
 */
public record AlignmentPreset(String name, int k, int m, int regionSize) {

    /** The shorter image side the paper's presets are meant for. */
    public static final int PAPER_SHORTER_SIDE = 512;
    /** The shorter image side of the default CPU setting (256x128). */
    public static final int CPU_SHORTER_SIDE = 128;

    /** Table 1, Type1 (skipped by the paper on KITTI: regions larger than the image). */
    public static final AlignmentPreset TYPE1 = new AlignmentPreset("type1", 2, 256, 512);
    /** Table 1, Type2. */
    public static final AlignmentPreset TYPE2 = new AlignmentPreset("type2", 4, 128, 256);
    /** Table 1, Type3. */
    public static final AlignmentPreset TYPE3 = new AlignmentPreset("type3", 8, 64, 128);
    /** Type1 scaled to a 128-pixel shorter side. */
    public static final AlignmentPreset CPU_TYPE1 = TYPE1.scaledTo(CPU_SHORTER_SIDE, "cpu-type1");
    /** Type2 scaled to a 128-pixel shorter side. */
    public static final AlignmentPreset CPU_TYPE2 = TYPE2.scaledTo(CPU_SHORTER_SIDE, "cpu-type2");
    /** Type3 scaled to a 128-pixel shorter side. */
    public static final AlignmentPreset CPU_TYPE3 = TYPE3.scaledTo(CPU_SHORTER_SIDE, "cpu-type3");

    public AlignmentPreset {
        if (name == null || name.isBlank() || k < 1 || m < 1 || regionSize < 1) {
            throw new IllegalArgumentException("bad preset: " + name + " k=" + k + " m=" + m + " size=" + regionSize);
        }
    }

    /** All built-in presets, paper first. */
    public static List<AlignmentPreset> builtIn() {
        return List.of(TYPE1, TYPE2, TYPE3, CPU_TYPE1, CPU_TYPE2, CPU_TYPE3);
    }

    /**
     * A built-in preset by name (case-insensitive).
     *
     * @throws org.scda.util.ScdaException for an unknown name, listing the known ones
     */
    public static AlignmentPreset named(String name) {
        for (AlignmentPreset p : builtIn()) {
            if (p.name.equalsIgnoreCase(name)) {
                return p;
            }
        }
        throw new org.scda.util.ScdaException("unknown alignment preset '" + name + "'; known: "
                + builtIn().stream().map(AlignmentPreset::name).toList());
    }

    /**
     * This paper-size preset scaled for images whose shorter side is {@code shorterSide}:
     * region side and m times {@code shorterSide / 512} (rounded, at least 1), K kept.
     */
    public AlignmentPreset scaledTo(int shorterSide, String newName) {
        double f = (double) shorterSide / PAPER_SHORTER_SIDE;
        return new AlignmentPreset(newName, k, Math.max(1, (int) Math.round(m * f)),
                Math.max(1, (int) Math.round(regionSize * f)));
    }

    /** The mining settings of this preset with the given k-means seed. */
    public MiningConfig miningConfig(long seed) {
        return new MiningConfig(k, m, regionSize, seed, MiningConfig.DEFAULT_MAX_ITERATIONS);
    }
}
