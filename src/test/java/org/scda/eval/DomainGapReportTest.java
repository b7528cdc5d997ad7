package org.scda.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class DomainGapReportTest {

    /** {@code n} images with 6-d backbone and 4-d RoI vectors around {@code mean}; the first {@code noRois} have no RoI vector. */
    private static List<ImageFeatures> images(int n, float mean, int noRois, long seed) {
        Random r = new Random(seed);
        List<ImageFeatures> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            float[] b = new float[6];
            float[] roi = new float[4];
            for (int j = 0; j < 6; j++) {
                b[j] = mean + (float) r.nextGaussian();
            }
            for (int j = 0; j < 4; j++) {
                roi[j] = mean + (float) r.nextGaussian();
            }
            out.add(new ImageFeatures(b, i < noRois ? null : roi));
        }
        return out;
    }

    @Test
    void measuresEveryLevelAndCountsImagesWithoutProposals() {
        DomainGapReport report = DomainGapReport.measure(images(20, 0, 3, 1), images(20, 5, 0, 2), 1);
        assertThat(report.levels()).containsOnlyKeys(ImageFeatures.Level.BACKBONE, ImageFeatures.Level.ROI);
        assertThat(report.leftOut()).containsEntry(ImageFeatures.Level.BACKBONE, 0).containsEntry(ImageFeatures.Level.ROI, 3);
        DomainGap.Result roi = report.levels().get(ImageFeatures.Level.ROI);
        assertThat(roi.dims()).isEqualTo(4);
        assertThat(roi.sourceCount()).isEqualTo(17);
        assertThat(roi.proxyADistance()).isGreaterThan(1.9); // 5 standard deviations apart
        assertThat(report.levels().get(ImageFeatures.Level.BACKBONE).dims()).isEqualTo(6);
        assertThat(report.source().get(ImageFeatures.Level.ROI)).hasSize(17);
    }

    @Test
    void tableAndJsonCarryEveryLevel() throws Exception {
        DomainGapReport report = DomainGapReport.measure(images(10, 0, 0, 1), images(10, 0, 0, 2), 1);
        assertThat(report.toTable()).contains("proxy A-distance").contains("backbone").contains("roi");
        JsonNode json = new ObjectMapper().readTree(report.toJson(Map.of("seed", 1)));
        assertThat(json.get("seed").asInt()).isEqualTo(1);
        assertThat(json.get("levels").get("roi").get("dims").asInt()).isEqualTo(4);
        assertThat(json.get("levels").get("backbone").get("proxy_a_distance").asDouble())
                .isEqualTo(report.levels().get(ImageFeatures.Level.BACKBONE).proxyADistance());
    }

    @Test
    void aLevelWithFewerThanFourImagesOfADomainIsRefused() {
        assertThatThrownBy(() -> DomainGapReport.measure(images(6, 0, 3, 1), images(6, 0, 0, 2), 1))
                .hasMessageContaining("roi level needs at least 4 images of each domain, got 3 source and 6 target");
    }
}
