package org.scda.adapt;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import org.scda.adapt.adabn.AdabnMethod;
import org.scda.adapt.align.ScdaMethod;
import org.scda.adapt.core.AdaptConfig;
import org.scda.adapt.core.AdaptationMethod;
import org.scda.adapt.core.AdaptationTraining;
import org.scda.adapt.dafaster.DaFasterMethod;
import org.scda.adapt.dafaster.ImageAlignmentTerm;
import org.scda.adapt.teacher.MeanTeacherMethod;
import org.scda.util.ScdaException;

/**
 * The adaptation methods of this build, in one explicit table (no registration by side
 * effect): the CLI's {@code --method} help, the experiment files' method names, the experiment
 * runners and the report's rows all come from here. Adding a method is one package under
 * {@code org.scda.adapt} with an {@link AdaptationMethod}, and one entry below.
 */
public final class AdaptationMethods {
    private static final List<AdaptationMethod> ALL = List.of(new ScdaMethod(), new DaFasterMethod(), new AdabnMethod(),
            new MeanTeacherMethod(java.util.Map.of(ScdaMethod.NAME, ScdaMethod.asTerm(),
                    ImageAlignmentTerm.NAME, ImageAlignmentTerm.FACTORY)));

    private AdaptationMethods() {
    }

    /** Every method, the default first. */
    public static List<AdaptationMethod> all() {
        return ALL;
    }

    /** The method a config without {@code adapt.method} uses. */
    public static AdaptationMethod defaultMethod() {
        return ALL.get(0);
    }

    /** The methods' names, the default first. */
    public static List<String> names() {
        return ALL.stream().map(AdaptationMethod::name).toList();
    }

    /**
     * The method of this name (null: the default).
     *
     * @throws ScdaException for an unknown name, listing the known ones
     */
    public static AdaptationMethod named(String name) {
        if (name == null) {
            return defaultMethod();
        }
        for (AdaptationMethod m : ALL) {
            if (m.name().equals(name)) {
                return m;
            }
        }
        throw new ScdaException("unknown adaptation method '" + name + "' (methods: " + String.join(", ", names()) + ")");
    }

    /**
     * The config with its method named (the default when it names none) and its settings checked
     * for that method.
     *
     * @throws ScdaException for an unknown method or a setting wrong for it, naming the setting
     */
    public static AdaptConfig resolve(AdaptConfig config) {
        AdaptationMethod method = named(config.adapt().method());
        AdaptConfig named = config.adapt().method() == null
                ? new AdaptConfig(config.train(), config.adapt().withMethod(method.name())) : config;
        try {
            named.adapt().checkFor(method);
        } catch (IllegalArgumentException e) {
            throw new ScdaException(e.getMessage(), e);
        }
        return named;
    }

    /** An adaptation run of the config's method (resolved as {@link #resolve}). */
    public static AdaptationTraining training(AdaptConfig config, Path outDir, boolean resume, PrintStream log) {
        AdaptConfig resolved = resolve(config);
        return new AdaptationTraining(named(resolved.adapt().method()), resolved, outDir, resume, log);
    }
}
