/**
 * The data model ({@link org.scda.data.DetectionSample}, {@link org.scda.data.DetectionDataset})
 * and dataset names ({@link org.scda.data.DatasetSpec}). Readers live in sub-packages, one per
 * format; the synthetic benchmark in {@code org.scda.data.synth}; fog in {@code org.scda.data.fog}.
 */
package org.scda.data;
