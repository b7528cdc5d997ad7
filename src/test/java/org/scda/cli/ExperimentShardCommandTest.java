package org.scda.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code scda experiment --shard} and {@code --emit}: the slices, the job files and the usage errors. */
class ExperimentShardCommandTest {
    static final String FILE = "experiments/paper-tables.yaml";

    @TempDir
    Path tmp;

    final StringWriter out = new StringWriter();
    final StringWriter err = new StringWriter();

    int run(String... args) {
        out.getBuffer().setLength(0);
        err.getBuffer().setLength(0);
        return ScdaCommandTest.run(out, err, args);
    }

    /** The run ids that {@code --list} prints. */
    List<String> listed(String... more) {
        List<String> args = new ArrayList<>(List.of("experiment", FILE, "--quick", "--list", "--out",
                tmp.resolve("out").toString()));
        args.addAll(List.of(more));
        assertThat(run(args.toArray(String[]::new))).as(err.toString()).isZero();
        return out.toString().lines().map(l -> l.split(" +")[1]).toList();
    }

    @Test
    void listWithShardShowsTheSliceAndTheSlicesMakeUpTheSelection() {
        List<String> all = listed("--only", "foggy/*");
        assertThat(all).hasSize(13);
        List<String> together = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            List<String> slice = listed("--only", "foggy/*", "--shard", i + "/3");
            assertThat(slice).hasSizeBetween(4, 5).allMatch(id -> !together.contains(id));
            together.addAll(slice);
        }
        assertThat(together).containsExactlyInAnyOrderElementsOf(all);
        assertThat(listed("--only", "foggy/*", "--shard", "2/3")).startsWith(all.get(1), all.get(4));
    }

    @Test
    void aSliceWithoutRunsHasNothingToDo() {
        assertThat(run("experiment", FILE, "--quick", "--only", "foggy/source-only/*", "--shard", "2/2", "--out",
                tmp.resolve("out").toString())).as(err.toString()).isZero();
        assertThat(out.toString()).contains("shard 2/2 holds none of the 1 selected runs; nothing to do");
        assertThat(tmp.resolve("out")).doesNotExist();
    }

    @Test
    void aBadShardIsAUsageErrorNamingTheFlag() {
        for (String bad : List.of("0/3", "4/3", "a/b", "3")) {
            assertThat(run("experiment", FILE, "--list", "--shard", bad)).as(bad).isEqualTo(ScdaCommand.EXIT_USAGE);
            assertThat(err.toString()).startsWith("scda: --shard must be I/N with 1 <= I <= N, e.g. 2/3, got '" + bad
                    + "'\n");
        }
        // before the file is even looked at
        assertThat(run("experiment", "no-such.yaml", "--shard", "0/3")).isEqualTo(ScdaCommand.EXIT_USAGE);
        assertThat(err.toString()).startsWith("scda: --shard");
    }

    @Test
    void emitWritesTheSlurmScriptAndTheKubernetesManifest() throws Exception {
        Path jobs = tmp.resolve("jobs");
        assertThat(run("experiment", FILE, "--quick", "--only", "foggy/*", "--emit", "slurm", "--shards", "4",
                "--runs-dir", "/shared/quick", "--cpus", "3", "--out", jobs.toString())).as(err.toString()).isZero();
        Path script = jobs.resolve("scda-paper-tables.sbatch");
        assertThat(out.toString()).contains("wrote " + script).contains("4 tasks").contains("13 selected runs")
                .contains("sbatch " + script).contains("scda report /shared/quick");
        assertThat(Files.readString(script)).contains("\n#SBATCH --array=1-4\n").contains("\n#SBATCH --cpus-per-task=3\n")
                .contains(" experiment '" + FILE + "' --shard \"${SLURM_ARRAY_TASK_ID}/4\" --out '/shared/quick' --quick"
                        + " --only 'foggy/*'");
        assertThat(script.toFile().canExecute()).isTrue();

        assertThat(run("experiment", FILE, "--quick", "--emit", "k8s", "--shards", "6", "--out", jobs.toString()))
                .as(err.toString()).isZero();
        Path manifest = jobs.resolve("scda-paper-tables-job.yaml");
        JsonNode job = new ObjectMapper(new YAMLFactory()).readTree(manifest.toFile());
        assertThat(job.at("/spec/completionMode").asText()).isEqualTo("Indexed");
        assertThat(job.at("/spec/completions").asInt()).isEqualTo(6);
        assertThat(job.at("/spec/template/spec/containers/0/args/0").asText())
                .contains("--shard \"$((JOB_COMPLETION_INDEX + 1))/6\" --out '/scda/runs/paper-tables-quick' --quick");
        try (var written = Files.list(jobs)) {
            assertThat(written.map(p -> p.getFileName().toString())).as("emitting runs nothing")
                    .containsExactlyInAnyOrder("scda-paper-tables.sbatch", "scda-paper-tables-job.yaml");
        }
    }

    @Test
    void emitOptionsAreUsageErrorsWhenTheyDoNotFit() {
        String outDir = tmp.resolve("jobs").toString();
        record Case(String message, List<String> args) { }
        for (Case c : List.of(
                new Case("--emit slurm needs --shards N", List.of("--emit", "slurm")),
                new Case("--shards 25 is more than the 24 selected runs", List.of("--emit", "slurm", "--shards", "25")),
                new Case("--shards, --runs-dir, --cpus and --memory go with --emit", List.of("--shards", "3")),
                new Case("drop --shard 1/2", List.of("--emit", "k8s", "--shards", "2", "--shard", "1/2")),
                new Case("--shards, --cpus and --memory must be at least 1", List.of("--emit", "k8s", "--shards", "0")),
                new Case("Invalid value for option '--emit'", List.of("--emit", "pbs", "--shards", "2")),
                new Case("--reuse does not go with --emit", List.of("--emit", "slurm", "--shards", "2", "--reuse",
                        tmp.toString())))) {
            List<String> args = new ArrayList<>(List.of("experiment", FILE, "--quick", "--out", outDir));
            args.addAll(c.args());
            assertThat(run(args.toArray(String[]::new))).as(c.args().toString()).isEqualTo(ScdaCommand.EXIT_USAGE);
            assertThat(err.toString().lines().findFirst().orElseThrow()).startsWith("scda: ").contains(c.message());
        }
        assertThat(tmp.resolve("jobs")).doesNotExist();
    }
}
