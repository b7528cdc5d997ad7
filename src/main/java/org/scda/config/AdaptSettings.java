package org.scda.config;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import org.scda.adapt.align.AlignmentConfig;
import org.scda.adapt.align.AlignmentPreset;
import org.scda.adapt.align.OptimizerSettings;

/**
 * The {@code adapt:} section of an adaptation config: the unlabelled target data, the region
 * preset, the alignment's hyperparameters and the run's adaptation-specific behaviour.
 *
 * @param method                  {@code scda} (selective cross-domain alignment, the paper) or
 *                                {@code da-faster} (the DA Faster R-CNN baseline: image- and
 *                                instance-level domain classifiers, {@code lambda} and the
 *                                warm-up, target proposals and model selection of this section)
 * @param target                  unlabelled target training data (dataset spec; labels, if any, are not read)
 * @param preset                  Table 1 preset: type1, type2, type3 (paper size) or cpu-type1..3
 * @param k                       regions per image, 0 = the preset's
 * @param m                       features per region, 0 = the preset's
 * @param regionSize              region side in input pixels, 0 = the preset's
 * @param warmupFraction          fraction of the iterations trained source-only before alignment starts
 * @param lambda                  weight of the detector's alignment loss (paper: 0.1)
 * @param targetProposals         top-N post-NMS target proposals mined (release: 512 at paper size)
 * @param softEstimatorLabels     train Dw with the release's soft labels
 * @param generatorResidualBlocks residual blocks at the start of each generator (release: 3)
 * @param discriminatorLr         SGD learning rate of Ds, Dt, Dw (paper: 1e-4)
 * @param discriminatorWeightDecay SGD weight decay of Ds, Dt, Dw (paper: 5e-4)
 * @param discriminatorMomentum   SGD momentum of Ds, Dt, Dw
 * @param generatorLr             Adam learning rate of Gs, Gt (paper: 1e-4)
 * @param generatorBeta1          Adam beta1 (paper: 0.9)
 * @param generatorBeta2          Adam beta2 (paper: 0.99)
 * @param ablations               ablation switches
 * @param picturePeriod           write a region-mining picture every N iterations, 0 = never
 * @param modelSelection          {@code source-val} (best source-val mAP) or {@code last}; never target labels
 * @param targetBatchStatistics   target images pass the backbone's BatchNorm in training mode (batch
 *                                statistics, updating the running averages, as a plain train-mode
 *                                forward does); false: normalised with the running statistics, which
 *                                then come from source images only, so that target images change the
 *                                detector only through the adaptation loss (a control for AdaBN-like gains)
 * @param diagnoseGradientsEvery  diagnostic, off (0) by default and then left out of written configs:
 *                                every N-th aligned iteration, extra backward passes measure the
 *                                detector's gradient of L_dec and of the alignment term apart
 *                                ({@code diag.*} lines in metrics.jsonl); the training is unchanged
 */
public record AdaptSettings(
        @JsonPropertyDescription("scda | da-faster") String method,
        @JsonPropertyDescription("unlabelled target training dataset spec") String target,
        @JsonPropertyDescription("type1 | type2 | type3 | cpu-type1 | cpu-type2 | cpu-type3") String preset,
        @JsonPropertyDescription("regions per image, 0 = preset") int k,
        @JsonPropertyDescription("features per region, 0 = preset") int m,
        @JsonPropertyDescription("region side in input pixels, 0 = preset") int regionSize,
        @JsonPropertyDescription("fraction of iterations trained source-only first") double warmupFraction,
        @JsonPropertyDescription("weight of the detector's alignment loss") double lambda,
        @JsonPropertyDescription("top-N post-NMS target proposals mined") int targetProposals,
        @JsonPropertyDescription("soft labels for the weighting estimator (release)") boolean softEstimatorLabels,
        @JsonPropertyDescription("generator residual blocks (release: 3)") int generatorResidualBlocks,
        @JsonPropertyDescription("SGD learning rate of Ds, Dt, Dw") double discriminatorLr,
        @JsonPropertyDescription("SGD weight decay of Ds, Dt, Dw") double discriminatorWeightDecay,
        @JsonPropertyDescription("SGD momentum of Ds, Dt, Dw") double discriminatorMomentum,
        @JsonPropertyDescription("Adam learning rate of Gs, Gt") double generatorLr,
        @JsonPropertyDescription("Adam beta1 of Gs, Gt") double generatorBeta1,
        @JsonPropertyDescription("Adam beta2 of Gs, Gt") double generatorBeta2,
        AblationSettings ablations,
        @JsonPropertyDescription("region-mining picture every N iterations, 0 = never") int picturePeriod,
        @JsonPropertyDescription("source-val | last (target labels are never used)") String modelSelection,
        @JsonPropertyDescription("target images update BatchNorm statistics (false: source statistics only)")
        boolean targetBatchStatistics,
        @JsonInclude(JsonInclude.Include.NON_DEFAULT)
        @JsonPropertyDescription("diagnostic: measure the detector's gradients of L_dec and of the alignment apart"
                + " every N aligned iterations (diag.* lines in metrics.jsonl), 0 = never")
        Integer diagnoseGradientsEvery) {

    /** Model selection by the best source-val mAP. */
    public static final String SELECT_SOURCE_VAL = "source-val";
    /** Model selection: the last iteration. */
    public static final String SELECT_LAST = "last";

    /** The paper's method. */
    public static final String METHOD_SCDA = "scda";
    /** The DA Faster R-CNN baseline. */
    public static final String METHOD_DA_FASTER = "da-faster";

    public AdaptSettings {
        if (!METHOD_SCDA.equals(method) && !METHOD_DA_FASTER.equals(method)) {
            throw new IllegalArgumentException("adapt.method must be 'scda' or 'da-faster', got '" + method + "'");
        }
        AlignmentPreset.named(preset);
        if (k < 0 || m < 0 || regionSize < 0) {
            throw new IllegalArgumentException("adapt.k, adapt.m, adapt.regionSize must be >= 0 (0 = preset)");
        }
        if (!(warmupFraction >= 0 && warmupFraction <= 1)) {
            throw new IllegalArgumentException("adapt.warmupFraction must be in [0, 1], got " + warmupFraction);
        }
        if (targetProposals < 1) {
            throw new IllegalArgumentException("adapt.targetProposals must be >= 1");
        }
        requireLearningRate("adapt.discriminatorLr", discriminatorLr);
        requireLearningRate("adapt.generatorLr", generatorLr);
        if (!SELECT_SOURCE_VAL.equals(modelSelection) && !SELECT_LAST.equals(modelSelection)) {
            throw new IllegalArgumentException("adapt.modelSelection must be 'source-val' or 'last', got '"
                    + modelSelection + "'");
        }
        if (ablations == null) {
            ablations = AblationSettings.NONE;
        }
        if (diagnoseGradientsEvery == null) {
            diagnoseGradientsEvery = 0; // absent from a file: written configs leave it out while 0
        }
        if (diagnoseGradientsEvery < 0) {
            throw new IllegalArgumentException("adapt.diagnoseGradientsEvery must be >= 0 (0 = never)");
        }
        alignment(preset, k, m, regionSize, lambda, generatorResidualBlocks, softEstimatorLabels, discriminatorLr,
                discriminatorWeightDecay, discriminatorMomentum, generatorLr, generatorBeta1, generatorBeta2,
                ablations);
    }

    /**
     * The CPU default: Type2 scaled to 256x128 on the built-in foggy pair, the paper's lambda
     * and optimisers, no generator residual blocks (2-4x cheaper on the CPU).
     */
    public static AdaptSettings defaults() {
        // the paper's values as decimals (OptimizerSettings.PAPER and AlignmentConfig.PAPER_LAMBDA as doubles)
        return new AdaptSettings(METHOD_SCDA, "synth:foggy/target/train", "cpu-type2", 0, 0, 0, 0.3, 0.1, 128, false, 0,
                1e-4, 5e-4, 0.9, 1e-4, 0.9, 0.99, AblationSettings.NONE, 250, SELECT_SOURCE_VAL, true, 0);
    }

    private static void requireLearningRate(String name, double lr) {
        if (!(lr > 0) || Double.isInfinite(lr)) {
            throw new IllegalArgumentException(name + " must be a finite number > 0, got " + lr);
        }
    }

    /** The preset with the k / m / regionSize overrides applied. */
    public AlignmentPreset resolvedPreset() {
        return resolve(preset, k, m, regionSize);
    }

    /** The alignment modules' config these settings describe. */
    public AlignmentConfig alignment() {
        return alignment(preset, k, m, regionSize, lambda, generatorResidualBlocks, softEstimatorLabels,
                discriminatorLr, discriminatorWeightDecay, discriminatorMomentum, generatorLr, generatorBeta1,
                generatorBeta2, ablations);
    }

    /** The first aligned iteration of a run of {@code iterations}. */
    public int warmupIterations(int iterations) {
        return (int) Math.round(warmupFraction * iterations);
    }

    private static AlignmentPreset resolve(String preset, int k, int m, int regionSize) {
        AlignmentPreset p = AlignmentPreset.named(preset);
        if (k == 0 && m == 0 && regionSize == 0) {
            return p;
        }
        return new AlignmentPreset(p.name() + "-custom", k == 0 ? p.k() : k, m == 0 ? p.m() : m,
                regionSize == 0 ? p.regionSize() : regionSize);
    }

    private static AlignmentConfig alignment(String preset, int k, int m, int regionSize, double lambda, int blocks,
                                             boolean soft, double dLr, double dWd, double dMomentum, double gLr,
                                             double beta1, double beta2, AblationSettings ablations) {
        OptimizerSettings o = new OptimizerSettings((float) dLr, (float) dWd, (float) dMomentum, (float) gLr,
                (float) beta1, (float) beta2);
        return new AlignmentConfig(resolve(preset, k, m, regionSize), (float) lambda, ablations.toAblations(), o, soft,
                blocks);
    }
}
