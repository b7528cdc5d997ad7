package org.scda.adapt.align;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import java.util.LinkedHashMap;
import java.util.Map;
import org.scda.adapt.core.GradientDiagnostics;
import org.scda.adapt.core.TwoDomainStep;
import org.scda.adapt.core.UnlabelledImages;
import org.scda.adapt.mining.ImageNormalization;
import org.scda.adapt.mining.MinedRegions;
import org.scda.adapt.mining.Miner;
import org.scda.data.transform.ImageTransform;
import org.scda.engine.LrSchedule;
import org.scda.engine.StepResult;
import org.scda.engine.TrainingImages;
import org.scda.engine.TrainingLoop;
import org.scda.model.FasterRcnn;
import org.scda.model.FasterRcnnOutput;
import org.scda.model.ImageTargets;
import org.scda.ops.Scalars;

/**
 * One iteration of selective cross-domain alignment (the paper's section 3.4), run by
 * {@link TrainingLoop} in place of its supervised step. Per iteration: one labelled source
 * image and, after the source-only warm-up, one unlabelled target image, in one
 * {@link GradientCollector}:
 * <ol>
 *   <li>detector forward on the source (with its ground truth: L_dec, sampled RoIs and their
 *       features) and on the target ({@link FasterRcnn#forwardUnlabelled}: the top-N post-NMS
 *       proposals and their features);</li>
 *   <li>region mining on both (k-means on RoI centres, seeded by the run seed and iteration;
 *       on the source's top-N proposals instead of its sampled RoIs with {@link #withSourceRois}),
 *       or one whole-image region from the backbone map for the global ablation;</li>
 *   <li>the updates in the paper's order: (1) Ds, Dt; (2) Dw; (3) Gs, Gt; (4) F with
 *       {@code L_dec + lambda (L^s_adv,F + Wt L^t_adv,F)} through the detector's optimiser at
 *       the scheduled learning rate (the alignment gradient reaches the RoI head and backbone
 *       unless the region features are detached).</li>
 * </ol>
 * During warm-up only L_dec is trained and no target image is drawn ({@link #withAlignmentRamp}
 * instead ramps the alignment optimisers' learning rates). A non-finite detector loss
 * skips step 4 and is reported as a skipped step; alignment updates with non-finite losses are
 * skipped and counted by {@link RegionAlignment#skippedUpdates()}. Loss keys: the detector's
 * ({@code rpn.*}, {@code roi.*}) and {@code align.*} (plus {@value #WT_MEAN}).
 */
public final class AdaptationStep extends TwoDomainStep {

    /** Logged value: mean of the target region weights Wt. */
    public static final String WT_MEAN = "align.wt_mean";

    /** The detector normalises with ImageNet statistics; real patches are converted from it. */
    public static final ImageNormalization NORMALIZATION = new ImageNormalization(ImageTransform.MEAN, ImageTransform.STD);

    /** Sees what an aligned iteration mined, before the iteration's arrays are released (pictures). */
    public interface Observer {
        /** Whether {@link #mined} should be called for this iteration. */
        boolean wants(int iteration);

        /**
         * Called after the iteration's updates.
         *
         * @param sourceImage     {@code (1, 3, H, W)} normalised source image
         * @param source          its mined regions
         * @param targetImage     {@code (1, 3, H, W)} normalised target image
         * @param targetProposals the target proposals mined from, {@code N * 4}
         * @param target          its mined regions
         */
        void mined(int iteration, NDArray sourceImage, MinedRegions source, NDArray targetImage,
                   float[] targetProposals, MinedRegions target, RegionAlignment alignment);
    }

    /** The regions of one source and one target image. */
    public record Mined(MinedRegions source, MinedRegions target) {
    }

    private final RegionAlignment alignment;
    private final long seed;
    private Observer observer;
    /** Source proposals mined instead of the RoIs sampled for the head; 0 = the sampled RoIs. */
    private int sourceRois;
    /** The alignment optimisers' learning-rate factor by iteration, or null for 1 throughout. */
    private LrSchedule alignmentRamp;
    private int alignedIterations;
    /** This iteration's forwards and regions, for the observer after the update. */
    private FasterRcnnOutput sourceOut;
    private FasterRcnnOutput targetOut;
    private Mined mined;

    /**
     * @param source           labelled source images (null when only {@link #run(TrainingLoop, int, NDArray,
     *                         ImageTargets, NDArray)} is used)
     * @param target           unlabelled target images (null likewise)
     * @param alignment        the alignment modules and their optimisers
     * @param warmupIterations iterations trained source-only before alignment
     * @param targetProposals  top-N target proposals mined
     * @param seed             run seed; the k-means seed of iteration i is {@code seed + i}
     */
    public AdaptationStep(TrainingImages source, UnlabelledImages target, RegionAlignment alignment,
                          int warmupIterations, int targetProposals, long seed) {
        super(source, target, warmupIterations, targetProposals);
        this.alignment = alignment;
        this.seed = seed;
    }

    /** Sets who sees the mined regions (e.g. the picture writer); null for nobody. */
    public AdaptationStep withObserver(Observer newObserver) {
        this.observer = newObserver;
        return this;
    }

    /**
     * Which source RoIs feed region mining: 0 (default) the RoIs sampled for the head's loss
     * (the paper; at most {@code roi.batchSizePerImage}), N the source image's top-N post-NMS
     * proposals as for the target image (their features from one more RoI-head pass), so that
     * select-or-copy has more than K x m / 2 distinct RoIs to fill its K x m slots.
     */
    public AdaptationStep withSourceRois(int n) {
        if (n < 0) {
            throw new IllegalArgumentException("source RoIs must be >= 0 (0 = the sampled RoIs), got " + n);
        }
        this.sourceRois = n;
        return this;
    }

    /**
     * Multiplies the alignment optimisers' learning rates by {@code ramp.learningRate(iteration)}
     * (a factor in [0, 1], e.g. a warm-up from the solver's {@code warmupFactor} to 1) on every
     * aligned iteration; null (default) leaves them at their configured values.
     */
    public AdaptationStep withAlignmentRamp(LrSchedule ramp) {
        this.alignmentRamp = ramp;
        return this;
    }

    /**
     * Whether target images pass the backbone's BatchNorm with batch statistics (default) or
     * with the running (source) statistics, leaving them unchanged.
     */
    public AdaptationStep withTargetBatchStatistics(boolean batchStatistics) {
        this.targetBatchStatistics = batchStatistics;
        return this;
    }

    /**
     * Every {@code every}-th iteration ({@code (iteration + 1) % every == 0}) that aligns, measures
     * the detector's gradients of {@code L_dec} and of the alignment term apart
     * ({@link GradientDiagnostics}: extra backward passes on the iteration's graph, the update
     * itself unchanged); 0 (default) never. Read them with {@link #takeDiagnostics()}.
     */
    public AdaptationStep withGradientDiagnostics(int every) {
        diagnosis.every(every);
        return this;
    }

    /**
     * The {@code diag.*} values of the last diagnosed iteration, with {@code diag.iteration}
     * (1-based), {@code diag.lambda}, {@code diag.wt_mean}, {@code diag.l_dec},
     * {@code diag.l_align}, the discriminators' and estimator's losses; null when none since
     * the last call (which clears them).
     */
    @Override
    public Map<String, Double> takeDiagnostics() {
        return super.takeDiagnostics();
    }

    /** The first iteration with alignment. */
    public int warmupIterations() {
        return warmupIterations;
    }

    /** Iterations that ran the alignment updates so far. */
    public int alignedIterations() {
        return alignedIterations;
    }

    public RegionAlignment alignment() {
        return alignment;
    }

    /**
     * One iteration on given images instead of drawn ones (e.g. a benchmark's synthetic
     * images); the caller owns the images, the iteration's other arrays are released on return.
     *
     * @param sourceImage   normalised {@code (1, 3, H, W)} source image
     * @param sourceTargets its ground truth in input pixels
     * @param targetImage   normalised {@code (1, 3, H', W')} target image, or null during warm-up
     */
    public StepResult run(TrainingLoop loop, int iteration, NDArray sourceImage, ImageTargets sourceTargets,
                          NDArray targetImage) {
        try (NDManager scope = loop.manager().newSubManager()) {
            return iterate(loop, iteration, copyInto(scope, sourceImage), sourceTargets,
                    targetImage == null ? null : copyInto(scope, targetImage));
        }
    }

    /** A copy in {@code scope}, so that the iteration's results (owned by their first input's manager) live there. */
    private static NDArray copyInto(NDManager scope, NDArray array) {
        NDArray copy = array.duplicate();
        copy.attach(scope);
        return copy;
    }

    /** Mines both images' regions, then the updates (1) D, (2) Dw, (3) G; returns step 4's alignment term. */
    @Override
    protected NDArray adaptationTerm(GradientCollector gc, TrainingLoop loop, int iteration, FasterRcnnOutput s,
                                     FasterRcnnOutput t, Map<String, Double> values) {
        FasterRcnnOutput mining = sourceRois > 0
                ? loop.model().withTopProposals(loop.parameters(), s, sourceRois, loop.random()) : s;
        long phase = loop.phases().start();
        mined = mine(mining, t, iteration);
        loop.phases().add(TERM + ": region mining", phase);
        sourceOut = mining;
        targetOut = t;
        if (mined == null) {
            return null;
        }
        alignedIterations++;
        if (alignmentRamp != null) {
            alignment.setLearningRateFactor((float) alignmentRamp.learningRate(iteration));
        }
        phase = loop.phases().start();
        put(values, alignment.updateDiscriminators(gc, mined.source(), mined.target()));
        loop.phases().add(TERM + ": (1) discriminators", phase);
        phase = loop.phases().start();
        put(values, alignment.updateEstimator(gc, mined.source(), mined.target()));
        loop.phases().add(TERM + ": (2) weighting estimator", phase);
        phase = loop.phases().start();
        put(values, alignment.updateGenerators(gc, mined.source(), mined.target()));
        loop.phases().add(TERM + ": (3) generators", phase);
        phase = loop.phases().start();
        Map<String, NDArray> f = alignment.detectorAlignmentLosses(mined.source(), mined.target());
        put(values, f);
        loop.phases().add(TERM + ": detector's alignment loss", phase);
        values.put(WT_MEAN, (double) alignment.targetWeights(mined.target()).mean().getFloat());
        if (diagnosis.due(iteration)) {
            diagnose(loop, iteration, s.totalLoss(), f, values);
        }
        return f.get(RegionAlignment.F_ADV);
    }

    /** A skipped update leaves no alignment gradient behind; the observer sees what was mined. */
    @Override
    protected void afterUpdate(TrainingLoop loop, int iteration, double lr, boolean aligned, boolean finite) {
        if (!finite) {
            alignment.zeroAllGradients();
        }
        if (mined != null && observer != null && observer.wants(iteration)) {
            observer.mined(iteration, sourceOut.image(), mined.source(), targetOut.image(), targetOut.roi().rois(),
                    mined.target(), alignment);
        }
        mined = null;
        sourceOut = null;
        targetOut = null;
    }

    private void diagnose(TrainingLoop loop, int iteration, NDArray detection, Map<String, NDArray> f,
                          Map<String, Double> values) {
        NDArray adaptation = f.get(RegionAlignment.F_ADV);
        NDArray sourcePart = Scalars.mul(f.get(RegionAlignment.F_SOURCE), alignment.config().lambda());
        Map<String, Double> losses = new LinkedHashMap<>();
        for (String key : new String[] {WT_MEAN, RegionAlignment.D_SOURCE, RegionAlignment.D_TARGET,
            RegionAlignment.W, RegionAlignment.G_SOURCE, RegionAlignment.G_TARGET, RegionAlignment.F_SOURCE,
            RegionAlignment.F_TARGET}) {
            if (values.containsKey(key)) {
                losses.put(GradientDiagnostics.PREFIX + key.substring(key.indexOf('.') + 1), values.get(key));
            }
        }
        // the source term lambda * L^s_adv,F as the part; the target term is the rest
        recordDiagnosis(loop, iteration, alignment.config().lambda(), detection, adaptation, sourcePart, "source",
                alignment::zeroAllGradients, losses);
    }

    /**
     * Mines the regions of a source and a target forward pass: source RoIs = its
     * {@code roi().rois()} (those sampled for the head, or its top-N proposals with
     * {@link #withSourceRois}), target RoIs = its top-N proposals; the global ablation takes the
     * backbone maps.
     *
     * @return null when either image has no RoIs (the iteration then trains L_dec only)
     */
    public Mined mine(FasterRcnnOutput sourceOut, FasterRcnnOutput targetOut, int iteration) {
        if (alignment.config().ablations().global()) {
            return new Mined(GlobalRegions.fromBackbone(sourceOut.features(), sourceOut.image(), NORMALIZATION),
                    GlobalRegions.fromBackbone(targetOut.features(), targetOut.image(), NORMALIZATION));
        }
        if (sourceOut.roiFeatures() == null || targetOut.roiFeatures() == null) {
            return null;
        }
        Miner miner = alignment.config().newMiner(seed + iteration, NORMALIZATION);
        return new Mined(
                miner.mine(sourceOut.roi().rois(), sourceOut.roi().roiObjectness(), sourceOut.roiFeatures(),
                        sourceOut.image()),
                miner.mine(targetOut.roi().rois(), targetOut.roi().roiObjectness(), targetOut.roiFeatures(),
                        targetOut.image()));
    }
}
