package org.scda.adapt.teacher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scda.adapt.AdaptationMethods;
import org.scda.adapt.core.AdaptConfig;
import org.scda.adapt.core.AdaptSummary;
import org.scda.data.synth.SynthBenchmark;
import org.scda.data.synth.SynthPair;
import org.scda.testing.OneEngineThread;

/**
 * The teacher learns: on a small foggy pair at shift strength 0.5 (120 training images per
 * domain), the mean teacher after its run beats its own starting point, the burn-in detector
 * with AdaBN statistics (an {@code adabn} run of the burn-in's length, same seed), on target-val.
 * Target labels are read for this comparison only. Several minutes on one thread, so tagged
 * slow: {@code mvn test -DexcludedGroups=none -Dtest=MeanTeacherLearningCheckTest}.
 */
@Tag("slow")
class MeanTeacherLearningCheckTest {

    @Test
    void theTeacherBeatsItsStartingPointOnTarget(@TempDir Path dir) throws Exception {
        OneEngineThread.use();
        int iterations = Integer.getInteger("scda.learningCheck.iterations", 1200);
        int burnIn = iterations / 3;
        Path data = dir.resolve("pair");
        SynthBenchmark.generate(new SynthPair(org.scda.data.synth.Scenario.parse("foggy"), 0.5), data,
                SynthBenchmark.DEFAULT_SEED, SynthBenchmark.DEFAULT_WIDTH, SynthBenchmark.DEFAULT_HEIGHT,
                SynthBenchmark.Counts.of(120, 60), 1);
        String dataSection = """
                data:
                  source: 'coco:%1$s/source/train.json'
                  sourceVal: 'coco:%1$s/source/val.json'
                  targetVal: 'coco:%1$s/target/val.json'
                """.formatted(data);
        String common = """
                solver: {iterations: %d}
                seed: 2
                evalPeriod: 0
                """;
        AdaptConfig teacher = AdaptConfig.parseYaml(common.formatted(iterations) + """
                adapt:
                  method: mean-teacher
                  target: 'coco:%s/target/train.json'
                  warmupFraction: %s
                  adabnImages: 120
                  picturePeriod: 0
                  modelSelection: last
                """.formatted(data, (double) burnIn / iterations) + dataSection);
        AdaptConfig start = AdaptConfig.parseYaml(common.formatted(burnIn) + """
                adapt:
                  method: adabn
                  target: 'coco:%s/target/train.json'
                  adabnImages: 120
                  modelSelection: last
                """.formatted(data) + dataSection);
        PrintStream quiet = new PrintStream(new ByteArrayOutputStream());

        AdaptSummary begin = AdaptationMethods.training(start, dir.resolve("start"), false, quiet).run();
        AdaptSummary end = AdaptationMethods.training(teacher, dir.resolve("teacher"), false, quiet).run();

        double before = begin.selected().targetVal().mAP();
        double after = end.selected().targetVal().mAP();
        System.out.printf("mean teacher learning check: target-val mAP %.3f at the start (burn-in %d + AdaBN),"
                + " %.3f after %d iterations%n", before, burnIn, after, iterations);
        assertThat(after).as("target-val mAP of the teacher against its start").isGreaterThan(before + 0.02);
    }
}
