package org.scda.experiment.cluster;

/**
 * A Slurm job-array script for a {@link ShardedJob}: {@code #SBATCH --array=1-N}, and task
 * {@code SLURM_ARRAY_TASK_ID} runs slice {@code SLURM_ARRAY_TASK_ID/N} with as many libtorch
 * threads as it was given CPUs. Submitted with {@code sbatch} from the folder that the
 * experiment file and the runs folder are relative to (the repository root, where
 * {@code ./scda} is).
 */
public final class SlurmScript {
    /** The file name the script is written under for {@code job}. */
    public static String fileName(ShardedJob job) {
        return job.jobName() + ".sbatch";
    }

    private SlurmScript() {
    }

    /** The script's text; {@code scriptPath} is where it is written, for the submit commands in its header. */
    public static String text(ShardedJob job, String scriptPath) {
        String name = job.jobName();
        int n = job.shards();
        return """
                #!/bin/bash
                # %1$s: experiment %2$s as a Slurm job array of %3$d tasks.
                # Task I runs slice I/%3$d of the matrix (runs 0, 1, 2, ... dealt out in turn) into the
                # shared folder %4$s, which every node must see (a network file system); together the
                # tasks run every run once. Written by: %5$s
                #
                # Before submitting, build the jar once so that the tasks do not each build it:
                #   ./scda --version
                # Submit from the folder %2$s and %4$s are relative to (the repository root):
                #   sbatch %6$s
                # A task that is stopped (time limit, preemption) leaves a checkpoint: submit again (all
                # tasks, or one with sbatch --array=I %6$s); finished runs are skipped, unfinished ones
                # resume. When every task has ended:
                #   ./scda report %4$s
                # Site-specific settings (partition, account, time limit): add #SBATCH lines below.
                #SBATCH --job-name=%1$s
                #SBATCH --array=1-%3$d
                #SBATCH --cpus-per-task=%7$d
                #SBATCH --mem=%8$dG
                #SBATCH --output=%1$s-%%A_%%a.out
                set -euo pipefail
                # libtorch threads: the CPUs Slurm gave this task
                export SCDA_THREADS="${SLURM_CPUS_PER_TASK:-%7$d}"
                export SCDA_JAVA_OPTS="${SCDA_JAVA_OPTS:-%9$s}"
                exec %10$s
                """.formatted(name, job.experimentFile(), n, job.runsDir(), job.emitCommand("slurm"), scriptPath,
                job.cpus(), job.memoryGb(), job.javaOptions(),
                job.shellCommand("\"${SCDA:-./scda}\"", "\"${SLURM_ARRAY_TASK_ID}/" + n + "\""));
    }
}
