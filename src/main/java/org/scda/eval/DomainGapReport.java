package org.scda.eval;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.scda.util.ScdaException;

/**
 * {@link DomainGap} at every {@link ImageFeatures.Level} of two domains' per-image features:
 * what {@code scda domain-gap} prints.
 *
 * @param levels   the result per level
 * @param leftOut  per level, the images without a vector there (no proposals)
 * @param source   the source vectors per level (for plots)
 * @param target   the target vectors per level
 */
public record DomainGapReport(Map<ImageFeatures.Level, DomainGap.Result> levels,
                              Map<ImageFeatures.Level, Integer> leftOut,
                              Map<ImageFeatures.Level, List<float[]>> source,
                              Map<ImageFeatures.Level, List<float[]>> target) {

    /** The file {@code scda domain-gap --save} writes into a run directory. */
    public static final String RUN_FILE = "domain_gap.json";

    /**
     * Measures every level; images without a vector at a level are left out of it and counted.
     *
     * @throws ScdaException when a level has fewer than 4 images of a domain
     */
    public static DomainGapReport measure(List<ImageFeatures> source, List<ImageFeatures> target, long seed) {
        Map<ImageFeatures.Level, DomainGap.Result> levels = new EnumMap<>(ImageFeatures.Level.class);
        Map<ImageFeatures.Level, Integer> leftOut = new EnumMap<>(ImageFeatures.Level.class);
        Map<ImageFeatures.Level, List<float[]>> sv = new EnumMap<>(ImageFeatures.Level.class);
        Map<ImageFeatures.Level, List<float[]>> tv = new EnumMap<>(ImageFeatures.Level.class);
        for (ImageFeatures.Level level : ImageFeatures.Level.values()) {
            List<float[]> s = vectors(source, level);
            List<float[]> t = vectors(target, level);
            if (s.size() < 4 || t.size() < 4) {
                throw new ScdaException("the " + level.key() + " level needs at least 4 images of each domain, got "
                        + s.size() + " source and " + t.size() + " target");
            }
            levels.put(level, DomainGap.measure(s, t, seed));
            leftOut.put(level, source.size() - s.size() + target.size() - t.size());
            sv.put(level, s);
            tv.put(level, t);
        }
        return new DomainGapReport(levels, leftOut, sv, tv);
    }

    private static List<float[]> vectors(List<ImageFeatures> features, ImageFeatures.Level level) {
        List<float[]> out = new ArrayList<>();
        for (ImageFeatures f : features) {
            if (f.at(level) != null) {
                out.add(f.at(level));
            }
        }
        return out;
    }

    /** One row a level: dims, images, held-out and fit accuracy, proxy A-distance, mean effect size. */
    public String toTable() {
        StringBuilder b = new StringBuilder(
                "level     dims  images (s/t)  held-out accuracy  proxy A-distance  fit accuracy  mean effect size\n");
        levels.forEach((level, r) -> b.append(String.format(Locale.ROOT, "%-8s %5d  %5d/%-5d   %17.3f  %16.3f  %12.3f  %16.3f%n",
                level.key(), r.dims(), r.sourceCount(), r.targetCount(), r.accuracy(), r.proxyADistance(),
                1 - r.trainError(), r.meanEffectSize())));
        return b.toString();
    }

    /** {@code {"levels": {"backbone": {...}, "roi": {...}}}} plus the given context fields first. */
    public String toJson(Map<String, Object> context) {
        ObjectMapper mapper = new ObjectMapper();
        ObjectNode root = mapper.createObjectNode();
        context.forEach((k, v) -> root.set(k, mapper.valueToTree(v)));
        ObjectNode byLevel = root.putObject("levels");
        levels.forEach((level, r) -> {
            ObjectNode n = byLevel.putObject(level.key());
            n.put("dims", r.dims());
            n.put("source_images", r.sourceCount());
            n.put("target_images", r.targetCount());
            n.put("held_out_accuracy", r.accuracy());
            n.put("train_accuracy", 1 - r.trainError());
            n.put("proxy_a_distance", r.proxyADistance());
            n.put("mean_effect_size", r.meanEffectSize());
        });
        try {
            return mapper.writerWithDefaultPrettyPrinter().writeValueAsString(root);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
