package org.scda.adapt.teacher;

import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.scda.adapt.core.AdaptSettings;
import org.scda.adapt.core.AdaptationContext;
import org.scda.adapt.core.AdaptationMethod;
import org.scda.adapt.core.AdaptationPlan;
import org.scda.adapt.core.AdaptationResult;
import org.scda.adapt.core.TeacherSettings;
import org.scda.data.transform.StrongAugmentation;
import org.scda.engine.Checkpoints;
import org.scda.engine.Hooks;
import org.scda.model.FasterRcnn;
import org.scda.util.ScdaException;

/**
 * Mean-teacher self-training (Unbiased Teacher, Liu et al. ICLR 2021; Adaptive Teacher, Li et al.
 * CVPR 2022, without its discriminator): source-only burn-in for {@code warmupFraction} of the
 * iterations, then a teacher that is an EMA of the detector labels target images and the
 * detector learns from its confident boxes ({@link TeacherStep}). The teacher is what is
 * evaluated, selected (source-val, from its first iteration on, or last) and written.
 */
public final class MeanTeacherMethod implements AdaptationMethod {

    /** The method's name. */
    public static final String NAME = "mean-teacher";

    /** The reported checkpoint's file name when the last iteration is selected (model_last.ckpt holds the student). */
    public static final String TEACHER_CHECKPOINT = "model_teacher.ckpt";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "mean teacher (an EMA teacher's confident target boxes train the detector on strong augmentations)";
    }

    @Override
    public Set<String> settings() {
        return Set.of("warmupFraction", "teacher", "adabnImages", "picturePeriod");
    }

    @Override
    public void validate(AdaptSettings s) {
        if (!(s.warmupFraction() < 1)) {
            throw new IllegalArgumentException("adapt.warmupFraction must be < 1 for " + NAME
                    + " (the burn-in before the teacher starts), got " + s.warmupFraction());
        }
        if (s.picturePeriod() < 0) {
            throw new IllegalArgumentException("adapt.picturePeriod must be >= 0 (0 = never), got " + s.picturePeriod());
        }
        // adapt.teacher's values are checked by TeacherSettings
    }

    @Override
    public AdaptationPlan plan(AdaptationContext c) {
        if (c.model().hasMasks()) {
            throw new ScdaException("adapt.method " + NAME + " trains boxes only: model.mask must be false");
        }
        TeacherSettings t = c.settings().teacher();
        int iterations = c.train().solver().iterations();
        float keep = (float) t.keepRate(iterations);
        NDManager teacherManager = c.manager().newSubManager();
        FasterRcnn teacherModel = FasterRcnn.create(c.train().model(), c.source().numClasses());
        int side = c.train().model().input().shortSide();
        teacherModel.initialize(teacherManager, side, 2 * side);
        EmaTeacher teacher = new EmaTeacher(teacherModel, teacherManager);
        TeacherStep step = new TeacherStep(c.sourceImages(), c.targetImages(), teacher, StrongAugmentation.standard(),
                keep, (float) t.threshold(), (float) t.unsupervisedWeight(), c.warmupIterations(),
                c.settings().adabnImageCount(), c.log()::println);
        PseudoLabelPictures pictures = new PseudoLabelPictures(c.outDir().resolve("pictures"),
                c.settings().picturePeriod(), c.warmupIterations(), c.source().classNames());
        step.withObserver(pictures);
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("teacher_keep_rate", keep);
        summary.put("teacher_threshold", t.threshold());
        summary.put("teacher_unsupervised_weight", t.unsupervisedWeight());
        FasterRcnn student = c.model();
        return new AdaptationPlan(step, step, summary, pictures::written, teacherManager,
                () -> step.started() ? teacher.model() : student, c.warmupIterations() + 1);
    }

    /** The teacher as the reported checkpoint: model_best.ckpt holds it already; the last one is written. */
    @Override
    public AdaptationResult afterTraining(AdaptationContext c, AdaptationResult selected) throws IOException {
        if (!selected.checkpoint().getFileName().toString().equals(Checkpoints.LAST)) {
            return selected;
        }
        Path file = c.outDir().resolve(TEACHER_CHECKPOINT);
        Hooks.saveCheckpoint(file, c.loop(), c.evaluate().evaluatedModel(c.loop()), c.train(),
                c.source().classNames(), selected.evaluation().asMetrics());
        return new AdaptationResult(file, selected.evaluation());
    }
}
