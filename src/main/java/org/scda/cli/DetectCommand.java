package org.scda.cli;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.scda.api.DetectionPainter;
import org.scda.api.Detector;
import org.scda.data.Detection;
import org.scda.engine.DetectorRunner;
import org.scda.eval.CocoResults;
import org.scda.eval.MaskDetection;
import org.scda.util.ProgressBar;
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
                "class + 1, bbox [x,y,w,h], score), OUT/images.json (image ids, file",
                "names, sizes) and OUT/<name>.png with boxes, class names and scores.",
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

    @Option(names = "--draw-threshold", paramLabel = "S", defaultValue = "0.5",
            description = "Draw detections scoring at least this (all go to the JSON; default ${DEFAULT-VALUE}).")
    double drawThreshold;

    @Override
    public Integer call() throws IOException {
        List<Path> files = listImages(images);
        Files.createDirectories(out);
        List<Detection> all = new ArrayList<>();
        List<MaskDetection> allMasks = new ArrayList<>();
        StringBuilder index = new StringBuilder("[\n");
        try (Detector detector = Detector.load(model);
             ProgressBar bar = new ProgressBar("detect", files.size())) {
            long id = 1;
            for (Path f : files) {
                BufferedImage img = DetectorRunner.readImage(f);
                final long imageId = id;
                BufferedImage painted;
                if (detector.hasMasks()) {
                    List<MaskDetection> dets = detector.detectMasks(img).stream()
                            .map(m -> new MaskDetection(withImage(m.detection(), imageId), m.mask())).toList();
                    allMasks.addAll(dets);
                    painted = DetectionPainter.paintWithMasks(img, dets, detector.classNames(), drawThreshold);
                } else {
                    List<Detection> dets = detector.detect(img).stream().map(d -> withImage(d, imageId)).toList();
                    all.addAll(dets);
                    painted = DetectionPainter.paint(img, dets, detector.classNames(), drawThreshold);
                }
                String name = f.getFileName().toString();
                String base = name.contains(".") ? name.substring(0, name.lastIndexOf('.')) : name;
                ImageIO.write(painted, "png", out.resolve(base + ".png").toFile());
                index.append(String.format(Locale.ROOT, "  {\"id\": %d, \"file_name\": \"%s\", \"width\": %d, \"height\": %d}%s%n",
                        imageId, f.toAbsolutePath().toString().replace("\\", "\\\\").replace("\"", "\\\""),
                        img.getWidth(), img.getHeight(), imageId == files.size() ? "" : ","));
                id++;
                bar.step();
            }
        }
        index.append("]\n");
        if (allMasks.isEmpty()) {
            CocoResults.write(all, out.resolve("detections.json"));
        } else {
            CocoResults.writeWithMasks(allMasks, out.resolve("detections.json"));
        }
        Files.writeString(out.resolve("images.json"), index);
        PrintWriter pw = spec.commandLine().getOut();
        pw.printf("%d detections%s on %d images -> %s%n", all.size() + allMasks.size(),
                allMasks.isEmpty() ? "" : " with masks", files.size(), out);
        pw.flush();
        return ScdaCommand.EXIT_OK;
    }

    private static Detection withImage(Detection d, long imageId) {
        return new Detection(imageId, d.classId(), d.box(), d.score());
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
