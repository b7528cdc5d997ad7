package org.scda.experiment;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scda.eval.PrCurve;

class RunResultTest {
    @TempDir
    Path tmp;

    @Test
    void roundTripsThroughTheRunDirectoryWithProvenanceKeys() throws Exception {
        Map<String, Double> perClass = new LinkedHashMap<>();
        perClass.put("car", 0.5);
        perClass.put("bus", null);
        RunResult r = Fixtures.result(Fixtures.spec("foggy", "so", "source-only", 2), 0.5, perClass, 12.5);
        r.write(tmp);
        assertThat(tmp.resolve("result.json.tmp")).doesNotExist();
        RunResult back = RunResult.read(tmp);
        assertThat(back.run()).isEqualTo("foggy/so/seed2");
        assertThat(back.seed()).isEqualTo(2);
        assertThat(back.targetVal()).isEqualTo(r.targetVal());
        assertThat(back.targetVal().perClass()).containsEntry("bus", null).containsEntry("car", 0.5);
        assertThat(back.targetVal().perClass().keySet()).containsExactly("car", "bus");
        assertThat(back.prCurves().get("car").recall()).containsExactly(0.0, 0.5, 1.0);
        assertThat(back.datasets()).isEqualTo(r.datasets());
        assertThat(back.config()).containsEntry("seed", 2);

        JsonNode json = new ObjectMapper().readTree(Files.readString(tmp.resolve("result.json")));
        assertThat(json.has("git_commit")).isTrue();
        assertThat(json.get("versions").has("djl")).isTrue();
        assertThat(json.get("versions").has("java")).isTrue();
        for (String key : new String[] {"config", "seed", "iterations", "wall_seconds", "target_val", "source_val"}) {
            assertThat(json.has(key)).as(key).isTrue();
        }
        assertThat(json.get("target_val").get("per_class").get("car").asDouble()).isEqualTo(0.5);
    }

    @Test
    void maskScoresRoundTripAndOlderResultsReadWithoutThem() throws Exception {
        Map<String, Double> perClass = new LinkedHashMap<>();
        perClass.put("car", 0.5);
        RunResult box = Fixtures.result(Fixtures.spec("foggy", "type2-mask", "scda", 1), 0.5, perClass, 10);
        Map<String, Double> maskPerClass = Map.of("car", 0.25);
        RunResult r = new RunResult(box.run(), box.scenario(), box.variant(), box.label(), box.method(), box.seed(),
                box.iterations(), box.skippedSteps(), box.wallSeconds(), box.trainSeconds(), box.gitCommit(),
                box.versions(), box.config(), box.datasets(), box.selection(), box.selectedIteration(), box.targetVal(),
                box.sourceVal(), box.prCurves(), box.finishedAt(), new Scores("t", "VOC07", 0.25, maskPerClass),
                new Scores("s", "VOC07", 0.75, maskPerClass));
        r.withWallSeconds(3).write(tmp);
        RunResult back = RunResult.read(tmp);
        assertThat(back.targetValMask().mAP()).isEqualTo(0.25);
        assertThat(back.sourceValMask().mAP()).isEqualTo(0.75);
        assertThat(back.wallSeconds()).isEqualTo(3);
        JsonNode json = new ObjectMapper().readTree(Files.readString(tmp.resolve("result.json")));
        assertThat(json.get("target_val_mask").get("per_class").get("car").asDouble()).isEqualTo(0.25);

        // a result.json written before masks existed has neither key
        Path old = tmp.resolve("old");
        box.write(old);
        String text = Files.readString(old.resolve("result.json")).replaceAll(",\\s*\"(target|source)_val_mask\"\\s*:\\s*null", "");
        assertThat(text).doesNotContain("_mask");
        Files.writeString(old.resolve("result.json"), text);
        RunResult oldBack = RunResult.read(old);
        assertThat(oldBack.targetValMask()).isNull();
        assertThat(oldBack.targetVal()).isEqualTo(box.targetVal());
    }

    @Test
    void prCurveKeepsEndsAndThins() {
        int n = 1000;
        double[] rec = new double[n];
        double[] prec = new double[n];
        for (int i = 0; i < n; i++) {
            rec[i] = (i + 1) / (double) n;
            prec[i] = 1.0 - i / (double) n;
        }
        PrCurve c = PrCurve.of(new org.scda.eval.VocEvaluator.PrecisionRecall(n, rec, prec));
        assertThat(c.recall()).hasSize(PrCurve.MAX_POINTS);
        assertThat(c.recall()[0]).isEqualTo(rec[0]);
        assertThat(c.recall()[PrCurve.MAX_POINTS - 1]).isEqualTo(1.0);
        assertThat(c.precision()[PrCurve.MAX_POINTS - 1]).isEqualTo(prec[n - 1]);
    }
}
