package org.scda.bench;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.scda.util.ScdaException;

/**
 * The torchvision reference detector, {@code bench/torch_reference.py --serve}, as a child
 * process: it is started once, reports its settings and parameter count, then times blocks of
 * training iterations or inferences on request ({@code train N}, {@code infer N} on its stdin,
 * one JSON line back each). Python is used here for the reference benchmark only, never by the
 * product.
 */
public final class TorchReference implements AutoCloseable, SideBySide.Timed {
    /** What installs the reference's dependencies on Debian; named in every error about them. */
    public static final String INSTALL = "apt-get install -y python3-torch python3-torchvision libopenblas0-pthread";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Process process;
    private final BufferedReader replies;
    private final BufferedWriter commands;
    private final Path stderr;
    private final Ready ready;

    /**
     * What the reference reported when it started.
     *
     * @param settings   its settings by name (compared with scda's by {@link ReferenceSettings})
     * @param parameters its trainable parameter count
     * @param threads    libtorch intra-op threads it runs with
     * @param versions   torch and torchvision versions
     */
    public record Ready(Map<String, Object> settings, long parameters, int threads, String versions) {
    }

    private TorchReference(Process process, Path stderr) throws IOException {
        this.process = process;
        this.stderr = stderr;
        this.replies = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        this.commands = new BufferedWriter(new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8));
        this.ready = parseReady(readReply("start"));
    }

    /**
     * The command line that serves one setting.
     *
     * @param python  the interpreter ({@code python3}, or a path such as {@code /usr/bin/python3})
     * @param script  {@code bench/torch_reference.py}
     * @param setting {@code small} or {@code vgg16}
     * @param threads libtorch threads, the same as scda's
     * @param check   settings and parameter count only ({@code --check}), no serving
     */
    public static List<String> command(String python, Path script, String setting, int threads, boolean check) {
        List<String> cmd = new ArrayList<>(List.of(python, script.toString(), "--setting", setting,
                "--threads", Integer.toString(threads)));
        cmd.add(check ? "--check" : "--serve");
        return cmd;
    }

    /**
     * Starts the reference and waits for its ready line.
     *
     * @throws ScdaException one line naming {@link #INSTALL} when the interpreter cannot be run,
     *     torch is missing, or the script fails before it is ready
     */
    public static TorchReference start(List<String> command) {
        Path err;
        try {
            err = Files.createTempFile("scda-torch-reference", ".stderr");
        } catch (IOException e) {
            throw new ScdaException("cannot create a temporary file for the torch reference: " + e.getMessage(), e);
        }
        Process p;
        try {
            p = new ProcessBuilder(command).redirectError(err.toFile()).start();
        } catch (IOException e) {
            deleteQuietly(err);
            throw new ScdaException("cannot run '" + command.get(0) + "' for the torch reference (" + firstLine(e.getMessage())
                    + "); install it with: " + INSTALL + " (and pass --python /usr/bin/python3 if another python3 comes first on PATH)");
        }
        try {
            return new TorchReference(p, err);
        } catch (IOException | RuntimeException e) {
            p.destroyForcibly();
            deleteQuietly(err);
            throw e instanceof ScdaException s ? s : new ScdaException("torch reference failed: " + e.getMessage(), e);
        }
    }

    /** The ready line's contents. */
    public Ready ready() {
        return ready;
    }

    @Override
    public double[] train(int n) {
        return times("train", n);
    }

    @Override
    public double[] infer(int n) {
        return times("infer", n);
    }

    private double[] times(String op, int n) {
        if (n <= 0) {
            return new double[0];
        }
        try {
            commands.write(op + " " + n + "\n");
            commands.flush();
            return parseTimes(readReply(op), op, n);
        } catch (IOException e) {
            throw new ScdaException("torch reference stopped answering (" + e.getMessage() + ")" + stderrTail(), e);
        }
    }

    private String readReply(String waitingFor) throws IOException {
        String line = replies.readLine();
        if (line == null) {
            int code = waitExit();
            throw new ScdaException("torch reference exited (code " + code + ") before answering '" + waitingFor + "'"
                    + stderrTail() + "; it needs: " + INSTALL);
        }
        return line;
    }

    private int waitExit() {
        try {
            if (process.waitFor(10, TimeUnit.SECONDS)) {
                return process.exitValue();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return -1;
    }

    private String stderrTail() {
        try {
            List<String> lines = Files.readAllLines(stderr, StandardCharsets.UTF_8);
            for (int i = lines.size() - 1; i >= 0; i--) {
                if (!lines.get(i).isBlank()) {
                    return ": " + lines.get(i).strip();
                }
            }
        } catch (IOException e) {
            return "";
        }
        return "";
    }

    /**
     * Parses the reference's first line: its settings, or the error it gives when torch is missing.
     *
     * @throws ScdaException for an {@code error} line or a line that is not the ready message
     */
    static Ready parseReady(String line) {
        JsonNode node = parse(line);
        String op = node.path("op").asText("");
        if (op.equals("error")) {
            throw new ScdaException("torch reference: " + node.path("error").asText()
                    + " (--python names the interpreter that has them, e.g. /usr/bin/python3)");
        }
        if (!op.equals("ready") && !node.has("parameters")) {
            throw new ScdaException("torch reference: expected its ready line, got: " + abbreviate(line));
        }
        Map<String, Object> settings = new LinkedHashMap<>();
        node.path("settings").fields().forEachRemaining(e -> settings.put(e.getKey(), JSON.convertValue(e.getValue(), Object.class)));
        return new Ready(settings, node.path("parameters").asLong(-1), node.path("threads").asInt(-1),
                "torch " + node.path("torch").asText("?") + ", torchvision " + node.path("torchvision").asText("?"));
    }

    /**
     * Parses a reply to {@code op N}: {@code {"op": op, "ms": [N numbers]}}.
     *
     * @throws ScdaException for an error reply, another op or a wrong count
     */
    static double[] parseTimes(String line, String op, int n) {
        JsonNode node = parse(line);
        if (node.path("op").asText("").equals("error")) {
            throw new ScdaException("torch reference: " + node.path("error").asText());
        }
        JsonNode ms = node.path("ms");
        if (!node.path("op").asText("").equals(op) || !ms.isArray() || ms.size() != n) {
            throw new ScdaException("torch reference: expected " + n + " '" + op + "' times, got: " + abbreviate(line));
        }
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            out[i] = ms.get(i).asDouble();
        }
        return out;
    }

    private static JsonNode parse(String line) {
        try {
            return JSON.readTree(line);
        } catch (JsonProcessingException e) {
            throw new ScdaException("torch reference: not a JSON line: " + abbreviate(line));
        }
    }

    private static String abbreviate(String s) {
        return s.length() <= 200 ? s : s.substring(0, 200) + "...";
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "unknown error";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException ignored) {
            // a temporary file left behind is harmless
        }
    }

    /** Asks the reference to quit and waits for it; kills it if it does not. */
    @Override
    public void close() {
        try {
            commands.write("quit\n");
            commands.flush();
            commands.close();
        } catch (IOException ignored) {
            // already gone
        }
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        deleteQuietly(stderr);
    }
}
