package org.scda.engine;

import java.util.List;
import org.scda.config.SolverConfig;

/**
 * Linear warm-up from {@code warmupFactor * baseLr} to {@code baseLr} over
 * {@code warmupIterations}, then {@code baseLr * gamma^(steps passed)} (detectron2's
 * WarmupMultiStepLR).
 */
public record LrSchedule(double baseLr, int warmupIterations, double warmupFactor, List<Integer> steps, double gamma) {

    public LrSchedule {
        steps = List.copyOf(steps);
    }

    public static LrSchedule of(SolverConfig solver) {
        return new LrSchedule(solver.baseLr(), solver.warmupIterations(), solver.warmupFactor(), solver.steps(),
                solver.gamma());
    }

    /** The learning rate of 0-based iteration {@code iteration}. */
    public double learningRate(int iteration) {
        double lr = baseLr;
        for (int s : steps) {
            if (iteration >= s) {
                lr *= gamma;
            }
        }
        if (iteration < warmupIterations) {
            double alpha = (double) iteration / warmupIterations;
            lr *= warmupFactor * (1 - alpha) + alpha;
        }
        return lr;
    }
}
