/**
 * Immutable settings records for the detector and its training, loaded from YAML
 * ({@link org.scda.config.Configs}). Every field has a default ({@link org.scda.config.TrainConfig#defaults()}),
 * sized so that {@code scda train} with no flags finishes in minutes on a 2-core CPU.
 */
package org.scda.config;
