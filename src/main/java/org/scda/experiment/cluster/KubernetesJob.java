package org.scda.experiment.cluster;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import java.nio.file.Path;

/**
 * A Kubernetes indexed Job manifest for a {@link ShardedJob}: {@code completionMode: Indexed},
 * {@code completions: N}, all N pods at once, and the pod of index {@code JOB_COMPLETION_INDEX}
 * (0-based) runs slice {@code JOB_COMPLETION_INDEX + 1} of N. The runs folder is a shared
 * volume (a ReadWriteMany claim) mounted at that folder; {@code SCDA_THREADS} comes from the
 * pod's CPU request. The image is a placeholder the user replaces: one with Java 17 and this
 * repository at {@link #WORKING_DIR}, its jar built.
 */
public final class KubernetesJob {
    /** The image name to replace. */
    public static final String IMAGE_PLACEHOLDER = "REPLACE_WITH_YOUR_SCDA_IMAGE";
    /** The claim of the shared runs folder, to create (ReadWriteMany) or replace. */
    public static final String CLAIM = "scda-runs";
    /** Where the image holds the repository; relative paths of the job are read against it. */
    public static final String WORKING_DIR = "/scda";
    /** The container's name (also named by the CPU reference of SCDA_THREADS). */
    static final String CONTAINER = "scda";

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory()
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            // quantities such as cpu: "2" stay strings; the shell command stays on one line
            .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
            .disable(YAMLGenerator.Feature.SPLIT_LINES)
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER));

    private KubernetesJob() {
    }

    /** The file name the manifest is written under for {@code job}. */
    public static String fileName(ShardedJob job) {
        return job.jobName() + "-job.yaml";
    }

    /** The runs folder inside the container: the job's, against {@link #WORKING_DIR} when relative. */
    static String mountPath(ShardedJob job) {
        Path runs = Path.of(job.runsDir());
        return (runs.isAbsolute() ? runs : Path.of(WORKING_DIR).resolve(runs)).normalize().toString();
    }

    /** The manifest's text: a comment header, then the Job. {@code manifestPath} is where it is written. */
    public static String text(ShardedJob job, String manifestPath) {
        String mount = mountPath(job);
        String header = """
                # %1$s: experiment %2$s as a Kubernetes indexed Job of %3$d pods.
                # Pod I (JOB_COMPLETION_INDEX, 0-based) runs slice I+1/%3$d of the matrix (runs dealt out in
                # turn) into the shared folder %4$s; together the pods run every run once.
                # Written by: %5$s
                #
                # Before applying, replace:
                #   image: %6$s  -> an image with Java 17 and this repository at %7$s, the jar
                #     built in it (./scda --version), the experiment file at %2$s (relative to %7$s)
                #   claimName: %8$s  -> a ReadWriteMany PersistentVolumeClaim (NFS, CephFS, EFS, ...)
                #     whose root becomes the runs folder %4$s in every pod
                # Then: kubectl apply -f %9$s
                # A pod that fails or is evicted is retried (backoffLimit) and resumes its slice: finished runs
                # are skipped. When the Job is complete, mount the claim and run: ./scda report %4$s
                """.formatted(job.jobName(), job.experimentFile(), job.shards(), mount, job.emitCommand("k8s"),
                IMAGE_PLACEHOLDER, WORKING_DIR, CLAIM, manifestPath);
        try {
            return header + YAML.writeValueAsString(manifest(job, mount));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static ObjectNode manifest(ShardedJob job, String mount) {
        ObjectNode root = YAML.createObjectNode();
        root.put("apiVersion", "batch/v1");
        root.put("kind", "Job");
        ObjectNode metadata = root.putObject("metadata");
        metadata.put("name", job.jobName());
        metadata.putObject("labels").put("app", "scda").put("experiment", job.jobName());
        ObjectNode spec = root.putObject("spec");
        spec.put("completionMode", "Indexed");
        spec.put("completions", job.shards());
        spec.put("parallelism", job.shards());
        spec.put("backoffLimit", job.shards());
        ObjectNode template = spec.putObject("template");
        template.putObject("metadata").putObject("labels").put("app", "scda").put("experiment", job.jobName());
        ObjectNode podSpec = template.putObject("spec");
        podSpec.put("restartPolicy", "Never");
        ObjectNode container = podSpec.putArray("containers").addObject();
        container.put("name", CONTAINER);
        container.put("image", IMAGE_PLACEHOLDER);
        container.put("workingDir", WORKING_DIR);
        container.putArray("command").add("/bin/sh").add("-c");
        container.putArray("args").add("exec " + job.withRunsDir(mount).shellCommand("./scda",
                "\"$((JOB_COMPLETION_INDEX + 1))/" + job.shards() + "\""));
        ArrayNode env = container.putArray("env");
        env.addObject().put("name", "SCDA_THREADS").putObject("valueFrom").putObject("resourceFieldRef")
                .put("containerName", CONTAINER).put("resource", "requests.cpu").put("divisor", "1");
        env.addObject().put("name", "SCDA_JAVA_OPTS").put("value", job.javaOptions());
        ObjectNode resources = container.putObject("resources");
        resources.putObject("requests").put("cpu", Integer.toString(job.cpus())).put("memory", job.memoryGb() + "Gi");
        resources.putObject("limits").put("memory", job.memoryGb() + "Gi");
        container.putArray("volumeMounts").addObject().put("name", "runs").put("mountPath", mount);
        podSpec.putArray("volumes").addObject().put("name", "runs").putObject("persistentVolumeClaim")
                .put("claimName", CLAIM);
        return root;
    }
}
