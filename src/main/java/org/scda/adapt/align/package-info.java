/**
 * Region-level alignment ("how to align", paper section 3.3-3.4): the patch generators Gs/Gt
 * ({@link org.scda.adapt.align.PatchGenerator}), the patch discriminators Ds/Dt ({@link
 * org.scda.adapt.align.PatchDiscriminator}), the weighting estimator Dw ({@link
 * org.scda.adapt.align.WeightingEstimator}), the losses of Eq. 1-5 as pure functions ({@link
 * org.scda.adapt.align.RegionAlignmentLosses}), presets and ablation switches ({@link
 * org.scda.adapt.align.AlignmentPreset}, {@link org.scda.adapt.align.AlignmentConfig}) and the
 * four alternating updates ({@link org.scda.adapt.align.RegionAlignment}). Where the paper reads
 * more than one way, the choice is a setting ({@link org.scda.adapt.align.Pairing},
 * {@link org.scda.adapt.align.WeightingTarget}, {@link org.scda.adapt.align.DiscriminatorOptimizer},
 * {@link org.scda.adapt.align.AlignmentWarmup} and the numeric ones of {@code AlignmentConfig}),
 * and which module judges which patches is one package-private {@code AdversarialTerms} class
 * per pairing or ablation.
 */
package org.scda.adapt.align;
