package org.scda.engine;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.scda.config.TrainConfig;

/**
 * A source-only run's last checkpoint ({@link Checkpoints#LAST}): the detector's weights, its
 * optimiser's state, the RNG, the iteration and the {@link RunRecord}.
 */
public final class DetectorCheckpoint implements RunCheckpoint {
    private final Path file;
    private final TrainConfig config;
    private final List<String> classNames;
    private int iteration;

    /**
     * @param iteration the iteration of the checkpoint already in {@code file} (a resumed run), or -1
     */
    public DetectorCheckpoint(Path file, TrainConfig config, List<String> classNames, int iteration) {
        this.file = file;
        this.config = config;
        this.classNames = List.copyOf(classNames);
        this.iteration = iteration;
    }

    @Override
    public void save(TrainingLoop loop) {
        Hooks.saveCheckpoint(file, loop, config, classNames, Map.of());
        iteration = loop.iteration();
    }

    /** The run resumed from the checkpoint of {@code resumedIteration} in the file. */
    public void resumedAt(int resumedIteration) {
        this.iteration = resumedIteration;
    }

    @Override
    public int iteration() {
        return iteration;
    }

    @Override
    public Checkpoint restore(TrainingLoop loop) {
        try {
            return restoreDetector(file, loop);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot roll back to " + file + ": " + e.getMessage(), e);
        }
    }

    /** Loads a detector checkpoint's weights and optimiser state into the loop's model and optimiser. */
    public static Checkpoint restoreDetector(Path file, TrainingLoop loop) throws IOException {
        NDManager manager = loop.manager();
        Checkpoint ck = Checkpoints.loadInto(file, loop.model(), manager);
        loop.parametersReplaced();
        List<Parameter> params = new ArrayList<>(loop.model().getParameters().values());
        RunSetup.requireGradients(params);
        if (ck.optimizerState().length > 0) {
            try (NDManager tmp = manager.newSubManager()) {
                loop.optimizer().loadState(NDList.decode(tmp, ck.optimizerState()));
            }
        }
        return ck;
    }
}
