package org.scda.engine;

import java.util.Map;

/**
 * What one training iteration did.
 *
 * @param iteration    0-based iteration index
 * @param losses       every named loss term
 * @param totalLoss    their sum
 * @param learningRate the learning rate used
 * @param skipped      true when the loss was not finite and no update was made
 * @param seconds      wall time of the iteration
 */
public record StepResult(int iteration, Map<String, Double> losses, double totalLoss, double learningRate,
                         boolean skipped, double seconds) {
}
