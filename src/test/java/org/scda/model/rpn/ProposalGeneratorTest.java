package org.scda.model.rpn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.scda.ops.BoxCoder;

class ProposalGeneratorTest {
    private static final BoxCoder CODER = new BoxCoder(1f, 1f, 1f, 1f);

    @Test
    void keepsTopScoringDecodesClipsAndSuppresses() {
        float[] anchors = {
            0, 0, 10, 10,     // 0: overlaps 1 heavily
            1, 0, 11, 10,     // 1
            50, 50, 60, 60,   // 2
            95, 95, 105, 105, // 3: crosses the image border -> clipped
            30, 30, 30.5f, 40 // 4: too thin after clipping
        };
        float[] logits = {3, 2, 1, 0.5f, 4};
        float[] deltas = new float[20];
        deltas[8] = 0.1f; // anchor 2 moves right by 0.1 * width = 1 px
        Proposals p = new ProposalGenerator(CODER, 10, 10, 0.7, 1.0).generate(logits, deltas, anchors, 100, 100);
        // 4 dropped (width 0.5 < 1), 1 suppressed by 0 (IoU 9/11 > 0.7), order by score: 0, 2, 3.
        assertThat(p.size()).isEqualTo(3);
        assertThat(p.boxes()).containsExactly(0, 0, 10, 10, 51, 50, 61, 60, 95, 95, 100, 100);
        assertThat(p.objectness()[0]).isCloseTo((float) (1 / (1 + Math.exp(-3))), within(1e-6f));
        assertThat(p.objectness()).isSortedAccordingTo((a, b) -> Float.compare(b, a));
    }

    @Test
    void preAndPostTopNLimit() {
        float[] anchors = new float[4 * 6];
        float[] logits = new float[6];
        for (int i = 0; i < 6; i++) {
            anchors[4 * i] = 20 * i;
            anchors[4 * i + 1] = 0;
            anchors[4 * i + 2] = 20 * i + 10;
            anchors[4 * i + 3] = 10;
            logits[i] = i;
        }
        Proposals pre = new ProposalGenerator(CODER, 3, 10, 0.7, 0).generate(logits, new float[24], anchors, 200, 200);
        assertThat(pre.size()).isEqualTo(3);
        assertThat(pre.boxes()[0]).isEqualTo(100f); // the best anchor (index 5) first
        Proposals post = new ProposalGenerator(CODER, 10, 2, 0.7, 0).generate(logits, new float[24], anchors, 200, 200);
        assertThat(post.size()).isEqualTo(2);
        assertThat(post.boxes()[4]).isEqualTo(80f);
    }

    @Test
    void topKOrdersByValueThenIndex() {
        float[] v = {0.5f, -2f, 3f, 0.5f, Float.NEGATIVE_INFINITY, -1f, 0f, 7f};
        assertThat(ProposalGenerator.topK(v, 5)).containsExactly(7, 2, 0, 3, 6);
        assertThat(ProposalGenerator.topK(v, 100)).hasSize(8).endsWith(1, 4);
    }
}
