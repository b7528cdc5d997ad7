package org.scda.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.scda.api.Detector;
import org.scda.api.FolderDetection;
import org.scda.data.ImageIds;
import org.scda.data.coco.CocoReader;
import org.scda.util.ScdaException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code scda detect}: run a trained detector on images, write COCO results and drawn PNGs. */
@Command(name = "detect",
        mixinStandardHelpOptions = true,
        description = {"Detect objects in an image or a folder of images with a trained model.",
                "Writes OUT/detections.json (COCO results: image_id, category_id =",
                "class + 1, bbox [x,y,w,h], score, and the image's file_name), OUT/images.json",
                "(image ids, file names, sizes) and OUT/<name>.png with boxes, class names and",
                "scores. Images are numbered 1, 2, ... in file-name order; with --gt they get",
                "the ground truth's image ids instead (matched by file name; an image that is",
                "not in the ground truth is skipped and counted), so that",
                "scda eval --gt GT --detections OUT/detections.json scores the right boxes.",
                "An image that cannot be read (truncated, corrupt, not an image, over the",
                "pixel limit) is skipped and counted, and the first few are named at the end;",
                "--strict stops at the first skipped image instead.",
                "A Mask R-CNN model (model.mask: true) also fills each mask",
                "semi-transparently in the pictures and writes it as segmentation",
                "(COCO compressed RLE, image size) in detections.json."})
public final class DetectCommand implements Callable<Integer> {
    private static final List<String> EXTENSIONS = List.of(".png", ".jpg", ".jpeg", ".bmp", ".gif");

    @Mixin
    VerboseMixin verbose;

    @Spec
    CommandSpec spec;

    @Option(names = "--model", required = true, paramLabel = "M", description = "A run directory (its best checkpoint) or a checkpoint file.")
    Path model;

    @Option(names = "--images", required = true, paramLabel = "DIR|FILE", description = "An image file or a folder of images.")
    Path images;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output folder.")
    Path out;

    @Option(names = "--gt", paramLabel = "GT.json",
            description = "COCO ground truth of these images: detections get its image ids, matched by file name.")
    Path groundTruth;

    @Option(names = "--strict", description = "Stop at the first image that cannot be read (or is not in --gt) instead of skipping it.")
    boolean strict;

    @Option(names = "--draw-threshold", paramLabel = "S", defaultValue = "0.5",
            description = "Draw detections scoring at least this (all go to the JSON; default ${DEFAULT-VALUE}).")
    double drawThreshold;

    @Override
    public Integer call() throws IOException {
        List<Path> files = listImages(images);
        ImageIds.Assignment ids = groundTruth == null ? ImageIds.sequential(files)
                : ImageIds.byFileName(files, CocoReader.read(groundTruth, null), groundTruth);
        FolderDetection.Result r;
        try (Detector detector = Detector.load(model)) {
            r = FolderDetection.run(detector, ids, out, drawThreshold, strict);
        }
        PrintWriter pw = spec.commandLine().getOut();
        pw.printf("%d detections%s on %d images -> %s%n", r.detections(), r.masks() ? " with masks" : "", r.images(), out);
        pw.flush();
        PrintWriter err = spec.commandLine().getErr();
        if (!r.skipped().isEmpty()) {
            err.println("scda detect: skipped " + r.skipped().total() + " of " + files.size() + " images:");
            r.skipped().describe().forEach(line -> err.println("  " + line));
        }
        if (!ids.groundTruthUnmatched().isEmpty()) {
            err.println("scda detect: " + ids.groundTruthUnmatched().size() + " images of " + groundTruth
                    + " have no file in " + images + " (e.g. " + ids.groundTruthUnmatched().get(0).getFileName()
                    + "); their objects will count as missed");
        }
        err.flush();
        return ScdaCommand.EXIT_OK;
    }

    static List<Path> listImages(Path p) throws IOException {
        if (Files.isRegularFile(p)) {
            return List.of(p);
        }
        if (!Files.isDirectory(p)) {
            throw new ScdaException("no such image or folder: " + p);
        }
        try (Stream<Path> s = Files.list(p)) {
            List<Path> files = s.filter(Files::isRegularFile)
                    .filter(f -> EXTENSIONS.stream().anyMatch(e -> f.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(e)))
                    .sorted().toList();
            if (files.isEmpty()) {
                throw new ScdaException(p + " holds no images (" + String.join(", ", EXTENSIONS) + ")");
            }
            return files;
        }
    }
}
