/**
 * The data model ({@link org.scda.data.DetectionSample}, {@link org.scda.data.DetectionDataset})
 * and dataset names ({@link org.scda.data.DatasetSpec}). Readers live in sub-packages, one per
 * format; the synthetic benchmark in {@code org.scda.data.synth}; fog in {@code org.scda.data.fog}.
 * Image files are opened only through {@link org.scda.data.ImageFiles} (header or pixels, with a
 * pixel limit); {@link org.scda.data.ImageCheck} opens a whole dataset's images ahead of a run,
 * and {@link org.scda.data.ImageIds} gives image files the ids of a ground truth.
 */
package org.scda.data;
