package org.scda.spark;

import java.nio.file.Path;
import java.util.Locale;
import org.scda.config.ModelConfig;
import org.scda.util.ScdaException;

/**
 * The detector a job asks for with {@code --arch}: {@code faster-rcnn} (any backbone) or
 * {@code faster-rcnn/BACKBONE} (e.g. {@code faster-rcnn/small}, {@code faster-rcnn/vgg16}).
 * Checked against the checkpoint's own config on the driver, before any executor starts, so a
 * wrong model is one line instead of a failed stage. Mask R-CNN checkpoints are refused: the job
 * writes boxes only, and {@code scda detect} writes their masks.
 *
 * @param backbone the backbone asked for, or null for any
 */
public record Architecture(String backbone) {
    /** The name every accepted value starts with. */
    public static final String FASTER_RCNN = "faster-rcnn";

    /** Any Faster R-CNN. */
    public static final Architecture ANY_FASTER_RCNN = new Architecture(null);

    /**
     * Parses {@code faster-rcnn} or {@code faster-rcnn/BACKBONE} (case-insensitive).
     *
     * @throws IllegalArgumentException naming the accepted forms
     */
    public static Architecture parse(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        if (t.equals(FASTER_RCNN)) {
            return ANY_FASTER_RCNN;
        }
        if (t.startsWith(FASTER_RCNN + "/") && t.length() > FASTER_RCNN.length() + 1) {
            return new Architecture(t.substring(FASTER_RCNN.length() + 1));
        }
        throw new IllegalArgumentException("--arch must be " + FASTER_RCNN + " or " + FASTER_RCNN
                + "/BACKBONE (e.g. " + FASTER_RCNN + "/small), got '" + text + "'");
    }

    /** How a checkpoint with {@code model} describes itself, e.g. {@code faster-rcnn/small}. */
    public static String describe(ModelConfig model) {
        return (model.mask() ? "mask-rcnn" : FASTER_RCNN) + "/" + model.backbone();
    }

    /**
     * Checks a checkpoint's model config.
     *
     * @throws ScdaException one line naming the checkpoint, what it is and what was asked
     */
    public void check(Path checkpoint, ModelConfig model) {
        if (model.mask()) {
            throw new ScdaException(checkpoint + " is a " + describe(model) + " checkpoint (model.mask: true), --arch asked for "
                    + this + ": scda-spark writes boxes only; use scda detect for masks");
        }
        if (backbone != null && !backbone.equals(model.backbone())) {
            throw new ScdaException(checkpoint + " is a " + describe(model) + " checkpoint, --arch asked for " + this);
        }
    }

    @Override
    public String toString() {
        return backbone == null ? FASTER_RCNN : FASTER_RCNN + "/" + backbone;
    }
}
