package org.scda.experiment;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scda.data.synth.SynthCatalog;
import org.scda.report.ReportBuilder;
import org.scda.report.RunCollection;

/**
 * End to end on tiny built-in data: a quick matrix of a source-only and a Type2 adaptation run
 * of a few iterations, run twice (the second time nothing reruns), then the report.
 */
@Tag("engine")
class ExperimentSmokeTest {
    @TempDir
    Path tmp;

    @BeforeEach
    void tinyBenchmarks() {
        System.setProperty("scda.cache", tmp.resolve("cache").toString());
        System.setProperty(SynthCatalog.COUNTS_PROPERTY, "6,4");
    }

    @AfterEach
    void restore() {
        System.clearProperty("scda.cache");
        System.clearProperty(SynthCatalog.COUNTS_PROPERTY);
    }

    @Test
    void quickMatrixRunsResumesAndReports() throws Exception {
        Path file = tmp.resolve("smoke.yaml");
        Files.writeString(file, """
                name: smoke
                domainGap: true
                seeds: [1, 2]
                quick:
                  seeds: [5]
                  iterations: 4
                  overrides: {evalPeriod: 2, checkpointPeriod: 2, logPeriod: 1, adapt.picturePeriod: 2}
                scenarios:
                  foggy: {synth: foggy}
                variants:
                  source-only: {method: source-only, label: Source-only}
                  type2: {method: scda, label: Ours-Type2, config: configs/cpu-type2.yaml}
                matrix:
                  - {scenarios: [foggy], variants: [source-only, type2]}
                tables:
                  - {id: table2, title: smoke table, scenario: foggy, variants: [source-only, type2], paper: table2}
                """);
        Files.createDirectories(tmp.resolve("configs"));
        Files.copy(Path.of("configs/cpu-type2.yaml"), tmp.resolve("configs/cpu-type2.yaml"));
        ExperimentSpec spec = ExperimentSpec.load(file);
        List<RunSpec> runs = spec.expand(true);
        assertThat(runs).extracting(RunSpec::id).containsExactly("foggy/source-only/seed5", "foggy/type2/seed5");
        Path out = tmp.resolve("runs");
        Files.createDirectories(out);
        Files.copy(file, out.resolve("experiment.yaml"));
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        ExperimentRunner runner = new ExperimentRunner(MethodRunners.builtIn(),
                new PrintStream(log, true, StandardCharsets.UTF_8)).measuringDomainGap(spec.domainGap());
        ExperimentRunner.Summary first = runner.run(runs, out);
        assertThat(first.failed()).as(log.toString(StandardCharsets.UTF_8)).isEmpty();
        assertThat(first.completed()).hasSize(2);

        RunResult so = RunResult.read(out.resolve("foggy/source-only/seed5"));
        assertThat(so.iterations()).isEqualTo(4);
        assertThat(so.seed()).isEqualTo(5);
        assertThat(so.targetVal().perClass()).isNotEmpty();
        assertThat(so.targetVal().mAP()).isBetween(0.0, 1.0);
        assertThat(so.versions()).containsKeys("djl", "java");
        assertThat(so.gitCommit()).isNotBlank();
        assertThat(out.resolve("foggy/source-only/seed5/" + RunEvaluation.TARGET_DETECTIONS)).isRegularFile();
        RunResult t2 = RunResult.read(out.resolve("foggy/type2/seed5"));
        assertThat(t2.method()).isEqualTo("scda");
        assertThat(t2.config()).containsKey("adapt");
        assertThat(t2.selection()).contains("target labels never used").contains("source-only warm-up iterations");
        assertThat(t2.targetVal().mAP()).isBetween(0.0, 1.0);
        assertThat(out.resolve("foggy/type2/seed5/metrics.jsonl")).isRegularFile();
        // domainGap: true measured each run's selected checkpoint between its own val sets (4 images each here: two folds need 4)
        for (String run : List.of("foggy/source-only/seed5", "foggy/type2/seed5")) {
            com.fasterxml.jackson.databind.JsonNode gap = new com.fasterxml.jackson.databind.ObjectMapper()
                    .readTree(out.resolve(run).resolve(org.scda.eval.DomainGapReport.RUN_FILE).toFile());
            assertThat(gap.get("target").asText()).isEqualTo("synth:foggy/target/val");
            assertThat(gap.get("levels").get("backbone").get("target_images").asInt()).isEqualTo(4);
            assertThat(gap.get("levels").get("roi").get("mean_effect_size").asDouble()).isPositive();
        }

        ExperimentRunner.Summary second = runner.run(runs, out);
        assertThat(second.skipped()).hasSize(2);
        assertThat(second.completed()).isEmpty();

        // what each runner says its result will record is what it recorded (so --reuse can find it)
        for (RunSpec r : runs) {
            assertThat(RunReuse.differences(MethodRunners.builtIn().get(r.method()).recordedConfig(r).orElseThrow(),
                    RunResult.read(ExperimentRunner.runDir(out, r)).config())).as(r.id()).isEmpty();
        }
        // another experiment's folder reusing this one copies both runs and trains nothing
        Path other = tmp.resolve("runs-other");
        ExperimentRunner.Summary copied = new ExperimentRunner(MethodRunners.builtIn(),
                new PrintStream(log, true, StandardCharsets.UTF_8)).reusing(List.of(out)).run(runs, other);
        assertThat(copied.copied()).as(log.toString(StandardCharsets.UTF_8))
                .containsExactly("foggy/source-only/seed5", "foggy/type2/seed5");
        RunResult copiedT2 = RunResult.read(other.resolve("foggy/type2/seed5"));
        assertThat(copiedT2.copiedFrom()).isEqualTo(out.resolve("foggy/type2/seed5").toAbsolutePath().normalize().toString());
        assertThat(copiedT2.targetVal().mAP()).isEqualTo(t2.targetVal().mAP());
        assertThat(other.resolve(ExperimentRunner.STAGING)).isEmptyDirectory();

        ReportBuilder.Written w = new ReportBuilder(RunCollection.load(out), tmp.resolve("report"),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8)).write();
        String md = Files.readString(w.markdown());
        assertThat(md).contains("What the alignment did").contains("### smoke table").contains("| Source-only | 1 |").contains("| Ours-Type2 | 1 |");
        assertThat(w.images()).isNotEmpty().allSatisfy(p -> assertThat(p).isRegularFile());
        assertThat(Files.readString(w.html())).contains("data:image/png;base64,");
    }
}
