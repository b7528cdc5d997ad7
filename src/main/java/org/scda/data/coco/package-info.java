/**
 * COCO instances JSON: {@link org.scda.data.coco.CocoReader} and
 * {@link org.scda.data.coco.CocoWriter}. COCO is scda's interchange format: the synthetic
 * benchmarks are saved in it and {@code scda data convert} writes every other format to it.
 */
package org.scda.data.coco;
