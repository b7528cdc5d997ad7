/**
 * scda on Apache Spark: batch detection over an image table with one detector per executor task
 * slot, reused across partitions, results as a COCO results file and as Parquet, and the
 * evaluation split into per-image matching on the executors and the AP curves on the driver.
 * {@link org.scda.spark.SparkDetectCommand} is the {@code spark-submit} entry point,
 * {@link org.scda.spark.SparkDetection} the job.
 */
package org.scda.spark;
