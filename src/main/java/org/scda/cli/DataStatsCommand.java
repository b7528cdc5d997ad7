package org.scda.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.scda.data.DatasetSpec;
import org.scda.data.DatasetStats;
import org.scda.data.Datasets;
import org.scda.data.ImageCheck;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine;

/** {@code scda data stats SPEC}: images, boxes per class, box sizes, and what was skipped. */
@Command(name = "stats",
        mixinStandardHelpOptions = true,
        description = {"Print images, boxes and ignore regions per class, box sizes (COCO small/medium/large",
                "and a histogram of box heights) and what the reader skipped and why.",
                "Every image is opened as training will open it (--check-images decode, the default),",
                "so that a missing, truncated, corrupt or oversized image is found and counted here",
                "(and left out of the counts) rather than minutes into a training run."})
public final class DataStatsCommand implements Callable<Integer> {
    @Mixin
    VerboseMixin verbose;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "SPEC", converter = DatasetSpecConverter.class,
            description = "The dataset, e.g. coco:ann/train.json, kitti:DIR?van=true, synth:foggy/source/train")
    DatasetSpec dataset;

    @Option(names = "--check-images", paramLabel = "decode|header|none", defaultValue = "decode",
            converter = DepthConverter.class,
            description = "How much of each image to read: decode (finds truncated and corrupt files; default),"
                    + " header (missing files, non-images, oversized images; faster) or none.")
    ImageCheck.Depth checkImages;

    @Override
    public Integer call() {
        ImageCheck.Result checked = ImageCheck.check(Datasets.load(dataset), checkImages, false);
        DatasetStats stats = DatasetStats.of(checked.usable());
        PrintWriter out = spec.commandLine().getOut();
        stats.describe().forEach(out::println);
        out.println(describe(checked, checkImages));
        out.flush();
        return ScdaCommand.EXIT_OK;
    }

    /** One line: how many images were opened and how many are broken. */
    static String describe(ImageCheck.Result checked, ImageCheck.Depth depth) {
        if (depth == ImageCheck.Depth.NONE) {
            return "image files: not checked";
        }
        String how = depth == ImageCheck.Depth.DECODE ? "decoded" : "header read";
        return checked.problems().isEmpty() ? "image files: all " + checked.opened() + " opened (" + how + "), none broken"
                : "image files: " + checked.opened() + " opened (" + how + "), " + checked.problems().total()
                        + " missing or unreadable, left out (listed under skipped)";
    }

    /** Parses {@code --check-images}. */
    static final class DepthConverter implements CommandLine.ITypeConverter<ImageCheck.Depth> {
        @Override
        public ImageCheck.Depth convert(String value) {
            try {
                return ImageCheck.Depth.parse(value);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }
}
