package org.scda.adapt.teacher;

import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;
import org.scda.adapt.core.AdaptSettings;
import org.scda.adapt.core.AdaptationContext;
import org.scda.adapt.core.AdaptationMethod;
import org.scda.adapt.core.AdaptationPlan;
import org.scda.adapt.core.AdaptationResult;
import org.scda.adapt.core.AdaptationTerm;
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

    private static final Set<String> OWN = Set.of("warmupFraction", "teacher", "adabnImages", "picturePeriod");

    /** Alignment terms {@code teacher.align} may name, by name. */
    private final Map<String, AdaptationTerm.Factory> alignments;
    private final Set<String> settings;

    /** The teacher alone ({@code teacher.align: none} only). */
    public MeanTeacherMethod() {
        this(Map.of());
    }

    /**
     * @param alignments the terms {@code teacher.align} may name (e.g. {@code scda}: the region
     *                   alignment), handed over by the method table
     */
    public MeanTeacherMethod(Map<String, AdaptationTerm.Factory> alignments) {
        this.alignments = Map.copyOf(alignments);
        Set<String> all = new TreeSet<>(OWN);
        alignments.values().forEach(f -> all.addAll(f.settings()));
        this.settings = Set.copyOf(all);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "mean teacher (an EMA teacher's confident target boxes train the detector on strong augmentations)";
    }

    /** Its own settings and those of every alignment {@code teacher.align} may name. */
    @Override
    public Set<String> settings() {
        return settings;
    }

    /** Its own settings, and the alignment's when {@code teacher.align} names one. */
    @Override
    public Set<String> settingsRead(AdaptSettings s) {
        AdaptationTerm.Factory factory = alignments.get(s.teacher().align());
        if (factory == null) {
            return OWN;
        }
        Set<String> all = new TreeSet<>(OWN);
        all.addAll(factory.settings());
        return all;
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
        String align = s.teacher().align();
        AdaptationTerm.Factory factory = alignments.get(align);
        if (factory == null && !TeacherSettings.NO_ALIGNMENT.equals(align)) {
            List<String> names = new ArrayList<>(List.of(TeacherSettings.NO_ALIGNMENT));
            names.addAll(new TreeSet<>(alignments.keySet()));
            throw new IllegalArgumentException("adapt.teacher.align must be one of " + String.join(", ", names)
                    + ", got '" + align + "'");
        }
        Set<String> read = settingsRead(s);
        for (String key : s.changedFromDefaults()) {
            if (settings.contains(key) && !read.contains(key) && !AdaptSettings.SHARED.contains(key)) {
                List<String> readers = alignments.entrySet().stream().filter(e -> e.getValue().settings().contains(key))
                        .map(Map.Entry::getKey).sorted().toList();
                throw new IllegalArgumentException("adapt." + key + " is read by " + NAME + " only with "
                        + (readers.size() == 1 ? "the alignment" : "an alignment") + " (adapt.teacher.align: "
                        + String.join(" | ", readers) + "), not with align: " + align);
            }
        }
        if (factory != null) {
            factory.validate(s);
        }
    }

    @Override
    public AdaptationPlan plan(AdaptationContext c) {
        if (c.model().hasMasks()) {
            throw new ScdaException("adapt.method " + NAME + " trains boxes only: model.mask must be false");
        }
        TeacherSettings t = c.settings().teacher();
        int iterations = c.train().solver().iterations();
        if (c.warmupIterations() >= iterations) {
            throw new ScdaException("adapt.warmupFraction " + c.settings().warmupFraction() + " leaves no iteration of "
                    + iterations + " for the teacher (its burn-in is " + c.warmupIterations() + " iterations)");
        }
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
        String align = t.align();
        AdaptationTerm term = TeacherSettings.NO_ALIGNMENT.equals(align) ? null : alignments.get(align).create(c);
        if (term != null) {
            step.withAlignment(term, c.settings().targetProposals());
        }
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("teacher_keep_rate", keep);
        summary.put("teacher_threshold", t.threshold());
        summary.put("teacher_unsupervised_weight", t.unsupervisedWeight());
        summary.put("teacher_align", align);
        FasterRcnn student = c.model();
        Supplier<List<Path>> written = () -> {
            List<Path> all = new ArrayList<>(pictures.written());
            if (term != null) {
                all.addAll(term.pictures());
            }
            return all;
        };
        AutoCloseable resources = () -> {
            try (teacherManager) {
                if (term != null) {
                    term.close();
                }
            }
        };
        return new AdaptationPlan(step, step, summary, written, resources,
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
