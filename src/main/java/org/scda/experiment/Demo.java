package org.scda.experiment;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.scda.adapt.AdaptationMethods;
import org.scda.adapt.adabn.AdabnCheckpoint;
import org.scda.adapt.core.AdaptConfig;
import org.scda.adapt.core.AdaptSettings;
import org.scda.adapt.core.AdaptSummary;
import org.scda.api.Detector;
import org.scda.data.Datasets;
import org.scda.data.DetectionDataset;
import org.scda.engine.SourceOnlyTraining;
import org.scda.engine.TrainSummary;
import org.scda.eval.EvaluationResult;
import org.scda.eval.Evaluators;
import org.scda.eval.Metric;

/**
 * The main job on the built-in data ({@code scda demo}): a source-only detector and an adapted
 * one trained for the same iterations on the default normal->foggy pair, then the source-only
 * detector after AdaBN (its BatchNorm statistics from target images, no training), each
 * evaluated on the foggy target's validation labels for reporting only.
 */
public final class Demo {

    /** Target images AdaBN takes its statistics from (as {@code scda adabn}'s default). */
    public static final int ADABN_IMAGES = AdaptSettings.DEFAULT_ADABN_IMAGES;

    private Demo() {
    }

    /** Told when each of the demo's steps starts (e.g. to print "[1/3] ..."). */
    public interface Steps {
        void started(int step, int of, String what);
    }

    /**
     * What the demo made.
     *
     * @param sourceOnly  the source-only run
     * @param adapted     the adapted run
     * @param adabnTarget the source-only detector after AdaBN, on target-val (labels for reporting only)
     * @param sourceOnlyDir its run directory
     * @param adaptedDir  the adapted run's directory (its pictures/ folder holds the region-mining pictures)
     * @param adabnCheckpoint the AdaBN'd source-only checkpoint
     */
    public record Result(TrainSummary sourceOnly, AdaptSummary adapted, EvaluationResult adabnTarget,
                         Path sourceOnlyDir, Path adaptedDir, Path adabnCheckpoint) {
    }

    /**
     * The demo's config: the CPU defaults with the adaptation {@code method} ({@code preset} is
     * the region preset of the method {@code scda} and must be null for the others),
     * {@code iterations} (the one rule) and {@code seed} (null: default).
     */
    public static AdaptConfig config(String method, String preset, int iterations, Long seed) {
        AdaptConfig base = AdaptConfig.defaults();
        Map<String, Object> overrides = new LinkedHashMap<>();
        overrides.put("adapt.method", method);
        overrides.put("adapt.preset", preset);
        overrides.put("seed", seed);
        return new AdaptConfig(base.train().withIterations(iterations), base.adapt()).withOverrides(overrides);
    }

    /** The adapted run's name in the demo: the region preset for {@code scda}, else the method. */
    public static String adaptedName(AdaptConfig cfg) {
        AdaptConfig resolved = AdaptationMethods.resolve(cfg);
        return org.scda.adapt.align.ScdaMethod.NAME.equals(resolved.adapt().method()) ? resolved.adapt().preset() : resolved.adapt().method();
    }

    /** Runs the three steps into {@code out}: {@code source-only/}, {@code NAME/} ({@link #adaptedName}), {@code source-only-adabn.ckpt}. */
    public static Result run(AdaptConfig cfg, Path out, Steps steps, PrintStream log) throws IOException {
        String preset = adaptedName(cfg);
        steps.started(1, 3, String.format(Locale.ROOT, "source-only detector, %d iterations on %s",
                cfg.train().solver().iterations(), cfg.train().data().source()));
        Path sourceOnlyDir = out.resolve("source-only");
        TrainSummary sourceOnly = new SourceOnlyTraining(cfg.train(), sourceOnlyDir, false, log).run();
        steps.started(2, 3, "adapted detector (" + preset + "), same iterations, unlabelled target " + cfg.adapt().target());
        Path adaptedDir = out.resolve(preset);
        AdaptSummary adapted = AdaptationMethods.training(cfg, adaptedDir, false, log).run();
        steps.started(3, 3, "AdaBN: the source-only detector with the target's BatchNorm statistics (" + ADABN_IMAGES
                + " unlabelled images, no training)");
        Path adabn = out.resolve("source-only-adabn.ckpt");
        AdabnCheckpoint.write(sourceOnlyDir, Datasets.load(cfg.adapt().target()), ADABN_IMAGES, adabn);
        DetectionDataset targetVal = Datasets.load(cfg.train().data().targetVal());
        EvaluationResult adabnTarget;
        try (Detector detector = Detector.load(adabn)) {
            adabnTarget = Evaluators.evaluate(targetVal, detector.runner().detect(targetVal, 0, "eval-tgt"), Metric.VOC07);
        }
        return new Result(sourceOnly, adapted, adabnTarget, sourceOnlyDir, adaptedDir, adabn);
    }
}
