package org.scda.experiment;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ParallelJobsTest {
    @Test
    void theThreadsAreSharedAndEveryWorkerHasOne() {
        assertThat(ParallelJobs.threadsPerJob(2, 2)).isEqualTo(1);
        assertThat(ParallelJobs.threadsPerJob(8, 2)).isEqualTo(4);
        assertThat(ParallelJobs.threadsPerJob(2, 3)).isEqualTo(1);
    }

    @Test
    void aWorkerKeepsTheJvmOptionsButGetsItsOwnThreadCount() {
        List<String> cmd = ParallelJobs.workerCommand("/jdk/bin/java",
                List.of("-Xmx8g", "-Dai.djl.pytorch.num_threads=2", "-Dai.djl.offline=true"), "a.jar:b.jar",
                "org.scda.cli.Main", 1, List.of("experiment", "x.yaml", "--job-of", "2"));
        assertThat(cmd).containsExactly("/jdk/bin/java", "-Xmx8g", "-Dai.djl.offline=true",
                "-Dai.djl.pytorch.num_threads=1", "-cp", "a.jar:b.jar", "org.scda.cli.Main", "experiment", "x.yaml",
                "--job-of", "2");
    }
}
