package org.scda.experiment;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scda.data.TestImages;

/**
 * experiments/paper-real.yaml with its placeholder paths pointed at the fixture-sized copies
 * of Cityscapes, Foggy Cityscapes and KITTI: the paper's detector (VGG16, shorter side 512 /
 * 375) trains for the quick variant's two iterations and is evaluated, source-only and Type2.
 */
@Tag("engine")
@Tag("slow")
class PaperRealFixtureTest {
    @TempDir
    Path tmp;

    @Test
    void quickRunsOnFixtureCopies() throws Exception {
        String text = Files.readString(Path.of("experiments/paper-real.yaml"))
                .replace("/data/cityscapes", TestImages.fixture("cityscapes").toString())
                .replace("/data/kitti/training", TestImages.fixture("kitti").toString())
                .replace("split=train", "split=val");
        ExperimentSpec spec = ExperimentSpec.parse(text, "paper-real.yaml", Path.of("experiments").toAbsolutePath());
        List<RunSpec> runs = new RunFilter("city2foggy/source-only/*,city2foggy/type2/*,kitti2city/source-only/*")
                .apply(spec.expand(true));
        assertThat(runs).hasSize(3).allSatisfy(r -> assertThat(r.iterations()).isEqualTo(2));
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        ExperimentRunner.Summary s = new ExperimentRunner(MethodRunners.builtIn(),
                new PrintStream(log, true, StandardCharsets.UTF_8)).run(runs, tmp);
        assertThat(s.failed()).as(log.toString(StandardCharsets.UTF_8)).isEmpty();
        RunResult city = RunResult.read(tmp.resolve("city2foggy/source-only/seed1"));
        assertThat(city.targetVal().perClass()).containsKeys("person", "car", "bicycle");
        assertThat(city.config().toString()).contains("vgg16");
        RunResult kitti = RunResult.read(tmp.resolve("kitti2city/source-only/seed1"));
        assertThat(kitti.targetVal().perClass().keySet()).containsExactly("car");
        assertThat(kitti.config().toString()).contains("shortSide=375");
        assertThat(RunResult.read(tmp.resolve("city2foggy/type2/seed1")).config().toString()).contains("preset=type2");
    }
}
