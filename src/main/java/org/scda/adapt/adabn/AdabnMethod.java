package org.scda.adapt.adabn;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.scda.adapt.core.BatchNormAdaptation;
import org.scda.adapt.core.AdaptSettings;
import org.scda.adapt.core.AdaptationContext;
import org.scda.adapt.core.AdaptationMethod;
import org.scda.adapt.core.AdaptationPlan;
import org.scda.adapt.core.AdaptationResult;
import org.scda.engine.Checkpoint;
import org.scda.engine.Checkpoints;
import org.scda.engine.Hooks;
import org.scda.util.ScdaException;

/**
 * AdaBN as a method: the detector trains on the source alone (the supervised step, no target
 * image, no modules), is selected as any run's (best source-val or last), and then takes its
 * backbone's BatchNorm statistics from {@code adabnImages} unlabelled target images
 * ({@link BatchNormAdaptation}); that detector, {@value #CHECKPOINT}, is what the run reports.
 * Its checkpoint keeps the selected checkpoint's iteration (and state): its weights are of that
 * iteration, whatever the loop's last one. Needs a backbone with BatchNorm.
 */
public final class AdabnMethod implements AdaptationMethod {

    /** The method's name. */
    public static final String NAME = "adabn";

    /** The reported checkpoint's file name in the run directory. */
    public static final String CHECKPOINT = "model_adabn.ckpt";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "AdaBN (source-only training, then the backbone's BatchNorm statistics from target images)";
    }

    @Override
    public Set<String> settings() {
        return Set.of("adabnImages");
    }

    @Override
    public void validate(AdaptSettings settings) {
        // adabnImages >= 0 is checked by AdaptSettings; the backbone's BatchNorm when the model exists
    }

    @Override
    public boolean trainsWithTarget() {
        return false;
    }

    @Override
    public AdaptationPlan plan(AdaptationContext context) {
        if (BatchNormAdaptation.layers(context.model()).isEmpty()) {
            throw new ScdaException("adapt.method " + NAME + " needs a backbone with BatchNorm; "
                    + context.train().model().backbone() + " has none");
        }
        return AdaptationPlan.supervised(Map.of("adabn_images", context.settings().adabnImageCount()));
    }

    @Override
    public AdaptationResult afterTraining(AdaptationContext c, AdaptationResult selected) throws IOException {
        Checkpoint from = Checkpoints.loadInto(selected.checkpoint(), c.model(), c.manager());
        BatchNormAdaptation.Result r = AdabnCheckpoint.adaptInPlace(c.model(), c.manager(), c.target(),
                c.settings().adabnImageCount(), c.transform());
        Path file = c.outDir().resolve(CHECKPOINT);
        Hooks.Evaluation measured = c.evaluate().measure(c.loop());
        // the weights are the selected iteration's, not the loop's last: checkpoint and evaluation say so
        Hooks.Evaluation e = new Hooks.Evaluation(from.iteration(), measured.sourceVal(), measured.targetVal(),
                measured.sourceValMask(), measured.targetValMask());
        Checkpoints.save(file, new Checkpoint(from.config(), from.classNames(), from.iteration(), from.rngState(),
                from.optimizer(), from.optimizerState(), e.asMetrics(), from.run()), c.model());
        c.log().printf("AdaBN: %d BatchNorm layers from %d target images, %s: source-val mAP %.4f%s%n", r.layers(),
                r.images(), file.getFileName(), e.sourceVal().mAP(), e.targetVal() == null ? ""
                        : String.format(java.util.Locale.ROOT, ", target-val mAP %.4f", e.targetVal().mAP()));
        return new AdaptationResult(file, e);
    }
}
