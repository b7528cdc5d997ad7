package org.scda.adapt.dafaster;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Activation;
import org.scda.model.Losses;

/** The DA Faster R-CNN loss terms, written with differentiable NDArray operations. */
public final class DomainLosses {

    private DomainLosses() {
    }

    /**
     * Binary cross-entropy with logits against one label for every element, averaged over all
     * elements (torch's {@code binary_cross_entropy_with_logits}, mean reduction), in the
     * overflow-safe form {@code max(x, 0) - x t + log(1 + exp(-|x|))}.
     *
     * @param logits any shape with at least one element
     * @param domain {@link Domain#SOURCE} or {@link Domain#TARGET}, the label of every element
     * @return a scalar
     */
    public static NDArray binaryCrossEntropy(NDArray logits, int domain) {
        float t = Domain.target(domain);
        if (logits.size() == 0) {
            throw new IllegalArgumentException("no logits to score, shape " + logits.getShape());
        }
        return Losses.bceWithLogits(logits, t).mean();
    }

    /**
     * The consistency regulariser between the image-level and instance-level domain
     * predictions of one image: {@code mean_j |mean_{u,v} sigmoid(img(u,v)) - sigmoid(ins_j)|}.
     *
     * <p>The paper writes {@code sum_{i,j} || (1/|I|) sum_{u,v} p_i(u,v) - p_{i,j} ||_2}. Both
     * terms are scalars (one domain probability each), so the L2 norm of their difference is
     * its absolute value: this is the paper's L2 formulation exactly, not a substitute for it.
     * (A squared L2 would be a different loss whose gradient vanishes as the two agree.) As in
     * the reference port, the sum is replaced by the mean over instances so the term does not
     * grow with the number of sampled RoIs.
     *
     * @param imageLogits    (1, 1, H, W) image-level logits of one image
     * @param instanceLogits (R, 1) instance-level logits of that image's RoIs, R at least 1
     * @return a scalar, 0 when every instance probability equals the mean image probability
     */
    public static NDArray consistency(NDArray imageLogits, NDArray instanceLogits) {
        if (imageLogits.getShape().get(0) != 1) {
            throw new IllegalArgumentException("consistency pairs one image with its RoIs; image logits "
                    + imageLogits.getShape());
        }
        if (instanceLogits.size() == 0) {
            throw new IllegalArgumentException("consistency needs at least one RoI");
        }
        NDArray imageProbability = Activation.sigmoid(imageLogits).mean();
        NDArray instanceProbabilities = Activation.sigmoid(instanceLogits);
        return instanceProbabilities.sub(imageProbability).abs().mean();
    }
}
