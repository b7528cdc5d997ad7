package org.scda.ops;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;

/**
 * Encodes boxes as deltas relative to reference boxes and back, as torchvision's
 * {@code BoxCoder}: {@code dx = wx (gx - px) / pw}, {@code dw = ww log(gw / pw)} (same for y,
 * h), with centres {@code x1 + w/2}; decoding clamps {@code dw, dh} at {@code bboxXformClip}
 * before the exponential. Both directions are NDArray expressions, so gradients flow through
 * them.
 */
public final class BoxCoder {

    /** torchvision's default clamp of the decoded log-scale, {@code log(1000/16)}. */
    public static final double DEFAULT_XFORM_CLIP = Math.log(1000.0 / 16);

    private final float wx;
    private final float wy;
    private final float ww;
    private final float wh;
    private final float bboxXformClip;

    /**
     * A coder with the default clamp.
     *
     * @param wx weight of dx (1 for the RPN, 10 for the box head)
     * @param wy weight of dy (1 / 10)
     * @param ww weight of dw (1 / 5)
     * @param wh weight of dh (1 / 5)
     */
    public BoxCoder(float wx, float wy, float ww, float wh) {
        this(wx, wy, ww, wh, DEFAULT_XFORM_CLIP);
    }

    /**
     * @param wx weight of dx
     * @param wy weight of dy
     * @param ww weight of dw
     * @param wh weight of dh
     * @param bboxXformClip largest dw, dh used when decoding (after dividing by the weight)
     */
    public BoxCoder(float wx, float wy, float ww, float wh, double bboxXformClip) {
        this.wx = wx;
        this.wy = wy;
        this.ww = ww;
        this.wh = wh;
        this.bboxXformClip = (float) bboxXformClip;
    }

    /**
     * Regression targets of boxes relative to proposals.
     *
     * @param referenceBoxes (N, 4) target boxes (e.g. the matched ground truth)
     * @param proposals (N, 4) boxes the deltas are relative to (anchors or proposals)
     * @return (N, 4) deltas {@code dx, dy, dw, dh}
     */
    public NDArray encode(NDArray referenceBoxes, NDArray proposals) {
        NDArray exW = proposals.get(":, 2").sub(proposals.get(":, 0"));
        NDArray exH = proposals.get(":, 3").sub(proposals.get(":, 1"));
        NDArray exCx = proposals.get(":, 0").add(Scalars.mul(exW, 0.5f));
        NDArray exCy = proposals.get(":, 1").add(Scalars.mul(exH, 0.5f));
        NDArray gtW = referenceBoxes.get(":, 2").sub(referenceBoxes.get(":, 0"));
        NDArray gtH = referenceBoxes.get(":, 3").sub(referenceBoxes.get(":, 1"));
        NDArray gtCx = referenceBoxes.get(":, 0").add(Scalars.mul(gtW, 0.5f));
        NDArray gtCy = referenceBoxes.get(":, 1").add(Scalars.mul(gtH, 0.5f));
        NDArray dx = Scalars.mul(gtCx.sub(exCx), wx).div(exW);
        NDArray dy = Scalars.mul(gtCy.sub(exCy), wy).div(exH);
        NDArray dw = Scalars.mul(gtW.div(exW).log(), ww);
        NDArray dh = Scalars.mul(gtH.div(exH).log(), wh);
        return NDArrays.stack(new NDList(dx, dy, dw, dh), 1);
    }

    /**
     * Boxes from deltas relative to reference boxes.
     *
     * @param deltas (N, 4K) deltas, K sets (e.g. one per class) of {@code dx, dy, dw, dh}
     * @param boxes (N, 4) reference boxes
     * @return (N, 4K) decoded boxes {@code x1, y1, x2, y2}, K per row, not clipped
     */
    public NDArray decode(NDArray deltas, NDArray boxes) {
        long n = deltas.getShape().get(0);
        long k = deltas.getShape().get(1) / 4;
        if (deltas.getShape().get(1) != 4 * k || boxes.getShape().get(0) != n) {
            throw new IllegalArgumentException("deltas " + deltas.getShape() + " do not fit boxes " + boxes.getShape());
        }
        NDArray widths = boxes.get(":, 2").sub(boxes.get(":, 0")).reshape(n, 1);
        NDArray heights = boxes.get(":, 3").sub(boxes.get(":, 1")).reshape(n, 1);
        NDArray ctrX = boxes.get(":, 0").reshape(n, 1).add(Scalars.mul(widths, 0.5f));
        NDArray ctrY = boxes.get(":, 1").reshape(n, 1).add(Scalars.mul(heights, 0.5f));
        NDArray codes = deltas.reshape(n, k, 4);
        NDArray dx = Scalars.div(codes.get(":, :, 0"), wx);
        NDArray dy = Scalars.div(codes.get(":, :, 1"), wy);
        NDArray dw = Scalars.minimum(Scalars.div(codes.get(":, :, 2"), ww), bboxXformClip);
        NDArray dh = Scalars.minimum(Scalars.div(codes.get(":, :, 3"), wh), bboxXformClip);
        NDArray predCx = dx.mul(widths).add(ctrX);
        NDArray predCy = dy.mul(heights).add(ctrY);
        NDArray halfW = Scalars.mul(dw.exp().mul(widths), 0.5f);
        NDArray halfH = Scalars.mul(dh.exp().mul(heights), 0.5f);
        NDList corners = new NDList(predCx.sub(halfW), predCy.sub(halfH), predCx.add(halfW), predCy.add(halfH));
        return NDArrays.stack(corners, 2).reshape(n, 4 * k);
    }

    /**
     * Host version of {@link #decode(NDArray, NDArray)}, for proposal generation without autograd.
     *
     * @param deltas N*4K deltas, flat
     * @param boxes N reference boxes, flat (length 4N)
     * @return N*4K decoded boxes, flat
     */
    public float[] decode(float[] deltas, float[] boxes) {
        int n = boxes.length / 4;
        if (n == 0) {
            return new float[0];
        }
        int k = deltas.length / (4 * n);
        if (boxes.length != 4 * n || deltas.length != 4 * k * n) {
            throw new IllegalArgumentException(deltas.length + " deltas do not fit " + boxes.length / 4.0 + " boxes");
        }
        float[] out = new float[deltas.length];
        for (int i = 0; i < n; i++) {
            float w = boxes[4 * i + 2] - boxes[4 * i];
            float h = boxes[4 * i + 3] - boxes[4 * i + 1];
            float cx = boxes[4 * i] + 0.5f * w;
            float cy = boxes[4 * i + 1] + 0.5f * h;
            for (int j = 0; j < k; j++) {
                int o = 4 * (i * k + j);
                float pcx = deltas[o] / wx * w + cx;
                float pcy = deltas[o + 1] / wy * h + cy;
                float pw = (float) Math.exp(Math.min(deltas[o + 2] / ww, bboxXformClip)) * w;
                float ph = (float) Math.exp(Math.min(deltas[o + 3] / wh, bboxXformClip)) * h;
                out[o] = pcx - 0.5f * pw;
                out[o + 1] = pcy - 0.5f * ph;
                out[o + 2] = pcx + 0.5f * pw;
                out[o + 3] = pcy + 0.5f * ph;
            }
        }
        return out;
    }

    @Override
    public String toString() {
        return "BoxCoder[weights=(" + wx + "," + wy + "," + ww + "," + wh + "), clip=" + bboxXformClip + "]";
    }
}
