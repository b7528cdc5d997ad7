package org.scda.adapt.dafaster;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.scda.adapt.core.AdaptSettings;
import org.scda.adapt.core.AdaptationContext;
import org.scda.adapt.core.AdaptationTerm;
import org.scda.engine.Optimizers;
import org.scda.engine.TrainingLoop;
import org.scda.model.FasterRcnnOutput;
import org.scda.ops.GradientReversal;
import org.scda.ops.Scalars;

/**
 * Image-level feature alignment as a term on another method's iteration (the mean teacher's
 * {@code teacher.align: image}, as Adaptive Teacher's discriminator): DA Faster's image-level
 * domain classifier ({@link ImageLevelDomainClassifier}) on the backbone features of both
 * images behind gradient reversal,
 * <pre>
 *   da.image = lambda * (BCE(D(GRL(F_source)), source) + BCE(D(GRL(F_target)), target))
 * </pre>
 * added to the detector's loss: the classifier learns to tell the domains apart, the backbone
 * receives {@code -1} times that gradient. The classifier steps with its own optimiser at the
 * detector's solver settings after the detector's update (its gradients are zeroed when the
 * detector's update was skipped). Reads {@code adapt.lambda} (paper value 0.1).
 */
public final class ImageAlignmentTerm implements AdaptationTerm {
    /** The name a host method's alignment setting gives it. */
    public static final String NAME = "image";
    /** The logged value: the weighted domain loss of both images. */
    public static final String LOSS = DaFasterHeads.IMAGE_LOSS;

    /** The factory a host method uses; reads {@code adapt.lambda}. */
    public static final AdaptationTerm.Factory FACTORY = new AdaptationTerm.Factory() {
        @Override
        public Set<String> settings() {
            return Set.of("lambda");
        }

        @Override
        public void validate(AdaptSettings s) {
            if (!(s.lambda() > 0)) {
                throw new IllegalArgumentException("adapt.lambda must be > 0 for the image-level alignment (the"
                        + " weight of its domain loss), got " + s.lambda());
            }
        }

        @Override
        public AdaptationTerm create(AdaptationContext c) {
            NDManager manager = c.manager().newSubManager();
            ImageLevelDomainClassifier classifier = new ImageLevelDomainClassifier();
            int side = c.train().model().input().shortSide();
            Shape map = c.model().getOutputShapes(new Shape[] {new Shape(1, 3, side, 2 * side)})[0];
            classifier.initialize(manager, DataType.FLOAT32, map);
            Optimizers.Optimizer optimizer = Optimizers.create(c.train().solver(),
                    new ArrayList<>(classifier.getParameters().values()), manager);
            return new ImageAlignmentTerm(classifier, new TrainedHeads(classifier, optimizer, manager), manager,
                    (float) c.settings().lambda());
        }
    };

    private final ImageLevelDomainClassifier classifier;
    private final TrainedHeads trained;
    private final NDManager manager;
    private final float lambda;
    private int skippedUpdates;

    ImageAlignmentTerm(ImageLevelDomainClassifier classifier, TrainedHeads trained, NDManager manager, float lambda) {
        this.classifier = classifier;
        this.trained = trained;
        this.manager = manager;
        this.lambda = lambda;
    }

    /**
     * {@code lambda * (BCE(D(GRL(Fs)), 0) + BCE(D(GRL(Ft)), 1))}, logged as {@value #LOSS}.
     *
     * @param source the source forward pass; its {@code features} (1, C, H, W)
     * @param target the target forward pass; its {@code features} (1, C, H', W')
     */
    @Override
    public NDArray term(GradientCollector collector, TrainingLoop loop, int iteration, FasterRcnnOutput source,
                        FasterRcnnOutput target, Map<String, Double> values) {
        NDArray loss = loss(loop.parameters(), source.features(), target.features());
        values.put(LOSS, (double) loss.getFloat());
        return loss;
    }

    /**
     * {@code lambda * (BCE(D(GRL(Fs)), source) + BCE(D(GRL(Ft)), target))}, a scalar.
     *
     * @param sourceFeatures backbone features of the source image (1, C, H, W)
     * @param targetFeatures backbone features of the target image (1, C, H', W')
     */
    NDArray loss(ParameterStore ps, NDArray sourceFeatures, NDArray targetFeatures) {
        NDArray s = domainLoss(ps, sourceFeatures, Domain.SOURCE);
        NDArray t = domainLoss(ps, targetFeatures, Domain.TARGET);
        return Scalars.mul(s.add(t), lambda);
    }

    private NDArray domainLoss(ParameterStore ps, NDArray features, int domain) {
        NDArray logits = classifier.logits(ps, GradientReversal.apply(features, 1f), true);
        return DomainLosses.binaryCrossEntropy(logits, domain);
    }

    /** One step of the classifier's optimiser (false: skipped). */
    boolean step(double lr) {
        return trained.step(lr);
    }

    /** The classifier's step after the detector's (its gradients zeroed when the detector's was skipped). */
    @Override
    public void afterUpdate(TrainingLoop loop, int iteration, double lr, boolean finite) {
        if (finite) {
            if (!step(lr)) {
                skippedUpdates++;
            }
        } else {
            trained.zeroGradients();
        }
    }

    /** Only the host's target features are read, not its regions. */
    @Override
    public boolean readsRegions() {
        return false;
    }

    @Override
    public List<Path> pictures() {
        return List.of();
    }

    @Override
    public int skippedUpdates() {
        return skippedUpdates;
    }

    @Override
    public void restoreSkippedUpdates(int count) {
        skippedUpdates = count;
    }

    @Override
    public void saveState(DataOutputStream out) throws IOException {
        trained.save(out);
    }

    @Override
    public void loadState(DataInputStream in) throws IOException, MalformedModelException {
        trained.load(in);
    }

    @Override
    public void zeroGradients() {
        trained.zeroGradients();
    }

    @Override
    public void close() {
        manager.close();
    }
}
