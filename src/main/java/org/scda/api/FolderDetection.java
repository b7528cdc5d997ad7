package org.scda.api;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.imageio.ImageIO;
import org.scda.data.Detection;
import org.scda.data.ImageFiles;
import org.scda.data.ImageIds;
import org.scda.data.SkipReport;
import org.scda.data.UnreadableImageException;
import org.scda.eval.CocoResults;
import org.scda.eval.MaskDetection;
import org.scda.util.ProgressBar;
import org.scda.util.ScdaException;

/**
 * A detector run over many image files, writing what {@code scda detect} promises:
 * {@code detections.json} (a COCO results file whose entries also carry their image's
 * {@code file_name}), {@code images.json} (id, file name, size per image) and one picture with
 * the boxes per image. An image that cannot be read is skipped and counted
 * ({@link ImageFiles#UNREADABLE}), so the good images after it are still processed and the
 * results are written; {@code strict} stops at the first one instead, as do the files the id
 * assignment skipped.
 */
public final class FolderDetection {

    /**
     * What a run did.
     *
     * @param images     images detected on
     * @param detections detections written
     * @param masks      whether the detections carry masks
     * @param skipped    the images passed over, by reason (the id assignment's and the unreadable ones)
     */
    public record Result(int images, int detections, boolean masks, SkipReport skipped) {
    }

    private FolderDetection() {
    }

    /**
     * Detects on every image of {@code images} and writes the results into {@code out}.
     *
     * @param drawThreshold pictures show detections scoring at least this (the JSON has all)
     * @param strict        fail on the first image that is skipped instead of counting it
     * @throws UnreadableImageException with {@code strict}, for the first unreadable image
     * @throws ScdaException            with {@code strict}, when the assignment skipped a file;
     *                                  and when the output cannot be written
     */
    public static Result run(Detector detector, ImageIds.Assignment images, Path out, double drawThreshold,
                             boolean strict) {
        if (strict && !images.skipped().isEmpty()) {
            String reason = images.skipped().counts().keySet().iterator().next();
            throw new ScdaException(images.skipped().examples().get(reason).get(0) + ": " + reason + " (--strict)");
        }
        SkipReport.Builder skips = new SkipReport.Builder().addAll(images.skipped());
        List<Detection> boxes = new ArrayList<>();
        List<MaskDetection> masks = new ArrayList<>();
        Map<Long, String> fileNames = new LinkedHashMap<>();
        StringBuilder index = new StringBuilder();
        try {
            Files.createDirectories(out);
            try (ProgressBar bar = new ProgressBar("detect", images.images().size())) {
                for (ImageIds.Numbered image : images.images()) {
                    BufferedImage img;
                    try {
                        img = ImageFiles.read(image.file());
                    } catch (UnreadableImageException e) {
                        if (strict) {
                            throw e;
                        }
                        skips.add(ImageFiles.UNREADABLE, e.getMessage());
                        bar.step();
                        continue;
                    }
                    BufferedImage painted = detectOne(detector, img, image.id(), drawThreshold, boxes, masks);
                    String name = image.file().getFileName().toString();
                    fileNames.put(image.id(), name);
                    String base = name.contains(".") ? name.substring(0, name.lastIndexOf('.')) : name;
                    ImageIO.write(painted, "png", out.resolve(base + ".png").toFile());
                    index.append(index.length() == 0 ? "" : ",\n")
                            .append(imagesEntry(image.id(), image.file(), img.getWidth(), img.getHeight()));
                    bar.step();
                }
            }
            if (masks.isEmpty()) {
                CocoResults.write(boxes, fileNames, out.resolve("detections.json"));
            } else {
                CocoResults.writeWithMasks(masks, fileNames, out.resolve("detections.json"));
            }
            Files.writeString(out.resolve("images.json"), imagesJson(index));
        } catch (IOException e) {
            throw new ScdaException("cannot write to " + out + ": " + e.getMessage(), e);
        }
        return new Result(fileNames.size(), boxes.size() + masks.size(), !masks.isEmpty(), skips.build());
    }

    /** Detects on one image, adds its detections to {@code boxes} or {@code masks}, returns the picture. */
    private static BufferedImage detectOne(Detector detector, BufferedImage img, long imageId, double drawThreshold,
                                           List<Detection> boxes, List<MaskDetection> masks) {
        if (detector.hasMasks()) {
            List<MaskDetection> dets = detector.detectMasks(img).stream()
                    .map(m -> new MaskDetection(withImage(m.detection(), imageId), m.mask())).toList();
            masks.addAll(dets);
            return DetectionPainter.paintWithMasks(img, dets, detector.classNames(), drawThreshold);
        }
        List<Detection> dets = detector.detect(img).stream().map(d -> withImage(d, imageId)).toList();
        boxes.addAll(dets);
        return DetectionPainter.paint(img, dets, detector.classNames(), drawThreshold);
    }

    private static Detection withImage(Detection d, long imageId) {
        return new Detection(imageId, d.classId(), d.box(), d.score());
    }

    /**
     * One image's line of {@code images.json} (without separator): id, absolute file name,
     * width and height.
     */
    public static String imagesEntry(long id, Path file, int width, int height) {
        return String.format(Locale.ROOT, "  {\"id\": %d, \"file_name\": \"%s\", \"width\": %d, \"height\": %d}", id,
                jsonEscape(file.toAbsolutePath().toString()), width, height);
    }

    /** {@code images.json} from its {@link #imagesEntry} lines joined with {@code ",\n"}. */
    public static String imagesJson(CharSequence entries) {
        return "[\n" + entries + (entries.length() == 0 ? "" : "\n") + "]\n";
    }

    private static String jsonEscape(String s) {
        return s.replace("\\", "\\\\").replace("\"", "\\\"");
    }
}
