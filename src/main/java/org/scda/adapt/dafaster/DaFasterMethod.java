package org.scda.adapt.dafaster;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.Map;
import java.util.Set;
import org.scda.adapt.core.AdaptSettings;
import org.scda.adapt.core.AdaptationContext;
import org.scda.adapt.core.AdaptationMethod;
import org.scda.adapt.core.AdaptationPlan;
import org.scda.engine.Optimizers;

/**
 * The DA Faster R-CNN baseline (Chen et al., CVPR 2018): image- and instance-level domain
 * classifiers behind gradient reversal with their consistency term ({@link DaFasterHeads}),
 * weighted by {@code lambda}, one {@link DaFasterStep} per iteration; the heads train with the
 * detector's solver settings.
 */
public final class DaFasterMethod implements AdaptationMethod {

    /** The method's name. */
    public static final String NAME = "da-faster";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "DA Faster R-CNN (image- and instance-level domain classifiers)";
    }

    @Override
    public Set<String> settings() {
        return AdaptSettings.TWO_DOMAIN;
    }

    @Override
    public void validate(AdaptSettings s) {
        if (!(s.lambda() > 0)) {
            throw new IllegalArgumentException("adapt.lambda must be > 0 for " + NAME + " (the weight of its domain"
                    + " losses), got " + s.lambda());
        }
    }

    @Override
    public AdaptationPlan plan(AdaptationContext c) {
        NDManager headsManager = c.manager().newSubManager();
        // the dropout masks of the instance classifier follow the run seed (they used seed 0 in every run)
        DaFasterHeads heads = new DaFasterHeads(DaFasterConfig.defaults().withLambda((float) c.settings().lambda())
                .withSeed(c.train().seed()));
        int side = c.train().model().input().shortSide();
        Shape map = c.model().getOutputShapes(new Shape[] {new Shape(1, 3, side, 2 * side)})[0];
        heads.initialize(headsManager, DataType.FLOAT32, map, new Shape(1, c.model().featureDim()));
        DaFasterStep step = new DaFasterStep(c.sourceImages(), c.targetImages(), heads, Optimizers.create(
                c.train().solver(), new ArrayList<>(heads.getParameters().values()), headsManager),
                headsManager, c.warmupIterations(), c.settings().targetProposals())
                .withTargetBatchStatistics(c.settings().targetBatchStatistics())
                .withGradientDiagnostics(c.settings().diagnoseGradientsEvery());
        // the summary recorded the SCDA preset for DA Faster runs too, which they never used
        return new AdaptationPlan(step, step, Map.of(), null, headsManager);
    }
}
