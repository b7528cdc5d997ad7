package org.scda.adapt.teacher;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Map;
import java.util.Random;
import java.util.function.Consumer;
import org.scda.adapt.core.AdaptationModules;
import org.scda.adapt.core.AdaptationTerm;
import org.scda.adapt.core.BatchNormAdaptation;
import org.scda.adapt.core.TwoDomainStep;
import org.scda.adapt.core.UnlabelledImages;
import org.scda.data.transform.PhotometricTransform;
import org.scda.engine.StepResult;
import org.scda.engine.TrainingImages;
import org.scda.engine.TrainingLoop;
import org.scda.model.FasterRcnn;
import org.scda.model.FasterRcnnOutput;
import org.scda.model.ImageTargets;
import org.scda.model.roi.ImageDetections;
import org.scda.ops.Scalars;

/**
 * One mean-teacher iteration, run by {@link TrainingLoop} through {@link TwoDomainStep}: the
 * labelled source image with its full detection loss L_dec; after the burn-in (the warm-up of
 * source-only iterations) one target image in two views ({@link UnlabelledImages#nextViews}):
 * the teacher detects on the weak view (resize and flip), its detections scored at least the
 * threshold become pseudo-labels ({@link PseudoLabels}), and the student trains on the strong
 * view (the same image and flip with photometric strong augmentation) against them with RPN
 * objectness and RoI classification only (no box regression, as the published recipes), weighted
 * by {@code unsupervisedWeight}. After the student's update the teacher takes one EMA step
 * towards it ({@link EmaTeacher#update}) and its BatchNorm statistics one step towards the weak
 * view's ({@link BatchNormAdaptation#blend}).
 *
 * <p>The teacher starts at the first target iteration as a copy of the student, with AdaBN
 * statistics from {@code startImages} target images when the backbone has BatchNorm. Values
 * logged: the detector's losses, {@code teacher.rpn_objectness}, {@code teacher.roi_classifier}
 * (the student's losses on pseudo-labels) and {@code teacher.pseudo_labels} (boxes per image).
 */
public final class TeacherStep extends TwoDomainStep implements AdaptationModules {
    /** The keep rate of the teacher's BatchNorm statistics is at least this (a horizon of 100 images). */
    static final float MIN_STATISTICS_KEEP = 0.99f;

    private final EmaTeacher teacher;
    private final UnlabelledImages targetImages;
    private final PhotometricTransform strong;
    private final float keep;
    private final float threshold;
    private final float unsupervisedWeight;
    private final int startImages;
    private final Consumer<String> log;
    private boolean started;
    /** The teacher's view of this iteration's target image, from {@link #nextTarget} to {@link #afterUpdate}. */
    private NDArray weakView;
    private UnlabelledImages.Views views;
    private ImageTargets pseudoLabels;
    private PseudoLabelObserver observer;
    private AdaptationTerm alignment;
    private int alignmentProposals;
    /** The student's strong view with its top-N proposals' features, for {@link #alignment}. */
    private FasterRcnnOutput alignmentTarget;

    /** Sees each iteration's weak view and pseudo-labels (e.g. to draw them). */
    public interface PseudoLabelObserver {
        void observe(int iteration, UnlabelledImages.Views views, ImageTargets pseudoLabels);
    }

    /**
     * @param source           labelled source images
     * @param target           unlabelled target images
     * @param teacher          the teacher (a copy of the student is made when it starts)
     * @param strong           the student's photometric augmentation of target images
     * @param keep             the teacher's EMA keep rate per iteration
     * @param threshold        pseudo-label score threshold
     * @param unsupervisedWeight weight of the pseudo-label losses
     * @param warmupIterations burn-in iterations (source only) before the teacher starts
     * @param startImages      target images of the teacher's starting AdaBN statistics (0 = all)
     * @param log              progress messages (the teacher's start)
     */
    public TeacherStep(TrainingImages source, UnlabelledImages target, EmaTeacher teacher, PhotometricTransform strong,
                       float keep, float threshold, float unsupervisedWeight, int warmupIterations, int startImages,
                       Consumer<String> log) {
        super(source, target, warmupIterations, 1);
        this.teacher = teacher;
        this.targetImages = target;
        this.strong = strong;
        this.keep = keep;
        this.threshold = threshold;
        this.unsupervisedWeight = unsupervisedWeight;
        this.startImages = startImages;
        this.log = log;
    }

    /** Sees each target iteration's weak view and pseudo-labels. */
    public TeacherStep withObserver(PseudoLabelObserver newObserver) {
        this.observer = newObserver;
        return this;
    }

    /**
     * Adds another method's alignment term (e.g. the region alignment) on the source forward pass
     * and the student's strong view, whose top-{@code targetProposals} proposals and their RoI
     * features stand for the target image (one more RoI-head pass).
     */
    public TeacherStep withAlignment(AdaptationTerm term, int targetProposals) {
        this.alignment = term;
        this.alignmentProposals = targetProposals;
        return this;
    }

    /** Whether the teacher has started (from the first target iteration on). */
    public boolean started() {
        return started;
    }

    /** The teacher. */
    public EmaTeacher teacher() {
        return teacher;
    }

    /** Draws both views; starts the teacher at the first target iteration. */
    @Override
    protected NDArray nextTarget(UnlabelledImages images, Random random, NDManager scope) {
        views = images.nextViews(random, strong);
        weakView = views.weak().toNDArray(scope);
        return views.strong().toNDArray(scope);
    }

    private void start(TrainingLoop loop) {
        teacher.copyFrom(loop.model());
        String statistics = "";
        if (!BatchNormAdaptation.layers(teacher.model()).isEmpty()) {
            BatchNormAdaptation.Result r = BatchNormAdaptation.adapt(teacher.model(), loop.manager(),
                    targetImages.dataset(), startImages, targetImages.transform());
            statistics = String.format(", its BatchNorm statistics from %d target images (AdaBN)", r.images());
        }
        started = true;
        log.accept("mean teacher: starts at iteration " + loop.iteration() + " as a copy of the student" + statistics);
    }

    /** The teacher labels the weak view; the student sees the strong view with those pseudo-labels. */
    @Override
    protected FasterRcnnOutput forwardTarget(TrainingLoop loop, int iteration, NDArray strongView, Random random) {
        long phase = loop.phases().start();
        ImageDetections detections = teacher.model().forward(teacher.store(), weakView, null, false, random)
                .detections();
        pseudoLabels = PseudoLabels.of(detections, threshold);
        loop.phases().add(TARGET_FORWARD + ": teacher detection", phase);
        if (observer != null) {
            observer.observe(iteration, views, pseudoLabels);
        }
        phase = loop.phases().start();
        FasterRcnnOutput out = loop.model().forward(loop.parameters(), strongView, pseudoLabels, true, random);
        loop.phases().add(TARGET_FORWARD + ": student forward", phase);
        if (alignment != null && !alignment.readsRegions()) {
            alignmentTarget = out; // the student's backbone features of the strong view
        } else if (alignment != null) {
            // the regions' features from the student's view; their real patches from the teacher's (same pixel
            // frame, no augmentation), so that no discriminator can tell the domains apart by the augmentation
            phase = loop.phases().start();
            FasterRcnnOutput top = loop.model().withTopProposals(loop.parameters(), out, alignmentProposals, random);
            loop.phases().add(TARGET_FORWARD + ": alignment regions", phase);
            alignmentTarget = new FasterRcnnOutput(weakView, top.features(), top.proposals(), top.roi(), null,
                    Map.of());
        }
        return out;
    }

    /** {@code unsupervisedWeight * (rpn.objectness + roi.classifier)} of the student on pseudo-labels. */
    @Override
    protected NDArray adaptationTerm(GradientCollector collector, TrainingLoop loop, int iteration,
                                     FasterRcnnOutput source, FasterRcnnOutput target, Map<String, Double> values) {
        values.put("teacher.pseudo_labels", pseudoLabels == null ? 0.0 : pseudoLabels.size());
        if (!target.losses().containsKey(OBJECTNESS) || !target.losses().containsKey(CLASSIFIER)) {
            return null; // no RoI at all in the student's view (the RoI heads return no loss): L_dec only
        }
        values.put("teacher.rpn_objectness", (double) target.losses().get(OBJECTNESS).getFloat());
        values.put("teacher.roi_classifier", (double) target.losses().get(CLASSIFIER).getFloat());
        NDArray loss = unsupervisedLoss(target.losses(), unsupervisedWeight);
        if (alignment != null) {
            NDArray term = alignment.term(collector, loop, iteration, source, alignmentTarget, values);
            if (term != null) {
                loss = loss.add(term);
            }
        }
        return loss;
    }

    static final String OBJECTNESS = "rpn.objectness";
    static final String CLASSIFIER = "roi.classifier";

    /**
     * The student's loss on pseudo-labels: {@code weight * (rpn.objectness + roi.classifier)} of
     * a labelled forward's losses; its box regression losses are left out (pseudo-boxes are not
     * precise enough to regress to, as the published recipes find).
     */
    static NDArray unsupervisedLoss(Map<String, NDArray> losses, float weight) {
        // Scalars.mul: DJL's x.mul(number) frees the scalar that the backward pass reads
        return Scalars.mul(losses.get(OBJECTNESS).add(losses.get(CLASSIFIER)), weight);
    }

    /** The teacher's EMA step and its statistics' step (after the student's update only). */
    @Override
    protected void afterUpdate(TrainingLoop loop, int iteration, double lr, boolean aligned, boolean finite) {
        if (aligned && finite) {
            long phase = loop.phases().start();
            teacher.update(loop.model(), keep);
            loop.phases().add(AFTER_UPDATE + ": teacher EMA", phase);
            phase = loop.phases().start();
            BatchNormAdaptation.blend(teacher.model(), loop.manager(), weakView, Math.max(keep, MIN_STATISTICS_KEEP));
            loop.phases().add(AFTER_UPDATE + ": teacher statistics", phase);
        }
        if (alignment != null && aligned) {
            alignment.afterUpdate(loop, iteration, lr, finite);
        }
        weakView = null;
        views = null;
        pseudoLabels = null;
        alignmentTarget = null;
    }

    @Override
    public StepResult run(TrainingLoop loop, int iteration) {
        if (!started && iteration >= warmupIterations) {
            start(loop);
        }
        return super.run(loop, iteration);
    }

    /** The alignment term's skipped updates (the teacher's EMA step is never skipped). */
    @Override
    public int skippedUpdates() {
        return alignment == null ? 0 : alignment.skippedUpdates();
    }

    @Override
    public void restoreSkippedUpdates(int count) {
        if (alignment != null) {
            alignment.restoreSkippedUpdates(count);
        }
    }

    /** Whether the teacher has started, its parameters (running statistics too), then the alignment term's state. */
    @Override
    public void saveState(DataOutputStream out) throws IOException {
        out.writeBoolean(started);
        teacher.save(out);
        if (alignment != null) {
            alignment.saveState(out);
        }
    }

    @Override
    public void loadState(DataInputStream in) throws IOException, MalformedModelException {
        started = in.readBoolean();
        teacher.load(in);
        if (alignment != null) {
            alignment.loadState(in);
        }
    }

    /** The teacher has no gradients; the alignment term's modules are zeroed. */
    @Override
    public void zeroGradients() {
        if (alignment != null) {
            alignment.zeroGradients();
        }
    }
}
