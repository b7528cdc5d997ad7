package org.scda.data.synth;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.scda.util.LockAttempt;
import org.scda.util.ScdaException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The built-in benchmark splits named {@code synth:SCENARIO/DOMAIN/SPLIT}, or
 * {@code synth:SCENARIO@STRENGTH/DOMAIN/SPLIT} for another shift strength ({@link SynthPair}).
 * The first use of a pair generates it with {@link SynthBenchmark#DEFAULT_SEED}, the default
 * size and {@link SynthBenchmark.Counts#DEFAULT} into {@code <cache>/<scenario>-seed<seed>-<W>x<H>}
 * at the default strength 1 (the folder name from before the strength existed, so those caches
 * stay valid) and {@code <cache>/<scenario>-strength<S>-seed<seed>-<W>x<H>} at any other; later
 * uses read the cached files.
 *
 * <p>The cache folder is the system property {@code scda.cache}, else the environment variable
 * {@code SCDA_CACHE}, else {@code ~/.cache/scda/synth}. A cached benchmark written by another
 * {@link SynthBenchmark#GENERATOR_VERSION} is regenerated. A benchmark is rendered into a temporary folder next to its final
 * place and renamed when complete, so a killed generation is never mistaken for a finished one; a lock file next to it
 * ({@code <folder>.lock}) lets one process generate a pair while the others that need it wait.
 */
public final class SynthCatalog {
    /** The domain/split pairs that exist. */
    public static final List<String> SPLITS = List.of(
            "source/train", "source/val", "target/train", "target/val", "target_oracle/train");

    private static final Logger LOG = LoggerFactory.getLogger(SynthCatalog.class);

    /**
     * System property {@code scda.synth.counts=TRAIN,VAL}: smaller built-in benchmarks for smoke
     * runs and tests (non-default counts are part of the folder name, so they never mix).
     */
    public static final String COUNTS_PROPERTY = "scda.synth.counts";

    /** Tests in this package set smaller counts here. */
    static volatile SynthBenchmark.Counts counts = SynthBenchmark.Counts.DEFAULT;

    /** How the cache's lock is tried; tests stand in a file system that refuses locks. */
    static volatile LockAttempt lockAttempt = FileChannel::tryLock;

    /** How often this JVM waited for another process's generation (for tests). */
    static final AtomicInteger WAITS = new AtomicInteger();

    private SynthCatalog() {
    }

    /**
     * The COCO JSON of a built-in benchmark split, generating the pair first if needed.
     *
     * @param scenario foggy, sim2real or camera, optionally with {@code @STRENGTH}
     * @param domain   source, target or target_oracle
     * @param split    train or val (target_oracle has only train)
     * @throws ScdaException            for an unknown name or when generation fails
     * @throws IllegalArgumentException for a bad strength
     */
    public static Path resolve(String scenario, String domain, String split) {
        SynthPair pair = SynthPair.parse(scenario);
        String key = domain + "/" + split;
        if (!SPLITS.contains(key)) {
            throw new ScdaException("unknown synthetic split '" + key + "' in synth:" + scenario + "/" + key
                    + ": use one of " + String.join(", ", SPLITS)
                    + (key.startsWith("target_oracle/") ? " (target_oracle has only train; evaluate on target/val)" : ""));
        }
        Path dir = ensure(pair);
        return dir.resolve(key + ".json");
    }

    /** The cache folder of a scenario at strength 1 with the built-in settings (it may not exist yet). */
    public static Path benchmarkDir(Scenario scenario) {
        return benchmarkDir(SynthPair.of(scenario));
    }

    /** The cache folder of a pair with the built-in settings (it may not exist yet). */
    public static Path benchmarkDir(SynthPair pair) {
        SynthBenchmark.Counts c = counts();
        String name = pair.scenario().id() + (pair.isDefault() ? "" : "-strength" + SynthPair.format(pair.strength()))
                + "-seed" + SynthBenchmark.DEFAULT_SEED + "-" + SynthBenchmark.DEFAULT_WIDTH + "x"
                + SynthBenchmark.DEFAULT_HEIGHT;
        if (!c.equals(SynthBenchmark.Counts.DEFAULT)) {
            name += "-n" + c.sourceTrain() + "-" + c.sourceVal() + "-" + c.targetTrain() + "-" + c.targetVal();
        }
        return cacheDir().resolve(name);
    }

    static SynthBenchmark.Counts counts() {
        String text = System.getProperty(COUNTS_PROPERTY);
        if (text == null || text.isBlank()) {
            return counts;
        }
        String[] p = text.split(",");
        try {
            if (p.length == 2) {
                return SynthBenchmark.Counts.of(Integer.parseInt(p[0].trim()), Integer.parseInt(p[1].trim()));
            }
        } catch (IllegalArgumentException e) {
            // reported below
        }
        throw new ScdaException("system property " + COUNTS_PROPERTY + " must be TRAIN,VAL with positive numbers, got '"
                + text + "'");
    }

    /** The property {@code scda.cache}, else {@code SCDA_CACHE}, else {@code ~/.cache/scda/synth}. */
    public static Path cacheDir() {
        String dir = System.getProperty("scda.cache");
        if (dir == null || dir.isBlank()) {
            dir = System.getenv("SCDA_CACHE");
        }
        return dir == null || dir.isBlank()
                ? Path.of(System.getProperty("user.home"), ".cache", "scda", "synth")
                : Path.of(dir);
    }

    /** True when {@code dir} holds a finished benchmark of the current generator version. */
    static boolean isCurrent(Path dir) {
        Path provenance = dir.resolve("benchmark.json");
        if (!Files.isRegularFile(provenance)) {
            return false;
        }
        try {
            return SynthBenchmark.GENERATOR_VERSION.equals(
                    new ObjectMapper().readTree(provenance.toFile()).path("generator_version").asText());
        } catch (IOException e) {
            return false;
        }
    }

    private static synchronized Path ensure(SynthPair pair) {
        Path dir = benchmarkDir(pair);
        if (isCurrent(dir)) {
            return dir;
        }
        try {
            Files.createDirectories(dir.getParent());
        } catch (IOException e) {
            throw new ScdaException("cannot create the synthetic benchmark cache in " + dir.getParent() + ": "
                    + e.getMessage() + " (set SCDA_CACHE to a writable folder)", e);
        }
        // Two runners of one experiment often start on the same pair at the same moment: one
        // generates, the others wait for it (the lock file stays; deleting it would race).
        Path lockFile = dir.resolveSibling(dir.getFileName() + ".lock");
        try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            FileLock lock;
            try {
                lock = lockAttempt.tryLock(channel);
                if (lock == null) {
                    LOG.info("waiting for another process to finish generating {}", dir);
                    WAITS.incrementAndGet();
                    lock = channel.lock();
                }
            } catch (IOException e) {
                // a network file system that refuses locks: generate anyway; publish keeps whichever copy lands first
                LOG.info("cannot lock {} ({}); generating without the lock", lockFile, e.getMessage());
                lock = null;
            }
            try {
                if (!isCurrent(dir)) {
                    generate(pair, dir);
                }
            } finally {
                if (lock != null) {
                    lock.release();
                }
            }
        } catch (IOException e) {
            throw new ScdaException("cannot open the lock file of the synthetic benchmark cache " + lockFile + ": "
                    + e.getMessage() + " (set SCDA_CACHE to a writable folder)", e);
        }
        return dir;
    }

    private static void generate(SynthPair pair, Path dir) {
        if (Files.exists(dir)) {
            LOG.info("regenerating {}: it was written by another generator version", dir);
            deleteQuietly(dir);
        }
        Path tmp;
        try {
            tmp = Files.createTempDirectory(dir.getParent(), dir.getFileName() + ".tmp-");
        } catch (IOException e) {
            throw new ScdaException("cannot create the synthetic benchmark cache in " + dir.getParent() + ": "
                    + e.getMessage() + " (set SCDA_CACHE to a writable folder)", e);
        }
        LOG.info("generating the built-in '{}' benchmark into {} (first use only)", pair.id(), dir);
        try {
            SynthBenchmark.generate(pair, tmp, SynthBenchmark.DEFAULT_SEED, SynthBenchmark.DEFAULT_WIDTH,
                    SynthBenchmark.DEFAULT_HEIGHT, counts(), Runtime.getRuntime().availableProcessors());
            try {
                // createTempDirectory makes the folder private (rwx------); a cache is as readable as its parent.
                Files.setPosixFilePermissions(tmp, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
            } catch (UnsupportedOperationException e) {
                // not a POSIX file system: keep the default permissions
            }
            publish(tmp, dir);
        } catch (IOException e) {
            throw new ScdaException("cannot store the synthetic benchmark in " + dir + ": " + e.getMessage(), e);
        } finally {
            deleteQuietly(tmp);
        }
    }

    /**
     * Renames the finished {@code tmp} to {@code dir}. When {@code dir} holds a finished benchmark
     * by then (a process that did not take the lock: an older scda, or another machine sharing the
     * cache folder), that copy is kept, as good as ours, and {@code tmp} is left to the caller to
     * delete. On Linux the rename onto a non-empty folder fails with a plain
     * {@link java.nio.file.FileSystemException} ("Directory not empty"), not a
     * {@link java.nio.file.DirectoryNotEmptyException}, so the outcome is judged by the folder,
     * not by the exception's type.
     *
     * @throws IOException when the rename failed and {@code dir} holds no finished benchmark
     */
    static void publish(Path tmp, Path dir) throws IOException {
        try {
            try {
                Files.move(tmp, dir, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, dir);
            }
        } catch (IOException e) {
            if (!isCurrent(dir)) {
                throw e;
            }
            LOG.info("{} was finished by another process first; using it", dir);
        }
    }

    private static void deleteQuietly(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException ignored) {
                    // best effort: a leftover temp folder is never read
                }
            });
        } catch (IOException ignored) {
            // best effort
        }
    }
}
