package org.scda.adapt.align;

import ai.djl.ndarray.NDArray;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.scda.adapt.mining.MinedRegions;

/**
 * Writes the region-mining pictures (like the paper's Fig. 3) of every {@code period}-th
 * aligned iteration into a folder: {@code iter_NNNNNN_target.png} (proposals, K regions,
 * centroids, Wt, real vs Gt-reconstructed patches) and {@code iter_NNNNNN_source.png}
 * (regions, real vs Gs-reconstructed patches).
 */
public final class MiningPictures implements AdaptationStep.Observer {
    private final Path dir;
    private final int period;
    private final int firstAligned;
    private final List<Path> written = new ArrayList<>();

    /** @param firstAligned the first aligned iteration, pictured too */
    public MiningPictures(Path dir, int period, int firstAligned) {
        this.dir = dir;
        this.period = period;
        this.firstAligned = firstAligned;
    }

    @Override
    public boolean wants(int iteration) {
        return period > 0 && (iteration == firstAligned || (iteration + 1) % period == 0);
    }

    @Override
    public void mined(int iteration, NDArray sourceImage, MinedRegions source, NDArray targetImage,
                      float[] targetProposals, MinedRegions target, RegionAlignment alignment) {
        String stem = String.format("iter_%06d", iteration + 1);
        BufferedImage t = RegionMiningPicture.renderTarget(alignment, targetImage, targetProposals, target,
                AdaptationStep.NORMALIZATION);
        BufferedImage s = RegionMiningPicture.render(sourceImage, new float[0], source, null,
                alignment.reconstruct(source, true), AdaptationStep.NORMALIZATION);
        try {
            Path tf = dir.resolve(stem + "_target.png");
            Path sf = dir.resolve(stem + "_source.png");
            RegionMiningPicture.write(t, tf);
            RegionMiningPicture.write(s, sf);
            written.add(tf);
            written.add(sf);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write picture into " + dir + ": " + e.getMessage(), e);
        }
    }

    /** Files written so far. */
    public List<Path> written() {
        return List.copyOf(written);
    }
}
