package org.scda.spark;

import java.io.Serializable;

/**
 * One row of the job's work: an image file, the id its detections carry and, when the job
 * evaluates, its ground truth.
 *
 * @param id          the image id
 * @param path        the image file as every executor sees it
 * @param groundTruth the image's ground truth, or null when the job does not evaluate
 */
public record ImageTask(long id, String path, GroundTruthImage groundTruth) implements Serializable {
}
