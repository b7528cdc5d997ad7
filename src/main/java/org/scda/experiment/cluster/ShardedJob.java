package org.scda.experiment.cluster;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What every task of a sharded experiment job runs: {@code scda experiment FILE --shard I/N
 * --out RUNS [--quick] [--only PATTERNS]}, and what each task asks the scheduler for. Paths are
 * kept as the user wrote them: they are read on the cluster, not here.
 *
 * @param experimentName the experiment's name (job names)
 * @param experimentFile the experiment file as the tasks see it
 * @param runsDir        the shared output folder as the tasks see it
 * @param shards         number of tasks N, each running one slice
 * @param quick          run the file's quick variant
 * @param only           {@code --only} patterns, or null for all runs
 * @param cpus           CPUs per task (also its libtorch threads, {@code SCDA_THREADS})
 * @param memoryGb       memory per task in GiB (three quarters of it the Java heap; libtorch's
 *                       tensors live outside the heap)
 */
public record ShardedJob(String experimentName, String experimentFile, String runsDir, int shards, boolean quick,
                         String only, int cpus, int memoryGb) {

    public ShardedJob {
        if (shards < 1) {
            throw new IllegalArgumentException("shards must be at least 1, got " + shards);
        }
        if (cpus < 1) {
            throw new IllegalArgumentException("cpus must be at least 1, got " + cpus);
        }
        if (memoryGb < 1) {
            throw new IllegalArgumentException("memoryGb must be at least 1, got " + memoryGb);
        }
        if (only != null && only.isBlank()) {
            only = null;
        }
    }

    /** This job with the runs folder at {@code dir} (where a container mounts it). */
    public ShardedJob withRunsDir(String dir) {
        return new ShardedJob(experimentName, experimentFile, dir, shards, quick, only, cpus, memoryGb);
    }

    /** The Java options of a task: a heap of three quarters of its memory. */
    public String javaOptions() {
        return "-Xmx" + memoryGb * 1024 * 3 / 4 + "m";
    }

    /**
     * A POSIX shell command that runs {@code launcher} on this job's arguments, every argument
     * single-quoted but {@code shardWord}, which is shell text (e.g. {@code
     * "${SLURM_ARRAY_TASK_ID}/4"}) expanded by the task's shell.
     */
    public String shellCommand(String launcher, String shardWord) {
        List<String> words = new ArrayList<>();
        words.add(launcher);
        words.add("experiment");
        words.add(quote(experimentFile));
        words.add("--shard");
        words.add(shardWord);
        words.add("--out");
        words.add(quote(runsDir));
        if (quick) {
            words.add("--quick");
        }
        if (only != null) {
            words.add("--only");
            words.add(quote(only));
        }
        return String.join(" ", words);
    }

    /** {@code text} in single quotes for a POSIX shell, a quote inside as {@code '\''}. */
    static String quote(String text) {
        return "'" + text.replace("'", "'\\''") + "'";
    }

    /**
     * A name for the job that schedulers accept: {@code scda-} and the experiment name in lower
     * case letters, digits and hyphens, at most 40 characters (Kubernetes adds the index and a
     * suffix to pod names within its 63).
     */
    public String jobName() {
        String name = ("scda-" + experimentName).toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]+", "-");
        if (name.length() > 40) {
            name = name.substring(0, 40);
        }
        return name.replaceAll("-+$", "");
    }

    /** The flags that reproduce this job with {@code scda experiment FILE --emit ...}, for the files' headers. */
    String emitCommand(String kind) {
        StringBuilder sb = new StringBuilder("scda experiment " + experimentFile + " --emit " + kind + " --shards "
                + shards + " --runs-dir " + runsDir + " --cpus " + cpus + " --memory " + memoryGb);
        if (quick) {
            sb.append(" --quick");
        }
        if (only != null) {
            sb.append(" --only ").append(quote(only));
        }
        return sb.toString();
    }
}
