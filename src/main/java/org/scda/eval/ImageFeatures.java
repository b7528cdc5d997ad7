package org.scda.eval;

/**
 * One image's features in two places of a detector, for measuring a domain gap
 * ({@link DomainGapReport}).
 *
 * @param backbone {@code (C)}: the backbone map {@code (1, C, h, w)} averaged over its positions
 * @param rois     {@code (d)}: the RoI head features {@code (N, d)} of the image's top-N
 *                 proposals averaged over the proposals (what region mining groups), or null
 *                 when the RPN kept no proposal
 */
public record ImageFeatures(float[] backbone, float[] rois) {

    /** The feature levels, in report order. */
    public enum Level {
        BACKBONE("backbone"), ROI("roi");

        private final String key;

        Level(String key) {
            this.key = key;
        }

        /** The name in tables, JSON and file names. */
        public String key() {
            return key;
        }
    }

    /** The vector at a level (null for {@link Level#ROI} without proposals). */
    public float[] at(Level level) {
        return level == Level.BACKBONE ? backbone : rois;
    }
}
