package org.scda.adapt.dafaster;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.scda.adapt.core.AdaptationModules;
import org.scda.adapt.core.TwoDomainStep;
import org.scda.adapt.core.UnlabelledImages;
import org.scda.engine.Optimizers;
import org.scda.engine.TrainingImages;
import org.scda.engine.TrainingLoop;
import org.scda.model.FasterRcnn;
import org.scda.model.FasterRcnnOutput;

/**
 * One iteration of the DA Faster R-CNN baseline (Chen et al., CVPR 2018), run by
 * {@link TrainingLoop} like {@code AdaptationStep}: one labelled source and, after the
 * source-only warm-up, one unlabelled target image; the loss is
 * {@code L_dec + lambda (L_img + L_ins + L_cst)} summed over both domains, with the domain
 * classifiers behind gradient reversal ({@link DaFasterHeads}); one backward, then the
 * detector's optimiser and the heads' own optimiser (same settings) step at the scheduled
 * learning rate. Target instances are the top-N post-NMS proposals
 * ({@link FasterRcnn#forwardUnlabelled}), source instances the RoIs sampled for the head.
 * Loss keys: the detector's and {@code da.image}, {@code da.instance}, {@code da.consistency}
 * (source + target).
 */
public final class DaFasterStep extends TwoDomainStep implements AdaptationModules {
    private final DaFasterHeads heads;
    private final TrainedHeads trained;
    private int skippedUpdates;

    /**
     * @param heads            initialised heads
     * @param headsOptimizer   optimiser over the heads' parameters
     * @param headsManager     the manager the heads were initialised in (for loading)
     * @param warmupIterations iterations trained source-only first
     * @param targetProposals  top-N target proposals used as target instances
     */
    public DaFasterStep(TrainingImages source, UnlabelledImages target, DaFasterHeads heads,
                        Optimizers.Optimizer headsOptimizer, NDManager headsManager, int warmupIterations,
                        int targetProposals) {
        super(source, target, warmupIterations, targetProposals);
        this.heads = heads;
        this.trained = new TrainedHeads(heads, headsOptimizer, headsManager);
    }

    /** As {@code AdaptationStep.withTargetBatchStatistics}. */
    public DaFasterStep withTargetBatchStatistics(boolean batchStatistics) {
        this.targetBatchStatistics = batchStatistics;
        return this;
    }

    /**
     * As {@code AdaptationStep.withGradientDiagnostics}: the adaptation term is the sum of the
     * domain losses (reversed at the detector), the part measured apart the image-level one.
     */
    public DaFasterStep withGradientDiagnostics(int every) {
        diagnosis.every(every);
        return this;
    }

    /** The domain classifiers' losses of both images, summed per kind (reversed at the detector). */
    @Override
    protected NDArray adaptationTerm(GradientCollector gc, TrainingLoop loop, int iteration, FasterRcnnOutput s,
                                     FasterRcnnOutput t, Map<String, Double> values) {
        if (s.roiFeatures() == null || t.roiFeatures() == null) {
            return null;
        }
        Map<String, NDArray> sd = heads.losses(loop.parameters(), s.features(), s.roiFeatures(), Domain.SOURCE, true);
        Map<String, NDArray> td = heads.losses(loop.parameters(), t.features(), t.roiFeatures(), Domain.TARGET, true);
        List<NDArray> terms = new ArrayList<>();
        for (String key : sd.keySet()) {
            NDArray both = sd.get(key).add(td.get(key));
            values.put(key, (double) both.getFloat());
            terms.add(both);
        }
        if (terms.isEmpty()) {
            return null;
        }
        if (diagnosis.due(iteration)) {
            diagnose(loop, iteration, s.totalLoss(), terms,
                    terms.get(new ArrayList<>(sd.keySet()).indexOf(DaFasterHeads.IMAGE_LOSS)));
        }
        NDArray term = terms.get(0);
        for (NDArray next : terms.subList(1, terms.size())) {
            term = term.add(next);
        }
        return term;
    }

    /** The heads step with the detector (their gradients zeroed when it did not). */
    @Override
    protected void afterUpdate(TrainingLoop loop, int iteration, double lr, boolean aligned, boolean finite) {
        if (finite && aligned) {
            if (!trained.step(lr)) {
                skippedUpdates++;
            }
        } else {
            zeroGradients();
        }
    }

    private void diagnose(TrainingLoop loop, int iteration, NDArray detection, List<NDArray> terms,
                          NDArray imagePart) {
        NDArray adaptation = terms.get(0);
        for (NDArray term : terms.subList(1, terms.size())) {
            adaptation = adaptation.add(term);
        }
        recordDiagnosis(loop, iteration, heads.config().lambda(), detection, adaptation, imagePart, "image",
                this::zeroGradients, Map.of());
    }

    @Override
    public int skippedUpdates() {
        return skippedUpdates;
    }

    @Override
    public void saveState(DataOutputStream out) throws IOException {
        trained.save(out);
        out.writeLong(heads.instanceClassifier().maskState());
    }

    @Override
    public void restoreSkippedUpdates(int count) {
        skippedUpdates = count;
    }

    @Override
    public void loadState(DataInputStream in) throws IOException, MalformedModelException {
        trained.load(in);
        heads.instanceClassifier().setMaskState(in.readLong());
    }

    @Override
    public void zeroGradients() {
        trained.zeroGradients();
    }

    /** The domain classifiers. */
    public DaFasterHeads heads() {
        return heads;
    }
}
