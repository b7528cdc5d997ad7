package org.scda.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.scda.experiment.ExperimentRunner;
import org.scda.experiment.ExperimentSpec;
import org.scda.experiment.RunFiles;
import org.scda.experiment.RunResult;
import org.scda.util.ScdaException;

/**
 * The finished runs under a runs folder ({@code result.json} files at any depth) and, when
 * {@code scda experiment} wrote it, the experiment file ({@code experiment.yaml}) that lays
 * out the tables.
 *
 * @param root       the runs folder
 * @param experiment the experiment, or null (then one table per scenario)
 * @param runs       the finished runs, sorted by run id
 */
public record RunCollection(Path root, ExperimentSpec experiment, List<Run> runs) {

    /**
     * A finished run.
     *
     * @param dir    its folder
     * @param result its {@code result.json}
     */
    public record Run(Path dir, RunResult result) {
        /** The run's {@code metrics.jsonl} lines (empty when missing). */
        public List<Map<String, Double>> metrics() {
            return readMetrics(dir.resolve("metrics.jsonl"));
        }
    }

    public RunCollection {
        runs = List.copyOf(runs);
    }

    /** Reads a runs folder. */
    public static RunCollection load(Path root) {
        if (!Files.isDirectory(root)) {
            throw new ScdaException("no runs folder " + root);
        }
        List<Run> runs = new ArrayList<>();
        try {
            for (Path p : RunFiles.list(root)) {
                // an empty result is a run to make again (ExperimentRunner.finished); one gone since
                // the walk saw it was a run cleared meanwhile
                if (p.getFileName().toString().equals(RunResult.FILE) && ExperimentRunner.finished(p.getParent())) {
                    runs.add(new Run(p.getParent(), RunResult.read(p)));
                }
            }
        } catch (IOException e) {
            throw new ScdaException("cannot read " + root + ": " + e.getMessage(), e);
        }
        if (runs.isEmpty()) {
            throw new ScdaException(root + " holds no finished run (no " + RunResult.FILE + ")");
        }
        runs.sort(Comparator.comparing(r -> r.result().run()));
        Path file = root.resolve("experiment.yaml");
        ExperimentSpec spec = null;
        if (Files.isRegularFile(file)) {
            try {
                spec = ExperimentSpec.parse(Files.readString(file), file.toString(), root);
            } catch (IOException e) {
                throw new ScdaException("cannot read " + file + ": " + e.getMessage(), e);
            }
        }
        return new RunCollection(root, spec, runs);
    }

    /** Runs of one scenario and variant, by seed. */
    public List<Run> runs(String scenario, String variant) {
        return runs.stream().filter(r -> r.result().scenario().equals(scenario) && r.result().variant().equals(variant))
                .sorted(Comparator.comparingLong(r -> r.result().seed())).toList();
    }

    /** Scenario names in order of appearance. */
    public List<String> scenarios() {
        return runs.stream().map(r -> r.result().scenario()).distinct().toList();
    }

    /** Variant names of a scenario in order of appearance (the experiment's order when known). */
    public List<String> variants(String scenario) {
        List<String> present = runs.stream().filter(r -> r.result().scenario().equals(scenario))
                .map(r -> r.result().variant()).distinct().toList();
        if (experiment == null) {
            return present;
        }
        List<String> ordered = new ArrayList<>(experiment.variants().keySet().stream().filter(present::contains).toList());
        present.stream().filter(v -> !ordered.contains(v)).forEach(ordered::add);
        return ordered;
    }

    /** Reads a {@code metrics.jsonl}: numeric fields of each line, in order; bad lines skipped. */
    public static List<Map<String, Double>> readMetrics(Path file) {
        if (!Files.isRegularFile(file)) {
            return List.of();
        }
        ObjectMapper json = new ObjectMapper();
        List<Map<String, Double>> out = new ArrayList<>();
        try {
            for (String line : Files.readAllLines(file)) {
                if (line.isBlank()) {
                    continue;
                }
                JsonNode node;
                try {
                    node = json.readTree(line);
                } catch (IOException e) {
                    continue;
                }
                Map<String, Double> m = new LinkedHashMap<>();
                node.fields().forEachRemaining(e -> {
                    if (e.getValue().isNumber()) {
                        m.put(e.getKey(), e.getValue().asDouble());
                    }
                });
                out.add(m);
            }
        } catch (IOException e) {
            throw new ScdaException("cannot read " + file + ": " + e.getMessage(), e);
        }
        return out;
    }
}
