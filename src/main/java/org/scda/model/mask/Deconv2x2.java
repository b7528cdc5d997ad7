package org.scda.model.mask;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * A 2x2 transposed convolution with stride 2 (torch {@code ConvTranspose2d(cin, cout, 2, 2)}),
 * built from operations the PyTorch engine supports: DJL's {@code Conv2dTranspose} throws
 * "Not implemented" on that engine (DJL 0.36).
 *
 * <p>With kernel equal to stride the output windows do not overlap: output cell
 * {@code (2i + dy, 2j + dx)} of channel {@code o} is
 * {@code bias[o] + sum_c x[c, i, j] w[c, o, dy, dx]}. That is exactly a 1x1 convolution to
 * {@code 4 cout} channels (channel {@code 4o + 2dy + dx}, no bias), a depth-to-space
 * rearrangement of each group of four channels into a 2x2 block, and one bias per output
 * channel. The 1x1 weight {@code (4 cout, cin, 1, 1)} is torch's {@code (cin, cout, 2, 2)}
 * weight permuted to {@code (cout, 2, 2, cin)}; loading torchvision weights needs that
 * permutation.
 *
 * <p>Forward: {@code (N, cin, H, W)} to {@code (N, cout, 2H, 2W)}.
 */
public final class Deconv2x2 extends AbstractBlock {
    private final int filters;
    private final Conv2d taps;
    private final Parameter bias;

    /** @param filters output channels {@code cout} */
    public Deconv2x2(int filters) {
        if (filters < 1) {
            throw new IllegalArgumentException("filters must be positive, got " + filters);
        }
        this.filters = filters;
        taps = addChildBlock("taps", Conv2d.builder().setFilters(4 * filters).setKernelShape(new Shape(1, 1))
                .optBias(false).build());
        bias = addParameter(Parameter.builder().setName("bias").setType(Parameter.Type.BIAS)
                .optShape(new Shape(filters)).build());
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        Shape s = x.getShape();
        long n = s.get(0);
        long h = s.get(2);
        long w = s.get(3);
        NDArray y = taps.forward(ps, new NDList(x), training).singletonOrThrow();
        y = y.reshape(n, filters, 2, 2, h, w).transpose(0, 1, 4, 2, 5, 3).reshape(n, filters, 2 * h, 2 * w);
        NDArray b = ps.getValue(bias, x.getDevice(), training);
        return new NDList(y.add(b.reshape(1, filters, 1, 1)));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputs) {
        Shape s = inputs[0];
        return new Shape[] {new Shape(s.get(0), filters, 2 * s.get(2), 2 * s.get(3))};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        taps.initialize(manager, dataType, inputShapes);
    }
}
