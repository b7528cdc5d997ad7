package org.scda.adapt.core;

import ai.djl.MalformedModelException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.scda.config.ConfigDiff;
import org.scda.config.Configs;
import org.scda.engine.Checkpoints;
import org.scda.engine.FileHeader;
import org.scda.engine.Hooks;
import org.scda.util.ScdaException;

/**
 * The half of an adaptation checkpoint that is not the detector ({@link Checkpoints#LAST}): the
 * adaptation modules' state ({@link AdaptationModules#saveState}) and the run's progress
 * (iteration, skip and rollback counters, best and last evaluation for model selection).
 *
 * <p>The pair is kept consistent by its write order: this file is written to a temporary file
 * and synced, the previous one is renamed to {@link #PREVIOUS}, the new one renamed to
 * {@link #LAST}, and only then is the detector checkpoint written (itself atomically). A crash at
 * any point leaves a detector checkpoint whose iteration matches {@link #LAST} or
 * {@link #PREVIOUS}; {@link #load} takes the one that matches and refuses, with the iterations
 * found, when neither does.
 */
public final class AdaptationState {
    /** The adaptation state of the last checkpoint. */
    public static final String LAST = "alignment_last.params";
    /** The adaptation state of the checkpoint before, kept until the detector checkpoint is written. */
    public static final String PREVIOUS = "alignment_prev.params";
    private static final String MAGIC = "SCDA-ADAPTATION-STATE";
    private static final int VERSION = 1;
    private static final ObjectMapper JSON = Configs.json();

    private AdaptationState() {
    }

    /**
     * A run's progress at a checkpoint.
     *
     * @param iteration               iterations completed (equal to the detector checkpoint's)
     * @param skippedSteps            detector steps skipped so far
     * @param skippedAlignmentUpdates module updates skipped so far
     * @param rollbacks               rollbacks so far
     * @param bestMap                 source-val mAP to beat for a new best checkpoint (-inf: none yet)
     * @param best                    the best evaluation so far, or null
     * @param last                    the last evaluation so far, or null
     * @param config                  the run's config as YAML (a resumed run is compared with it)
     */
    public record Progress(int iteration, int skippedSteps, int skippedAlignmentUpdates, int rollbacks,
                           double bestMap, Hooks.Evaluation best, Hooks.Evaluation last, String config) {
    }

    /**
     * Writes the state in {@code dir} as {@link #LAST}, keeping the one before as
     * {@link #PREVIOUS}; call before writing the detector checkpoint of the same iteration.
     */
    public static void save(Path dir, Progress progress, AdaptationModules modules) throws IOException {
        Path last = dir.resolve(LAST);
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, LAST, ".tmp");
        try {
            try (FileOutputStream fos = new FileOutputStream(tmp.toFile());
                 DataOutputStream out = new DataOutputStream(new BufferedOutputStream(fos))) {
                out.writeUTF(MAGIC);
                out.writeInt(VERSION);
                byte[] header = JSON.writeValueAsBytes(header(progress));
                out.writeInt(header.length);
                out.write(header);
                modules.saveState(out);
                out.flush();
                fos.getFD().sync();
            }
            if (Files.exists(last)) {
                move(last, dir.resolve(PREVIOUS));
            }
            move(tmp, last);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /**
     * Loads into {@code modules} the state saved with the detector checkpoint of
     * {@code iteration} ({@link #LAST}, or {@link #PREVIOUS} after a crash between the two
     * writes) and returns its progress.
     *
     * @throws ScdaException when neither file is of that iteration, or a file is not a state
     *                       file, is cut short or does not fit the modules (naming the file)
     */
    public static Progress load(Path dir, int iteration, AdaptationModules modules) throws IOException {
        return find(dir, iteration, modules);
    }

    /**
     * The progress saved with the detector checkpoint of {@code iteration}, without loading the
     * modules (e.g. to compare its config with a resumed run's first).
     *
     * @throws ScdaException as {@link #load}
     */
    public static Progress progress(Path dir, int iteration) throws IOException {
        return find(dir, iteration, null);
    }

    private static Progress find(Path dir, int iteration, AdaptationModules modules) throws IOException {
        List<String> found = new ArrayList<>();
        Optional<Progress> loaded = firstOfStateFiles(dir, (name, file, p, data) -> {
            if (p.iteration() != iteration) {
                found.add(name + " is of iteration " + p.iteration());
                return Optional.empty();
            }
            if (modules != null) {
                try {
                    modules.loadState(data);
                } catch (MalformedModelException | IllegalArgumentException e) {
                    throw new ScdaException(file + ": adaptation state does not fit the modules: " + e.getMessage(), e);
                }
            }
            return Optional.of(p);
        });
        if (loaded.isPresent()) {
            return loaded.get();
        }
        throw new ScdaException(dir.resolve(Checkpoints.LAST) + " is of iteration " + iteration + " but "
                + (found.isEmpty() ? "there is no " + LAST : String.join(" and ", found))
                + ": the detector checkpoint and the adaptation state are not a pair, so the run cannot resume;"
                + " start it again in a new --out");
    }

    /**
     * Why the run in {@code dir} cannot be resumed with {@code config}, or empty when it can (or
     * holds no checkpoint, and starts from scratch): its detector checkpoint has no adaptation
     * state of the same iteration and config, e.g. one written before runs could resume.
     * Reads headers only.
     */
    public static Optional<String> resumeProblem(Path dir, String config) {
        Path model = dir.resolve(Checkpoints.LAST);
        if (!Files.isRegularFile(model)) {
            return Optional.empty();
        }
        try {
            int iteration = Checkpoints.iteration(model);
            List<String> found = new ArrayList<>();
            boolean pair = firstOfStateFiles(dir, (name, file, p, data) -> {
                boolean sameConfig = sameConfig(p.config(), config);
                if (p.iteration() == iteration && sameConfig) {
                    return Optional.of(true);
                }
                found.add(name + " of iteration " + p.iteration() + (sameConfig ? "" : " and another config"));
                return Optional.<Boolean>empty();
            }).isPresent();
            if (pair) {
                return Optional.empty();
            }
            return Optional.of(model.getFileName() + " is of iteration " + iteration + ", "
                    + (found.isEmpty() ? "no " + LAST : String.join(", ", found)));
        } catch (IOException | ScdaException e) {
            return Optional.of(e.getMessage());
        }
    }

    /** Whether two configs (YAML) hold the same settings, whatever their layout or the defaults they leave out. */
    private static boolean sameConfig(String a, String b) {
        return a.equals(b) || ConfigDiff.between(AdaptConfig.parseYaml(a).toTree(), AdaptConfig.parseYaml(b).toTree())
                .isEmpty();
    }

    /** One state file whose header has been read; a present result ends the walk. */
    private interface StateFileVisitor<R> {
        Optional<R> visit(String name, Path file, Progress header, DataInputStream rest) throws IOException;
    }

    /** Reads the header of {@link #LAST}, then {@link #PREVIOUS} (those present) until one is taken. */
    private static <R> Optional<R> firstOfStateFiles(Path dir, StateFileVisitor<R> visitor) throws IOException {
        for (String name : new String[] {LAST, PREVIOUS}) {
            Path file = dir.resolve(name);
            if (!Files.isRegularFile(file)) {
                continue;
            }
            try (InputStream in = new BufferedInputStream(Files.newInputStream(file));
                 DataInputStream data = new DataInputStream(in)) {
                Optional<R> result = visitor.visit(name, file, readHeader(file, data), data);
                if (result.isPresent()) {
                    return result;
                }
            } catch (ScdaException e) {
                throw e;
            } catch (IOException | RuntimeException e) {
                throw FileHeader.unreadable(file, "adaptation state", e);
            }
        }
        return Optional.empty();
    }

    private static Progress readHeader(Path file, DataInputStream data) throws IOException {
        FileHeader.check(file, data, MAGIC, VERSION, "scda adaptation state", " (written before runs could resume?)");
        int n = data.readInt();
        if (n < 0 || n > (1 << 26)) {
            throw new ScdaException(file + ": corrupt header length " + n);
        }
        byte[] bytes = data.readNBytes(n);
        if (bytes.length < n) {
            throw new java.io.EOFException("header ends " + (n - bytes.length) + " bytes early");
        }
        JsonNode h = JSON.readTree(new String(bytes, StandardCharsets.UTF_8));
        JsonNode bestMap = h.get("best_map");
        return new Progress(h.get("iteration").asInt(), h.get("skipped_steps").asInt(),
                h.get("skipped_alignment_updates").asInt(), h.get("rollbacks").asInt(),
                bestMap == null || bestMap.isNull() ? Double.NEGATIVE_INFINITY : bestMap.asDouble(),
                Hooks.Evaluation.fromJson(h.get("best")), Hooks.Evaluation.fromJson(h.get("last")), h.get("config").asText());
    }

    private static ObjectNode header(Progress p) throws IOException {
        ObjectNode h = JSON.createObjectNode();
        h.put("iteration", p.iteration());
        h.put("skipped_steps", p.skippedSteps());
        h.put("skipped_alignment_updates", p.skippedAlignmentUpdates());
        h.put("rollbacks", p.rollbacks());
        if (Double.isFinite(p.bestMap())) {
            h.put("best_map", p.bestMap());
        } else {
            h.putNull("best_map");
        }
        h.set("best", evaluationJson(p.best()));
        h.set("last", evaluationJson(p.last()));
        h.put("config", p.config());
        return h;
    }

    private static JsonNode evaluationJson(Hooks.Evaluation e) {
        return e == null ? JSON.nullNode() : e.toJson();
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
