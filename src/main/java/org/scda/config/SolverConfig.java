package org.scda.config;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.List;

/**
 * Optimiser and learning-rate schedule: linear warm-up from {@code warmupFactor * baseLr},
 * then {@code baseLr}, multiplied by {@code gamma} at each of {@code steps}.
 *
 * @param optimizer        {@code sgd} (momentum) or {@code adam}
 * @param iterations       training iterations (one image each)
 * @param baseLr           base learning rate
 * @param momentum         SGD momentum (Adam: beta1)
 * @param weightDecay      L2 weight decay
 * @param warmupIterations iterations of linear warm-up
 * @param warmupFactor     learning-rate factor at iteration 0
 * @param steps            iterations at which the learning rate is multiplied by gamma
 * @param gamma            step factor
 * @param clipGradient     scale gradients so their global L2 norm is at most this; 0 disables
 */
public record SolverConfig(
        @JsonPropertyDescription("sgd | adam") String optimizer,
        @JsonPropertyDescription("training iterations, one image each") int iterations,
        @JsonPropertyDescription("base learning rate") double baseLr,
        @JsonPropertyDescription("SGD momentum / Adam beta1") double momentum,
        @JsonPropertyDescription("L2 weight decay") double weightDecay,
        @JsonPropertyDescription("linear warm-up iterations") int warmupIterations,
        @JsonPropertyDescription("learning-rate factor at the first iteration") double warmupFactor,
        @JsonPropertyDescription("iterations where lr *= gamma") List<Integer> steps,
        @JsonPropertyDescription("learning-rate step factor") double gamma,
        @JsonPropertyDescription("max global gradient L2 norm, 0 = off") double clipGradient) {

    public SolverConfig {
        steps = List.copyOf(steps);
        if (!optimizer.equals("sgd") && !optimizer.equals("adam")) {
            throw new IllegalArgumentException("solver.optimizer must be 'sgd' or 'adam', got '" + optimizer + "'");
        }
        if (iterations < 0) {
            throw new IllegalArgumentException("solver.iterations must be >= 0");
        }
        if (!(baseLr > 0) || Double.isInfinite(baseLr)) {
            throw new IllegalArgumentException("solver.baseLr must be a finite number > 0, got " + baseLr);
        }
    }
}
