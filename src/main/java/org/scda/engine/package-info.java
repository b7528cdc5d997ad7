/**
 * Training and running the detector: a minimal loop ({@link org.scda.engine.TrainingLoop}) with
 * hooks for metrics, evaluation and checkpoints; optimisers whose state is saved
 * ({@link org.scda.engine.Optimizers}); the warm-up + step schedule
 * ({@link org.scda.engine.LrSchedule}); atomic checkpoints ({@link org.scda.engine.Checkpoints});
 * inference over a dataset ({@link org.scda.engine.DetectorRunner}); and the source-only training
 * run behind {@code scda train} ({@link org.scda.engine.SourceOnlyTraining}).
 * Every iteration's arrays live in a sub-NDManager closed at the end of the iteration.
 */
package org.scda.engine;
