package org.scda.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.scda.data.DatasetSpec;
import org.scda.data.DatasetStats;
import org.scda.data.Datasets;
import org.scda.data.DetectionDataset;
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
                "The images are not copied."})
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

    @Override
    public Integer call() {
        DetectionDataset ds = Datasets.load(from);
        Path folder = out.toAbsolutePath().getParent();
        CocoWriter.write(ds, out, folder);
        DatasetStats stats = DatasetStats.of(ds);
        PrintWriter pw = spec.commandLine().getOut();
        pw.printf("wrote %s: %d images, %d classes, %d boxes, %d ignore regions%s%n", out, stats.images(),
                ds.numClasses(), stats.totalBoxes(), stats.totalIgnored(), ds.labelled() ? "" : " (unlabelled)");
        if (!ds.skipped().isEmpty()) {
            pw.println("skipped while reading: " + ds.skipped().total());
            ds.skipped().describe().forEach(line -> pw.println("  " + line));
        }
        pw.flush();
        return ScdaCommand.EXIT_OK;
    }
}
