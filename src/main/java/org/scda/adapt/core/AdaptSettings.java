package org.scda.adapt.core;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.scda.config.Configs;

/**
 * The {@code adapt:} section of an adaptation config: the method, the unlabelled target data
 * and every method's settings, each with one default ({@link #defaults()}). The settings every
 * method reads ({@link #SHARED}) are checked here; each method names the others it reads
 * ({@link AdaptationMethod#settings()}) and checks them ({@link AdaptationMethod#validate}), and
 * a setting changed from its default for a method that does not read it is an error
 * ({@link #checkFor}), never silently ignored.
 *
 * @param method                  the method's name (the table {@code AdaptationMethods} in the package above this one;
 *                                null until resolved: the table's default)
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
 * @param pairing                 scda: {@code paper-text | release | shared}, which generator and discriminator
 *                                the detector's cross-domain terms use
 * @param discriminatorOptimizer  scda: {@code sgd | adam}, the optimiser of Ds, Dt, Dw
 * @param weightingTarget         scda: {@code whole | fake}, what Wt multiplies in the target discriminator's loss
 * @param generatorReconstruction scda: weight of an L1 term between generated and real patches in the generator
 *                                update, 0 = none
 * @param discriminatorLayers     scda: stride-2 convs of each patch discriminator, 0 = by patch size
 * @param sourceRois              scda: source RoIs mined, 0 = those sampled for the head, N = the top-N proposals
 * @param warmup                  scda: {@code source-only | ramp}, how the alignment starts
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
 * @param adabnImages             AdaBN: target images the BatchNorm statistics are taken from, 0 = all;
 *                                null (left out of written configs) = {@value #DEFAULT_ADABN_IMAGES}
 * @param teacher                 the mean teacher's settings ({@link TeacherSettings}; null = its defaults)
 */
public record AdaptSettings(
        @JsonPropertyDescription("the adaptation method (scda adapt --help lists them)") String method,
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
        @JsonPropertyDescription("paper-text | release | shared: the detector's cross-domain pairing") String pairing,
        @JsonPropertyDescription("sgd | adam: optimiser of Ds, Dt, Dw") String discriminatorOptimizer,
        @JsonPropertyDescription("whole | fake: what Wt weighs in the target discriminator's loss") String weightingTarget,
        @JsonPropertyDescription("weight of the generators' L1 reconstruction term, 0 = none")
        double generatorReconstruction,
        @JsonPropertyDescription("stride-2 convs per patch discriminator, 0 = by patch size") int discriminatorLayers,
        @JsonPropertyDescription("source RoIs mined: 0 = those sampled for the head, N = top-N proposals") int sourceRois,
        @JsonPropertyDescription("source-only | ramp: how the alignment starts") String warmup,
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
        Integer diagnoseGradientsEvery,
        @JsonInclude(JsonInclude.Include.NON_NULL)
        @JsonPropertyDescription("AdaBN: target images the BatchNorm statistics come from, 0 = all")
        Integer adabnImages,
        @JsonPropertyDescription("mean teacher: EMA keep rate, pseudo-label threshold, unsupervised weight")
        TeacherSettings teacher) {

    /** Model selection by the best source-val mAP. */
    public static final String SELECT_SOURCE_VAL = "source-val";
    /** Model selection: the last iteration. */
    public static final String SELECT_LAST = "last";

    /** The paper's weight of the detector's alignment loss (and DA Faster's of its domain losses). */
    public static final double PAPER_LAMBDA = 0.1;

    /** Target images AdaBN reads by default. */
    public static final int DEFAULT_ADABN_IMAGES = 500;

    /** The settings every method reads: which method, its target data, model selection. */
    public static final Set<String> SHARED = Set.of("method", "target", "modelSelection");

    /** The settings of a two-domain iteration ({@link TwoDomainStep}), read by the methods that train with target images. */
    public static final Set<String> TWO_DOMAIN = Set.of("warmupFraction", "lambda", "targetProposals",
            "targetBatchStatistics", "diagnoseGradientsEvery");

    public AdaptSettings {
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
        if (!(lambda >= 0) || !Double.isFinite(lambda)) {
            throw new IllegalArgumentException("adapt.lambda must be a number >= 0, got " + lambda);
        }
        if (teacher == null) {
            teacher = TeacherSettings.DEFAULTS;
        }
        if (adabnImages != null && adabnImages < 0) {
            throw new IllegalArgumentException("adapt.adabnImages must be >= 0 (0 = all), got " + adabnImages);
        }
    }

    /**
     * The CPU default: Type2 scaled to 256x128 on the built-in foggy pair, the paper's lambda
     * and optimisers, no generator residual blocks (2-4x cheaper on the CPU).
     */
    public static AdaptSettings defaults() {
        // the paper's values as decimals (OptimizerSettings.PAPER and AlignmentConfig.PAPER_LAMBDA as doubles)
        return new AdaptSettings(null, "synth:foggy/target/train", "cpu-type2", 0, 0, 0, 0.3, PAPER_LAMBDA, 128, false,
                0, "paper-text", "sgd", "whole", 0, 0, 0, "source-only", 1e-4, 5e-4, 0.9, 1e-4, 0.9, 0.99,
                AblationSettings.NONE, 250, SELECT_SOURCE_VAL, true, 0, null, TeacherSettings.DEFAULTS);
    }

    private static void requireLearningRate(String name, double lr) {
        if (!(lr > 0) || Double.isInfinite(lr)) {
            throw new IllegalArgumentException(name + " must be a finite number > 0, got " + lr);
        }
    }

    /** AdaBN's target image count: {@link #adabnImages()}, or {@value #DEFAULT_ADABN_IMAGES} when not set. */
    public int adabnImageCount() {
        return adabnImages == null ? DEFAULT_ADABN_IMAGES : adabnImages;
    }

    /** These settings for {@code newMethod}. */
    public AdaptSettings withMethod(String newMethod) {
        ObjectNode tree = Configs.json().valueToTree(this);
        tree.put("method", newMethod);
        return Configs.json().convertValue(tree, AdaptSettings.class);
    }

    /**
     * The settings whose value differs from {@link #defaults()}, by key (nested sections such as
     * {@code ablations} as one key), sorted.
     */
    public Set<String> changedFromDefaults() {
        ObjectNode mine = Configs.json().valueToTree(this);
        ObjectNode base = Configs.json().valueToTree(defaults());
        Set<String> changed = new TreeSet<>();
        for (Iterator<String> it = mine.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            JsonNode a = mine.get(key);
            JsonNode b = base.get(key);
            if (b == null ? !a.isNull() : !numericEqual(a, b)) {
                changed.add(key);
            }
        }
        return changed;
    }

    private static boolean numericEqual(JsonNode a, JsonNode b) {
        return a.isNumber() && b.isNumber() ? a.asDouble() == b.asDouble() : a.equals(b);
    }

    /**
     * Checks these settings for {@code method}: every changed setting is one it reads (or a
     * shared one), then the method's own checks.
     *
     * @throws IllegalArgumentException naming each setting the method does not read, or what its check found
     */
    public void checkFor(AdaptationMethod method) {
        List<String> unused = new ArrayList<>();
        for (String key : changedFromDefaults()) {
            if (!SHARED.contains(key) && !method.settings().contains(key)) {
                unused.add(SECTION_PREFIX + key);
            }
        }
        if (!unused.isEmpty()) {
            throw new IllegalArgumentException(String.join(", ", unused) + (unused.size() == 1 ? " is" : " are")
                    + " not read by the method " + method.name() + " (its settings: "
                    + String.join(", ", new TreeSet<>(method.settings())) + ")");
        }
        method.validate(this);
    }

    private static final String SECTION_PREFIX = "adapt.";

    /** These settings as a JSON tree with only the keys {@code method} reads (and the shared ones), for reports. */
    public ObjectNode treeFor(AdaptationMethod method) {
        ObjectNode tree = Configs.json().valueToTree(this);
        tree.retain(tree.properties().stream().map(java.util.Map.Entry::getKey)
                .filter(k -> SHARED.contains(k) || method.settingsRead(this).contains(k)).toList());
        return tree;
    }

    /** The first aligned iteration of a run of {@code iterations}. */
    public int warmupIterations(int iterations) {
        return (int) Math.round(warmupFraction * iterations);
    }
}
