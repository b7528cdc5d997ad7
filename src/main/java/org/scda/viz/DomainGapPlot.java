package org.scda.viz;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.scda.eval.DomainGap;
import org.scda.eval.DomainGapReport;
import org.scda.eval.ImageFeatures;

/**
 * Pictures of a {@link DomainGapReport}: per level, both domains' vectors on their first two
 * principal components ({@link DomainGap#project}), source and target in two colours.
 */
public final class DomainGapPlot {
    private DomainGapPlot() {
    }

    /**
     * Writes {@code dir/domain-gap-LEVEL.png} for every level.
     *
     * @return the files written
     */
    public static List<Path> write(DomainGapReport report, Path dir, String sourceName, String targetName)
            throws IOException {
        List<Path> files = new ArrayList<>();
        for (ImageFeatures.Level level : report.levels().keySet()) {
            DomainGap.Result r = report.levels().get(level);
            DomainGap.Projection p = DomainGap.project(report.source().get(level), report.target().get(level));
            Path file = dir.resolve("domain-gap-" + level.key() + ".png");
            Charts.scatter(file, String.format(Locale.ROOT, "%s features: PAD %.2f, effect size %.2f", level.key(),
                            r.proxyADistance(), r.meanEffectSize()),
                    String.format(Locale.ROOT, "PC1 (%.0f%% of variance)", 100 * p.variance()[0]),
                    String.format(Locale.ROOT, "PC2 (%.0f%%)", 100 * p.variance()[1]),
                    List.of(series("source: " + sourceName, p.source()), series("target: " + targetName, p.target())));
            files.add(file);
        }
        return files;
    }

    private static Charts.Series series(String name, double[][] coords) {
        double[] x = new double[coords.length];
        double[] y = new double[coords.length];
        for (int i = 0; i < coords.length; i++) {
            x[i] = coords[i][0];
            y[i] = coords[i][1];
        }
        return new Charts.Series(name, x, y);
    }
}
