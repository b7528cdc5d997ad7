/**
 * Built-in synthetic domain-shift benchmarks: procedural street scenes with a ground plane, a
 * per-pixel depth map, four object classes ({@link org.scda.data.synth.SynthClasses}),
 * perspective, occlusion and instance polygons ({@link org.scda.data.synth.StreetSceneRenderer}),
 * rendered in pairs of domains ({@link org.scda.data.synth.Scenario}: foggy, sim2real, camera)
 * at a shift strength ({@link org.scda.data.synth.SynthPair}, {@link org.scda.data.synth.ShiftMapping})
 * and written as COCO splits by {@link org.scda.data.synth.SynthBenchmark};
 * {@link org.scda.data.synth.SynthCatalog} generates and caches them on first use.
 */
package org.scda.data.synth;
