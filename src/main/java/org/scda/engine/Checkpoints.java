package org.scda.engine;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.scda.config.Configs;
import org.scda.config.TrainConfig;
import org.scda.model.FasterRcnn;
import org.scda.util.ScdaException;

/**
 * Checkpoint files: a header (magic, format version, JSON with config, classes, iteration,
 * metrics), the RNG and optimiser state, then the model's parameters. Written to a temporary
 * file in the same folder, flushed to disk, then atomically renamed, so a crash never leaves a
 * half-written checkpoint under the real name.
 */
public final class Checkpoints {
    /** Best checkpoint (by source-val mAP) in a run directory. */
    public static final String BEST = "model_best.ckpt";
    /** Most recent checkpoint in a run directory. */
    public static final String LAST = "model_last.ckpt";
    private static final String MAGIC = "SCDA-CHECKPOINT";
    private static final int VERSION = 1;
    /** Largest length-prefixed field a checkpoint is read with. */
    private static final int MAX_FIELD = 1 << 30;
    private static final ObjectMapper JSON = Configs.json();

    private Checkpoints() {
    }

    /** A checkpoint's metadata and the rebuilt model with its weights. */
    public record Loaded(Checkpoint checkpoint, FasterRcnn model) {
    }

    /** Writes {@code model} and {@code meta} to {@code file} atomically. */
    public static void save(Path file, Checkpoint meta, FasterRcnn model) throws IOException {
        save(file, meta, (out, fos) -> writeBytes(out, meta.optimizerState()), model);
    }

    /**
     * As {@link #save(Path, Checkpoint, FasterRcnn)} with the optimiser's tensors encoded straight
     * into the file ({@code meta}'s {@link Checkpoint#optimizerState()} is not written): the same
     * bytes as {@code optimizerState.encode()} there, without holding them in the Java heap: for
     * VGG16 the SGD momentum is 0.55 GB, and its encoded array, grown by doubling and then copied,
     * took up to three times that (issue 17).
     */
    public static void save(Path file, Checkpoint meta, NDList optimizerState, FasterRcnn model) throws IOException {
        save(file, meta, (out, fos) -> streamBytes(out, fos, optimizerState), model);
    }

    /** Writes the optimiser-state field of a checkpoint file. */
    private interface StateWriter {
        void write(DataOutputStream out, FileOutputStream fos) throws IOException;
    }

    private static void save(Path file, Checkpoint meta, StateWriter optimizerState, FasterRcnn model)
            throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, file.getFileName().toString(), ".tmp");
        try {
            try (FileOutputStream fos = new FileOutputStream(tmp.toFile());
                 DataOutputStream out = new DataOutputStream(new BufferedOutputStream(fos))) {
                out.writeUTF(MAGIC);
                out.writeInt(VERSION);
                writeBytes(out, header(meta).getBytes(StandardCharsets.UTF_8));
                writeBytes(out, meta.rngState());
                optimizerState.write(out, fos);
                model.saveParameters(out);
                out.flush();
                fos.getFD().sync();
            }
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /**
     * Gives the Java heap that writing a checkpoint grew back to the operating system: call it
     * once the checkpoint's arrays are unreachable. DJL saves each parameter through a Java byte
     * array (a {@code ByteArrayOutputStream} that doubles as it grows, then a copy: about 1 GB
     * for the 411 MB of VGG16's first fully connected layer). G1 frees them but keeps the heap
     * committed and resident for the rest of the run, on top of every later iteration's native
     * tensors: 2.3 GB at the paper's size (issue 17). Little else lives in the heap (tens of MB),
     * so a full collection is quick and shrinks the heap to that.
     */
    public static void releaseSerializationHeap() {
        System.gc();
    }

    /** The iterations completed at a checkpoint, reading only its header (no engine needed). */
    public static int iteration(Path file) throws IOException {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file));
             DataInputStream data = new DataInputStream(in)) {
            FileHeader.check(file, data, MAGIC, VERSION, "scda checkpoint", "");
            return readHeader(data).get("iteration").asInt();
        } catch (ScdaException | java.nio.file.NoSuchFileException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw FileHeader.unreadable(file, "checkpoint", e);
        }
    }

    /** A temporary file of an atomic checkpoint write: NAME.ckpt or NAME.params, a number, .tmp. */
    private static final java.util.regex.Pattern LEFTOVER =
            java.util.regex.Pattern.compile("[A-Za-z0-9_]+\\.(ckpt|params)-?[0-9]+\\.tmp");

    /**
     * Whether {@code fileName} is what an interrupted {@link #save} (or a method's state write,
     * which writes the same way) leaves behind: the temporary file of a checkpoint file, e.g.
     * {@code model_last.ckpt8211640931846311311.tmp} or {@code alignment_last.params42.tmp}.
     */
    public static boolean isLeftover(String fileName) {
        return LEFTOVER.matcher(fileName).matches();
    }

    /** Reads a checkpoint and rebuilds its model in {@code manager}. */
    public static Loaded load(Path file, NDManager manager) throws IOException {
        return read(file, manager, null, true);
    }

    /** Reads a checkpoint's weights into an existing model of the same architecture. */
    public static Checkpoint loadInto(Path file, FasterRcnn model, NDManager manager) throws IOException {
        return read(file, manager, model, true).checkpoint();
    }

    /** Reads what a checkpoint holds besides the weights (no engine needed). */
    public static Checkpoint readMeta(Path file) throws IOException {
        return read(file, null, null, false).checkpoint();
    }

    private static Loaded read(Path file, NDManager manager, FasterRcnn into, boolean weights) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new ScdaException("no checkpoint at " + file);
        }
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file));
             DataInputStream data = new DataInputStream(in)) {
            FileHeader.check(file, data, MAGIC, VERSION, "scda checkpoint", "");
            JsonNode header = readHeader(data);
            TrainConfig config;
            try {
                config = Configs.parseJson(header.get("config").toString());
            } catch (ScdaException e) {
                throw new ScdaException(file + ": its config: " + e.getMessage(), e);
            }
            List<String> classes = new ArrayList<>();
            header.get("classNames").forEach(n -> classes.add(n.asText()));
            Map<String, Double> metrics = new LinkedHashMap<>();
            header.get("metrics").fields().forEachRemaining(e -> metrics.put(e.getKey(), e.getValue().asDouble()));
            byte[] rng = readBytes(data);
            byte[] optimizer = readBytes(data);
            Checkpoint meta = new Checkpoint(config, classes, header.get("iteration").asInt(), rng,
                    header.get("optimizer").asText(), optimizer, metrics, runRecord(header.get("run")));
            if (!weights) {
                return new Loaded(meta, null);
            }
            FasterRcnn model = into;
            if (model == null) {
                model = FasterRcnn.create(config.model(), classes.size());
                int side = config.model().input().shortSide();
                model.initialize(manager, side, side);
            } else if (model.numClasses() != classes.size() + 1) {
                throw new ScdaException(file + " has " + classes.size() + " classes, the model " + (model.numClasses() - 1));
            }
            model.loadParameters(manager, data);
            return new Loaded(meta, model);
        } catch (MalformedModelException e) {
            throw new ScdaException(file + ": weights do not fit the model: " + e.getMessage(), e);
        } catch (ScdaException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw FileHeader.unreadable(file, "checkpoint", e);
        }
    }

    private static JsonNode readHeader(DataInputStream data) throws IOException {
        JsonNode header = JSON.readTree(new String(readBytes(data), StandardCharsets.UTF_8));
        if (header == null || !header.has("iteration") || !header.has("config")) {
            throw new java.io.EOFException("incomplete header");
        }
        return header;
    }

    private static RunRecord runRecord(JsonNode node) {
        if (node == null || node.isNull()) {
            return RunRecord.NONE;
        }
        List<Double> losses = new ArrayList<>();
        node.path("recent_losses").forEach(n -> losses.add(n.asDouble()));
        List<SettingsChange> changes = new ArrayList<>();
        node.path("settings_changes").forEach(n -> changes.add(SettingsChange.fromJson(n)));
        return new RunRecord(node.path("skipped_steps").asInt(), node.path("rollbacks").asInt(), losses, changes,
                node.path("evaluation_pending").asBoolean(false));
    }

    private static ObjectNode runRecordJson(RunRecord run) {
        ObjectNode node = JSON.createObjectNode();
        node.put("skipped_steps", run.skippedSteps());
        node.put("rollbacks", run.rollbacks());
        var losses = node.putArray("recent_losses");
        run.recentLosses().forEach(losses::add);
        var changes = node.putArray("settings_changes");
        run.settingsChanges().forEach(c -> changes.add(c.toJson()));
        if (run.evaluationPending()) {
            node.put("evaluation_pending", true);
        }
        return node;
    }

    /** The key of a run's {@code summary.json} that names the checkpoint the run reports. */
    public static final String SELECTED_KEY = "selected_checkpoint";

    /**
     * The checkpoint a {@code --model} argument names: a file as is; in a run directory the one
     * its {@code summary.json} reports ({@value #SELECTED_KEY}: e.g. an AdaBN run's
     * {@code model_adabn.ckpt}, a mean teacher's), else its best checkpoint, else its last.
     */
    public static Path resolve(Path modelArg) {
        if (Files.isDirectory(modelArg)) {
            Path selected = selectedBySummary(modelArg);
            if (selected != null) {
                return selected;
            }
            for (String name : new String[] {BEST, LAST}) {
                Path p = modelArg.resolve(name);
                if (Files.isRegularFile(p)) {
                    return p;
                }
            }
            throw new ScdaException(modelArg + " holds no checkpoint (" + BEST + " or " + LAST + ")");
        }
        if (!Files.exists(modelArg)) {
            throw new ScdaException("no such model: " + modelArg);
        }
        return modelArg;
    }

    /** The existing checkpoint file a run directory's {@code summary.json} names, or null. */
    private static Path selectedBySummary(Path runDir) {
        Path summary = runDir.resolve("summary.json");
        if (!Files.isRegularFile(summary)) {
            return null;
        }
        try {
            String name = Configs.json().readTree(summary.toFile()).path(SELECTED_KEY).asText("");
            Path file = runDir.resolve(name);
            return !name.isEmpty() && file.getParent().equals(runDir) && Files.isRegularFile(file) ? file : null;
        } catch (IOException e) {
            return null; // an unreadable summary names nothing: best, then last
        }
    }

    /** Serialises a {@link Random}'s exact state. */
    public static byte[] rngState(Random random) {
        try (ByteArrayOutputStream bytes = new ByteArrayOutputStream();
             ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(random);
            out.flush();
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The {@link Random} saved by {@link #rngState}. */
    public static Random restoreRng(byte[] state) {
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(state))) {
            return (Random) in.readObject();
        } catch (IOException | ClassNotFoundException e) {
            throw new ScdaException("corrupt RNG state in checkpoint: " + e.getMessage(), e);
        }
    }

    private static String header(Checkpoint meta) throws IOException {
        ObjectNode node = JSON.createObjectNode();
        node.set("config", JSON.valueToTree(meta.config()));
        node.set("classNames", JSON.valueToTree(meta.classNames()));
        node.put("iteration", meta.iteration());
        node.put("optimizer", meta.optimizer());
        // sorted: Map.copyOf iterates in an order that changes between JVMs; a checkpoint's bytes should not
        node.set("metrics", JSON.valueToTree(new java.util.TreeMap<>(meta.metrics())));
        if (!meta.run().equals(RunRecord.NONE)) {
            node.set("run", runRecordJson(meta.run()));
        }
        return JSON.writeValueAsString(node);
    }

    /**
     * What {@link #writeBytes} writes for {@code list.encode()}, encoded into the file: the length
     * is written as 0 first and set once the encoding's end is known.
     */
    private static void streamBytes(DataOutputStream out, FileOutputStream fos, NDList list) throws IOException {
        out.flush();
        FileChannel channel = fos.getChannel();
        long lengthAt = channel.position();
        out.writeInt(0);
        list.encode(out);
        out.flush();
        long length = channel.position() - lengthAt - Integer.BYTES;
        if (length > MAX_FIELD) {
            throw new IOException("optimizer state of " + length + " bytes is over the checkpoint's limit of " + MAX_FIELD);
        }
        channel.write(ByteBuffer.allocate(Integer.BYTES).putInt(0, (int) length), lengthAt);
    }

    private static void writeBytes(DataOutputStream out, byte[] bytes) throws IOException {
        out.writeInt(bytes.length);
        out.write(bytes);
    }

    private static byte[] readBytes(DataInputStream in) throws IOException {
        int n = in.readInt();
        if (n < 0 || n > MAX_FIELD) {
            throw new IOException("corrupt length " + n);
        }
        byte[] bytes = in.readNBytes(n);
        if (bytes.length < n) {
            throw new java.io.EOFException("ends " + (n - bytes.length) + " bytes early");
        }
        return bytes;
    }
}
