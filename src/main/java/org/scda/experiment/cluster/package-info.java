/**
 * Cluster job files that run an experiment's {@link org.scda.experiment.Shard} slices on
 * several machines into one shared output folder: a Slurm job array ({@link
 * org.scda.experiment.cluster.SlurmScript}) and a Kubernetes indexed Job ({@link
 * org.scda.experiment.cluster.KubernetesJob}), both from one {@link
 * org.scda.experiment.cluster.ShardedJob}. Nothing here runs anything; {@code scda report} on
 * the shared folder merges the results.
 */
package org.scda.experiment.cluster;
