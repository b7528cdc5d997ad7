package org.scda.experiment;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.scda.config.Configs;
import org.scda.util.ScdaException;

/**
 * Finished runs of other experiment folders ({@code scda experiment --reuse DIR}), taken instead
 * of made again. A run not finished in its own folder is the same run as a finished one under
 * {@code DIR/SCENARIO/VARIANT/seedN} when both have
 * <ul>
 *   <li>the same method and seed,</li>
 *   <li>the same datasets (the scenario's sources, target, validation sets, oracle data, classes),</li>
 *   <li>the same recorded config (what {@link MethodRunner#recordedConfig} says this run's result
 *       would record, against the other's {@code result.json}: the detector's whole training
 *       config with evaluation period and validation limit, and for an adaptation method every
 *       setting it reads), and</li>
 *   <li>the same engine thread count (measured: the same seed on 1 and on 2 threads ends with
 *       other weights).</li>
 * </ul>
 * Settings that only observe a run ({@link #OBSERVATION_ONLY}) may differ too.
 * The scenario and variant may be named otherwise (a study's {@code source-only-bn} is another's
 * {@code source-only}). The other run's folder is copied (checkpoints hard-linked where the file
 * system allows: they are only ever replaced, never written in place) and its result written as
 * this run's with {@link RunResult#copiedFrom}; everything else in it, provenance included, is
 * the other run's. The jar is not compared: a reused run is as old as its {@code git_commit}.
 */
public final class RunReuse {
    /**
     * Recorded settings that only observe a run (pictures, gradient diagnostics): two runs that
     * differ only in them are the same run ({@code ObservationOnlySettingsTest} shows the detector
     * ends byte-identical with and without them, for scda, da-faster and the mean teacher).
     */
    public static final java.util.Set<String> OBSERVATION_ONLY = java.util.Set.of("adapt.picturePeriod",
            "adapt.diagnoseGradientsEvery");

    private RunReuse() {
    }

    /** A finished run of another folder that is the same run. */
    public record Match(Path dir, RunResult result) {
    }

    /**
     * The first finished run (folders in the given order, then scenario, variant in name order)
     * under {@code dirs} that is the same run as {@code spec}, whose result records
     * {@code config}; when runs of the same method, seed and datasets exist but differ, says in
     * {@code log} how the closest differs.
     *
     * @param threads this process's engine thread count as results record it
     */
    public static Optional<Match> find(RunSpec spec, Map<String, Object> config, String threads, List<Path> dirs,
                                       PrintStream log) throws IOException {
        String seedDir = "seed" + spec.seed();
        List<String> closest = null;
        Path closestDir = null;
        for (Path root : dirs) {
            for (Path dir : candidates(root, seedDir)) {
                RunResult other;
                try {
                    other = RunResult.read(dir);
                } catch (ScdaException e) {
                    continue;
                }
                if (!spec.method().equals(other.method()) || other.seed() != spec.seed()
                        || !spec.scenario().equals(other.datasets())) {
                    continue;
                }
                List<String> diff = new ArrayList<>(differences(config, other.config()).stream()
                        .filter(k -> !OBSERVATION_ONLY.contains(k)).toList());
                String theirThreads = String.valueOf(other.versions().get("threads"));
                if (!threads.equals(theirThreads) || "default".equals(threads)) {
                    // "default": not set, so it says nothing about the count the run had
                    diff.add("engine threads (" + theirThreads + ", here " + threads + ")");
                }
                Object theirCounts = other.versions().get("synth_counts");
                String counts = System.getProperty(org.scda.data.synth.SynthCatalog.COUNTS_PROPERTY);
                if (!java.util.Objects.equals(counts, theirCounts == null ? null : theirCounts.toString())) {
                    diff.add("built-in benchmark sizes (scda.synth.counts " + theirCounts + ", here " + counts + ")");
                }
                if (diff.isEmpty()) {
                    return Optional.of(new Match(dir, other));
                }
                if (closest == null || diff.size() < closest.size()) {
                    closest = diff;
                    closestDir = dir;
                }
            }
        }
        if (closest != null) {
            log.println("run " + spec.id() + ": not reused from " + closestDir + " (the closest run of the same method,"
                    + " seed and data): it differs in " + String.join(", ", closest));
        }
        return Optional.empty();
    }

    private static List<Path> candidates(Path root, String seedDir) throws IOException {
        if (!Files.isDirectory(root)) {
            throw new ScdaException("--reuse " + root + ": no such folder");
        }
        List<Path> out = new ArrayList<>();
        for (Path scenario : sortedDirs(root)) {
            for (Path variant : sortedDirs(scenario)) {
                Path dir = variant.resolve(seedDir);
                if (ExperimentRunner.finished(dir)) {
                    out.add(dir);
                }
            }
        }
        return out;
    }

    private static List<Path> sortedDirs(Path dir) throws IOException {
        try (Stream<Path> list = Files.list(dir)) {
            return list.filter(Files::isDirectory).filter(p -> !p.getFileName().toString().startsWith("."))
                    .sorted().toList();
        }
    }

    /**
     * Copies {@code match}'s folder to {@code runDir} as run {@code spec} and returns the result
     * written there: the other's, named as {@code spec}, with {@link RunResult#copiedFrom}. The
     * copy is made in {@code staging} (a folder of the same file system, not searched for runs),
     * result included, and then moved into place in one rename, so an interrupted copy leaves no
     * run behind (whatever was in {@code runDir} is replaced). Checkpoints are hard-linked where
     * possible. Copied are the regular files ({@link RunFiles#list}): unfinished writes
     * ({@code *.tmp}), folders whose name starts with a dot and empty folders are left out.
     */
    public static RunResult copy(Match match, RunSpec spec, Path runDir, Path staging) throws IOException {
        // the staging folder is the run's claim's name: only the process holding the claim copies into it
        Path tmp = staging.resolve(RunClaims.key(spec.id()));
        if (Files.exists(tmp)) {
            ExperimentRunner.clear(tmp);
        }
        Path from = match.dir();
        for (Path src : RunFiles.list(from)) {
            String name = src.getFileName().toString();
            if (!name.equals(RunResult.FILE) && !name.endsWith(".tmp")) {
                Path dst = tmp.resolve(from.relativize(src).toString());
                Files.createDirectories(dst.getParent());
                link(src, dst);
            }
        }
        Files.createDirectories(tmp);
        RunResult result = match.result().copiedAs(spec, from.toAbsolutePath().normalize().toString());
        result.write(tmp);
        if (Files.exists(runDir)) {
            ExperimentRunner.clear(runDir);
        }
        Files.createDirectories(runDir.getParent());
        Files.move(tmp, runDir, StandardCopyOption.ATOMIC_MOVE);
        return result;
    }

    private static void link(Path src, Path dst) throws IOException {
        if (src.getFileName().toString().endsWith(".ckpt")) {
            try {
                Files.createLink(dst, src);
                return;
            } catch (FileSystemException | UnsupportedOperationException e) {
                // another file system, or no hard links: copy
            }
        }
        Files.copy(src, dst, StandardCopyOption.COPY_ATTRIBUTES);
    }

    /**
     * The dotted keys where two recorded configs differ (empty: the same); both go through JSON
     * text, so that number types compare as written ({@code 1} and {@code 1.0} differ as in the
     * files).
     */
    static List<String> differences(Map<String, Object> mine, Map<String, Object> recorded) {
        try {
            JsonNode a = Configs.json().readTree(Configs.json().writeValueAsString(mine));
            JsonNode b = Configs.json().readTree(Configs.json().writeValueAsString(recorded));
            List<String> out = new ArrayList<>();
            differences("", a, b, out);
            return out;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void differences(String path, JsonNode a, JsonNode b, List<String> out) {
        if (a != null && b != null && a.isObject() && b.isObject()) {
            TreeSet<String> keys = new TreeSet<>();
            a.fieldNames().forEachRemaining(keys::add);
            for (Iterator<String> it = b.fieldNames(); it.hasNext(); ) {
                keys.add(it.next());
            }
            for (String k : keys) {
                differences(path.isEmpty() ? k : path + "." + k, a.get(k), b.get(k), out);
            }
        } else if (a == null || !a.equals(b)) {
            out.add(path);
        }
    }
}
