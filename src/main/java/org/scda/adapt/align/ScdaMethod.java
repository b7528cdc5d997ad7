package org.scda.adapt.align;

import ai.djl.ndarray.types.Shape;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.scda.adapt.core.AblationSettings;
import org.scda.adapt.core.AdaptSettings;
import org.scda.adapt.core.AdaptationContext;
import org.scda.adapt.core.AdaptationMethod;
import org.scda.adapt.core.AdaptationPlan;
import org.scda.adapt.core.AdaptationTerm;
import org.scda.data.DetectionDataset;
import org.scda.data.DetectionSample;
import org.scda.config.SolverConfig;
import org.scda.data.transform.ImageTransform;
import org.scda.engine.LrSchedule;
import org.scda.model.FasterRcnn;
import org.scda.util.ScdaException;

/**
 * Selective cross-domain alignment (the paper): region mining on both domains' RoIs and the
 * adjusted region-level alignment ({@link RegionAlignment}: Gs, Gt, Ds, Dt, Dw and their
 * optimisers), one {@link AdaptationStep} per iteration, region-mining pictures every
 * {@code picturePeriod} aligned iterations ({@link MiningPictures}).
 */
public final class ScdaMethod implements AdaptationMethod {

    /** The method's name. */
    public static final String NAME = "scda";

    private static final Set<String> SETTINGS;

    static {
        Set<String> s = new TreeSet<>(AdaptSettings.TWO_DOMAIN);
        s.addAll(List.of("preset", "k", "m", "regionSize", "softEstimatorLabels", "generatorResidualBlocks",
                "discriminatorLr", "discriminatorWeightDecay", "discriminatorMomentum", "generatorLr",
                "generatorBeta1", "generatorBeta2", "ablations", "picturePeriod", "pairing",
                "discriminatorOptimizer", "weightingTarget", "generatorReconstruction", "discriminatorLayers",
                "sourceRois", "warmup"));
        SETTINGS = Set.copyOf(s);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "selective cross-domain alignment (region mining + region-level alignment)";
    }

    @Override
    public Set<String> settings() {
        return SETTINGS;
    }

    @Override
    public void validate(AdaptSettings s) {
        if (s.k() < 0 || s.m() < 0 || s.regionSize() < 0) {
            throw new IllegalArgumentException("adapt.k, adapt.m, adapt.regionSize must be >= 0 (0 = preset)");
        }
        if (s.picturePeriod() < 0) {
            throw new IllegalArgumentException("adapt.picturePeriod must be >= 0 (0 = never), got " + s.picturePeriod());
        }
        if (s.sourceRois() < 0) {
            throw new IllegalArgumentException("adapt.sourceRois must be >= 0 (0 = the RoIs sampled for the head), got "
                    + s.sourceRois());
        }
        if (s.sourceRois() > 0 && s.ablations().global()) {
            throw new IllegalArgumentException("adapt.sourceRois: the global ablation mines no RoIs");
        }
        if (warmup(s) == AlignmentWarmup.RAMP && s.warmupFraction() != 0) {
            throw new IllegalArgumentException("adapt.warmup: ramp aligns from the first iteration, so it takes"
                    + " adapt.warmupFraction: 0 (got " + s.warmupFraction() + ")");
        }
        if (DiscriminatorOptimizer.parse("adapt.discriminatorOptimizer", s.discriminatorOptimizer())
                == DiscriminatorOptimizer.ADAM && s.discriminatorMomentum() != AdaptSettings.defaults().discriminatorMomentum()) {
            throw new IllegalArgumentException("adapt.discriminatorMomentum is SGD's; adapt.discriminatorOptimizer is adam");
        }
        AlignmentConfig config;
        try {
            config = alignment(s);
        } catch (ScdaException e) {
            throw new IllegalArgumentException("adapt.preset: " + e.getMessage(), e);
        }
        int side = config.preset().regionSize();
        if (!config.ablations().global() && s.discriminatorLayers() > 0 && (1 << s.discriminatorLayers()) > side) {
            throw new IllegalArgumentException("adapt.discriminatorLayers " + s.discriminatorLayers() + " needs regions"
                    + " of at least " + (1 << s.discriminatorLayers()) + " pixels; the preset's are " + side);
        }
    }

    /** How the alignment starts (validated). */
    public static AlignmentWarmup warmup(AdaptSettings s) {
        return AlignmentWarmup.parse("adapt.warmup", s.warmup());
    }

    /** The region preset with the k / m / regionSize overrides applied. */
    public static AlignmentPreset preset(AdaptSettings s) {
        AlignmentPreset p = AlignmentPreset.named(s.preset());
        if (s.k() == 0 && s.m() == 0 && s.regionSize() == 0) {
            return p;
        }
        return new AlignmentPreset(p.name() + "-custom", s.k() == 0 ? p.k() : s.k(), s.m() == 0 ? p.m() : s.m(),
                s.regionSize() == 0 ? p.regionSize() : s.regionSize());
    }

    /**
     * The alignment modules' config the settings describe (validated: a value that is not one
     * of a choice's, or a choice the ablations leave nothing to act on, is an error naming
     * {@code adapt.KEY}).
     */
    public static AlignmentConfig alignment(AdaptSettings s) {
        OptimizerSettings o = new OptimizerSettings((float) s.discriminatorLr(), (float) s.discriminatorWeightDecay(),
                (float) s.discriminatorMomentum(), (float) s.generatorLr(), (float) s.generatorBeta1(),
                (float) s.generatorBeta2(),
                DiscriminatorOptimizer.parse("adapt.discriminatorOptimizer", s.discriminatorOptimizer()));
        Pairing pairing = Pairing.parse("adapt.pairing", s.pairing());
        WeightingTarget weightingTarget = WeightingTarget.parse("adapt.weightingTarget", s.weightingTarget());
        Ablations ablations = ablations(s.ablations());
        AlignmentPreset preset = preset(s);
        try {
            // its messages start with the setting's name
            return new AlignmentConfig(preset, (float) s.lambda(), ablations, o, s.softEstimatorLabels(),
                    s.generatorResidualBlocks(), pairing, weightingTarget, (float) s.generatorReconstruction(),
                    s.discriminatorLayers());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("adapt." + e.getMessage(), e);
        }
    }

    /** The config file's ablation switches as the alignment's (incompatible combinations are errors). */
    public static Ablations ablations(AblationSettings a) {
        return new Ablations(a.withoutGenerators(), a.withoutDiscriminators(), a.withoutEstimator(), a.global(),
                a.fixedLocation(), a.detachRegionFeatures());
    }

    /**
     * The region alignment as a term on another method's iteration (e.g. the mean teacher's
     * {@code teacher.align: scda}), reading this method's region and module settings.
     */
    public static AdaptationTerm.Factory asTerm() {
        return RegionAlignmentTerm.FACTORY;
    }

    @Override
    public AdaptationPlan plan(AdaptationContext c) {
        AlignmentConfig config = alignment(c.settings());
        RegionAlignment alignment = new RegionAlignment(config,
                shapes(config, c.model(), c.transform(), c.source(), c.target()), c.manager(), c.train().seed());
        MiningPictures pictures = new MiningPictures(c.outDir().resolve("pictures"), c.settings().picturePeriod(),
                c.warmupIterations());
        AdaptationStep step = new AdaptationStep(c.sourceImages(), c.targetImages(), alignment, c.warmupIterations(),
                c.settings().targetProposals(), c.train().seed()).withObserver(pictures)
                .withTargetBatchStatistics(c.settings().targetBatchStatistics())
                .withGradientDiagnostics(c.settings().diagnoseGradientsEvery())
                .withSourceRois(c.settings().sourceRois())
                .withAlignmentRamp(warmup(c.settings()) == AlignmentWarmup.RAMP ? ramp(c.train().solver()) : null);
        return new AdaptationPlan(step, alignment, Map.of("preset", config.preset().name()),
                pictures::written, alignment);
    }

    /**
     * The alignment's learning-rate factor under {@link AlignmentWarmup#RAMP}: the detector's
     * warm-up factor (from {@code solver.warmupFactor} to 1 over {@code solver.warmupIterations}),
     * as the release ramps all its optimisers together.
     */
    public static LrSchedule ramp(SolverConfig solver) {
        return new LrSchedule(1.0, solver.warmupIterations(), solver.warmupFactor(), List.of(), 1.0);
    }

    /**
     * The alignment modules' shapes: K regions of m RoI features of dimension d, or for the
     * global variant the backbone map of the (fixed) input size.
     */
    public static AlignmentShapes shapes(AlignmentConfig alignment, FasterRcnn model, ImageTransform transform,
                                         DetectionDataset source, DetectionDataset target) {
        if (!alignment.ablations().global()) {
            return AlignmentShapes.forRegions(alignment.preset(), model.featureDim());
        }
        int[] size = inputSize(transform, source.samples().get(0));
        for (DetectionDataset ds : List.of(source, target)) {
            for (DetectionSample s : ds.samples()) {
                int[] other = inputSize(transform, s);
                if (other[0] != size[0] || other[1] != size[1]) {
                    throw new ScdaException("the global ablation reconstructs whole images and needs one input size;"
                            + " " + ds.name() + " has " + other[0] + "x" + other[1] + " and " + size[0] + "x"
                            + size[1] + " after resizing");
                }
            }
        }
        return shapesFor(alignment, model, size[0], size[1]);
    }

    /** The alignment modules' shapes for inputs of {@code width x height}. */
    public static AlignmentShapes shapesFor(AlignmentConfig alignment, FasterRcnn model, int width, int height) {
        if (!alignment.ablations().global()) {
            return AlignmentShapes.forRegions(alignment.preset(), model.featureDim());
        }
        Shape map = model.getOutputShapes(new Shape[] {new Shape(1, 3, height, width)})[0];
        return AlignmentShapes.forGlobal((int) map.get(1), (int) map.get(2), (int) map.get(3), height, width);
    }

    private static int[] inputSize(ImageTransform transform, DetectionSample s) {
        double scale = transform.scaleFor(s.width(), s.height());
        return new int[] {Math.max(1, (int) Math.round(s.width() * scale)),
            Math.max(1, (int) Math.round(s.height() * scale))};
    }
}
