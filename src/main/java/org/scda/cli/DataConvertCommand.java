package org.scda.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.scda.data.DatasetSpec;
import org.scda.data.DatasetStats;
import org.scda.data.Datasets;
import org.scda.data.DetectionDataset;
import org.scda.data.ImageCheck;
import org.scda.data.coco.CocoWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code scda data convert --from SPEC --out FILE.json}: writes any supported dataset as COCO
 * instances JSON, with {@code file_name} relative to the JSON's folder (read it back with
 * {@code coco:FILE.json?images=FOLDER-OF-FILE} or move the JSON with its images).
 */
@Command(name = "convert",
        mixinStandardHelpOptions = true,
        description = {"Write a dataset as COCO instances JSON (file_name relative to the JSON's folder).",
                "The images are not copied. Every image is opened first (--check-images, as in",
                "scda data stats): a missing, truncated, corrupt or oversized image is left out of",
                "the JSON and counted, so that training on it does not fail minutes in;",
                "--strict refuses to write instead."})
public final class DataConvertCommand implements Callable<Integer> {
    @Mixin
    VerboseMixin verbose;

    @Spec
    CommandSpec spec;

    @Option(names = "--from", required = true, paramLabel = "SPEC", converter = DatasetSpecConverter.class,
            description = "The dataset to convert, e.g. voc:Sim10k?classes=car")
    DatasetSpec from;

    @Option(names = "--out", required = true, paramLabel = "FILE.json", description = "The COCO JSON to write.")
    Path out;

    @Option(names = "--check-images", paramLabel = "decode|header|none", defaultValue = "decode",
            converter = DataStatsCommand.DepthConverter.class,
            description = "How much of each image to read: decode (default), header or none.")
    ImageCheck.Depth checkImages;

    @Option(names = "--strict", description = "Fail on the first broken image instead of leaving it out.")
    boolean strict;

    @Override
    public Integer call() {
        ImageCheck.Result checked = ImageCheck.check(Datasets.load(from), checkImages, strict);
        DetectionDataset ds = checked.usable();
        Path folder = out.toAbsolutePath().getParent();
        CocoWriter.write(ds, out, folder);
        DatasetStats stats = DatasetStats.of(ds);
        PrintWriter pw = spec.commandLine().getOut();
        pw.printf("wrote %s: %d images, %d classes, %d boxes, %d ignore regions%s%n", out, stats.images(),
                ds.numClasses(), stats.totalBoxes(), stats.totalIgnored(), ds.labelled() ? "" : " (unlabelled)");
        pw.println(DataStatsCommand.describe(checked, checkImages));
        if (!ds.skipped().isEmpty()) {
            pw.println("skipped while reading: " + ds.skipped().total());
            ds.skipped().describe().forEach(line -> pw.println("  " + line));
        }
        pw.flush();
        return ScdaCommand.EXIT_OK;
    }
}
