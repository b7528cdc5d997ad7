/**
 * Scoring detections against labelled images: Pascal VOC AP@0.5 with py-faster-rcnn's
 * {@code voc_eval} semantics (11-point {@link org.scda.eval.Metric#VOC07} and all-point
 * {@link org.scda.eval.Metric#VOC}) and COCO box AP with pycocotools' semantics
 * ({@link org.scda.eval.Metric#COCO}). Evaluators follow detectron2's reset / process /
 * evaluate; {@link org.scda.eval.Evaluators#evaluate} does it in one call;
 * {@link org.scda.eval.CocoResults} reads and writes detections as a COCO results file, and
 * {@link org.scda.eval.ImageIdCheck} says when its image ids do not fit the ground truth. Every
 * {@link org.scda.eval.EvaluationResult} states its metric in its table and JSON.
 */
package org.scda.eval;
