package org.scda.adapt.align;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDArray;
import ai.djl.training.GradientCollector;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.scda.adapt.core.AdaptSettings;
import org.scda.adapt.core.AdaptationContext;
import org.scda.adapt.core.AdaptationTerm;
import org.scda.engine.TrainingLoop;
import org.scda.model.FasterRcnnOutput;

/**
 * Selective cross-domain alignment as a term on another method's iteration: region mining on
 * both forward passes, the updates (1) D, (2) Dw, (3) G and the detector's alignment loss,
 * exactly as {@link AdaptationStep} computes them (it is that step's term, the step never run
 * itself), with the region-mining pictures.
 */
final class RegionAlignmentTerm implements AdaptationTerm {
    /** {@link ScdaMethod}'s settings but those of its own iteration. */
    static final Set<String> TERM_SETTINGS;

    static {
        Set<String> s = new TreeSet<>(new ScdaMethod().settings());
        s.removeAll(List.of("warmupFraction", "warmup", "targetBatchStatistics", "diagnoseGradientsEvery"));
        TERM_SETTINGS = Set.copyOf(s);
    }

    private final RegionAlignment alignment;
    private final AdaptationStep step;
    private final MiningPictures pictures;

    RegionAlignmentTerm(RegionAlignment alignment, AdaptationStep step, MiningPictures pictures) {
        this.alignment = alignment;
        this.step = step;
        this.pictures = pictures;
    }

    /**
     * The factory a host method uses: the settings of {@link ScdaMethod} but for those of its own
     * iteration (the warm-up, target BatchNorm statistics, gradient diagnostics), which the host's
     * iteration decides.
     */
    static final AdaptationTerm.Factory FACTORY = new AdaptationTerm.Factory() {
        @Override
        public Set<String> settings() {
            return TERM_SETTINGS;
        }

        @Override
        public void validate(AdaptSettings s) {
            new ScdaMethod().validate(s);
        }

        @Override
        public AdaptationTerm create(AdaptationContext c) {
            AlignmentConfig config = ScdaMethod.alignment(c.settings());
            RegionAlignment alignment = new RegionAlignment(config,
                    ScdaMethod.shapes(config, c.model(), c.transform(), c.source(), c.target()), c.manager(),
                    c.train().seed());
            MiningPictures pictures = new MiningPictures(c.outDir().resolve("pictures"), c.settings().picturePeriod(),
                    c.warmupIterations());
            AdaptationStep step = new AdaptationStep(null, null, alignment, c.warmupIterations(),
                    c.settings().targetProposals(), c.train().seed()).withObserver(pictures)
                    .withSourceRois(c.settings().sourceRois());
            return new RegionAlignmentTerm(alignment, step, pictures);
        }
    };

    @Override
    public NDArray term(GradientCollector collector, TrainingLoop loop, int iteration, FasterRcnnOutput source,
                        FasterRcnnOutput target, Map<String, Double> values) {
        return step.adaptationTerm(collector, loop, iteration, source, target, values);
    }

    @Override
    public void afterUpdate(TrainingLoop loop, int iteration, double lr, boolean finite) {
        step.afterUpdate(loop, iteration, lr, true, finite);
    }

    @Override
    public List<Path> pictures() {
        return pictures.written();
    }

    @Override
    public int skippedUpdates() {
        return alignment.skippedUpdates();
    }

    @Override
    public void restoreSkippedUpdates(int count) {
        alignment.restoreSkippedUpdates(count);
    }

    @Override
    public void saveState(DataOutputStream out) throws IOException {
        alignment.saveState(out);
    }

    @Override
    public void loadState(DataInputStream in) throws IOException, MalformedModelException {
        alignment.loadState(in);
    }

    @Override
    public void zeroGradients() {
        alignment.zeroGradients();
    }

    @Override
    public void close() {
        alignment.close();
    }
}
