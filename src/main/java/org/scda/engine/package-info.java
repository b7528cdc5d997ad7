/**
 * Training and running the detector: a minimal loop ({@link org.scda.engine.TrainingLoop}) with
 * hooks for metrics, evaluation and checkpoints; optimisers whose state is saved
 * ({@link org.scda.engine.Optimizers}); the warm-up + step schedule
 * ({@link org.scda.engine.LrSchedule}); atomic checkpoints ({@link org.scda.engine.Checkpoints});
 * inference over a dataset ({@link org.scda.engine.DetectorRunner}); and the source-only training
 * run behind {@code scda train} ({@link org.scda.engine.SourceOnlyTraining}).
 * Every iteration's arrays live in a sub-NDManager closed at the end of the iteration.
 *
 * <p>A run's life, shared by {@code scda train} and {@code scda adapt}: its directory
 * ({@link org.scda.engine.RunDirectory}), the settings a resumed run may change
 * ({@link org.scda.engine.ResumeSettings}), divergence judged in the loop
 * ({@link org.scda.engine.DivergenceGuard}) with rollback to the last checkpoint
 * ({@link org.scda.engine.RunCheckpoint}), and stopping on request or signal
 * ({@link org.scda.engine.StopRequest}, {@link org.scda.engine.StopSignals}).
 */
package org.scda.engine;
