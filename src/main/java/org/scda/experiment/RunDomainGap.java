package org.scda.experiment;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.scda.api.Detector;
import org.scda.data.Datasets;
import org.scda.eval.DomainGapReport;
import org.scda.eval.ImageFeatures;

/**
 * The domain gap of a trained detector's features between two image sets ({@code scda
 * domain-gap}), and its file in a run folder ({@link DomainGapReport#RUN_FILE}). Only the
 * images are read, never their labels.
 */
public final class RunDomainGap {
    /** Images of each domain measured by default (the first N). */
    public static final int IMAGES = 200;
    /** Top-N proposals whose RoI features make an image's RoI vector by default. */
    public static final int PROPOSALS = 128;
    /** Seed of the classifier's folds by default. */
    public static final long SEED = 1;

    private RunDomainGap() {
    }

    /**
     * A measurement and what it measured.
     *
     * @param report  the gap per level
     * @param context model, source, target, seed, images and proposals, as the JSON states them
     * @param source  source images measured
     * @param target  target images measured
     */
    public record Measured(DomainGapReport report, Map<String, Object> context, int source, int target) {
        /** The JSON of {@code scda domain-gap --json}. */
        public String json() {
            return report.toJson(context);
        }
    }

    /**
     * Measures {@code model} (a checkpoint, or a run folder: its selected checkpoint) on the first
     * {@code images} images (0: all) of {@code source} and {@code target}.
     */
    public static Measured measure(Path model, String source, String target, int images, int proposals, long seed) {
        List<ImageFeatures> s;
        List<ImageFeatures> t;
        try (Detector detector = Detector.load(model)) {
            s = detector.runner().features(Datasets.load(source), images, proposals, "source");
            t = detector.runner().features(Datasets.load(target), images, proposals, "target");
        }
        Map<String, Object> context = new LinkedHashMap<>();
        context.put("model", model.toString());
        context.put("source", source);
        context.put("target", target);
        context.put("seed", seed);
        context.put("images", images);
        context.put("proposals", proposals);
        return new Measured(DomainGapReport.measure(s, t, seed), context, s.size(), t.size());
    }

    /** Writes {@code m}'s JSON as the run folder's {@link DomainGapReport#RUN_FILE}, whole or not at all. */
    public static Path save(Path runDir, Measured m) throws IOException {
        Path file = runDir.resolve(DomainGapReport.RUN_FILE);
        Path tmp = runDir.resolve(DomainGapReport.RUN_FILE + ".tmp");
        Files.writeString(tmp, m.json() + System.lineSeparator());
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return file;
    }

    /** Measures a finished run's selected checkpoint between its own source-val and target-val with the defaults, and saves it. */
    public static Path measureAndSave(Path runDir, ScenarioSpec datasets) throws IOException {
        return save(runDir, measure(runDir, datasets.sourceVal(), datasets.targetVal(), IMAGES, PROPOSALS, SEED));
    }
}
