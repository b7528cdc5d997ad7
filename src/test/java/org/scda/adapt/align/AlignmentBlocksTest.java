package org.scda.adapt.align;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.scda.testing.EngineTestBase;

@Tag("engine")
class AlignmentBlocksTest extends EngineTestBase {

    private ParameterStore store;

    @BeforeEach
    void open() {
        store = new ParameterStore(manager, false);
    }

    @Test
    void instanceNormMatchesHandComputation() {
        float[] values = {1, 2, 3, 4, 10, 10, 10, 14};
        NDArray x = manager.create(values, new Shape(1, 2, 2, 2));
        NDArray y = InstanceNorm.normalize(x, 1e-5f);
        // channel 0: mean 2.5, biased var 1.25; channel 1: mean 11, var 3
        float[] out = y.toFloatArray();
        for (int i = 0; i < 4; i++) {
            assertThat(out[i]).isCloseTo((float) ((values[i] - 2.5) / Math.sqrt(1.25 + 1e-5)), within(1e-5f));
            assertThat(out[4 + i]).isCloseTo((float) ((values[4 + i] - 11) / Math.sqrt(3 + 1e-5)), within(1e-5f));
        }
        NDArray batch = manager.randomNormal(2, 3, new Shape(3, 4, 5, 6), DataType.FLOAT32);
        NDArray normed = new InstanceNorm().forward(store, new ai.djl.ndarray.NDList(batch), false).singletonOrThrow();
        NDArray flat = normed.reshape(12, 30);
        for (int r = 0; r < 12; r++) {
            assertThat(flat.get(r).mean().getFloat()).isCloseTo(0f, within(1e-5f));
            assertThat(flat.get(r).square().mean().getFloat()).isCloseTo(1f, within(1e-3f));
        }
    }

    @Test
    void instanceNormKeepsNoHandleOnItsInputsViewOrTheSquares() {
        try (ai.djl.ndarray.NDManager layer = manager.newSubManager();
                ai.djl.training.GradientCollector gc = ai.djl.engine.Engine.getInstance().newGradientCollector()) {
            NDArray x = layer.randomNormal(new Shape(2, 3, 4, 4));
            x.setRequiresGradient(true);
            NDArray y = InstanceNorm.normalize(x, 1e-5f);
            // what backward reads (centred) and the output with its (N, C, H, W) view: x's memory can go
            // once x's own handle is closed (issue 17)
            assertThat(layer.getManagedArrays().stream().filter(a -> a != x && a.size() == x.size()))
                    .as("full-size arrays left besides x").hasSize(3);
            gc.backward(y.mul(layer.randomNormal(y.getShape())).sum());
            assertThat(x.getGradient().abs().sum().getFloat()).isPositive().isFinite();
        }
    }

    private static org.assertj.core.data.Offset<Float> within(float v) {
        return org.assertj.core.data.Offset.offset(v);
    }

    @Test
    void generatorShapesAtCpuSizes() {
        // CPU Type2: K=4, m=32, S=64 with d=256: reshape to 16x16, two stages
        PatchGenerator g = PatchGenerator.builder().setFeatureDim(256).setFeaturesPerRegion(32).setPatchSize(64)
                .build();
        g.initialize(manager, DataType.FLOAT32, new Shape(4, 32, 256));
        assertThat(g.isProjected()).isFalse();
        assertThat(g.stages()).isEqualTo(2);
        NDArray out = g.generate(store, manager.randomNormal(new Shape(4, 32, 256)), true);
        assertThat(out.getShape()).isEqualTo(new Shape(4, 3, 64, 64));
        assertThat(g.getOutputShapes(new Shape[] {new Shape(4, 32, 256)})[0]).isEqualTo(out.getShape());
        assertThat(out.abs().max().getFloat()).isLessThanOrEqualTo(1f);
        // d=512 is not a square: projected to 16x16
        PatchGenerator p = PatchGenerator.builder().setFeatureDim(512).setFeaturesPerRegion(16).setPatchSize(32)
                .build();
        p.initialize(manager, DataType.FLOAT32, new Shape(8, 16, 512));
        assertThat(p.isProjected()).isTrue();
        assertThat(p.mapSize()).containsExactly(16, 16);
        assertThat(p.generate(store, manager.randomNormal(new Shape(8, 16, 512)), false).getShape())
                .isEqualTo(new Shape(8, 3, 32, 32));
    }

    @Test
    void everyBlockAtEveryCpuPreset() {
        int d = 256;
        for (AlignmentPreset p : new AlignmentPreset[] {AlignmentPreset.CPU_TYPE1, AlignmentPreset.CPU_TYPE2,
            AlignmentPreset.CPU_TYPE3}) {
            Shape features = new Shape(p.k(), p.m(), d);
            PatchGenerator g = PatchGenerator.builder().setFeatureDim(d).setFeaturesPerRegion(p.m())
                    .setPatchSize(p.regionSize()).build();
            g.initialize(manager, DataType.FLOAT32, features);
            NDArray patches = g.generate(store, manager.randomNormal(features), true);
            assertThat(patches.getShape()).as(p.name()).isEqualTo(new Shape(p.k(), 3, p.regionSize(), p.regionSize()));
            PatchDiscriminator disc = PatchDiscriminator.forPatchSize(p.regionSize());
            disc.initialize(manager, DataType.FLOAT32, patches.getShape());
            NDArray logits = disc.judge(store, patches, true);
            assertThat(logits.getShape()).isEqualTo(disc.getOutputShapes(new Shape[] {patches.getShape()})[0]);
            assertThat(logits.getShape().get(0)).isEqualTo(p.k());
            WeightingEstimator w = WeightingEstimator.create(d);
            w.initialize(manager, DataType.FLOAT32, features);
            assertThat(w.score(store, manager.randomNormal(features), true).getShape())
                    .isEqualTo(new Shape(p.k(), p.m()));
        }
    }

    @Test
    void generatorDepthAtPaperSizes() {
        // paper: d=4096 -> 64x64 maps, L = 2 / 3 / 4 for 128 / 256 / 512; built, not run
        assertThat(PatchGenerator.builder().setFeatureDim(4096).setFeaturesPerRegion(64).setPatchSize(128).build()
                .stages()).isEqualTo(1);
        assertThat(PatchGenerator.builder().setFeatureDim(4096).setFeaturesPerRegion(128).setPatchSize(256).build()
                .stages()).isEqualTo(2);
        PatchGenerator type1 = PatchGenerator.builder().setFeatureDim(4096).setFeaturesPerRegion(256)
                .setPatchSize(512).build();
        assertThat(type1.stages()).isEqualTo(3);
        assertThat(type1.isProjected()).isFalse();
        assertThat(type1.getOutputShapes(new Shape[] {new Shape(2, 256, 4096)})[0])
                .isEqualTo(new Shape(2, 3, 512, 512));
        // run at paper patch size with tiny d and m: d=64 -> 8x8 maps, six stages to 512
        PatchGenerator tiny = PatchGenerator.builder().setFeatureDim(64).setFeaturesPerRegion(2).setPatchSize(512)
                .optResidualBlocks(1).optMinChannels(2).build();
        tiny.initialize(manager, DataType.FLOAT32, new Shape(1, 2, 64));
        assertThat(tiny.stages()).isEqualTo(6);
        assertThat(tiny.generate(store, manager.randomNormal(new Shape(1, 2, 64)), false).getShape())
                .isEqualTo(new Shape(1, 3, 512, 512));
        assertThatThrownBy(() -> PatchGenerator.builder().setFeatureDim(64).setFeaturesPerRegion(2).setPatchSize(48)
                .optMapSize(10, 10).build()).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void rectangularGeneratorForTheGlobalVariant() {
        PatchGenerator g = PatchGenerator.builder().setFeatureDim(8 * 16).setFeaturesPerRegion(4)
                .setPatchSize(32, 64).optMapSize(8, 16).optResidualBlocks(1).build();
        g.initialize(manager, DataType.FLOAT32, new Shape(1, 4, 128));
        assertThat(g.generate(store, manager.randomNormal(new Shape(1, 4, 128)), false).getShape())
                .isEqualTo(new Shape(1, 3, 32, 64));
    }

    @Test
    void discriminatorShapes() {
        assertThat(PatchDiscriminator.defaultLayers(128)).isEqualTo(2);
        assertThat(PatchDiscriminator.defaultLayers(256)).isEqualTo(3);
        assertThat(PatchDiscriminator.defaultLayers(512)).isEqualTo(4);
        assertThat(PatchDiscriminator.defaultLayers(32)).isEqualTo(1);
        for (int s : new int[] {32, 64, 128}) {
            PatchDiscriminator d = PatchDiscriminator.forPatchSize(s);
            d.initialize(manager, DataType.FLOAT32, new Shape(2, 3, s, s));
            NDArray logits = d.judge(store, manager.randomNormal(new Shape(2, 3, s, s)), false);
            assertThat(logits.getShape()).isEqualTo(d.getOutputShapes(new Shape[] {new Shape(2, 3, s, s)})[0]);
            long side = s >> d.layers();
            assertThat(logits.getShape()).isEqualTo(new Shape(2, 1, side, side));
        }
        assertThat(PatchDiscriminator.forPatchSize(512).getOutputShapes(new Shape[] {new Shape(2, 3, 512, 512)})[0])
                .isEqualTo(new Shape(2, 1, 32, 32));
    }

    /**
     * The discriminator's reach: one logit of an L-layer discriminator depends on
     * {@code 2^(L+1) - 1} pixels a side (3 at the CPU presets' default L = 1, 15 at L = 3), and
     * the four-way variant has four logits per location.
     */
    @Test
    void aLogitSeesTwoToTheLPlusOneMinusOnePixelsASide() {
        for (int layers : new int[] {1, 3}) {
            PatchDiscriminator d = PatchDiscriminator.create(layers, 8, 0.2f, 4);
            d.initialize(manager, DataType.FLOAT32, new Shape(1, 3, 64, 64));
            NDArray image = manager.randomNormal(new Shape(1, 3, 64, 64));
            image.setRequiresGradient(true);
            int side = 64 >> layers;
            try (ai.djl.training.GradientCollector gc = ai.djl.engine.Engine.getInstance().newGradientCollector()) {
                NDArray logits = d.judge(store, image, true);
                assertThat(logits.getShape()).isEqualTo(new Shape(1, 4, side, side));
                gc.backward(logits.get("0, 2, " + side / 2 + ", " + side / 2));
            }
            float[] columns = image.getGradient().abs().sum(new int[] {0, 1, 2}).toFloatArray();
            int seen = 0;
            for (float c : columns) {
                seen += c > 0 ? 1 : 0;
            }
            assertThat(seen).as("L = " + layers).isEqualTo((1 << (layers + 1)) - 1);
        }
    }

    @Test
    void estimatorShapesAndWeights() {
        WeightingEstimator w = WeightingEstimator.create(48, 16, 0.2f);
        w.initialize(manager, DataType.FLOAT32, new Shape(4, 8, 48));
        NDArray logits = w.score(store, manager.randomNormal(new Shape(4, 8, 48)), false);
        assertThat(logits.getShape()).isEqualTo(new Shape(4, 8));
        NDArray weights = WeightingEstimator.regionWeights(manager.create(new float[] {0, 0, 100, -100, 2, 2},
                new Shape(3, 2)));
        assertThat(weights.toFloatArray()).containsExactly(new float[] {0.5f, 0.5f,
                (float) (1 / (1 + Math.exp(-2)))}, within(1e-6f));
    }
}
