package org.scda.experiment.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The emitted job files parse, and the command a task runs is the right slice: the Slurm script
 * and the Kubernetes container's shell command are run with a stand-in for {@code ./scda} that
 * writes down its arguments and SCDA_THREADS.
 */
class ClusterJobFilesTest {
    @TempDir
    Path tmp;

    /** --quick, and an --only pattern that a shell would expand if it were not quoted. */
    static final ShardedJob JOB = new ShardedJob("Paper Tables", "experiments/paper tables.yaml",
            "runs/paper-tables-quick", 3, true, "foggy/*,*/it's/*", 4, 8);

    /** A stand-in for ./scda: one argument a line, then SCDA_THREADS and SCDA_JAVA_OPTS. */
    Path fakeScda(Path dir) throws IOException {
        Path fake = dir.resolve("scda");
        Files.writeString(fake, """
                #!/bin/sh
                for a in "$@"; do printf '%s\\n' "$a"; done > "$(dirname "$0")/args.txt"
                printf 'threads=%s\\njava=%s\\n' "$SCDA_THREADS" "$SCDA_JAVA_OPTS" >> "$(dirname "$0")/args.txt"
                """);
        assertThat(fake.toFile().setExecutable(true)).isTrue();
        return fake;
    }

    static int run(ProcessBuilder pb) throws Exception {
        Process p = pb.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return p.exitValue();
    }

    static List<String> expectedArgs(String shard, String out) {
        return List.of("experiment", "experiments/paper tables.yaml", "--shard", shard, "--out", out, "--quick", "--only",
                "foggy/*,*/it's/*");
    }

    @Test
    void theSlurmScriptIsAnArrayOfNTasksEachRunningItsShard() throws Exception {
        String script = SlurmScript.text(JOB, "jobs/x.sbatch");
        assertThat(SlurmScript.fileName(JOB)).isEqualTo("scda-paper-tables.sbatch");
        assertThat(script).startsWith("#!/bin/bash\n").contains("\n#SBATCH --array=1-3\n")
                .contains("\n#SBATCH --cpus-per-task=4\n").contains("\n#SBATCH --mem=8G\n")
                .contains("\n#SBATCH --job-name=scda-paper-tables\n").contains("sbatch jobs/x.sbatch")
                .contains("./scda report runs/paper-tables-quick")
                .contains("exec \"${SCDA:-./scda}\" experiment 'experiments/paper tables.yaml' --shard"
                        + " \"${SLURM_ARRAY_TASK_ID}/3\" --out 'runs/paper-tables-quick' --quick --only 'foggy/*,*/it'\\''s/*'");
        // Slurm reads #SBATCH lines only before the first command
        List<String> lines = script.lines().toList();
        int firstCommand = lines.indexOf("set -euo pipefail");
        assertThat(lines.subList(firstCommand, lines.size())).noneMatch(l -> l.startsWith("#SBATCH"));

        Path file = tmp.resolve("job.sbatch");
        Files.writeString(file, script);
        ProcessBuilder pb = new ProcessBuilder("bash", file.toString()).directory(tmp.toFile());
        pb.environment().put("SCDA", fakeScda(tmp).toString());
        pb.environment().put("SLURM_ARRAY_TASK_ID", "2");
        pb.environment().put("SLURM_CPUS_PER_TASK", "5");
        pb.environment().remove("SCDA_JAVA_OPTS");
        assertThat(run(pb)).isZero();
        assertThat(Files.readAllLines(tmp.resolve("args.txt"))).containsExactlyElementsOf(
                concat(expectedArgs("2/3", "runs/paper-tables-quick"), "threads=5", "java=-Xmx6144m"));
    }

    @Test
    void theKubernetesManifestIsAnIndexedJobWhosePodIRunsShardIPlusOne() throws Exception {
        String text = KubernetesJob.text(JOB, "jobs/x.yaml");
        assertThat(KubernetesJob.fileName(JOB)).isEqualTo("scda-paper-tables-job.yaml");
        assertThat(text).startsWith("# ").contains(KubernetesJob.IMAGE_PLACEHOLDER).contains("kubectl apply -f jobs/x.yaml")
                .contains("ReadWriteMany");
        JsonNode job = new ObjectMapper(new YAMLFactory()).readTree(text);
        assertThat(job.path("apiVersion").asText()).isEqualTo("batch/v1");
        assertThat(job.path("kind").asText()).isEqualTo("Job");
        assertThat(job.at("/metadata/name").asText()).isEqualTo("scda-paper-tables");
        JsonNode spec = job.path("spec");
        assertThat(spec.path("completionMode").asText()).isEqualTo("Indexed");
        assertThat(spec.path("completions").asInt()).isEqualTo(3);
        assertThat(spec.path("parallelism").asInt()).isEqualTo(3);
        JsonNode pod = spec.at("/template/spec");
        assertThat(pod.path("restartPolicy").asText()).isEqualTo("Never");
        JsonNode c = pod.path("containers").get(0);
        assertThat(c.path("image").asText()).isEqualTo(KubernetesJob.IMAGE_PLACEHOLDER);
        assertThat(c.path("workingDir").asText()).isEqualTo("/scda");
        assertThat(c.at("/resources/requests/cpu").asText()).isEqualTo("4");
        assertThat(c.at("/resources/limits/memory").asText()).isEqualTo("8Gi");
        JsonNode threads = c.path("env").get(0);
        assertThat(threads.path("name").asText()).isEqualTo("SCDA_THREADS");
        assertThat(threads.at("/valueFrom/resourceFieldRef/resource").asText()).isEqualTo("requests.cpu");
        assertThat(threads.at("/valueFrom/resourceFieldRef/containerName").asText()).isEqualTo(c.path("name").asText());
        // the shared volume is mounted where the tasks write
        JsonNode mount = c.path("volumeMounts").get(0);
        assertThat(mount.path("mountPath").asText()).isEqualTo("/scda/runs/paper-tables-quick");
        JsonNode volume = pod.path("volumes").get(0);
        assertThat(volume.path("name").asText()).isEqualTo(mount.path("name").asText());
        assertThat(volume.at("/persistentVolumeClaim/claimName").asText()).isEqualTo(KubernetesJob.CLAIM);

        // the container's command, run as Kubernetes would (working dir, index 0) with ./scda faked
        List<String> command = new ArrayList<>();
        c.path("command").forEach(n -> command.add(n.asText()));
        c.path("args").forEach(n -> command.add(n.asText()));
        assertThat(command.subList(0, 2)).containsExactly("/bin/sh", "-c");
        fakeScda(tmp);
        ProcessBuilder pb = new ProcessBuilder(command).directory(tmp.toFile());
        pb.environment().put("JOB_COMPLETION_INDEX", "0");
        pb.environment().put("SCDA_THREADS", "4");
        pb.environment().put("SCDA_JAVA_OPTS", c.path("env").get(1).path("value").asText());
        assertThat(run(pb)).isZero();
        assertThat(Files.readAllLines(tmp.resolve("args.txt"))).containsExactlyElementsOf(
                concat(expectedArgs("1/3", "/scda/runs/paper-tables-quick"), "threads=4", "java=-Xmx6144m"));
    }

    @Test
    void anAbsoluteRunsFolderIsMountedAsItIs() {
        ShardedJob job = new ShardedJob("e", "e.yaml", "/shared/e", 2, false, null, 1, 1);
        assertThat(KubernetesJob.mountPath(job)).isEqualTo("/shared/e");
        assertThat(job.shellCommand("./scda", "1/2")).isEqualTo("./scda experiment 'e.yaml' --shard 1/2 --out '/shared/e'");
        assertThat(job.javaOptions()).isEqualTo("-Xmx768m");
    }

    @Test
    void jobNamesAreWhatSchedulersAccept() {
        assertThat(new ShardedJob("Paper_Tables.v2", "f", "r", 1, false, "", 1, 1).jobName()).isEqualTo("scda-paper-tables-v2");
        assertThat(new ShardedJob("x".repeat(80), "f", "r", 1, false, null, 1, 1).jobName()).hasSize(40)
                .matches("[a-z0-9-]+");
    }

    static List<String> concat(List<String> a, String... b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(List.of(b));
        return all;
    }
}
