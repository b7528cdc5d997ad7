package org.scda.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scda.data.BoundingBox;
import org.scda.data.Detection;
import org.scda.data.DetectionDataset;
import org.scda.data.DetectionSample;
import org.scda.data.ObjectAnnotation;
import org.scda.data.SkipReport;
import org.scda.data.coco.CocoWriter;
import org.scda.eval.CocoResults;
import org.scda.eval.PrCurve;
import org.scda.experiment.RunEvaluation;
import org.scda.experiment.RunResult;
import org.scda.experiment.ScenarioSpec;
import org.scda.experiment.Scores;
import org.scda.viz.Charts;

/** A report from hand-made run folders: numbers, self-containment, files. */
class ReportBuilderTest {
    @TempDir
    Path tmp;
    Path runs;
    ScenarioSpec datasets;

    static final String EXPERIMENT = """
            name: fixture
            seeds: [1, 2, 3]
            scenarios:
              foggy: {synth: foggy}
            variants:
              source-only: {method: source-only, label: Source-only}
              type2: {method: scda, label: Ours-Type2}
              type3: {method: scda, label: Ours-Type3}
            matrix:
              - {scenarios: [foggy], variants: [source-only, type2, type3]}
            tables:
              - {id: table2, title: Table 2 fixture, scenario: foggy, variants: [source-only, type2, type3], paper: table2}
            """;

    @BeforeEach
    void makeRuns() throws Exception {
        runs = tmp.resolve("runs");
        Files.createDirectories(runs);
        Files.writeString(runs.resolve("experiment.yaml"), EXPERIMENT);
        Path data = tmp.resolve("data");
        Path imagesDir = data.resolve("val");
        Files.createDirectories(imagesDir);
        List<DetectionSample> samples = new ArrayList<>();
        for (int i = 1; i <= 2; i++) {
            Path img = imagesDir.resolve("img" + i + ".png");
            ImageIO.write(new BufferedImage(64, 32, BufferedImage.TYPE_INT_RGB), "png", img.toFile());
            samples.add(new DetectionSample(i, img, 64, 32,
                    List.of(new ObjectAnnotation(new BoundingBox(4, 4, 20, 20), 0, false))));
        }
        Path json = data.resolve("val.json");
        CocoWriter.write(new DetectionDataset("val", List.of("car", "person"), samples, true, SkipReport.empty()), json,
                imagesDir);
        String spec = "coco:" + json;
        datasets = new ScenarioSpec(spec, spec, spec, spec, spec, Map.of());
        // source-only: car 0.30/0.40/0.50, person 0.10/0.20/0.30 -> mAP 0.20/0.30/0.40
        // type2: car 0.50/0.60/0.70, person 0.30/0.30/0.30 -> mAP 0.40/0.45/0.50
        double[][] so = {{0.30, 0.10}, {0.40, 0.20}, {0.50, 0.30}};
        double[][] t2 = {{0.50, 0.30}, {0.60, 0.30}, {0.70, 0.30}};
        for (int seed = 1; seed <= 3; seed++) {
            write("source-only", "Source-only", "source-only", seed, so[seed - 1]);
            write("type2", "Ours-Type2", "scda", seed, t2[seed - 1]);
        }
        Path picDir = runs.resolve("foggy/type2/seed1/pictures");
        Files.createDirectories(picDir);
        ImageIO.write(new BufferedImage(40, 20, BufferedImage.TYPE_INT_RGB), "png", picDir.resolve("it000100.png").toFile());
    }

    private void write(String variant, String label, String method, int seed, double[] ap) throws Exception {
        Path dir = runs.resolve("foggy/" + variant + "/seed" + seed);
        Map<String, Double> perClass = new LinkedHashMap<>();
        perClass.put("car", ap[0]);
        perClass.put("person", ap[1]);
        double map = (ap[0] + ap[1]) / 2;
        new RunResult("foggy/" + variant + "/seed" + seed, "foggy", variant, label, method, seed, 30, 0, 60.0 * seed,
                50.0, "0123456789abcdef0123", Map.of("java", "17", "djl", "0.36.0"), Map.of("seed", seed), datasets,
                "best source-val", 30, new Scores("t", "VOC07", map, perClass), new Scores("s", "VOC07", 0.8, perClass),
                Map.of("car", new PrCurve(2, new double[] {0.5, 1.0}, new double[] {1.0, 0.5})), "2026-11-26T18:00:00Z")
                .write(dir);
        StringBuilder m = new StringBuilder();
        for (int it = 10; it <= 30; it += 10) {
            m.append("{\"iteration\":").append(it).append(",\"lr\":0.01,\"rpn.objectness\":").append(1.0 / it)
                    .append(",\"roi.classifier\":").append(2.0 / it).append(",\"loss\":").append(3.0 / it)
                    .append(",\"sec_per_it\":0.1}\n");
            m.append("{\"iteration\":").append(it).append(",\"eval_images\":2,\"source_val.mAP\":0.5,\"target_val.mAP\":")
                    .append(it / 100.0).append("}\n");
        }
        Files.writeString(dir.resolve("metrics.jsonl"), m.toString());
        CocoResults.write(List.of(new Detection(1, 0, new BoundingBox(5, 5, 20, 20), 0.9),
                new Detection(2, 0, new BoundingBox(5, 5, 20, 20), 0.3)), dir.resolve(RunEvaluation.TARGET_DETECTIONS));
    }

    ReportBuilder.Written report() throws Exception {
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        ReportBuilder.Written w = new ReportBuilder(RunCollection.load(runs), tmp.resolve("report"),
                new PrintStream(log, true, StandardCharsets.UTF_8)).write();
        assertThat(log.toString(StandardCharsets.UTF_8)).isEmpty();
        return w;
    }

    @Test
    void tablesHoldMeanAndStdOverSeedsBesideThePapersNumbers() throws Exception {
        String md = Files.readString(report().markdown());
        String header = "| Method | seeds | car | person | mAP | source-val mAP | paper mAP (their data) |";
        assertThat(md).contains(header);
        assertThat(md).contains("| Source-only | 3 | 40.0 ± 10.0 | 20.0 ± 10.0 | 30.0 ± 10.0 | 80.0 ± 0.0 | 26.2 |");
        assertThat(md).contains("| Ours-Type2 | 3 | 60.0 ± 10.0 | 30.0 ± 0.0 | 45.0 ± 5.0 | 80.0 ± 0.0 | 33.5 |");
        assertThat(md).contains("| Ours-Type3 (not run) | 0 | - | - | - | - | 33.8 |");
        assertThat(md).contains("Reported by the paper (their data: Cityscapes -> Foggy Cityscapes");
        assertThat(md).contains("| Ours-Type2 (K=4, m=128, 256x256) | 33.9 | 39.7 | 49.7 | 21.3 | 39.4 | 21.9 | 27.6 | 34.6 | 33.5 |");
        assertThat(md).contains("| foggy/type2/seed3 | scda | 3 | 30 | ");
    }

    @Test
    void theCostTableTakesEachRunsRatioToItsOwnSourceOnlyIterations() throws Exception {
        // type2's three runs: 120/40, 100/50 and 90/30 ms (ratios 3.0, 2.0, 3.0); the source-only runs have no medians
        double[][] medians = {{120, 40}, {100, 50}, {90, 30}};
        for (int seed = 1; seed <= 3; seed++) {
            Files.writeString(runs.resolve("foggy/type2/seed" + seed + "/summary.json"), String.format(
                    java.util.Locale.ROOT, "{\"median_aligned_iteration_ms\": %s, \"median_warmup_iteration_ms\": %s}",
                    medians[seed - 1][0], medians[seed - 1][1]));
        }
        Files.writeString(runs.resolve("foggy/source-only/seed1/summary.json"),
                "{\"median_aligned_iteration_ms\": \"NaN\", \"median_warmup_iteration_ms\": 40}");
        String md = Files.readString(report().markdown());
        assertThat(md).contains("## What an adaptation iteration costs")
                .contains("| Ours-Type2 | 3 | 40 | 100 | 3.00 |")
                .doesNotContain("| Source-only | 1 |");
    }

    @Test
    void withAnOracleEveryRowSaysHowMuchOfTheGapItCloses() throws Exception {
        Files.writeString(runs.resolve("experiment.yaml"), EXPERIMENT.replace(
                "  type3: {method: scda, label: Ours-Type3}", "  type3: {method: scda, label: Ours-Type3}\n"
                        + "  oracle: {method: oracle, label: Oracle}")
                .replace("variants: [source-only, type2, type3]", "variants: [source-only, type2, type3, oracle]"));
        write("oracle", "Oracle", "oracle", 1, new double[] {0.8, 0.6});
        String md = Files.readString(report().markdown());
        // source-only 30.0, Type2 45.0, oracle 70.0: Type2 closes 15 / 40 of the gap
        assertThat(md).contains("| Method | seeds | car | person | mAP | gap closed | source-val mAP |");
        assertThat(md).contains("| Ours-Type2 | 3 | 60.0 ± 10.0 | 30.0 ± 0.0 | 45.0 ± 5.0 | 38% | 80.0 ± 0.0 |");
        assertThat(md).contains("| Oracle | 1 | 80.0 | 60.0 | 70.0 | 100% |");
        // one method on one scenario: the table says it all, no chart
        assertThat(md).doesNotContain("gap-closed.png");

        write("type3", "Ours-Type3", "scda", 1, new double[] {0.9, 0.3});
        md = Files.readString(report().markdown());
        assertThat(md).contains("## How much of the gap each method closes").contains("(images/gap-closed.png)");
        assertThat(tmp.resolve("report/images/gap-closed.png")).isRegularFile();
    }

    @Test
    void htmlIsSelfContainedAndEveryLinkedPngExists() throws Exception {
        ReportBuilder.Written w = report();
        String html = Files.readString(w.html());
        Matcher refs = Pattern.compile("(?:src|href)\\s*=\\s*\"([^\"]*)\"").matcher(html);
        int images = 0;
        while (refs.find()) {
            String ref = refs.group(1);
            assertThat(ref.startsWith("data:image/png;base64,") || ref.startsWith("#")).as(ref).isTrue();
            images += ref.startsWith("data:") ? 1 : 0;
        }
        assertThat(html).doesNotContain("<link").doesNotContain("<script").doesNotContain("url(");
        assertThat(images).isEqualTo(w.images().size()).isGreaterThanOrEqualTo(8);

        String md = Files.readString(w.markdown());
        Matcher links = Pattern.compile("!\\[[^]]*]\\(([^)]+)\\)").matcher(md);
        int linked = 0;
        while (links.find()) {
            assertThat(w.markdown().getParent().resolve(links.group(1))).isRegularFile();
            linked++;
        }
        assertThat(linked).isEqualTo(w.images().size());
        Path imagesDir = w.markdown().getParent().resolve("images");
        assertThat(imagesDir.resolve("loss-foggy.png")).isRegularFile();
        assertThat(imagesDir.resolve("map-foggy.png")).isRegularFile();
        assertThat(imagesDir.resolve("pr-foggy-car.png")).isRegularFile();
        assertThat(imagesDir.resolve("detections-foggy-1.png")).isRegularFile();
        assertThat(imagesDir.resolve("mining-foggy_type2_seed1-it000100.png")).isRegularFile();
        assertThat(imagesDir.resolve("losses-foggy_source-only_seed2.png")).isRegularFile();
        BufferedImage side = ImageIO.read(imagesDir.resolve("detections-foggy-1.png").toFile());
        assertThat(side.getWidth()).isGreaterThan(2 * 64);
    }

    @Test
    void tableEightShowsMaskMapBesideBoxMapAndThePapersBoth() throws Exception {
        Files.writeString(runs.resolve("experiment.yaml"), EXPERIMENT.replace(
                "  type3: {method: scda, label: Ours-Type3}", "  type3: {method: scda, label: Ours-Type3}\n"
                        + "  type2-mask: {method: scda, label: Ours-Type2 (Mask R-CNN)}")
                .replace("variants: [source-only, type2, type3]}\n", "variants: [source-only, type2, type3, type2-mask]}\n")
                + "  - {id: table8, title: Table 8 fixture, scenario: foggy, variants: [source-only, type2-mask], paper: table8}\n");
        double[] maskMap = {0.20, 0.30, 0.40};
        for (int seed = 1; seed <= 3; seed++) {
            write("type2-mask", "Ours-Type2 (Mask R-CNN)", "scda", seed, new double[] {0.6, 0.4});
            Path dir = runs.resolve("foggy/type2-mask/seed" + seed);
            RunResult b = RunResult.read(dir);
            new RunResult(b.run(), b.scenario(), b.variant(), b.label(), b.method(), b.seed(), b.iterations(),
                    b.skippedSteps(), b.wallSeconds(), b.trainSeconds(), b.gitCommit(), b.versions(), b.config(),
                    b.datasets(), b.selection(), b.selectedIteration(), b.targetVal(), b.sourceVal(), b.prCurves(),
                    b.finishedAt(), new Scores("t", "VOC07", maskMap[seed - 1], Map.of("car", maskMap[seed - 1])), null)
                    .write(dir);
        }
        String md = Files.readString(report().markdown());
        assertThat(md).contains("| Method | seeds | car | person | box mAP | mask mAP | source-val mAP "
                + "| paper box mAP (their data) | paper mask mAP |");
        assertThat(md).contains("| Source-only | 3 | 40.0 ± 10.0 | 20.0 ± 10.0 | 30.0 ± 10.0 | - | 80.0 ± 0.0 | 26.2 |  |");
        assertThat(md).contains("| Ours-Type2 (Mask R-CNN) | 3 | 60.0 ± 0.0 | 40.0 ± 0.0 | 50.0 ± 0.0 | 30.0 ± 10.0 "
                + "| 80.0 ± 0.0 | 38.4 | 31.4 |");
        // tables without mask runs keep their layout
        assertThat(md).contains("| Method | seeds | car | person | mAP | source-val mAP | paper mAP (their data) |");
    }

    @Test
    void withoutAnExperimentFileEachScenarioGetsATable() throws Exception {
        Files.delete(runs.resolve("experiment.yaml"));
        String md = Files.readString(report().markdown());
        assertThat(md).contains("## Scenario foggy");
        assertThat(md).contains("| Source-only | 3 | 40.0 ± 10.0 |");
        assertThat(md).doesNotContain("paper mAP");
    }

    @Test
    void metricsGiveLossTermsAndSeries() throws Exception {
        List<Map<String, Double>> m = RunCollection.readMetrics(runs.resolve("foggy/type2/seed1/metrics.jsonl"));
        assertThat(Charts.lossKeys(m)).containsExactly("rpn.objectness", "roi.classifier", "loss");
        Charts.Series s = Charts.series("x", m, "target_val.mAP");
        assertThat(s.x()).containsExactly(10, 20, 30);
        assertThat(s.y()).containsExactly(0.1, 0.2, 0.3);
    }
}
