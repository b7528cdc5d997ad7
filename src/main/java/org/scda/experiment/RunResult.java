package org.scda.experiment;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.scda.eval.PrCurve;
import org.scda.util.ScdaException;

/**
 * What one finished run wrote to {@code result.json}: what ran (run id, method, config, seed,
 * datasets), where it came from (git commit, library versions) and what it scored (per-class
 * AP and mAP on target-val and source-val, VOC07 11-point AP@0.5, of the checkpoint chosen on
 * source-val). Written atomically; its presence marks the run finished.
 *
 * @param run          run id {@code SCENARIO/VARIANT/seedN}
 * @param scenario     scenario name
 * @param variant      variant name
 * @param label        the variant's row label
 * @param method       method name
 * @param seed         random seed
 * @param iterations   training iterations completed
 * @param skippedSteps updates skipped for a non-finite loss
 * @param wallSeconds  wall time of the run's last session: training, evaluations, the final evaluation
 * @param trainSeconds wall time of the training iterations of the last session
 * @param gitCommit    the commit of the code that made it ({@link org.scda.engine.Provenance#gitCommit}),
 *                     or {@code unknown}
 * @param versions     scda, java, DJL, engine, OS
 * @param config       the full training config of the run (as its YAML would be)
 * @param datasets     the datasets the run used
 * @param selection    how the evaluated checkpoint was chosen
 * @param selectedIteration the evaluated checkpoint's iteration
 * @param targetVal    scores on the target validation set
 * @param sourceVal    scores on the source validation set
 * @param prCurves     target-val precision/recall per class (may be empty)
 * @param finishedAt   ISO-8601 UTC time the run finished
 * @param targetValMask mask AP@0.5 (VOC07, mask IoU) on target-val for a Mask R-CNN run on data
 *                     with polygons, else null (absent in older results)
 * @param sourceValMask the same on source-val, or null
 * @param reusedTraining the run ({@code SCENARIO/VARIANT/seedN}) whose trained detector this run
 *                     took instead of training (an {@code adabn} run after its source-only twin,
 *                     see {@link AdabnRunner}), or null when it trained (absent in older results)
 * @param copiedFrom   the finished run of another experiment folder this run's folder was copied
 *                     from ({@code DIR/SCENARIO/VARIANT/seedN}: the same method, seed, datasets,
 *                     recorded config and engine thread count, see {@link RunReuse}), or null when
 *                     it ran here (absent in older results); the other fields but the run's name
 *                     are that run's, its provenance included
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record RunResult(String run, String scenario, String variant, String label, String method, long seed,
                        int iterations, int skippedSteps, double wallSeconds, double trainSeconds, String gitCommit,
                        Map<String, Object> versions, Map<String, Object> config, ScenarioSpec datasets,
                        String selection, int selectedIteration, Scores targetVal, Scores sourceVal,
                        Map<String, PrCurve> prCurves, String finishedAt, Scores targetValMask,
                        Scores sourceValMask, String reusedTraining, String copiedFrom) {

    /** The file name in a run directory. */
    public static final String FILE = "result.json";

    private static final ObjectMapper JSON = new ObjectMapper()
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(SerializationFeature.INDENT_OUTPUT)
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    public RunResult {
        versions = versions == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(versions));
        config = config == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(config));
        prCurves = prCurves == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(prCurves));
    }

    /** A result of a run that trained (no {@link #reusedTraining}). */
    public RunResult(String run, String scenario, String variant, String label, String method, long seed,
                     int iterations, int skippedSteps, double wallSeconds, double trainSeconds, String gitCommit,
                     Map<String, Object> versions, Map<String, Object> config, ScenarioSpec datasets,
                     String selection, int selectedIteration, Scores targetVal, Scores sourceVal,
                     Map<String, PrCurve> prCurves, String finishedAt, Scores targetValMask, Scores sourceValMask) {
        this(run, scenario, variant, label, method, seed, iterations, skippedSteps, wallSeconds, trainSeconds, gitCommit,
                versions, config, datasets, selection, selectedIteration, targetVal, sourceVal, prCurves, finishedAt,
                targetValMask, sourceValMask, null, null);
    }

    /** A box-only result (no mask scores). */
    public RunResult(String run, String scenario, String variant, String label, String method, long seed,
                     int iterations, int skippedSteps, double wallSeconds, double trainSeconds, String gitCommit,
                     Map<String, Object> versions, Map<String, Object> config, ScenarioSpec datasets,
                     String selection, int selectedIteration, Scores targetVal, Scores sourceVal,
                     Map<String, PrCurve> prCurves, String finishedAt) {
        this(run, scenario, variant, label, method, seed, iterations, skippedSteps, wallSeconds, trainSeconds, gitCommit,
                versions, config, datasets, selection, selectedIteration, targetVal, sourceVal, prCurves, finishedAt,
                null, null);
    }

    /** This result with another wall time. */
    public RunResult withWallSeconds(double seconds) {
        return new RunResult(run, scenario, variant, label, method, seed, iterations, skippedSteps, seconds, trainSeconds,
                gitCommit, versions, config, datasets, selection, selectedIteration, targetVal, sourceVal, prCurves,
                finishedAt, targetValMask, sourceValMask, reusedTraining, copiedFrom);
    }

    /** This result with another config record and model-selection note (an adaptation run adds its own). */
    public RunResult withConfig(Map<String, Object> newConfig, String newSelection) {
        return new RunResult(run, scenario, variant, label, method, seed, iterations, skippedSteps, wallSeconds,
                trainSeconds, gitCommit, versions, newConfig, datasets, newSelection, selectedIteration, targetVal,
                sourceVal, prCurves, finishedAt, targetValMask, sourceValMask, reusedTraining, copiedFrom);
    }

    /** This result recording that it took run {@code runId}'s trained detector instead of training. */
    public RunResult withReusedTraining(String runId) {
        return new RunResult(run, scenario, variant, label, method, seed, iterations, skippedSteps, wallSeconds,
                trainSeconds, gitCommit, versions, config, datasets, selection, selectedIteration, targetVal,
                sourceVal, prCurves, finishedAt, targetValMask, sourceValMask, runId, copiedFrom);
    }

    /**
     * This result as run {@code spec}'s: its name (run id, scenario, variant, label) and
     * {@code from}, the folder it was copied from, as {@link #copiedFrom}; the rest unchanged.
     */
    public RunResult copiedAs(RunSpec spec, String from) {
        return new RunResult(spec.id(), spec.scenarioId(), spec.variantId(), spec.variant().label(), method, seed,
                iterations, skippedSteps, wallSeconds, trainSeconds, gitCommit, versions, config, datasets, selection,
                selectedIteration, targetVal, sourceVal, prCurves, finishedAt, targetValMask, sourceValMask,
                reusedTraining, from);
    }

    /** As JSON text. */
    public String toJson() {
        try {
            return JSON.writeValueAsString(this);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Parses {@link #toJson()} output. */
    public static RunResult fromJson(String json) {
        try {
            return JSON.readValue(json, RunResult.class);
        } catch (IOException e) {
            throw new ScdaException("not a run result: " + e.getMessage().split("\n")[0], e);
        }
    }

    /**
     * Writes {@code dir/result.json} through a temporary file on disk before the rename, so that
     * neither a killed process nor a machine that loses power leaves an empty or partial one
     * (a run with a result is never made again).
     */
    public void write(Path dir) throws IOException {
        Files.createDirectories(dir);
        Path tmp = dir.resolve(FILE + ".tmp");
        try (FileChannel out = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer bytes = ByteBuffer.wrap(toJson().getBytes(StandardCharsets.UTF_8));
            while (bytes.hasRemaining()) {
                out.write(bytes);
            }
            out.force(true);
        }
        Files.move(tmp, dir.resolve(FILE), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** Reads {@code dir/result.json} (or the file itself), with the file named in errors. */
    public static RunResult read(Path dirOrFile) {
        Path file = Files.isDirectory(dirOrFile) ? dirOrFile.resolve(FILE) : dirOrFile;
        try {
            return fromJson(Files.readString(file));
        } catch (IOException e) {
            throw new ScdaException("cannot read " + file + ": " + e.getMessage(), e);
        } catch (ScdaException e) {
            throw new ScdaException(file + ": " + e.getMessage(), e);
        }
    }

    /** The shared mapper of result files (snake_case keys). */
    static ObjectMapper json() {
        return JSON;
    }
}
