package org.scda;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The packages of {@code src/main/java/org/scda} form no cycle between top-level packages
 * ({@code engine}, {@code adapt}, ...); inside {@code adapt} each method package
 * ({@code adapt.align}, {@code adapt.dafaster}, {@code adapt.adabn}) uses only the shared core
 * and mining, never another method; and the supervised-training engine depends on none of the
 * layers above it. A dependency is any mention of {@code org.scda.PACKAGE.Type} in a
 * source file (imports, qualified names, Javadoc links), read as text, so that a picture of the
 * packages drawn from the same text agrees with this test.
 */
class PackageDependenciesTest {
    private static final Path ROOT = Path.of("src/main/java/org/scda");
    private static final Pattern REFERENCE = Pattern.compile("\\borg\\.scda\\.((?:[a-z_][a-z0-9_]*\\.)+)[A-Z]");

    @Test
    void topLevelPackagesFormNoCycle() {
        Map<String, Set<String>> graph = dependencies(p -> p.contains(".") ? p.substring(0, p.indexOf('.')) : p);
        assertThat(cycles(graph)).as("top-level packages that depend on each other (directly or around a loop)")
                .isEmpty();
    }

    @Test
    void adaptationPackagesFormNoCycleAndMethodsShareOnlyCore() {
        Map<String, Set<String>> graph = new TreeMap<>();
        dependencies(Function.identity()).forEach((p, targets) -> {
            if (p.startsWith("adapt")) {
                graph.put(p, new TreeSet<>(targets.stream().filter(t -> t.startsWith("adapt")).toList()));
            }
        });
        assertThat(cycles(graph)).as("adaptation packages that depend on each other").isEmpty();
        assertThat(graph.get("adapt.core")).as("what the method-independent core imports of adapt/")
                .isSubsetOf("adapt.mining");
        for (String method : List.of("adapt.align", "adapt.dafaster", "adapt.adabn")) {
            assertThat(graph.get(method)).as("what the method package " + method + " imports of adapt/")
                    .isSubsetOf("adapt.core", "adapt.mining");
        }
    }

    @Test
    void engineDependsOnNoLayerAboveIt() {
        Map<String, Set<String>> graph = dependencies(p -> p.contains(".") ? p.substring(0, p.indexOf('.')) : p);
        assertThat(graph.getOrDefault("engine", Set.of()))
                .as("what engine/ imports")
                .doesNotContain("adapt", "viz", "report", "experiment", "cli", "api");
    }

    @Test
    void theScanSeesTheKnownDependencies() {
        Map<String, Set<String>> graph = dependencies(Function.identity());
        // guards the scan itself: if it read nothing, the tests above would pass vacuously
        assertThat(graph.get("cli")).contains("engine", "data");
        assertThat(graph.get("model")).contains("ops");
        assertThat(cycles(Map.of("a", Set.of("b"), "b", Set.of("c"), "c", Set.of("a"), "d", Set.of("a"))))
                .containsExactly(List.of("a", "b", "c"));
    }

    /** Package (relative to org.scda, mapped by {@code level}) -> packages it mentions. */
    private static Map<String, Set<String>> dependencies(Function<String, String> level) {
        Map<String, Set<String>> graph = new TreeMap<>();
        try (Stream<Path> files = Files.walk(ROOT)) {
            for (Path file : (Iterable<Path>) files.filter(f -> f.toString().endsWith(".java"))::iterator) {
                Path dir = ROOT.relativize(file.getParent());
                String own = level.apply(dir.toString().replace('/', '.'));
                if (own.isEmpty()) {
                    continue;
                }
                Set<String> targets = graph.computeIfAbsent(own, k -> new TreeSet<>());
                Matcher m = REFERENCE.matcher(Files.readString(file));
                while (m.find()) {
                    String pkg = m.group(1);
                    String other = level.apply(pkg.substring(0, pkg.length() - 1));
                    if (!other.equals(own)) {
                        targets.add(other);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return graph;
    }

    /** The strongly connected components with more than one package, each sorted (Tarjan). */
    static List<List<String>> cycles(Map<String, Set<String>> graph) {
        Map<String, Integer> index = new HashMap<>();
        Map<String, Integer> low = new HashMap<>();
        Deque<String> stack = new ArrayDeque<>();
        Set<String> onStack = new TreeSet<>();
        List<List<String>> out = new ArrayList<>();
        int[] counter = {0};
        for (String v : new TreeSet<>(graph.keySet())) {
            if (!index.containsKey(v)) {
                connect(v, graph, index, low, stack, onStack, out, counter);
            }
        }
        return out;
    }

    private static void connect(String v, Map<String, Set<String>> graph, Map<String, Integer> index,
                                Map<String, Integer> low, Deque<String> stack, Set<String> onStack,
                                List<List<String>> out, int[] counter) {
        index.put(v, counter[0]);
        low.put(v, counter[0]);
        counter[0]++;
        stack.push(v);
        onStack.add(v);
        for (String w : new TreeSet<>(graph.getOrDefault(v, Set.of()))) {
            if (!index.containsKey(w)) {
                connect(w, graph, index, low, stack, onStack, out, counter);
                low.put(v, Math.min(low.get(v), low.get(w)));
            } else if (onStack.contains(w)) {
                low.put(v, Math.min(low.get(v), index.get(w)));
            }
        }
        if (low.get(v).equals(index.get(v))) {
            List<String> component = new ArrayList<>();
            String w;
            do {
                w = stack.pop();
                onStack.remove(w);
                component.add(w);
            } while (!w.equals(v));
            if (component.size() > 1) {
                component.sort(null);
                out.add(component);
            }
        }
    }
}
