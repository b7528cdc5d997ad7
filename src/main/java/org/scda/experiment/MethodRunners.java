package org.scda.experiment;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.scda.adapt.AdaptationMethods;
import org.scda.adapt.adabn.AdabnMethod;
import org.scda.util.ScdaException;

/** The method runners of this build, by method name (an explicit table, no registration by side effect). */
public final class MethodRunners {
    private final Map<String, MethodRunner> byMethod;

    private MethodRunners(Map<String, MethodRunner> byMethod) {
        this.byMethod = Map.copyOf(byMethod);
    }

    /** The method names an experiment may use: source-only, oracle, then the adaptation methods' table. */
    public static List<String> names() {
        List<String> names = new ArrayList<>(List.of(SourceOnlyRunner.SOURCE_ONLY, SourceOnlyRunner.ORACLE));
        names.addAll(AdaptationMethods.names());
        return List.copyOf(names);
    }

    /**
     * Every method of {@link #names()} with the runner this build has for it. The commit of
     * the code ({@link org.scda.engine.Provenance#gitCommit}, the build's) is read now, once.
     */
    public static MethodRunners builtIn() {
        String commit = org.scda.engine.Provenance.gitCommit();
        Map<String, MethodRunner> m = new LinkedHashMap<>();
        m.put(SourceOnlyRunner.SOURCE_ONLY, new SourceOnlyRunner(false, commit));
        m.put(SourceOnlyRunner.ORACLE, new SourceOnlyRunner(true, commit));
        for (String method : AdaptationMethods.names()) {
            m.put(method, AdabnMethod.NAME.equals(method) ? new AdabnRunner(commit)
                    : new AdaptationRunner(method, commit));
        }
        return new MethodRunners(m);
    }

    /** A custom table (tests, embedding). */
    public static MethodRunners of(Map<String, MethodRunner> byMethod) {
        return new MethodRunners(byMethod);
    }

    /** The runner of {@code method}. */
    public MethodRunner get(String method) {
        MethodRunner r = byMethod.get(method);
        if (r == null) {
            throw new ScdaException("no runner for method '" + method + "' (known: " + String.join(", ", byMethod.keySet()) + ")");
        }
        return r;
    }
}
