package org.scda.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.scda.data.DatasetSpec;
import org.scda.data.DatasetStats;
import org.scda.data.Datasets;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code scda data stats SPEC}: images, boxes per class, box sizes, and what was skipped. */
@Command(name = "stats",
        mixinStandardHelpOptions = true,
        description = {"Print images, boxes and ignore regions per class, box sizes (COCO small/medium/large",
                "and a histogram of box heights) and what the reader skipped and why."})
public final class DataStatsCommand implements Callable<Integer> {
    @Mixin
    VerboseMixin verbose;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "SPEC", converter = DatasetSpecConverter.class,
            description = "The dataset, e.g. coco:ann/train.json, kitti:DIR?van=true, synth:foggy/source/train")
    DatasetSpec dataset;

    @Override
    public Integer call() {
        DatasetStats stats = DatasetStats.of(Datasets.load(dataset));
        PrintWriter out = spec.commandLine().getOut();
        stats.describe().forEach(out::println);
        out.flush();
        return ScdaCommand.EXIT_OK;
    }
}
