package org.scda.experiment;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Runs one training run of one method into a run directory and returns its result (the
 * {@link ExperimentRunner} writes it as {@code result.json}). Implementations are chosen by
 * method name in {@link MethodRunners}.
 */
public interface MethodRunner {

    /** The method name, as experiment files spell it. */
    String method();

    /**
     * Whether {@link #run} with {@code resume = true} continues a run directory from its last
     * checkpoint; when false, the experiment runner clears an unfinished run directory first.
     */
    boolean supportsResume();

    /**
     * Trains and evaluates.
     *
     * @param spec   the run
     * @param runDir its directory (may hold an unfinished run)
     * @param resume continue from the checkpoint in {@code runDir} if there is one
     * @param log    progress messages
     * @return the finished run's result
     */
    RunResult run(RunSpec spec, Path runDir, boolean resume, PrintStream log) throws IOException;

    /**
     * The config {@link #run} would record in the result of {@code spec} ({@link RunResult#config()}),
     * computed without running it, so that {@link RunReuse} can recognise the same run made in
     * another folder; empty when this runner cannot say (its runs are then never reused).
     */
    default Optional<Map<String, Object>> recordedConfig(RunSpec spec) {
        return Optional.empty();
    }

    /**
     * The runs of {@code experiment} whose finished training {@link #run} would take for
     * {@code spec} instead of training (an adabn run takes a source-only run's), so that the
     * {@link ExperimentRunner} can let {@code spec} wait for one that another runner is training
     * rather than train the same detector twice; none by default.
     */
    default List<RunSpec> reusesFrom(RunSpec spec, List<RunSpec> experiment) {
        return List.of();
    }
}
