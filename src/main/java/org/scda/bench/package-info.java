/**
 * scda side by side with torchvision: the same Faster R-CNN rebuilt from torchvision's parts by
 * {@code bench/torch_reference.py}, run as a child process ({@link org.scda.bench.TorchReference}),
 * checked to be the same detector ({@link org.scda.bench.ReferenceSettings}, parameter counts),
 * and timed in alternating blocks ({@link org.scda.bench.SideBySide}) by
 * {@link org.scda.bench.TorchComparison}; analytic FLOPs ({@link org.scda.bench.FlopCount}) and an
 * estimate of the CPU's peak ({@link org.scda.bench.CpuPeak}) give the achieved GFLOP/s.
 * Python serves this reference benchmark only, never the product.
 */
package org.scda.bench;
