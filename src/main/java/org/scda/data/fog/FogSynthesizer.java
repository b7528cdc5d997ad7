package org.scda.data.fog;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.scda.data.DataFormatException;
import org.scda.data.ImageFiles;
import org.scda.data.SkipReport;
import org.scda.data.UnreadableImageException;
import org.scda.util.ProgressBar;
import org.scda.util.ScdaException;

/**
 * Fogs every image of a folder (recursively) with {@link Koschmieder}, writing files named
 * like Foggy Cityscapes: {@code {base}_leftImg8bit.png} becomes
 * {@code {base}_leftImg8bit_foggy_beta_{beta}.png}; other names get
 * {@code _foggy_beta_{beta}} before the extension (always written as PNG). Sub-folders are
 * kept. Depth comes from a Cityscapes disparity map and camera file when both are found for an
 * image ({@code {base}_disparity.png}, {@code {base}_camera.json} anywhere under the given
 * folders), else from the flat-ground prior of {@link Options}.
 */
public final class FogSynthesizer {
    private static final String CITYSCAPES_SUFFIX = "_leftImg8bit";

    /**
     * Settings of a fog run.
     *
     * @param beta            attenuation in 1/m (Foggy Cityscapes: 0.005, 0.01, 0.02)
     * @param airlightRgb     atmospheric light {@code 0xRRGGBB}
     * @param disparityDir    folder with {@code *_disparity.png}, or null
     * @param cameraDir       folder with {@code *_camera.json}, or null
     * @param horizonFraction flat-ground prior: horizon row as a fraction of the height
     * @param horizontalFovDegrees flat-ground prior: horizontal field of view, giving the focal length
     * @param cameraHeight    flat-ground prior: camera height above the ground in metres
     * @param maxDepth        depth cap in metres (sky, above the horizon, missing disparity)
     */
    public record Options(double beta, int airlightRgb, Path disparityDir, Path cameraDir, double horizonFraction,
                          double horizontalFovDegrees, double cameraHeight, double maxDepth) {
        public Options {
            if (!(beta >= 0)) {
                throw new IllegalArgumentException("fog beta must be >= 0, got " + beta);
            }
            if (!(horizonFraction >= 0 && horizonFraction < 1)) {
                throw new IllegalArgumentException("horizon must be a fraction of the height in [0, 1), got " + horizonFraction);
            }
            if (!(horizontalFovDegrees > 0 && horizontalFovDegrees < 180)) {
                throw new IllegalArgumentException("field of view must be in (0, 180) degrees, got " + horizontalFovDegrees);
            }
        }

        /**
         * Defaults shaped on Cityscapes: horizon at 45% of the height, 49 degree field of view
         * (fx 2262 px at 2048 px width), camera 1.22 m high, depth capped at 1000 m.
         */
        public static Options defaults(double beta) {
            return new Options(beta, Koschmieder.DEFAULT_AIRLIGHT, null, null, 0.45, 48.7, 1.22, 1000);
        }

        public Options withDisparity(Path disparity, Path camera) {
            return new Options(beta, airlightRgb, disparity, camera, horizonFraction, horizontalFovDegrees,
                    cameraHeight, maxDepth);
        }

        public Options withHorizon(double fraction) {
            return new Options(beta, airlightRgb, disparityDir, cameraDir, fraction, horizontalFovDegrees,
                    cameraHeight, maxDepth);
        }
    }

    /**
     * What a run did.
     *
     * @param written         fogged images written
     * @param fromDisparity   how many of them used a disparity map
     * @param outputs         the files written, in input order
     * @param skipped         the images passed over because they (or their disparity maps)
     *                        cannot be read, by reason with the first few paths
     */
    public record Result(int written, int fromDisparity, List<Path> outputs, SkipReport skipped) {
        public Result {
            outputs = List.copyOf(outputs);
        }
    }

    private FogSynthesizer() {
    }

    /**
     * Fogs the images under {@code imagesDir} into {@code outDir}. An image that cannot be read
     * (truncated, corrupt, over the pixel limit, or with an unreadable disparity map) is skipped
     * and counted, so the images after it are still fogged.
     *
     * @param strict stop at the first unreadable image instead
     * @throws org.scda.data.UnreadableImageException with {@code strict}, naming the first unreadable file
     */
    public static Result fogFolder(Path imagesDir, Path outDir, Options options, boolean strict) throws IOException {
        if (!Files.isDirectory(imagesDir)) {
            throw new ScdaException("images folder not found: " + imagesDir);
        }
        if (options.disparityDir() != null && !Files.isDirectory(options.disparityDir())) {
            throw new ScdaException("disparity folder not found: " + options.disparityDir());
        }
        if (options.cameraDir() != null && !Files.isDirectory(options.cameraDir())) {
            throw new ScdaException("camera folder not found: " + options.cameraDir());
        }
        List<Path> images = listImages(imagesDir);
        if (images.isEmpty()) {
            throw new ScdaException("no .png/.jpg images under " + imagesDir);
        }
        Map<String, Path> disparities = options.disparityDir() == null ? Map.of()
                : indexBySuffix(options.disparityDir(), "_disparity.png");
        Map<String, Path> cameras = options.cameraDir() == null ? Map.of()
                : indexBySuffix(options.cameraDir(), "_camera.json");
        Path[] outputs = new Path[images.size()];
        AtomicInteger fromDisparity = new AtomicInteger();
        SkipReport.Builder skips = new SkipReport.Builder();
        try (ProgressBar bar = new ProgressBar("fog", images.size())) {
            java.util.stream.IntStream.range(0, images.size()).parallel().forEach(i -> {
                Path img = images.get(i);
                try {
                    Path rel = imagesDir.relativize(img);
                    String base = cityscapesBase(img.getFileName().toString());
                    Path disparity = disparities.get(base);
                    Path camera = cameras.get(base);
                    Path out = outDir.resolve(rel).resolveSibling(foggyName(img.getFileName().toString(), options.beta()));
                    boolean usedDisparity = fogOne(img, disparity, camera, out, options);
                    if (usedDisparity) {
                        fromDisparity.incrementAndGet();
                    }
                    outputs[i] = out;
                } catch (UnreadableImageException e) {
                    if (strict) {
                        throw e;
                    }
                    synchronized (skips) {
                        skips.add(ImageFiles.UNREADABLE, e.getMessage());
                    }
                } catch (IOException e) {
                    throw new ScdaException("cannot fog " + img + ": " + e.getMessage(), e);
                }
                synchronized (bar) {
                    bar.step();
                }
            });
        }
        List<Path> written = java.util.Arrays.stream(outputs).filter(Objects::nonNull).toList();
        return new Result(written.size(), fromDisparity.get(), written, skips.build());
    }

    /**
     * Fogs one image; uses the disparity map when both it and the camera file are given.
     *
     * @return true when the depth came from the disparity map
     */
    static boolean fogOne(Path image, Path disparity, Path camera, Path out, Options options) throws IOException {
        BufferedImage clear = ImageFiles.read(image);
        float[] depth;
        boolean usedDisparity = disparity != null && camera != null;
        if (usedDisparity) {
            BufferedImage disp = ImageFiles.read(disparity);
            if (disp.getWidth() != clear.getWidth() || disp.getHeight() != clear.getHeight()) {
                throw new DataFormatException(disparity, "disparity is " + disp.getWidth() + "x" + disp.getHeight()
                        + " but the image is " + clear.getWidth() + "x" + clear.getHeight());
            }
            double[] cam = readCamera(camera);
            depth = DepthMaps.fromCityscapesDisparity(disp, cam[0], cam[1], options.maxDepth());
        } else {
            double focal = clear.getWidth() / 2.0 / Math.tan(Math.toRadians(options.horizontalFovDegrees()) / 2);
            depth = DepthMaps.flatGround(clear.getWidth(), clear.getHeight(),
                    options.horizonFraction() * clear.getHeight(), focal, options.cameraHeight(), options.maxDepth());
        }
        BufferedImage fogged = Koschmieder.apply(clear, depth, options.beta(), options.airlightRgb());
        Files.createDirectories(Objects.requireNonNullElse(out.getParent(), Path.of(".")));
        ImageIO.write(fogged, "png", out.toFile());
        return usedDisparity;
    }

    /**
     * The Foggy Cityscapes name of an image: {@code X_leftImg8bit.png} ->
     * {@code X_leftImg8bit_foggy_beta_0.02.png}; {@code photo.jpg} ->
     * {@code photo_foggy_beta_0.02.png}.
     */
    public static String foggyName(String fileName, double beta) {
        int dot = fileName.lastIndexOf('.');
        String stem = dot > 0 ? fileName.substring(0, dot) : fileName;
        return stem + "_foggy_beta_" + formatBeta(beta) + ".png";
    }

    /** {@code 0.02} -> "0.02", {@code 0.005} -> "0.005", {@code 0.1} -> "0.1". */
    public static String formatBeta(double beta) {
        String s = new BigDecimal(Double.toString(beta)).stripTrailingZeros().toPlainString();
        return s.contains(".") ? s : s + ".0";
    }

    /** The Cityscapes base of a file name: the part before {@code _leftImg8bit}, else the stem. */
    static String cityscapesBase(String fileName) {
        int i = fileName.indexOf(CITYSCAPES_SUFFIX);
        if (i > 0) {
            return fileName.substring(0, i);
        }
        int dot = fileName.lastIndexOf('.');
        return dot > 0 ? fileName.substring(0, dot) : fileName;
    }

    private static double[] readCamera(Path camera) throws IOException {
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(camera.toFile());
        } catch (IOException e) {
            throw new DataFormatException(camera, "malformed camera JSON: " + e.getMessage());
        }
        JsonNode baseline = root.path("extrinsic").path("baseline");
        JsonNode fx = root.path("intrinsic").path("fx");
        if (!baseline.isNumber() || !fx.isNumber()) {
            throw new DataFormatException(camera, "camera JSON needs numbers extrinsic.baseline and intrinsic.fx");
        }
        return new double[] {baseline.asDouble(), fx.asDouble()};
    }

    private static List<Path> listImages(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile)
                    .filter(p -> {
                        String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
                        return n.endsWith(".png") || n.endsWith(".jpg") || n.endsWith(".jpeg");
                    })
                    .sorted()
                    .toList();
        }
    }

    private static Map<String, Path> indexBySuffix(Path dir, String suffix) throws IOException {
        Map<String, Path> index = new HashMap<>();
        List<Path> files = new ArrayList<>();
        try (Stream<Path> s = Files.walk(dir)) {
            s.filter(Files::isRegularFile).filter(p -> p.getFileName().toString().endsWith(suffix)).forEach(files::add);
        }
        for (Path f : files) {
            String n = f.getFileName().toString();
            index.put(n.substring(0, n.length() - suffix.length()), f);
        }
        return index;
    }
}
