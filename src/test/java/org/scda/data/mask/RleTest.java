package org.scda.data.mask;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class RleTest {

    @Test
    void encodesColumnMajorStartingWithZeros() {
        // 2 rows x 3 columns, row-major:
        //   0 1 1
        //   0 1 0
        // column-major: col0 = 0,0  col1 = 1,1  col2 = 1,0  -> 0 0 1 1 1 0 -> runs 2,3,1
        boolean[] mask = {false, true, true, false, true, false};
        Rle rle = Rle.encode(mask, 2, 3);
        assertThat(rle.counts()).containsExactly(2, 3, 1);
        assertThat(rle.area()).isEqualTo(3);
        assertThat(rle.decode()).containsExactly(mask);

        // first pixel set: a 0-length leading run
        Rle full = Rle.encode(new boolean[] {true, true, true, true}, 2, 2);
        assertThat(full.counts()).containsExactly(0, 4);
        assertThat(Rle.encode(new boolean[4], 2, 2).counts()).containsExactly(4);
    }

    @Test
    void roundTripsRandomMasks() {
        SplittableRandom random = new SplittableRandom(1);
        for (int trial = 0; trial < 50; trial++) {
            int h = 1 + random.nextInt(12);
            int w = 1 + random.nextInt(12);
            boolean[] mask = new boolean[h * w];
            int area = 0;
            for (int i = 0; i < mask.length; i++) {
                mask[i] = random.nextInt(3) == 0;
                area += mask[i] ? 1 : 0;
            }
            Rle rle = Rle.encode(mask, h, w);
            assertThat(rle.decode()).containsExactly(mask);
            assertThat(rle.area()).isEqualTo(area);
            assertThat(new Rle(h, w, rle.counts())).isEqualTo(rle);
        }
    }

    @Test
    void iouOfKnownRectangles() {
        // 4x4 at (0,0) and 4x4 at (2,0) in a 10x10 image: overlap 2x4 = 8, union 32 - 8 = 24
        Rle a = Rle.rectangle(10, 10, 0, 0, 4, 4);
        Rle b = Rle.rectangle(10, 10, 2, 0, 6, 4);
        assertThat(Rle.intersection(a, b)).isEqualTo(8);
        assertThat(Rle.iou(a, b)).isCloseTo(8.0 / 24, within(1e-12));
        assertThat(Rle.iou(b, a)).isCloseTo(8.0 / 24, within(1e-12));
        assertThat(Rle.iou(a, a)).isEqualTo(1.0);
        Rle far = Rle.rectangle(10, 10, 7, 7, 9, 9);
        assertThat(Rle.iou(a, far)).isEqualTo(0.0);
        Rle empty = Rle.encode(new boolean[100], 10, 10);
        assertThat(Rle.iou(empty, empty)).isEqualTo(0.0);
    }

    @Test
    void crowdIouDividesByTheDetectionArea() {
        // detection 2x2 inside a 6x6 crowd region: plain IoU 4/36, crowd IoU 4/4
        Rle crowd = Rle.rectangle(8, 8, 0, 0, 6, 6);
        Rle detection = Rle.rectangle(8, 8, 1, 1, 3, 3);
        assertThat(Rle.iou(detection, crowd, false)).isCloseTo(4.0 / 36, within(1e-12));
        assertThat(Rle.iou(detection, crowd, true)).isEqualTo(1.0);
        // half outside: 2x2 detection at (5,5) overlaps the crowd in 1 pixel -> 1/4
        Rle straddling = Rle.rectangle(8, 8, 5, 5, 7, 7);
        assertThat(Rle.iou(straddling, crowd, true)).isCloseTo(0.25, within(1e-12));
    }

    @Test
    void intersectionMatchesDecodedMasks() {
        SplittableRandom random = new SplittableRandom(2);
        for (int trial = 0; trial < 30; trial++) {
            int h = 1 + random.nextInt(9);
            int w = 1 + random.nextInt(9);
            boolean[] m1 = new boolean[h * w];
            boolean[] m2 = new boolean[h * w];
            int inter = 0;
            for (int i = 0; i < m1.length; i++) {
                m1[i] = random.nextBoolean();
                m2[i] = random.nextBoolean();
                inter += m1[i] && m2[i] ? 1 : 0;
            }
            assertThat(Rle.intersection(Rle.encode(m1, h, w), Rle.encode(m2, h, w))).isEqualTo(inter);
        }
    }

    @Test
    void equalityIgnoresEmptyInteriorRuns() {
        assertThat(new Rle(1, 6, new int[] {2, 0, 1, 3})).isEqualTo(new Rle(1, 6, new int[] {3, 3}));
        assertThat(new Rle(1, 6, new int[] {3, 3, 0})).isEqualTo(new Rle(1, 6, new int[] {3, 3}));
        assertThat(new Rle(1, 6, new int[] {3, 3})).isNotEqualTo(new Rle(1, 6, new int[] {0, 3, 3}));
    }

    @Test
    void compressedStringsFollowPycocotools() {
        // counts 2,3,1: one 5-bit group each -> '0' + count
        assertThat(new Rle(2, 3, new int[] {2, 3, 1}).toCompressedString()).isEqualTo("231");
        // 100 = 4 + 3 * 32: low group 4 with continuation (4 | 32) + 48 = 'T', then 3 -> '3'
        assertThat(new Rle(10, 10, new int[] {0, 100}).toCompressedString()).isEqualTo("0T3");
        // the fourth count is stored as its difference to the second: 5,1,5,1 -> 5,1,5,0
        // and a negative difference keeps its sign: 1,3,1,1 -> 1,3,1,-2 = 30 -> 'N'
        assertThat(new Rle(1, 12, new int[] {5, 1, 5, 1}).toCompressedString()).isEqualTo("5150");
        assertThat(new Rle(1, 6, new int[] {1, 3, 1, 1}).toCompressedString()).isEqualTo("131N");
        assertThat(Rle.fromCompressedString(1, 6, "131N").counts()).containsExactly(1, 3, 1, 1);
        assertThat(Rle.fromCompressedString(10, 10, "0T3").counts()).containsExactly(0, 100);
    }

    @Test
    void compressedStringsRoundTrip() {
        SplittableRandom random = new SplittableRandom(3);
        for (int trial = 0; trial < 50; trial++) {
            int h = 1 + random.nextInt(60);
            int w = 1 + random.nextInt(60);
            boolean[] mask = new boolean[h * w];
            int block = 1 + random.nextInt(20);
            for (int i = 0; i < mask.length; i++) {
                mask[i] = (i / block + random.nextInt(2)) % 3 == 0;
            }
            Rle rle = Rle.encode(mask, h, w);
            assertThat(Rle.fromCompressedString(h, w, rle.toCompressedString()).counts()).containsExactly(rle.counts());
        }
        assertThatThrownBy(() -> Rle.fromCompressedString(2, 2, "T")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Rle.fromCompressedString(2, 2, "3")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void rejectsInconsistentInput() {
        assertThatThrownBy(() -> new Rle(2, 2, new int[] {1, 2})).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Rle(2, 2, new int[] {5, -1})).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Rle.iou(Rle.rectangle(2, 2, 0, 0, 1, 1), Rle.rectangle(3, 2, 0, 0, 1, 1)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
