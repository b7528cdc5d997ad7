package org.scda.testing;

import java.io.IOException;
import java.nio.file.Path;
import org.scda.adapt.core.UnlabelledImages;
import org.scda.data.DetectionDataset;
import org.scda.data.transform.ImageTransform;
import org.scda.engine.TrainingImages;

/**
 * The adaptation tests' domain pair: 4 labelled source and 4 target toy scenes (256x128,
 * {@link ToyScenes} seeds 3 and 4), read at {@link #TRANSFORM}.
 */
public record ToyDomains(DetectionDataset source, DetectionDataset target) {

    /** Shorter side 128, longer at most 512: the images stay 256x128. */
    public static final ImageTransform TRANSFORM = new ImageTransform(128, 512);

    /** Draws the pair under {@code dir}/source and {@code dir}/target. */
    public static ToyDomains generate(Path dir) throws IOException {
        return new ToyDomains(ToyScenes.generate(dir.resolve("source"), 4, 256, 128, 3),
                ToyScenes.generate(dir.resolve("target"), 4, 256, 128, 4));
    }

    public int numClasses() {
        return source.numClasses();
    }

    public TrainingImages sourceImages(boolean shuffle) {
        return new TrainingImages(source, TRANSFORM, shuffle);
    }

    public UnlabelledImages targetImages(boolean shuffle) {
        return new UnlabelledImages(target, TRANSFORM, shuffle);
    }
}
