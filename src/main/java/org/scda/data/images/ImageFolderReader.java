package org.scda.data.images;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.scda.data.DetectionDataset;
import org.scda.data.DetectionSample;
import org.scda.data.ImageFiles;
import org.scda.data.ImageSize;
import org.scda.data.SkipReport;
import org.scda.data.UnreadableImageException;
import org.scda.util.ScdaException;

/**
 * Reads every {@code .png}, {@code .jpg} and {@code .jpeg} file directly in a folder (not in
 * sub-folders), sorted by file name, as an unlabelled dataset ({@code labelled = false}, no
 * classes). Sizes come from the image headers. An image whose header cannot be read, or that is
 * over the pixel limit of {@link ImageFiles}, is skipped and counted with its file name; sample
 * ids are 1, 2, ... in name order.
 */
public final class ImageFolderReader {
    static final String UNREADABLE = ImageFiles.UNREADABLE;

    private ImageFolderReader() {
    }

    /**
     * Lists the images of {@code dir}.
     *
     * @throws ScdaException when the folder is missing or cannot be listed
     */
    public static DetectionDataset read(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new ScdaException("image folder not found: " + dir);
        }
        List<Path> files;
        try (Stream<Path> list = Files.list(dir)) {
            files = list.filter(Files::isRegularFile).filter(ImageFolderReader::isImageName).sorted().toList();
        } catch (IOException e) {
            throw new ScdaException("cannot list " + dir + ": " + e.getMessage(), e);
        }
        SkipReport.Builder skips = new SkipReport.Builder();
        List<DetectionSample> samples = new ArrayList<>();
        long id = 1;
        for (Path f : files) {
            try {
                ImageSize size = ImageFiles.size(f);
                samples.add(DetectionSample.unlabelled(id++, f, size.width(), size.height()));
            } catch (UnreadableImageException e) {
                skips.add(UNREADABLE, f.getFileName() + ": " + e.detail());
            }
        }
        return new DetectionDataset(dir.toString(), List.of(), samples, false, skips.build());
    }

    /** True for names ending in .png, .jpg or .jpeg, in any case. */
    public static boolean isImageName(Path file) {
        String n = file.getFileName().toString().toLowerCase(Locale.ROOT);
        return n.endsWith(".png") || n.endsWith(".jpg") || n.endsWith(".jpeg");
    }
}
