package org.scda.adapt.core;

import java.nio.file.Path;
import org.scda.engine.Hooks;

/**
 * The detector a run reports: its checkpoint file and its evaluation.
 *
 * @param checkpoint the checkpoint file in the run directory
 * @param evaluation its source-val (and target-val, for reporting only) evaluation
 */
public record AdaptationResult(Path checkpoint, Hooks.Evaluation evaluation) {
}
