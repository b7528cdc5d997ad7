package org.scda.adapt.align;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.scda.adapt.core.AdaptationModules;
import org.scda.adapt.mining.MinedRegions;
import org.scda.ops.HostTensors;
import org.scda.ops.Scalars;
import org.scda.util.SplitMix64;

/**
 * The region-level alignment of one training run: owns Gs, Gt, Ds, Dt, Dw (or the modules of the
 * configured {@link Pairing} or ablation, through {@link AdversarialTerms}), their optimisers,
 * and runs the paper's alternating updates (section 3.4) on one source and one target image's
 * {@link MinedRegions}:
 * <ol>
 *   <li>{@link #updateDiscriminators}: {@code L_D = L_adv,Ds + Wt L_adv,Dt} (SGD or Adam on Ds, Dt);</li>
 *   <li>{@link #updateEstimator}: Eq. 3 (same optimiser on Dw);</li>
 *   <li>{@link #updateGenerators}: {@code L_G = L_adv,Gs + Wt L_adv,Gt} (Adam on Gs, Gt), plus
 *       {@code generatorReconstruction} times an L1 to the real patches when set;</li>
 *   <li>{@link #detectorAlignmentLoss}: {@code lambda (L^s_adv,F + Wt L^t_adv,F)} for the
 *       trainer to add to {@code L_dec}, backpropagate and use to update F.</li>
 * </ol>
 *
 * <p>Gradient discipline: steps 1-3 detach the region features (they never touch F) and each
 * updates only its own parameter group; every step first zeroes the gradients of all alignment
 * parameters (so the trainer's step-4 backward, which also reaches G and D, cannot leak into
 * the next update) and zeroes them again after. Steps 1-3 come in two forms: one opens its own
 * {@link GradientCollector}, the other takes an open one, so that the whole iteration (detector
 * forward, steps 1-3, step 4's backward) can run in the trainer's single collector (DJL allows one
 * at a time) in the paper's order. Step 4 must be called inside a collector. Wt is always
 * detached: it weighs the terms, it is not trained by them. A step whose loss is NaN or infinite
 * is not applied and counted ({@link #skippedUpdates()}).
 *
 * <p>Arrays returned belong to the managers of the inputs (use a per-iteration sub-manager);
 * parameters and optimiser state live in this object's manager, closed by {@link #close()}.
 *
 * <p>Wiring into a trainer, one source and one target image per iteration (the detector API as
 * on the {@code det} branch; source RoIs are the sampled ones, target RoIs the proposals):
 * <pre>{@code
 * Miner miner = config.newMiner(seed + iteration, ImageNormalization.IMAGENET);
 * try (NDManager it = base.newSubManager();
 *      GradientCollector gc = Engine.getInstance().newGradientCollector()) {
 *     FasterRcnnOutput s = detector.forward(ps, sourceImage, sourceTargets, true, random);
 *     FasterRcnnOutput t = detector.forward(ps, targetImage, null, true, random); // unlabelled
 *     MinedRegions sr = miner.mine(s.roi().rois(), s.roi().roiObjectness(), s.roiFeatures(), s.image());
 *     MinedRegions tr = miner.mine(t.roi().rois(), t.roi().roiObjectness(), t.roiFeatures(), t.image());
 *     alignment.updateDiscriminators(gc, sr, tr);                  // 1
 *     alignment.updateEstimator(gc, sr, tr);                       // 2
 *     alignment.updateGenerators(gc, sr, tr);                      // 3
 *     NDArray lossF = s.totalLoss().add(alignment.detectorAlignmentLoss(sr, tr));
 *     if (FiniteCheck.isFinite(lossF)) { gc.backward(lossF); }    // 4: then step F's optimiser
 * }
 * }</pre>
 */
public final class RegionAlignment implements AdaptationModules, AutoCloseable {

    /** Loss keys of the four updates. */
    public static final String D_SOURCE = "align.d_source";
    /** Loss key: target discriminator (weighted by Wt). */
    public static final String D_TARGET = "align.d_target";
    /** Loss key: weighting estimator (Eq. 3). */
    public static final String W = "align.w";
    /** Loss key: source generator. */
    public static final String G_SOURCE = "align.g_source";
    /** Loss key: target generator (weighted by Wt). */
    public static final String G_TARGET = "align.g_target";
    /**
     * Loss key: the generators' L1 to the real patches, both domains, unweighted and unscaled
     * (logged only when {@link AlignmentConfig#generatorReconstruction()} is above 0).
     */
    public static final String G_RECONSTRUCTION = "align.g_reconstruction";
    /** Loss key: detector's cross-domain source term, unscaled. */
    public static final String F_SOURCE = "align.f_source";
    /** Loss key: detector's cross-domain target term, weighted by Wt, unscaled. */
    public static final String F_TARGET = "align.f_target";
    /** Loss key: {@code lambda * (F_SOURCE + F_TARGET)}, what the trainer adds to L_dec. */
    public static final String F_ADV = "align.f_adv";

    private final AlignmentConfig config;
    private final AlignmentShapes shapes;
    private final NDManager manager;
    private ParameterStore store;
    private final AdversarialTerms terms;
    private final WeightingEstimator estimator;
    private final List<Parameter> generatorParameters = new ArrayList<>();
    private final List<Parameter> discriminatorParameters = new ArrayList<>();
    private final List<Parameter> estimatorParameters = new ArrayList<>();
    private final Optimizer generatorOptimizer;
    private final Optimizer discriminatorOptimizer;
    private final Optimizer estimatorOptimizer;
    private final SplitMix64 labelNoise;
    private int skippedUpdates;
    /** Multiplies every alignment optimiser's learning rate (a warm-up ramp); 1 by default. */
    private float learningRateFactor = 1f;

    /**
     * Builds and initialises the modules the config needs (the engine's random seed decides
     * the initial weights); soft estimator labels, when on, are drawn with seed 0.
     *
     * @param parent manager under which a sub-manager holds the parameters
     */
    public RegionAlignment(AlignmentConfig config, AlignmentShapes shapes, NDManager parent) {
        this(config, shapes, parent, 0);
    }

    /**
     * As {@link #RegionAlignment(AlignmentConfig, AlignmentShapes, NDManager)}, with the seed of
     * the soft estimator labels' generator (its own, saved by {@link #saveState}, so that a
     * resumed run draws the labels the uninterrupted one would).
     */
    public RegionAlignment(AlignmentConfig config, AlignmentShapes shapes, NDManager parent, long seed) {
        this.labelNoise = new SplitMix64(seed);
        this.config = config;
        this.shapes = shapes;
        this.manager = parent.newSubManager();
        this.store = new ParameterStore(manager, false);
        terms = AdversarialTerms.create(config, shapes, new AdversarialTerms.ModuleInit() {
            @Override
            public <B extends Block> B generator(B block, Shape inputShape) {
                return init(block, inputShape, generatorParameters);
            }

            @Override
            public <B extends Block> B discriminator(B block, Shape inputShape) {
                return init(block, inputShape, discriminatorParameters);
            }
        });
        estimator = config.ablations().withoutEstimator() ? null
                : init(WeightingEstimator.create(shapes.featureDim()), AdversarialTerms.featureShape(shapes),
                        estimatorParameters);
        OptimizerSettings o = config.optimizers();
        discriminatorOptimizer = discriminatorOptimizer(o);
        estimatorOptimizer = discriminatorOptimizer(o);
        generatorOptimizer = Optimizer.adam()
                .optLearningRateTracker(scaled(o.generatorLr()))
                .optBeta1(o.generatorBeta1())
                .optBeta2(o.generatorBeta2())
                .build();
    }

    private <B extends Block> B init(B block, Shape inputShape, List<Parameter> group) {
        block.initialize(manager, DataType.FLOAT32, inputShape);
        group.addAll(block.getParameters().values());
        return block;
    }

    private Optimizer discriminatorOptimizer(OptimizerSettings o) {
        return switch (o.discriminatorOptimizer()) {
            case SGD -> Optimizer.sgd()
                    .setLearningRateTracker(scaled(o.discriminatorLr()))
                    .optWeightDecays(o.discriminatorWeightDecay())
                    .optMomentum(o.discriminatorMomentum())
                    .build();
            case ADAM -> Optimizer.adam()
                    .optLearningRateTracker(scaled(o.discriminatorLr()))
                    .optWeightDecays(o.discriminatorWeightDecay())
                    .optBeta1(OptimizerSettings.RELEASE_BETA1)
                    .optBeta2(OptimizerSettings.RELEASE_BETA2)
                    .build();
        };
    }

    /** A learning rate of {@code lr} times the current {@link #learningRateFactor}. */
    private Tracker scaled(float lr) {
        return numUpdate -> lr * learningRateFactor;
    }

    /**
     * Sets the factor every alignment optimiser's learning rate is multiplied by from the next
     * update on (a warm-up ramp; 1 by default). It is not part of the saved state: the trainer
     * sets it from the iteration.
     *
     * @param factor in {@code [0, 1]}
     */
    public void setLearningRateFactor(float factor) {
        if (!(factor >= 0 && factor <= 1)) {
            throw new IllegalArgumentException("learning-rate factor must be in [0, 1], got " + factor);
        }
        learningRateFactor = factor;
    }

    /** The current learning-rate factor. */
    public float learningRateFactor() {
        return learningRateFactor;
    }

    /** The config this alignment was built with. */
    public AlignmentConfig config() {
        return config;
    }

    /** The shapes this alignment was built for. */
    public AlignmentShapes shapes() {
        return shapes;
    }

    /** Parameters of Gs and Gt, or of the shared G (empty without generators). */
    public List<Parameter> generatorParameters() {
        return Collections.unmodifiableList(generatorParameters);
    }

    /** Parameters of Ds and Dt, of the shared four-way D, or of the feature discriminator without generators. */
    public List<Parameter> discriminatorParameters() {
        return Collections.unmodifiableList(discriminatorParameters);
    }

    /** Parameters of Dw (empty without estimator). */
    public List<Parameter> estimatorParameters() {
        return Collections.unmodifiableList(estimatorParameters);
    }

    /**
     * The target region weights Wt, detached.
     *
     * @param target mined target regions, features {@code (K, m, d)}
     * @return {@code (K)}: the mean over m of sigmoid(Dw), or ones without estimator
     */
    public NDArray targetWeights(MinedRegions target) {
        return targetWeights(target.features());
    }

    /** {@link #targetWeights(MinedRegions)} of target region features {@code (K, m, d)}, in their manager. */
    private NDArray targetWeights(NDArray features) {
        if (estimator == null) {
            return features.getManager().ones(new Shape(features.getShape().get(0)));
        }
        return GradMode.off(() -> WeightingEstimator.regionWeights(estimator.score(store, features.stopGradient(), false)));
    }

    /**
     * Step 1: Ds on source (real patches vs Gs output), Dt on target weighted by Wt (the whole
     * loss or its generated-patch term, {@link WeightingTarget}); the shared pairing's four-way
     * D on both; the discriminators' optimiser only. Without discriminators: nothing to do, empty
     * map. Without generators: the feature discriminator, source = 1, target = 0 (weighted). Opens its own
     * {@link GradientCollector}; use {@link #updateDiscriminators(GradientCollector,
     * MinedRegions, MinedRegions)} inside the trainer's.
     *
     * @return {@link #D_SOURCE}, {@link #D_TARGET} (scalars); a non-finite total is not applied
     *     and counted in {@link #skippedUpdates()}
     */
    public Map<String, NDArray> updateDiscriminators(MinedRegions source, MinedRegions target) {
        try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            return updateDiscriminators(gc, source, target);
        }
    }

    /** Step 1 using an already open collector (e.g. the trainer's, whose detector graph it leaves alone). */
    public Map<String, NDArray> updateDiscriminators(GradientCollector collector, MinedRegions source,
                                                     MinedRegions target) {
        if (discriminatorParameters.isEmpty()) {
            return Map.of();
        }
        NDManager outer = source.features().getManager();
        try (NDManager update = outer.newSubManager()) {
            RegionPair regions = detached(source, target, update);
            NDArray weights = targetWeights(regions.targetFeatures());
            zeroAllGradients();
            AdversarialTerms.Terms d = terms.discriminator(store, regions, weights);
            backwardAndStep(collector, d.source().add(d.target()), discriminatorParameters, discriminatorOptimizer);
            Map<String, NDArray> losses = new LinkedHashMap<>();
            losses.put(D_SOURCE, d.source());
            losses.put(D_TARGET, d.target());
            return keep(losses, outer);
        }
    }

    /**
     * Both images' regions with their features detached (steps 1 and 3 never reach F), as new
     * handles in {@code update}.
     *
     * <p>Why handles of their own: steps 1-3 run in a manager that closes once the update is
     * applied (the arrays an operation makes belong to its first input's manager). Their graphs
     * are spent by then, yet DJL would keep every array of them until the iteration ends: at the
     * paper's size (Type2, 1024x512) GBs of generator and discriminator activations, alive through
     * step 4 and the detector's backward (issue 17). Only the logged losses are kept, detached,
     * in the inputs' manager ({@link #keep}).
     */
    private static RegionPair detached(MinedRegions source, MinedRegions target, NDManager update) {
        return new RegionPair(handleIn(update, source.features()), handleIn(update, source.realPatches()),
                handleIn(update, target.features()), handleIn(update, target.realPatches()));
    }

    /** A detached handle of {@code array} in {@code manager} (null for null), sharing its memory. */
    private static NDArray handleIn(NDManager manager, NDArray array) {
        if (array == null) {
            return null;
        }
        NDArray handle = array.stopGradient();
        handle.attach(manager);
        return handle;
    }

    /** The losses as detached handles in {@code outer}, so they outlive the update's manager. */
    private static Map<String, NDArray> keep(Map<String, NDArray> losses, NDManager outer) {
        Map<String, NDArray> kept = new LinkedHashMap<>();
        losses.forEach((k, v) -> kept.put(k, handleIn(outer, v)));
        return kept;
    }

    /**
     * Step 2: Dw on source (label 1) and target (label 0) region features, Eq. 3; the
     * discriminators' optimiser (SGD or Adam) on Dw only.
     * Without estimator: empty map. Opens its own {@link GradientCollector}.
     *
     * @return {@link #W} (scalar); a non-finite loss is not applied and counted
     */
    public Map<String, NDArray> updateEstimator(MinedRegions source, MinedRegions target) {
        try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            return updateEstimator(gc, source, target);
        }
    }

    /** Step 2 using an already open collector. */
    public Map<String, NDArray> updateEstimator(GradientCollector collector, MinedRegions source,
                                                MinedRegions target) {
        if (estimator == null) {
            return Map.of();
        }
        NDManager outer = source.features().getManager();
        try (NDManager update = outer.newSubManager()) {
            NDArray sourceFeatures = handleIn(update, source.features());
            NDArray targetFeatures = handleIn(update, target.features());
            zeroAllGradients();
            NDArray sourceLogits = estimator.score(store, sourceFeatures, true);
            NDArray targetLogits = estimator.score(store, targetFeatures, true);
            NDArray loss;
            if (config.softEstimatorLabels()) {
                loss = RegionAlignmentLosses.estimatorLoss(
                        sourceLogits, uniform(update, 0.8f, 1f, sourceLogits.getShape()),
                        targetLogits, uniform(update, 0f, 0.3f, targetLogits.getShape()));
            } else {
                loss = RegionAlignmentLosses.estimatorLoss(sourceLogits, targetLogits);
            }
            backwardAndStep(collector, loss, estimatorParameters, estimatorOptimizer);
            Map<String, NDArray> losses = new LinkedHashMap<>();
            losses.put(W, loss);
            return keep(losses, outer);
        }
    }

    /** Labels drawn uniformly from [low, high) by {@link #labelNoise}. */
    private NDArray uniform(NDManager m, float low, float high, Shape shape) {
        float[] values = new float[Math.toIntExact(shape.size())];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) (low + (high - low) * labelNoise.nextDouble());
        }
        return HostTensors.floats(m, values, shape);
    }

    /**
     * Step 3: Gs judged real by Ds, Gt judged real by Dt weighted by Wt (the shared pairing: G's
     * patches judged source-real and target-real by the four-way D; without discriminators: L1
     * reconstruction of the real patches), plus {@link AlignmentConfig#generatorReconstruction()}
     * times the unweighted L1 to the real patches when above 0; Adam on the generators only.
     * Without generators: empty map. Opens its own {@link GradientCollector}.
     *
     * @return {@link #G_SOURCE}, {@link #G_TARGET} (scalars) and, with a reconstruction weight,
     *     {@link #G_RECONSTRUCTION}; a non-finite total is not applied and counted
     */
    public Map<String, NDArray> updateGenerators(MinedRegions source, MinedRegions target) {
        try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            return updateGenerators(gc, source, target);
        }
    }

    /** Step 3 using an already open collector. */
    public Map<String, NDArray> updateGenerators(GradientCollector collector, MinedRegions source,
                                                 MinedRegions target) {
        if (generatorParameters.isEmpty()) {
            return Map.of();
        }
        NDManager outer = source.features().getManager();
        try (NDManager update = outer.newSubManager()) {
            RegionPair regions = detached(source, target, update);
            NDArray weights = targetWeights(regions.targetFeatures());
            zeroAllGradients();
            float reconstructionWeight = config.generatorReconstruction();
            AdversarialTerms.Terms g = terms.generator(store, regions, weights, reconstructionWeight > 0);
            NDArray total = g.source().add(g.target());
            if (g.reconstruction() != null) {
                total = total.add(Scalars.mul(g.reconstruction(), reconstructionWeight));
            }
            backwardAndStep(collector, total, generatorParameters, generatorOptimizer);
            Map<String, NDArray> losses = new LinkedHashMap<>();
            losses.put(G_SOURCE, g.source());
            losses.put(G_TARGET, g.target());
            if (g.reconstruction() != null) {
                losses.put(G_RECONSTRUCTION, g.reconstruction());
            }
            return keep(losses, outer);
        }
    }

    /**
     * Step 4's alignment term, {@code lambda * (L^s_adv,F + Wt * L^t_adv,F)}: Dt judging
     * Gs(source features) as real, Ds judging Gt(target features) as real ({@link Pairing}: the
     * release's Dt(Gt(source)), Ds(Gs(target)); the shared G's source patches judged
     * target-real and its target patches source-real; without generators: the feature
     * discriminator with flipped labels; without discriminators: the L1 reconstruction). Call inside the trainer's {@link GradientCollector}; the gradient
     * reaches the region features, hence the RoI head and backbone, unless
     * {@link Ablations#detachRegionFeatures()}. Also writes gradients into G and D, which the
     * next update discards.
     *
     * @return scalar, to be added to L_dec
     */
    public NDArray detectorAlignmentLoss(MinedRegions source, MinedRegions target) {
        return detectorAlignmentLosses(source, target).get(F_ADV);
    }

    /**
     * As {@link #detectorAlignmentLoss} with the terms named for logging.
     *
     * @return {@link #F_SOURCE}, {@link #F_TARGET} (unscaled) and {@link #F_ADV} (the total)
     */
    public Map<String, NDArray> detectorAlignmentLosses(MinedRegions source, MinedRegions target) {
        NDArray weights = targetWeights(target);
        boolean detach = config.ablations().detachRegionFeatures();
        NDArray sourceFeatures = detach ? source.features().stopGradient() : source.features();
        NDArray targetFeatures = detach ? target.features().stopGradient() : target.features();
        AdversarialTerms.Terms f = terms.detector(store,
                new RegionPair(sourceFeatures, source.realPatches(), targetFeatures, target.realPatches()), weights);
        Map<String, NDArray> losses = new LinkedHashMap<>();
        losses.put(F_SOURCE, f.source());
        losses.put(F_TARGET, f.target());
        losses.put(F_ADV, Scalars.mul(f.source().add(f.target()), config.lambda()));
        return losses;
    }

    /**
     * Generated patches for pictures, without gradient.
     *
     * @param regions mined regions of one image, features {@code (K, m, d)}
     * @param sourceDomain true for Gs, false for Gt
     * @return {@code (K, 3, S, S)}, or null without generators
     */
    public NDArray reconstruct(MinedRegions regions, boolean sourceDomain) {
        return GradMode.off(() -> terms.generate(store, regions.features().stopGradient(), sourceDomain, false));
    }

    /** As {@link #zeroAllGradients()}: what a run's checkpoints and rollback call on the method's modules. */
    @Override
    public void zeroGradients() {
        zeroAllGradients();
    }

    /** Zeroes the gradients of every alignment parameter (G, D, Dw). */
    public void zeroAllGradients() {
        zero(generatorParameters);
        zero(discriminatorParameters);
        zero(estimatorParameters);
    }

    private static void zero(List<Parameter> group) {
        for (Parameter p : group) {
            NDArray array = p.getArray();
            if (!array.hasGradient()) {
                continue;
            }
            if (array instanceof PtNDArray pt) {
                JniUtils.zeroGrad(pt);
            } else {
                try (NDArray grad = array.getGradient()) {
                    grad.subi(grad);
                }
            }
        }
    }

    /** Updates that were not applied because their loss was NaN or infinite. */
    @Override
    public int skippedUpdates() {
        return skippedUpdates;
    }

    private void backwardAndStep(GradientCollector collector, NDArray total, List<Parameter> group,
                                 Optimizer optimizer) {
        if (!FiniteCheck.isFinite(total)) {
            skippedUpdates++;
            zeroAllGradients();
            return;
        }
        collector.backward(total);
        if (!gradientsFinite(group)) {
            // a finite loss can still give an overflowing gradient; DJL's SGD momentum and Adam
            // moments would keep the NaN forever, so the update is skipped before they see it
            skippedUpdates++;
            zeroAllGradients();
            return;
        }
        boolean gradMode = JniUtils.isGradMode();
        JniUtils.setGradMode(false);
        try {
            for (Parameter p : group) {
                NDArray array = p.getArray();
                if (!array.hasGradient()) {
                    continue;
                }
                try (NDArray grad = array.getGradient()) {
                    optimizer.update(p.getId(), array, grad);
                }
            }
        } finally {
            JniUtils.setGradMode(gradMode);
        }
        zeroAllGradients();
    }

    /** Whether every gradient of {@code group} is finite (parameters without one count as finite). */
    static boolean gradientsFinite(List<Parameter> group) {
        for (Parameter p : group) {
            NDArray array = p.getArray();
            if (!array.hasGradient()) {
                continue;
            }
            try (NDArray grad = array.getGradient()) {
                if (!FiniteCheck.isFinite(grad)) {
                    return false;
                }
            }
        }
        return true;
    }

    /**
     * Writes all module parameters only (optimiser state is not saved: after a reload with
     * {@link #loadParameters} the optimisers start fresh; {@link #saveState} saves both).
     */
    public void saveParameters(DataOutputStream out) throws IOException {
        for (Block b : blocks()) {
            b.saveParameters(out);
        }
    }

    /**
     * Reads parameters written by {@link #saveParameters} for the same config and shapes; they
     * stay trainable (DJL's loading replaces the arrays with ones that do not record gradients).
     */
    public void loadParameters(DataInputStream in) throws IOException, ai.djl.MalformedModelException {
        for (Block b : blocks()) {
            b.loadParameters(manager, in);
            for (Parameter p : b.getParameters().values()) {
                if (p.requiresGradient() && !p.getArray().hasGradient()) {
                    p.getArray().setRequiresGradient(true);
                }
            }
        }
    }

    /**
     * Writes everything a resumed run needs to continue exactly: the module parameters, the
     * three optimisers' state (SGD momentum or Adam moments of D and Dw, Adam moments and step counts of G), the
     * soft labels' generator. The
     * skipped-update count is not part of it (a rollback keeps counting): see
     * {@link #restoreSkippedUpdates}.
     */
    @Override
    public void saveState(DataOutputStream out) throws IOException {
        saveParameters(out);
        for (OptimizedGroup g : optimizedGroups()) {
            byte[] bytes = DjlOptimizerState.capture(g.optimizer(), g.parameters(), manager).encode();
            out.writeInt(bytes.length);
            out.write(bytes);
        }
        out.writeLong(labelNoise.state());
    }

    /** Reads what {@link #saveState} wrote for the same config and shapes. */
    @Override
    public void loadState(DataInputStream in) throws IOException, ai.djl.MalformedModelException {
        loadParameters(in);
        // loading put new arrays into the parameters; a store keeps the ones it saw first
        store = new ParameterStore(manager, false);
        for (OptimizedGroup g : optimizedGroups()) {
            int n = in.readInt();
            if (n < 0 || n > (1 << 30)) {
                throw new IOException("corrupt optimizer state length " + n);
            }
            byte[] bytes = in.readNBytes(n);
            try (NDManager tmp = manager.newSubManager()) {
                DjlOptimizerState.restore(g.optimizer(), g.parameters(), NDList.decode(tmp, bytes), manager);
            }
        }
        labelNoise.setState(in.readLong());
    }

    /** Sets the count of skipped updates (a resumed run continues its count). */
    @Override
    public void restoreSkippedUpdates(int count) {
        skippedUpdates = count;
    }

    private record OptimizedGroup(Optimizer optimizer, List<Parameter> parameters) {
    }

    private List<OptimizedGroup> optimizedGroups() {
        return List.of(new OptimizedGroup(discriminatorOptimizer, discriminatorParameters),
                new OptimizedGroup(estimatorOptimizer, estimatorParameters),
                new OptimizedGroup(generatorOptimizer, generatorParameters));
    }

    private List<Block> blocks() {
        List<Block> all = new ArrayList<>(terms.blocks());
        if (estimator != null) {
            all.add(estimator);
        }
        return all;
    }

    @Override
    public void close() {
        manager.close();
    }
}
