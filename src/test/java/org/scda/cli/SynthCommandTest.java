package org.scda.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SynthCommandTest {
    @TempDir
    Path tmp;

    @Test
    void writesABenchmarkAndSaysWhere() {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        Path dir = tmp.resolve("cam");
        int code = ScdaCommandTest.run(out, err, "synth", "--scenario", "camera", "--out", dir.toString(),
                "--train", "3", "--val", "2", "--seed", "4");
        assertThat(code).as(err.toString()).isZero();
        assertThat(out.toString()).contains("camera", "source 256x128", "target 224x160", "source/train", "target_oracle/train");
        assertThat(dir.resolve("source/train.json")).exists();
        assertThat(dir.resolve("target/train/000002.png")).exists();
        assertThat(dir.resolve("target_oracle/train.json")).exists();
    }

    @Test
    void strengthOneIsTheDefaultByteForByte() throws IOException {
        Path plain = tmp.resolve("plain");
        Path one = tmp.resolve("one");
        String[] common = {"synth", "--scenario", "sim2real", "--train", "3", "--val", "2", "--seed", "4", "--threads", "1"};
        assertThat(ScdaCommandTest.run(new StringWriter(), new StringWriter(), concat(common, "--out", plain.toString())))
                .isZero();
        StringWriter out = new StringWriter();
        assertThat(ScdaCommandTest.run(out, new StringWriter(), concat(common, "--out", one.toString(), "--strength", "1.0")))
                .isZero();
        assertThat(out.toString()).contains("'sim2real' benchmark", "strength 1: palette 1 texture 1 lighting 1");
        List<Path> files = files(plain);
        assertThat(files).contains(Path.of("benchmark.json"), Path.of("target/val/000001.png")).isEqualTo(files(one));
        for (Path f : files) {
            assertThat(Files.readAllBytes(one.resolve(f))).as(f.toString()).isEqualTo(Files.readAllBytes(plain.resolve(f)));
        }
    }

    @Test
    void writesAPairAtAStrengthAndSaysSo() throws IOException {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        Path dir = tmp.resolve("fog");
        int code = ScdaCommandTest.run(out, err, "synth", "--scenario", "foggy", "--strength", "0.3", "--out", dir.toString(),
                "--train", "2", "--val", "1");
        assertThat(code).as(err.toString()).isZero();
        assertThat(out.toString()).contains("'foggy@0.3' benchmark", "strength 0.3: fog_beta 0.03 fog_beta_jitter 0.075");
        assertThat(Files.readString(dir.resolve("benchmark.json"))).contains("\"strength\" : 0.3", "\"fog_beta\" : 0.03");
    }

    @Test
    void theNamedPaperRegimePairIsThatStrengthsPairAndTakesNoOtherStrength() throws IOException {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        Path dir = tmp.resolve("fog-paper");
        int code = ScdaCommandTest.run(out, err, "synth", "--scenario", "foggy-paper", "--out", dir.toString(),
                "--train", "2", "--val", "1");
        assertThat(code).as(err.toString()).isZero();
        assertThat(out.toString()).contains("'foggy@0.3' benchmark", "strength 0.3: fog_beta 0.03");
        for (String[] bad : new String[][] {{"--scenario", "foggy-paper", "--strength", "0.5"},
            {"--scenario", "foggy@0.3"}, {"--scenario", "camera-paper", "--strength", "2"}}) {
            StringWriter e = new StringWriter();
            List<String> args = new java.util.ArrayList<>(List.of("synth"));
            args.addAll(List.of(bad));
            args.addAll(List.of("--out", tmp.resolve("never2").toString()));
            assertThat(ScdaCommandTest.run(new StringWriter(), e, args.toArray(String[]::new))).as(String.join(" ", bad))
                    .isEqualTo(ScdaCommand.EXIT_USAGE);
            assertThat(e.toString().lines().findFirst().orElse("")).as(String.join(" ", bad)).startsWith("scda: ")
                    .containsAnyOf("--strength cannot change", "--scenario takes a name");
        }
        assertThat(tmp.resolve("never2")).doesNotExist();
    }

    @Test
    void badStrengthIsAOneLineUsageErrorNamingTheFlag() {
        for (String bad : new String[] {"-0.3", "abc", "NaN", "5"}) {
            StringWriter err = new StringWriter();
            int code = ScdaCommandTest.run(new StringWriter(), err, "synth", "--scenario", "camera", "--strength", bad,
                    "--out", tmp.resolve("never").toString());
            assertThat(code).as(bad).isEqualTo(ScdaCommand.EXIT_USAGE);
            String first = err.toString().lines().findFirst().orElse("");
            assertThat(first).as(bad).startsWith("scda: --strength must be").contains(bad.equals("5") ? "at most 3" : "'" + bad + "'");
        }
        assertThat(tmp.resolve("never")).doesNotExist();
    }

    @Test
    void badStrengthInADatasetSpecIsAUsageErrorNamingTheSpec() {
        StringWriter err = new StringWriter();
        int code = ScdaCommandTest.run(new StringWriter(), err, "data", "stats", "synth:foggy@abc/target/val");
        assertThat(code).isEqualTo(ScdaCommand.EXIT_USAGE);
        assertThat(err.toString().lines().findFirst().orElse("")).contains("synth:foggy@abc/target/val", "strength after @");
    }

    private static String[] concat(String[] a, String... b) {
        String[] all = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }

    private static List<Path> files(Path root) throws IOException {
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(Files::isRegularFile).map(root::relativize).sorted().toList();
        }
    }

    @Test
    void badScenarioOrSizeIsAUsageError() {
        StringWriter err = new StringWriter();
        int code = ScdaCommandTest.run(new StringWriter(), err, "synth", "--scenario", "rainy", "--out", tmp.toString());
        assertThat(code).isEqualTo(ScdaCommand.EXIT_USAGE);
        assertThat(err.toString()).contains("rainy", "foggy");
        err = new StringWriter();
        code = ScdaCommandTest.run(new StringWriter(), err, "synth", "--scenario", "foggy", "--out", tmp.toString(),
                "--size", "256by128");
        assertThat(code).isEqualTo(ScdaCommand.EXIT_USAGE);
        assertThat(err.toString()).contains("--size");
        assertThat(ScdaCommandTest.run(new StringWriter(), new StringWriter(), "synth", "--out", tmp.toString()))
                .isEqualTo(ScdaCommand.EXIT_USAGE);
    }
}
