package org.scda.adapt.mining;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.scda.testing.EngineTestBase;
import org.scda.data.BoundingBox;
import org.scda.util.ScdaException;

@Tag("engine")
class RegionMinerTest extends EngineTestBase {

    private static final int W = 256;
    private static final int H = 128;

    /** Two groups of proposals: around (40, 40) and around (200, 90); 12 proposals in all. */
    private static float[] boxes() {
        float[] b = new float[12 * 4];
        for (int i = 0; i < 12; i++) {
            float cx = i < 7 ? 40 + i : 200 + i;
            float cy = i < 7 ? 40 : 90;
            b[4 * i] = cx - 5;
            b[4 * i + 1] = cy - 5;
            b[4 * i + 2] = cx + 5;
            b[4 * i + 3] = cy + 5;
        }
        return b;
    }

    private static float[] objectness() {
        float[] s = new float[12];
        for (int i = 0; i < 12; i++) {
            s[i] = 1f - i * 0.05f;
        }
        return s;
    }

    private NDArray image() {
        return manager.randomUniform(-1, 1, new Shape(1, 3, H, W));
    }

    @Test
    void minesTwoClustersWithShapesAndMembers() {
        NDArray roi = manager.randomNormal(new Shape(12, 16));
        MinedRegions mined = new RegionMiner(new MiningConfig(2, 5, 32, 7, 50))
                .mine(boxes(), objectness(), roi, image());
        assertThat(mined.features().getShape()).isEqualTo(new Shape(2, 5, 16));
        assertThat(mined.realPatches().getShape()).isEqualTo(new Shape(2, 3, 32, 32));
        assertThat(mined.numRegions()).isEqualTo(2);
        assertThat(mined.featuresPerRegion()).isEqualTo(5);
        for (int k = 0; k < 2; k++) {
            BoundingBox r = mined.regions().get(k);
            assertThat(r.width()).isEqualTo(32);
            assertThat(r.isInside(W, H)).isTrue();
            boolean left = mined.centroids()[k][0] < 128;
            // the left group has 7 members: top-5 by objectness are 0..4; the right has 5: 7..11
            assertThat(mined.memberIndices()[k]).containsExactly(left ? new int[] {0, 1, 2, 3, 4}
                    : new int[] {7, 8, 9, 10, 11});
            for (int j = 0; j < 5; j++) {
                NDArray expected = roi.get(mined.memberIndices()[k][j]);
                assertThat(mined.features().get(k, j).toFloatArray()).containsExactly(expected.toFloatArray());
            }
        }
        assertThat(mined.centroids()[0][0]).isNotEqualTo(mined.centroids()[1][0]);
    }

    @Test
    void realPatchEqualsTheCrop() {
        NDArray image = image();
        MinedRegions mined = new RegionMiner(new MiningConfig(2, 3, 48, 1, 50))
                .mine(boxes(), objectness(), manager.zeros(new Shape(12, 4)), image);
        for (int k = 0; k < 2; k++) {
            BoundingBox r = mined.regions().get(k);
            for (int c = 0; c < 3; c++) {
                for (int y = 0; y < 48; y += 13) {
                    for (int x = 0; x < 48; x += 11) {
                        float expected = image.getFloat(0, c, (long) r.y1() + y, (long) r.x1() + x);
                        assertThat(mined.realPatches().getFloat(k, c, y, x)).isEqualTo(expected);
                    }
                }
            }
            NDArray crop = image.get(new NDIndex("0, :, {}:{}, {}:{}", (long) r.y1(), (long) r.y2(),
                    (long) r.x1(), (long) r.x2()));
            assertThat(mined.realPatches().get(k).toFloatArray()).containsExactly(crop.toFloatArray());
        }
    }

    @Test
    void realPatchesAreConvertedToTheGeneratorsRange() {
        // an ImageNet-normalised image of pixels v: the patch must hold 2 v - 1
        NDArray pixels = manager.randomUniform(0, 1, new Shape(1, 3, H, W));
        NDArray mean = manager.create(ImageNormalization.IMAGENET.mean(), new Shape(1, 3, 1, 1));
        NDArray std = manager.create(ImageNormalization.IMAGENET.std(), new Shape(1, 3, 1, 1));
        NDArray image = pixels.sub(mean).div(std);
        MinedRegions mined = new RegionMiner(new MiningConfig(2, 3, 32, 1, 50), ImageNormalization.IMAGENET)
                .mine(boxes(), objectness(), manager.zeros(new Shape(12, 4)), image);
        BoundingBox r = mined.regions().get(1);
        NDArray expected = pixels.get(new NDIndex("0, :, {}:{}, {}:{}", (long) r.y1(), (long) r.y2(),
                (long) r.x1(), (long) r.x2())).mul(2).sub(1);
        float[] actual = mined.realPatches().get(1).toFloatArray();
        float[] want = expected.toFloatArray();
        for (int i = 0; i < want.length; i++) {
            assertThat(actual[i]).isCloseTo(want[i], org.assertj.core.data.Offset.offset(1e-5f));
        }
        assertThat(mined.realPatches().max().getFloat()).isLessThanOrEqualTo(1.00001f);
        assertThat(mined.realPatches().min().getFloat()).isGreaterThanOrEqualTo(-1.00001f);
    }

    @Test
    void gradientReachesOnlyTheSelectedRoiFeatures() {
        NDArray roi = manager.randomNormal(new Shape(12, 8));
        roi.setRequiresGradient(true);
        MinedRegions mined;
        try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            mined = new RegionMiner(new MiningConfig(2, 3, 32, 7, 50)).mine(boxes(), objectness(), roi, image());
            gc.backward(mined.features().square().sum());
        }
        Set<Integer> selected = new HashSet<>();
        for (int[] row : mined.memberIndices()) {
            for (int i : row) {
                selected.add(i);
            }
        }
        assertThat(selected).hasSize(6);
        NDArray grad = roi.getGradient();
        for (int i = 0; i < 12; i++) {
            float norm = grad.get(i).abs().sum().getFloat();
            if (selected.contains(i)) {
                // d/dx sum(x^2) = 2x, once per selected copy
                assertThat(grad.get(i).toFloatArray()).containsExactly(roi.get(i).mul(2).toFloatArray());
            } else {
                assertThat(norm).as("row %d", i).isZero();
            }
        }
    }

    @Test
    void gatherIndexSurvivesGarbageCollectionBeforeBackward() {
        // autograd keeps the gather's index for backward; an index tensor borrowing a Java
        // buffer that is freed by then would scatter the gradient to garbage rows
        NDArray roi = manager.randomNormal(new Shape(12, 8));
        roi.setRequiresGradient(true);
        MinedRegions mined;
        try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            mined = new RegionMiner(new MiningConfig(2, 3, 32, 7, 50)).mine(boxes(), objectness(), roi, image());
            for (int i = 0; i < 5; i++) {
                byte[][] garbage = new byte[64][];
                for (int j = 0; j < garbage.length; j++) {
                    garbage[j] = new byte[1 << 20];
                }
                java.nio.ByteBuffer.allocateDirect(1 << 22).put(0, (byte) 1);
                System.gc();
            }
            gc.backward(mined.features().sum());
        }
        float[] grad = roi.getGradient().sum(new int[] {1}).toFloatArray();
        int[] expected = new int[12];
        for (int[] row : mined.memberIndices()) {
            for (int i : row) {
                expected[i] += 8;
            }
        }
        for (int i = 0; i < 12; i++) {
            assertThat(grad[i]).as("row %d", i).isEqualTo(expected[i]);
        }
    }

    @Test
    void copiesGetTheirGradientSummed() {
        NDArray roi = manager.randomNormal(new Shape(12, 4));
        roi.setRequiresGradient(true);
        MinedRegions mined;
        try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            // m = 14 > 7 members: the left group's rows repeat twice
            mined = new RegionMiner(new MiningConfig(2, 14, 32, 7, 50)).mine(boxes(), objectness(), roi, image());
            gc.backward(mined.features().sum());
        }
        int left = mined.centroids()[0][0] < 128 ? 0 : 1;
        assertThat(mined.memberIndices()[left]).containsExactly(0, 1, 2, 3, 4, 5, 6, 0, 1, 2, 3, 4, 5, 6);
        assertThat(roi.getGradient().getFloat(0, 0)).isEqualTo(2f);
    }

    @Test
    void fewerProposalsThanKKeepsTheShape() {
        float[] two = {10, 10, 20, 20, 100, 60, 120, 80};
        NDArray roi = manager.randomNormal(new Shape(2, 6));
        MinedRegions mined = new RegionMiner(new MiningConfig(4, 3, 32, 0, 50))
                .mine(two, new float[] {0.9f, 0.8f}, roi, image());
        assertThat(mined.features().getShape()).isEqualTo(new Shape(4, 3, 6));
        assertThat(mined.realPatches().getShape()).isEqualTo(new Shape(4, 3, 32, 32));
        assertThat(mined.regions()).hasSize(4);
        Set<Integer> firsts = new HashSet<>();
        for (int k = 0; k < 4; k++) {
            int[] members = mined.memberIndices()[k];
            // the proposal the centroid sits on comes first: its own cluster repeats it, a
            // duplicate centroid's empty cluster takes the nearest proposals in distance order
            int own = mined.centroids()[k][0] < 50 ? 0 : 1;
            assertThat(members[0]).isEqualTo(own);
            assertThat(members[2]).isEqualTo(own);
            firsts.add(own);
        }
        assertThat(firsts).containsExactlyInAnyOrder(0, 1);
    }

    @Test
    void noProposalsOrTooLargeRegionIsAnError() {
        NDArray roi = manager.zeros(new Shape(12, 4));
        assertThatThrownBy(() -> new RegionMiner(MiningConfig.of(2, 4, 129)).mine(boxes(), objectness(), roi, image()))
                .isInstanceOf(ScdaException.class).hasMessageContaining("shorter side");
        assertThatThrownBy(() -> new RegionMiner(MiningConfig.of(2, 4, 32))
                .mine(new float[0], new float[0], manager.zeros(new Shape(0, 4)), image()))
                .isInstanceOf(ScdaException.class);
    }

    @Test
    void sameSeedSameRegions() {
        NDArray roi = manager.randomNormal(new Shape(12, 4));
        RegionMiner miner = new RegionMiner(new MiningConfig(3, 4, 32, 11, 50));
        MinedRegions a = miner.mine(boxes(), objectness(), roi, image());
        MinedRegions b = miner.mine(boxes(), objectness(), roi, image());
        assertThat(a.regions()).isEqualTo(b.regions());
        assertThat(a.memberIndices()).isDeepEqualTo(b.memberIndices());
    }

    @Test
    void fixedGridAssignsByCentre() {
        assertThat(FixedGridMiner.gridShape(2, W, H)).containsExactly(1, 2);
        assertThat(FixedGridMiner.gridShape(4, W, H)).containsExactly(2, 2);
        assertThat(FixedGridMiner.gridShape(8, W, H)).containsExactly(2, 4);
        NDArray roi = manager.randomNormal(new Shape(12, 4));
        MinedRegions mined = new FixedGridMiner(new MiningConfig(4, 2, 32, 0, 50))
                .mine(boxes(), objectness(), roi, image());
        assertThat(mined.features().getShape()).isEqualTo(new Shape(4, 2, 4));
        // cells: 0 top-left (centre 64,32), 1 top-right, 2 bottom-left, 3 bottom-right (192,96)
        assertThat(mined.centroids()[0]).containsExactly(64f, 32f);
        assertThat(mined.regions().get(3)).isEqualTo(new BoundingBox(176, 80, 208, 112));
        assertThat(mined.memberIndices()[0]).containsExactly(0, 1);
        assertThat(mined.memberIndices()[3]).containsExactly(7, 8);
        // empty top-right cell: nearest proposals to (192, 32) are the right group, nearest first
        assertThat(mined.memberIndices()[1]).containsExactly(7, 8);
    }
}
