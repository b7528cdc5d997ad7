package org.scda.testing;

import java.io.IOException;
import java.nio.file.Path;
import org.scda.data.DetectionDataset;
import org.scda.data.coco.CocoWriter;

/**
 * A tiny domain pair written as COCO files, for tests of whole runs: labelled source, unlabelled
 * target and labelled source-val {@link ToyScenes} (256x128), each as a {@code coco:} dataset spec.
 *
 * @param source    4 labelled source images
 * @param target    4 target images, written without labels
 * @param sourceVal labelled source-val images
 */
public record ToyCoco(String source, String target, String sourceVal) {

    /** Writes the pair into {@code dir}; {@code seed}, {@code seed + 1}, {@code seed + 2} draw the three sets. */
    public static ToyCoco write(Path dir, long seed, int valImages) throws IOException {
        return new ToyCoco(coco(dir, "source", ToyScenes.generate(dir.resolve("s"), 4, 256, 128, seed), true),
                coco(dir, "target", ToyScenes.generate(dir.resolve("t"), 4, 256, 128, seed + 1), false),
                coco(dir, "source_val", ToyScenes.generate(dir.resolve("sv"), valImages, 256, 128, seed + 2), true));
    }

    /** {@code ds} as a COCO file in {@code dir} (without labels unless {@code labelled}); its spec. */
    public static String coco(Path dir, String name, DetectionDataset ds, boolean labelled) {
        DetectionDataset written = labelled ? ds
                : new DetectionDataset(ds.name(), ds.classNames(), ds.samples(), false, ds.skipped());
        Path json = dir.resolve(name + ".json");
        CocoWriter.write(written, json, ds.samples().get(0).image().getParent());
        return "coco:" + json + "?images=" + ds.samples().get(0).image().getParent();
    }

    /** The {@code data:} section of a config training on this pair, without target-val. */
    public String dataSection() {
        return "data: {source: '" + source + "', sourceVal: '" + sourceVal + "', targetVal: '', valLimit: 1}\n";
    }
}
