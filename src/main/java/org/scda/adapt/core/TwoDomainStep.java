package org.scda.adapt.core;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.scda.engine.PhaseTimes;
import org.scda.engine.StepResult;
import org.scda.engine.TrainingImages;
import org.scda.engine.TrainingLoop;
import org.scda.model.FasterRcnn;
import org.scda.model.FasterRcnnOutput;
import org.scda.model.ImageTargets;

/**
 * The iteration the methods that train with target images share, run by {@link TrainingLoop}: one labelled source
 * image and, from {@code warmupIterations} on, one unlabelled target image; in one
 * {@link GradientCollector} the source forward (with L_dec), the target forward
 * ({@link FasterRcnn#forwardUnlabelled}: its top-N proposals and their RoI features) and the
 * method's {@link #adaptationTerm}, added to L_dec; one backward; the detector's optimiser at the
 * scheduled learning rate; then the method's {@link #afterUpdate}. A non-finite total skips the
 * backward and the update and is reported as a skipped step. During warm-up only L_dec is
 * trained and no target image is drawn.
 *
 * <p>Subclasses: the method packages' steps ({@code AdaptationStep} of selective cross-domain
 * alignment, {@code DaFasterStep} of the DA Faster R-CNN baseline, {@code TeacherStep} of the
 * mean teacher, which draws two views of the target image in {@link #nextTarget} and trains the
 * student on pseudo-labels in {@link #forwardTarget}).
 */
public abstract class TwoDomainStep implements TrainingLoop.Step, GradientDiagnostics.Source {
    private final TrainingImages source;
    private final UnlabelledImages target;
    /** The first iteration with a target image. */
    protected final int warmupIterations;
    /** Top-N post-NMS target proposals kept. */
    protected final int targetProposals;
    /** Whether target images pass the backbone's BatchNorm with batch statistics. */
    protected boolean targetBatchStatistics = true;
    /** The gradient diagnostic's schedule (off unless set). */
    protected final GradientDiagnostics.Schedule diagnosis = new GradientDiagnostics.Schedule();

    /**
     * @param source           labelled source images (null when images are given to {@link #iterate})
     * @param target           unlabelled target images (null likewise)
     * @param warmupIterations iterations trained source-only first
     * @param targetProposals  top-N target proposals
     */
    protected TwoDomainStep(TrainingImages source, UnlabelledImages target, int warmupIterations, int targetProposals) {
        this.source = source;
        this.target = target;
        this.warmupIterations = warmupIterations;
        this.targetProposals = targetProposals;
    }

    /**
     * The method's term, inside the iteration's collector after both forwards; it may run
     * updates of its own modules there (they leave the detector's graph alone) and put values
     * to log into {@code values}.
     *
     * @return the term added to L_dec (a scalar on the detector's graph), or null for none
     */
    protected abstract NDArray adaptationTerm(GradientCollector collector, TrainingLoop loop, int iteration,
                                              FasterRcnnOutput source, FasterRcnnOutput target,
                                              Map<String, Double> values);

    /**
     * After the detector's update (or its skip), before the iteration's arrays are released.
     *
     * @param aligned whether the iteration had a target image
     * @param finite  whether the detector was updated (finite loss and gradients)
     */
    protected abstract void afterUpdate(TrainingLoop loop, int iteration, double lr, boolean aligned, boolean finite);

    /** The phases every two-domain iteration records in {@link TrainingLoop#phases()}. */
    public static final String SOURCE_IMAGE = "source image";
    public static final String TARGET_IMAGE = "target image";
    public static final String SOURCE_FORWARD = "source forward";
    public static final String TARGET_FORWARD = "target forward";
    public static final String TERM = "adaptation term";
    public static final String BACKWARD = "backward";
    public static final String UPDATE = "detector update";
    public static final String AFTER_UPDATE = "after update";

    @Override
    public Map<String, Double> takeDiagnostics() {
        return diagnosis.take();
    }

    @Override
    public StepResult run(TrainingLoop loop, int iteration) {
        PhaseTimes phases = loop.phases();
        long start = phases.start();
        phases.regime(iteration >= warmupIterations ? PhaseTimes.ADAPTATION : PhaseTimes.SOURCE_ONLY);
        try (NDManager scope = loop.manager().newSubManager()) {
            Random random = loop.random();
            long images = phases.start();
            TrainingImages.Example example = source.next(random);
            NDArray sourceImage = example.image().toNDArray(scope);
            phases.add(SOURCE_IMAGE, images);
            images = phases.start();
            NDArray targetImage = iteration >= warmupIterations ? nextTarget(target, random, scope) : null;
            if (targetImage != null) {
                phases.add(TARGET_IMAGE, images);
            }
            return iterate(loop, iteration, sourceImage, example.targets(), targetImage);
        } finally {
            phases.add(PhaseTimes.ITERATION, start);
        }
    }

    /**
     * Draws the iteration's target image from {@code images} (after the source image, from the
     * loop's {@code random}) as the student's input {@code (1, 3, H, W)} in {@code scope}; by
     * default the next image as it is. A method that needs more of the image than the student's
     * view (e.g. a teacher's view of it) keeps it for {@link #forwardTarget}.
     */
    protected NDArray nextTarget(UnlabelledImages images, Random random, NDManager scope) {
        return images.next(random).toNDArray(scope);
    }

    /**
     * The target image through the detector, inside the iteration's gradient collector: by
     * default {@link FasterRcnn#forwardUnlabelled} (top-N proposals and their RoI features, no
     * losses). A method may return losses of its own in the output (e.g. on pseudo-labels);
     * they reach L only through its {@link #adaptationTerm}.
     *
     * @param targetImage normalised {@code (1, 3, H, W)} from {@link #nextTarget}
     */
    protected FasterRcnnOutput forwardTarget(TrainingLoop loop, int iteration, NDArray targetImage, Random random) {
        return loop.model().forwardUnlabelled(loop.parameters(), targetImage, targetProposals, targetBatchStatistics,
                true, random);
    }

    /**
     * One iteration on given images; the arrays it makes belong to the images' manager.
     *
     * @param sourceImage   normalised {@code (1, 3, H, W)} source image
     * @param sourceTargets its ground truth in input pixels
     * @param targetImage   normalised {@code (1, 3, H', W')} target image, or null (source-only)
     */
    protected final StepResult iterate(TrainingLoop loop, int iteration, NDArray sourceImage,
                                       ImageTargets sourceTargets, NDArray targetImage) {
        long start = System.nanoTime();
        double lr = loop.schedule().learningRate(iteration);
        FasterRcnn model = loop.model();
        Random random = loop.random();
        boolean aligned = iteration >= warmupIterations && targetImage != null;
        Map<String, Double> values = new LinkedHashMap<>();
        double total;
        boolean finite;
        PhaseTimes phases = loop.phases();
        long phase;
        try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            phase = phases.start();
            FasterRcnnOutput s = model.forward(loop.parameters(), sourceImage, sourceTargets, true, random);
            put(values, s.losses());
            NDArray loss = s.totalLoss();
            phases.add(SOURCE_FORWARD, phase);
            if (aligned) {
                phase = phases.start();
                FasterRcnnOutput t = forwardTarget(loop, iteration, targetImage, random);
                phases.add(TARGET_FORWARD, phase);
                phase = phases.start();
                NDArray term = adaptationTerm(gc, loop, iteration, s, t, values);
                phases.add(TERM, phase);
                if (term != null) {
                    loss = loss.add(term);
                }
            }
            total = loss.getFloat();
            finite = Double.isFinite(total);
            phase = phases.start();
            if (finite) {
                gc.backward(loss);
            }
            phases.add(BACKWARD, phase);
        }
        phase = phases.start();
        if (finite) {
            finite = loop.optimizer().step(lr);
        }
        phases.add(UPDATE, phase);
        phase = phases.start();
        afterUpdate(loop, iteration, lr, aligned, finite);
        if (aligned) {
            phases.add(AFTER_UPDATE, phase);
        }
        return new StepResult(iteration, values, total, lr, !finite, (System.nanoTime() - start) / 1e9);
    }

    /**
     * Records one gradient diagnosis ({@link GradientDiagnostics#measure}) of this iteration:
     * {@code diag.iteration} (1-based), {@code diag.lambda}, {@code diag.l_dec}, {@code diag.l_align},
     * then {@code extra} and the gradient norms, the part's under {@code diag.grad_align_PARTNAME.*}.
     * Nothing is recorded when either loss is not finite.
     *
     * @param adaptation the whole adaptation term added to L_dec
     * @param part       a part of it measured apart
     * @param zeroOwn    zeroes the method's own modules' gradients after the extra backward passes
     */
    protected final void recordDiagnosis(TrainingLoop loop, int iteration, float lambda, NDArray detection,
                                         NDArray adaptation, NDArray part, String partName, Runnable zeroOwn,
                                         Map<String, Double> extra) {
        if (!Double.isFinite(detection.getFloat()) || !Double.isFinite(adaptation.getFloat())) {
            return;
        }
        Map<String, Double> d = new LinkedHashMap<>();
        d.put(GradientDiagnostics.PREFIX + "iteration", (double) (iteration + 1));
        d.put(GradientDiagnostics.PREFIX + "lambda", (double) lambda);
        d.put(GradientDiagnostics.PREFIX + "l_dec", (double) detection.getFloat());
        d.put(GradientDiagnostics.PREFIX + "l_align", (double) adaptation.getFloat());
        d.putAll(extra);
        GradientDiagnostics.measure(loop.model(), detection, adaptation, part, zeroOwn, diagnosis.sums(loop.manager()))
                .forEach((k, v) -> d.put(k.replace(".grad_part.", ".grad_align_" + partName + "."), v));
        diagnosis.record(d);
    }

    /** Each array's value as a double under its name. */
    protected static void put(Map<String, Double> values, Map<String, NDArray> arrays) {
        arrays.forEach((k, v) -> values.put(k, (double) v.getFloat()));
    }
}
