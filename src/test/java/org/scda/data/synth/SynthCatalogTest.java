package org.scda.data.synth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scda.data.coco.CocoReader;
import org.scda.util.ScdaException;

class SynthCatalogTest {
    @TempDir
    Path cache;

    private String savedCache;

    @BeforeEach
    void tinyCache() {
        savedCache = System.getProperty("scda.cache");
        System.setProperty("scda.cache", cache.toString());
        SynthCatalog.counts = new SynthBenchmark.Counts(3, 2, 3, 2);
    }

    @AfterEach
    void restore() {
        if (savedCache == null) {
            System.clearProperty("scda.cache");
        } else {
            System.setProperty("scda.cache", savedCache);
        }
        SynthCatalog.counts = SynthBenchmark.Counts.DEFAULT;
    }

    @Test
    void generatesOnFirstUseAndReusesTheCache() throws Exception {
        Path json = SynthCatalog.resolve("foggy", "source", "train");
        assertThat(json).exists();
        assertThat(json.getParent().getParent().getFileName().toString()).startsWith("foggy-seed2019-256x128");
        assertThat(json.getParent().getParent().getParent()).isEqualTo(cache);
        assertThat(CocoReader.read(json, null).size()).isEqualTo(3);

        Path provenance = json.getParent().getParent().resolve("benchmark.json");
        FileTime before = FileTime.fromMillis(1_000_000L);
        Files.setLastModifiedTime(provenance, before);
        Path oracle = SynthCatalog.resolve("FOGGY", "target_oracle", "train");
        assertThat(oracle).exists();
        assertThat(Files.getLastModifiedTime(provenance)).as("second call does not regenerate").isEqualTo(before);
        try (var s = Files.list(cache)) {
            assertThat(s.map(p -> p.getFileName().toString())).as("no temp folder left").noneMatch(n -> n.contains(".tmp-"));
        }
    }

    @Test
    void staleGeneratorVersionIsRegenerated() throws Exception {
        Path json = SynthCatalog.resolve("camera", "target", "val");
        Path provenance = json.getParent().getParent().resolve("benchmark.json");
        Files.writeString(provenance, "{\"generator_version\": \"0\"}");
        assertThat(SynthCatalog.isCurrent(provenance.getParent())).isFalse();
        SynthCatalog.resolve("camera", "target", "val");
        assertThat(SynthCatalog.isCurrent(provenance.getParent())).isTrue();
    }

    @Test
    void eachStrengthHasItsOwnFolderAndTheDefaultKeepsItsName() throws Exception {
        Path half = SynthCatalog.resolve("foggy@0.50", "target", "val").getParent().getParent();
        Path one = SynthCatalog.resolve("foggy@1", "target", "val").getParent().getParent();
        Path plain = SynthCatalog.resolve("foggy", "target", "val").getParent().getParent();
        assertThat(half.getFileName().toString()).isEqualTo("foggy-strength0.5-seed2019-256x128-n3-2-3-2");
        assertThat(one).isEqualTo(plain);
        assertThat(plain.getFileName().toString()).isEqualTo("foggy-seed2019-256x128-n3-2-3-2");
        assertThat(new ObjectMapper().readTree(half.resolve("benchmark.json").toFile()).path("strength").asDouble())
                .isEqualTo(0.5);
        assertThat(Files.readAllBytes(half.resolve("source/val/000000.png")))
                .isEqualTo(Files.readAllBytes(plain.resolve("source/val/000000.png")));
        assertThat(Files.readAllBytes(half.resolve("target/val/000000.png")))
                .isNotEqualTo(Files.readAllBytes(plain.resolve("target/val/000000.png")));
    }

    @Test
    void aLaterGeneratorVersionHasAFolderOfItsOwn() {
        SynthBenchmark.Counts n = SynthBenchmark.Counts.DEFAULT;
        assertThat(SynthCatalog.folderName(SynthPair.parse("foggy"), n, SynthCatalog.UNNAMED_VERSION))
                .isEqualTo("foggy-seed2019-256x128");
        assertThat(SynthCatalog.folderName(SynthPair.parse("foggy"), n, "3")).isEqualTo("foggy-g3-seed2019-256x128");
        assertThat(SynthCatalog.folderName(SynthPair.parse("camera@2"), SynthBenchmark.Counts.of(3, 2), "3"))
                .isEqualTo("camera-strength2-g3-seed2019-256x128-n3-2-3-2");
        // the running version's folder is the one resolve uses
        assertThat(SynthCatalog.benchmarkDir(SynthPair.parse("foggy")).getFileName().toString()).isEqualTo(
                SynthCatalog.folderName(SynthPair.parse("foggy"), SynthCatalog.counts(), SynthBenchmark.GENERATOR_VERSION));
    }

    @Test
    void aCacheWrittenBeforeTheStrengthExistedStaysValid() throws Exception {
        SynthCatalog.counts = SynthBenchmark.Counts.DEFAULT;
        Path dir = cache.resolve("camera-seed2019-256x128");
        Files.createDirectories(dir.resolve("target"));
        Files.writeString(dir.resolve("benchmark.json"),
                "{\"generator\": \"scda synth\", \"generator_version\": \"" + SynthBenchmark.GENERATOR_VERSION
                        + "\", \"scenario\": \"camera\"}");
        Files.writeString(dir.resolve("target/val.json"), "{}");
        assertThat(SynthCatalog.resolve("camera", "target", "val")).isEqualTo(dir.resolve("target/val.json"));
        assertThat(dir.resolve("target/val.json")).hasContent("{}");
    }

    @Test
    void badStrengthsAreClearErrorsBeforeAnythingIsWritten() {
        assertThatThrownBy(() -> SynthCatalog.resolve("foggy@-1", "source", "train"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("strength after @");
        assertThatThrownBy(() -> SynthCatalog.resolve("camera@3.5", "source", "train"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at most 3");
        assertThat(cache).isEmptyDirectory();
    }

    @Test
    void badNamesAreClearErrors() {
        assertThatThrownBy(() -> SynthCatalog.resolve("rainy", "source", "train"))
                .isInstanceOf(ScdaException.class).hasMessageContaining("foggy, sim2real, camera");
        assertThatThrownBy(() -> SynthCatalog.resolve("foggy", "target_oracle", "val"))
                .isInstanceOf(ScdaException.class).hasMessageContaining("target/val");
        assertThatThrownBy(() -> SynthCatalog.resolve("foggy", "src", "train"))
                .isInstanceOf(ScdaException.class).hasMessageContaining("source/train");
        assertThat(cache).isEmptyDirectory();
    }

    /** Another process holding a benchmark's lock: locks the file in its argument, says so, waits for stdin to end. */
    public static final class LockHolder {
        public static void main(String[] args) throws Exception {
            try (FileChannel channel = FileChannel.open(Path.of(args[0]), StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE); FileLock lock = channel.lock()) {
                System.out.println("locked");
                System.out.flush();
                System.in.read();
            }
        }
    }

    @Test
    void aProcessWaitsForTheOneGeneratingTheSamePairAndUsesItsBenchmark() throws Exception {
        Path dir = SynthCatalog.benchmarkDir(SynthPair.parse("sim2real@0.4"));
        Path lockFile = dir.resolveSibling(dir.getFileName() + ".lock");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        Process other = new ProcessBuilder(java, "-cp", classpath, LockHolder.class.getName(), lockFile.toString())
                .redirectError(cache.resolve("other.err").toFile()).start();
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            String line = new BufferedReader(new InputStreamReader(other.getInputStream())).readLine();
            assertThat(line).as("the other process's stderr is in " + cache.resolve("other.err")).isEqualTo("locked");
            int waitsBefore = SynthCatalog.WAITS.get();
            Future<Path> waiting = pool.submit(() -> SynthCatalog.resolve("sim2real@0.4", "target", "val"));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (SynthCatalog.WAITS.get() == waitsBefore && !waiting.isDone() && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertThat(SynthCatalog.WAITS.get()).as("resolve found the lock taken and waits").isGreaterThan(waitsBefore);
            Thread.sleep(200);
            assertThat(waiting.isDone()).as("resolve waits while another process holds the lock").isFalse();
            assertThat(dir).as("nothing generated meanwhile").doesNotExist();
            // the other process finishes its benchmark, then lets go
            Files.createDirectories(dir.resolve("target"));
            Files.writeString(dir.resolve("target/val.json"), "{\"made by\": \"the other process\"}");
            Files.writeString(dir.resolve("benchmark.json"),
                    "{\"generator_version\": \"" + SynthBenchmark.GENERATOR_VERSION + "\"}");
            other.getOutputStream().close();
            assertThat(waiting.get(60, TimeUnit.SECONDS)).isEqualTo(dir.resolve("target/val.json"))
                    .hasContent("{\"made by\": \"the other process\"}");
        } finally {
            pool.shutdownNow();
            other.destroy();
            assertThat(other.waitFor(60, TimeUnit.SECONDS)).isTrue();
        }
    }

    @Test
    void aThreadWaitingForOnePairsGenerationDoesNotHoldUpACachedOne() throws Exception {
        Path cached = SynthCatalog.resolve("foggy@0.5", "target", "val");
        CountDownLatch waiting = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        // as while another process generates camera@0.5: this JVM's attempt waits on the lock
        SynthCatalog.lockAttempt = channel -> {
            waiting.countDown();
            try {
                release.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return channel.tryLock();
        };
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<Path> slow = pool.submit(() -> SynthCatalog.resolve("camera@0.5", "target", "val"));
            assertThat(waiting.await(60, TimeUnit.SECONDS)).as("the first lookup reached the lock").isTrue();
            Future<Path> fast = pool.submit(() -> SynthCatalog.resolve("foggy@0.5", "target", "val"));
            assertThat(fast.get(30, TimeUnit.SECONDS)).as("a cached pair needs no wait").isEqualTo(cached);
            assertThat(slow.isDone()).isFalse();
            release.countDown();
            assertThat(slow.get(60, TimeUnit.SECONDS)).exists();
        } finally {
            release.countDown();
            pool.shutdownNow();
            SynthCatalog.lockAttempt = FileChannel::tryLock;
        }
    }

    @Test
    void whereTheFileSystemRefusesLocksTheBenchmarkIsGeneratedWithoutOne() throws Exception {
        // what Java reports where a network file system refuses locks
        SynthCatalog.lockAttempt = channel -> {
            throw new IOException("No locks available");
        };
        try {
            Path json = SynthCatalog.resolve("camera@0.5", "target", "val");
            assertThat(json).exists();
            assertThat(SynthCatalog.isCurrent(json.getParent().getParent())).isTrue();
        } finally {
            SynthCatalog.lockAttempt = FileChannel::tryLock;
        }
    }

    @Test
    void aBenchmarkAnotherProcessFinishedFirstIsKept() throws Exception {
        // as a process that takes no lock (an older scda, another machine on a shared cache) leaves it
        Path dir = cache.resolve("theirs");
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("benchmark.json"),
                "{\"generator_version\": \"" + SynthBenchmark.GENERATOR_VERSION + "\", \"by\": \"them\"}");
        Path tmp = Files.createDirectory(cache.resolve("theirs.tmp-1"));
        Files.writeString(tmp.resolve("benchmark.json"), "{\"by\": \"us\"}");

        SynthCatalog.publish(tmp, dir); // on Linux the rename fails with a plain FileSystemException

        assertThat(dir.resolve("benchmark.json")).content().contains("them");
    }

    @Test
    void aFailedRenameOntoAnUnfinishedFolderIsAnError() throws Exception {
        Path dir = cache.resolve("half");
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("source.json"), "{}");
        Path tmp = Files.createDirectory(cache.resolve("half.tmp-1"));
        Files.writeString(tmp.resolve("benchmark.json"), "{}");

        assertThatThrownBy(() -> SynthCatalog.publish(tmp, dir)).isInstanceOf(IOException.class)
                .hasMessageContaining("half");
    }
}
