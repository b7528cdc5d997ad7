/**
 * The experiment report ({@code scda report RUNS_DIR}): tables in the paper's layout with mean
 * +- std over seeds and the paper's reported numbers beside them ({@link
 * org.scda.report.PaperNumbers}), training curves and precision/recall curves as PNG plots
 * ({@link org.scda.viz.Charts}), side-by-side detections ({@link
 * org.scda.report.DetectionPictures}) and the region-mining pictures, written as Markdown and
 * as one self-contained HTML file ({@link org.scda.report.Document}).
 */
package org.scda.report;
