/**
 * Experiments: a YAML file ({@link org.scda.experiment.ExperimentSpec}) describes a matrix of
 * scenario x variant (method + preset config + overrides) x seed; {@link
 * org.scda.experiment.ExperimentRunner} runs it sequentially and resumably, one run directory
 * and one {@code result.json} ({@link org.scda.experiment.RunResult}) per run, each training run
 * done by the {@link org.scda.experiment.MethodRunner} of its method.
 */
package org.scda.experiment;
