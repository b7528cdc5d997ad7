package org.scda.experiment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.scda.adapt.AdaptationMethods;
import org.scda.adapt.core.AdaptConfig;
import org.scda.adapt.core.AdaptSettings;
import org.scda.adapt.core.AdaptationMethod;
import org.scda.config.Configs;
import org.scda.util.ScdaException;

/**
 * An experiment file: scenarios (domain pairs), variants (method + preset + overrides), the
 * matrix of which variants run on which scenarios, seeds and iterations, and the tables the
 * report lays out. Load with {@link #load}; {@link #expand} gives the runs.
 *
 * <pre>{@code
 * name: paper-tables
 * seeds: [1, 2, 3]
 * iterations: 3000                 # optional: else each preset's own
 * quick: {seeds: [1], iterations: 300, overrides: {data.valLimit: 50},
 *         variants: [source-only, type2],   # optional: the variants a quick run keeps
 *         scenarios: [foggy]}               # optional: the scenarios a quick run keeps
 * overrides: {evalPeriod: 1000}    # every run
 * domainGap: true                 # optional: scda domain-gap --save after each run (about 30 s)
 * scenarios:
 *   foggy: {synth: foggy}
 *   camera: {synth: camera, classes: [car]}
 *   city2foggy: {source: 'cityscapes:/data/cityscapes?split=train', sourceVal: ..., target: ...,
 *                targetVal: ..., oracle: ...}
 * variants:
 *   source-only: {method: source-only, label: Source-only}
 *   type2: {method: scda, label: Type2, config: configs/cpu-type2.yaml}
 *   no-est: {method: scda, label: w/o estimator, config: configs/cpu-type2.yaml,
 *            overrides: {adapt.ablations.withoutEstimator: true}}
 * matrix:
 *   - {scenarios: [foggy], variants: [source-only, type2, no-est]}
 * tables:
 *   - {id: table2, title: ..., scenario: foggy, variants: [source-only, type2], paper: foggy}
 * }</pre>
 *
 * @param name        experiment name (default output folder {@code runs/NAME})
 * @param description free text
 * @param seeds       seeds of a full run
 * @param iterations  iterations of a full run, or null for each preset's own
 * @param domainGap   after each run it finishes, the runner measures the domain gap of the
 *                    selected checkpoint's features ({@code domain_gap.json}, as {@code scda
 *                    domain-gap --save}; target images only, never their labels)
 * @param quickSeeds  seeds of a {@code --quick} run
 * @param quickIterations iterations of a {@code --quick} run (null: the full run's)
 * @param quickOverrides  config overrides of a {@code --quick} run, after the experiment's
 * @param quickVariants   the variants a {@code --quick} run keeps (empty: all of the matrix)
 * @param quickScenarios  the scenarios a {@code --quick} run keeps (empty: all of the matrix)
 * @param overrides   config overrides for every run (then the scenario's, then the variant's)
 * @param scenarios   domain pairs by name
 * @param variants    table rows by name
 * @param matrix      which variants run on which scenarios
 * @param tables      report layout
 * @param baseDir     folder of the file (config paths resolve against it first)
 */
public record ExperimentSpec(String name, String description, List<Long> seeds, Integer iterations,
                             List<Long> quickSeeds, Integer quickIterations, Map<String, Object> quickOverrides,
                             List<String> quickVariants, List<String> quickScenarios, Map<String, Object> overrides,
                             Map<String, ScenarioSpec> scenarios, Map<String, VariantSpec> variants,
                             List<MatrixEntry> matrix, List<TableSpec> tables, Path baseDir, boolean domainGap) {

    /** The methods an experiment may name. */
    public static final List<String> METHODS = MethodRunners.names();

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9@.+_-]+");

    /**
     * Which variants run on which scenarios.
     *
     * @param scenarios scenario names
     * @param variants  variant names
     */
    public record MatrixEntry(List<String> scenarios, List<String> variants) {
        public MatrixEntry {
            scenarios = List.copyOf(scenarios);
            variants = List.copyOf(variants);
        }
    }

    public ExperimentSpec {
        seeds = List.copyOf(seeds);
        quickSeeds = List.copyOf(quickSeeds);
        quickOverrides = Collections.unmodifiableMap(new LinkedHashMap<>(quickOverrides));
        quickVariants = List.copyOf(quickVariants);
        quickScenarios = List.copyOf(quickScenarios);
        overrides = Collections.unmodifiableMap(new LinkedHashMap<>(overrides));
        scenarios = Collections.unmodifiableMap(new LinkedHashMap<>(scenarios));
        variants = Collections.unmodifiableMap(new LinkedHashMap<>(variants));
        matrix = List.copyOf(matrix);
        tables = List.copyOf(tables);
    }

    /** Reads and checks an experiment file. */
    public static ExperimentSpec load(Path file) {
        return parse(Configs.readFile(file, "experiment"), file.toString(), file.toAbsolutePath().getParent());
    }

    /** Parses experiment YAML; {@code where} names it in errors, {@code baseDir} resolves configs. */
    public static ExperimentSpec parse(String yaml, String where, Path baseDir) {
        JsonNode root = Configs.readYamlTree(yaml, where);
        if (root == null || !root.isObject()) {
            throw new ScdaException(where + ": an experiment must be a mapping of keys to values");
        }
        Parser p = new Parser(where);
        p.known(root, "", "name", "description", "seeds", "iterations", "quick", "overrides", "scenarios",
                "variants", "matrix", "tables", "domainGap");
        String name = p.text(root, "name", true);
        List<Long> seeds = p.longs(root, "seeds");
        if (seeds.isEmpty()) {
            throw p.error("seeds: give at least one seed");
        }
        Integer iterations = p.optInt(root, "iterations");
        JsonNode quick = root.path("quick");
        List<Long> quickSeeds = seeds.subList(0, 1);
        Integer quickIterations = iterations;
        Map<String, Object> quickOverrides = Map.of();
        List<String> quickVariants = List.of();
        List<String> quickScenarios = List.of();
        if (!quick.isMissingNode()) {
            p.known(quick, "quick.", "seeds", "iterations", "overrides", "variants", "scenarios");
            quickOverrides = p.map(quick, "overrides");
            quickVariants = p.texts(quick, "variants");
            quickScenarios = p.texts(quick, "scenarios");
            if (quick.has("seeds")) {
                quickSeeds = p.longs(quick, "seeds");
            }
            if (quick.has("iterations")) {
                quickIterations = p.optInt(quick, "iterations");
            }
        }
        Map<String, ScenarioSpec> scenarios = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : p.entries(root, "scenarios")) {
            scenarios.put(p.name("scenario", e.getKey()), p.scenario(e.getKey(), e.getValue()));
        }
        Map<String, VariantSpec> variants = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : p.entries(root, "variants")) {
            variants.put(p.name("variant", e.getKey()), p.variant(e.getKey(), e.getValue()));
        }
        List<MatrixEntry> matrix = new ArrayList<>();
        for (JsonNode m : p.list(root, "matrix")) {
            p.known(m, "matrix.", "scenarios", "variants");
            MatrixEntry entry = new MatrixEntry(p.texts(m, "scenarios"), p.texts(m, "variants"));
            p.refs(entry.scenarios(), scenarios.keySet(), "matrix: scenario");
            p.refs(entry.variants(), variants.keySet(), "matrix: variant");
            matrix.add(entry);
        }
        if (matrix.isEmpty()) {
            throw p.error("matrix: give at least one {scenarios: [...], variants: [...]} entry");
        }
        List<TableSpec> tables = new ArrayList<>();
        for (JsonNode t : p.list(root, "tables")) {
            p.known(t, "tables.", "id", "title", "scenario", "variants", "paper");
            TableSpec table = new TableSpec(p.text(t, "id", true), p.text(t, "title", false), p.text(t, "scenario", true),
                    p.texts(t, "variants"), p.text(t, "paper", false));
            p.refs(List.of(table.scenario()), scenarios.keySet(), "table " + table.id() + ": scenario");
            p.refs(table.variants(), variants.keySet(), "table " + table.id() + ": variant");
            tables.add(table);
        }
        p.refs(quickVariants, variants.keySet(), "quick: variant");
        p.refs(quickScenarios, scenarios.keySet(), "quick: scenario");
        Map<String, Object> overrides = p.map(root, "overrides");
        return new ExperimentSpec(name, p.text(root, "description", false), seeds, iterations, quickSeeds,
                quickIterations, quickOverrides, quickVariants, quickScenarios, overrides, scenarios, variants, matrix, tables,
                baseDir, p.bool(root, "domainGap"));
    }

    /**
     * The runs of the matrix, in file order (matrix entries, then scenarios, variants, seeds),
     * without duplicates. {@code quick}: the quick seeds, iterations, variants and scenarios.
     */
    public List<RunSpec> expand(boolean quick) {
        List<Long> runSeeds = quick ? quickSeeds : seeds;
        Integer runIterations = quick ? quickIterations : iterations;
        Map<String, RunSpec> runs = new LinkedHashMap<>();
        for (MatrixEntry m : matrix) {
            for (String s : m.scenarios()) {
                if (quick && !quickScenarios.isEmpty() && !quickScenarios.contains(s)) {
                    continue;
                }
                for (String v : m.variants()) {
                    if (quick && !quickVariants.isEmpty() && !quickVariants.contains(v)) {
                        continue;
                    }
                    VariantSpec variant = variants.get(v);
                    Path config = variant.config() == null ? null : resolveConfigOrKeep(variant.config());
                    Map<String, Object> o = new LinkedHashMap<>(overrides);
                    if (quick) {
                        o.putAll(quickOverrides);
                    }
                    o.putAll(scenarios.get(s).overrides());
                    // shared adapt.* keys reach the methods that read them; the variant's own are strict
                    o.keySet().removeIf(key -> !readBy(variant.method(), key));
                    o.putAll(variant.overrides());
                    for (long seed : runSeeds) {
                        String id = RunSpec.id(s, v, seed);
                        runs.putIfAbsent(id, new RunSpec(id, s, scenarios.get(s), v, variant, seed, runIterations, config, o));
                    }
                }
            }
        }
        return List.copyOf(runs.values());
    }

    /**
     * Whether a shared override {@code key} applies to a run of {@code method}: every key but
     * {@code adapt.*}, which applies to the adaptation methods that read that setting
     * ({@link AdaptationMethod#settings()} or the shared ones); source-only and oracle runs never
     * read the {@code adapt:} section, so it is passed on and ignored there as before.
     */
    static boolean readBy(String method, String key) {
        String prefix = AdaptConfig.SECTION + ".";
        if (!key.startsWith(prefix) || !AdaptationMethods.names().contains(method)) {
            return true;
        }
        String setting = key.substring(prefix.length()).split("\\.")[0];
        return AdaptSettings.SHARED.contains(setting) || AdaptationMethods.named(method).settings().contains(setting);
    }

    /** Every preset file the variants name, resolved; an error names the first one missing. */
    public Set<Path> configFiles() {
        Set<Path> files = new LinkedHashSet<>();
        for (VariantSpec v : variants.values()) {
            if (v.config() != null) {
                files.add(resolveConfig(v.config()));
            }
        }
        return files;
    }

    /** {@link #resolveConfig}, or the path as written when it is not found (the run then fails naming it). */
    private Path resolveConfigOrKeep(String config) {
        try {
            return resolveConfig(config);
        } catch (ScdaException e) {
            return Path.of(config);
        }
    }

    /**
     * A preset path: against the experiment's folder, then its parent (the repository root for
     * {@code experiments/*.yaml}), then the working directory, then the built-in resources
     * ({@code configs/NAME.yaml} inside the jar, copied to a temporary file).
     */
    public Path resolveConfig(String config) {
        Path p = Path.of(config);
        Set<Path> candidates = new LinkedHashSet<>();
        if (p.isAbsolute()) {
            candidates.add(p);
        } else {
            if (baseDir != null) {
                candidates.add(baseDir.resolve(p).normalize());
                if (baseDir.getParent() != null) {
                    candidates.add(baseDir.getParent().resolve(p).normalize());
                }
            }
            candidates.add(p.toAbsolutePath().normalize());
        }
        for (Path c : candidates) {
            if (Files.isRegularFile(c)) {
                return c.normalize();
            }
        }
        String resource = "/" + config.replace('\\', '/').replaceFirst("^\\./", "");
        try (InputStream in = ExperimentSpec.class.getResourceAsStream(resource)) {
            if (in != null) {
                Path tmp = Files.createTempFile("scda-config-", "-" + p.getFileName());
                tmp.toFile().deleteOnExit();
                Files.write(tmp, in.readAllBytes());
                return tmp;
            }
        } catch (IOException e) {
            throw new ScdaException("cannot read built-in config " + resource + ": " + e.getMessage(), e);
        }
        throw new ScdaException("experiment " + name + ": config file '" + config + "' not found (looked in "
                + candidates.stream().map(Path::toString).toList() + " and the built-in configs)");
    }

    /** The YAML reading helpers with file-named errors. */
    private static final class Parser {
        private final String where;

        Parser(String where) {
            this.where = where;
        }

        /**
         * A scenario or variant name, which names a folder of every run and, joined by
         * {@code __}, its claim ({@link RunClaims}): letters, digits and {@code @ . + - _}, not
         * starting with a dot, without {@code __} and without {@code _} at either end (scenario
         * {@code a_} and variant {@code b} would join as scenario {@code a}, variant {@code _b}),
         * so that two runs never share a folder or a claim.
         */
        String name(String what, String name) {
            if (!NAME.matcher(name).matches() || name.startsWith(".") || name.contains("__") || name.startsWith("_")
                    || name.endsWith("_")) {
                throw error(what + " name '" + name + "': use letters, digits and @ . + - _ (not '/', not '__',"
                        + " not a leading '.', no '_' at either end): it names the runs' folders");
            }
            return name;
        }

        ScdaException error(String msg) {
            return new ScdaException(where + ": " + msg);
        }

        void known(JsonNode node, String prefix, String... keys) {
            if (!node.isObject()) {
                throw error(prefix + " must be a mapping");
            }
            List<String> allowed = List.of(keys);
            Iterator<String> it = node.fieldNames();
            while (it.hasNext()) {
                String k = it.next();
                if (!allowed.contains(k)) {
                    throw error("unknown key '" + prefix + k + "' (known: " + String.join(", ", allowed) + ")");
                }
            }
        }

        String text(JsonNode node, String key, boolean required) {
            JsonNode v = node.get(key);
            if (v == null || v.isNull()) {
                if (required) {
                    throw error("missing '" + key + "'");
                }
                return null;
            }
            if (!v.isValueNode()) {
                throw error("'" + key + "' must be a value");
            }
            return v.asText();
        }

        /** A yes/no key, false when absent. */
        boolean bool(JsonNode node, String key) {
            JsonNode v = node.get(key);
            if (v == null || v.isNull()) {
                return false;
            }
            if (!v.isBoolean()) {
                throw error("'" + key + "' must be true or false, got " + v);
            }
            return v.asBoolean();
        }

        Integer optInt(JsonNode node, String key) {
            JsonNode v = node.get(key);
            if (v == null || v.isNull()) {
                return null;
            }
            if (!v.canConvertToInt() || v.asInt() < 0) {
                throw error("'" + key + "' must be a non-negative integer, got " + v);
            }
            return v.asInt();
        }

        List<Long> longs(JsonNode node, String key) {
            List<Long> out = new ArrayList<>();
            for (JsonNode v : list(node, key)) {
                if (!v.canConvertToLong()) {
                    throw error("'" + key + "' must be a list of integers, got " + v);
                }
                out.add(v.asLong());
            }
            return out;
        }

        List<String> texts(JsonNode node, String key) {
            List<String> out = new ArrayList<>();
            for (JsonNode v : list(node, key)) {
                if (!v.isValueNode()) {
                    throw error("'" + key + "' must be a list of names");
                }
                out.add(v.asText());
            }
            return out;
        }

        List<JsonNode> list(JsonNode node, String key) {
            JsonNode v = node.get(key);
            if (v == null || v.isNull()) {
                return List.of();
            }
            if (!v.isArray()) {
                throw error("'" + key + "' must be a list");
            }
            List<JsonNode> out = new ArrayList<>();
            v.forEach(out::add);
            return out;
        }

        List<Map.Entry<String, JsonNode>> entries(JsonNode node, String key) {
            JsonNode v = node.get(key);
            if (v == null || !v.isObject() || v.isEmpty()) {
                throw error("'" + key + "' must be a non-empty mapping of names");
            }
            List<Map.Entry<String, JsonNode>> out = new ArrayList<>();
            v.fields().forEachRemaining(out::add);
            return out;
        }

        @SuppressWarnings("unchecked")
        Map<String, Object> map(JsonNode node, String key) {
            JsonNode v = node.get(key);
            if (v == null || v.isNull()) {
                return Map.of();
            }
            if (!v.isObject()) {
                throw error("'" + key + "' must be a mapping of dotted config paths to values");
            }
            return YAML.convertValue(v, LinkedHashMap.class);
        }

        void refs(List<String> names, Set<String> known, String what) {
            for (String n : names) {
                if (!known.contains(n)) {
                    throw error(what + " '" + n + "' is not defined (defined: " + String.join(", ", known) + ")");
                }
            }
        }

        ScenarioSpec scenario(String name, JsonNode node) {
            known(node, "scenarios." + name + ".", "synth", "classes", "source", "sourceVal", "target", "targetVal",
                    "oracle", "overrides");
            try {
                if (node.has("synth")) {
                    if (node.has("source") || node.has("sourceVal") || node.has("target") || node.has("targetVal")
                            || node.has("oracle")) {
                        throw error("scenario " + name + ": give either synth: or the dataset specs, not both");
                    }
                    ScenarioSpec synth = ScenarioSpec.synth(text(node, "synth", true), texts(node, "classes"));
                    return new ScenarioSpec(synth.source(), synth.sourceVal(), synth.target(), synth.targetVal(),
                            synth.oracle(), map(node, "overrides"));
                }
                if (node.has("classes")) {
                    throw error("scenario " + name + ": classes: is for synth: scenarios; add ?classes= to the specs");
                }
                return new ScenarioSpec(text(node, "source", false), text(node, "sourceVal", false),
                        text(node, "target", false), text(node, "targetVal", false), text(node, "oracle", false),
                        map(node, "overrides"));
            } catch (ScdaException e) {
                if (e.getMessage().startsWith(where)) {
                    throw e;
                }
                throw error("scenario " + name + ": " + e.getMessage());
            }
        }

        VariantSpec variant(String name, JsonNode node) {
            known(node, "variants." + name + ".", "label", "method", "config", "overrides");
            String method = text(node, "method", true);
            if (!METHODS.contains(method)) {
                throw error("variant " + name + ": unknown method '" + method + "' (methods: " + String.join(", ", METHODS) + ")");
            }
            String label = text(node, "label", false);
            return new VariantSpec(label == null ? name : label, method, text(node, "config", false), map(node, "overrides"));
        }
    }

}
