package org.scda.data.synth;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.scda.data.BoundingBox;
import org.scda.data.ObjectAnnotation;
import org.scda.data.Polygon;

class StreetSceneRendererTest {
    private static final DomainStyle CLEAR = Scenario.FOGGY.source(256, 128);
    private static final DomainStyle FOGGY = Scenario.FOGGY.target(256, 128);

    static RenderedScene render(DomainStyle style, long seed) {
        return StreetSceneRenderer.render(style, new SplittableRandom(seed));
    }

    static int[] pixels(RenderedScene s) {
        int w = s.image().getWidth();
        return s.image().getRGB(0, 0, w, s.image().getHeight(), null, 0, w);
    }

    @Test
    void sameSeedSameSceneOtherSeedOtherScene() {
        for (DomainStyle style : List.of(CLEAR, Scenario.SIM2REAL.target(256, 128), Scenario.CAMERA.target(256, 128))) {
            RenderedScene a = render(style, 42);
            RenderedScene b = render(style, 42);
            RenderedScene c = render(style, 43);
            assertThat(pixels(a)).isEqualTo(pixels(b));
            assertThat(a.depth()).isEqualTo(b.depth());
            assertThat(a.objects()).isEqualTo(b.objects());
            assertThat(Arrays.equals(pixels(a), pixels(c))).isFalse();
        }
    }

    @Test
    void boxesAreInsideNonEmptyAndMatchTheirMasks() {
        int objects = 0;
        for (long seed = 0; seed < 40; seed++) {
            RenderedScene s = render(CLEAR, seed);
            for (ObjectAnnotation o : s.objects()) {
                objects++;
                BoundingBox b = o.box();
                assertThat(b.isInside(256, 128)).as("box %s inside", b).isTrue();
                assertThat(b.isEmpty()).isFalse();
                assertThat(o.ignore()).isEqualTo(b.height() < StreetSceneRenderer.MIN_LABEL_HEIGHT);
                assertThat(o.polygons()).isNotEmpty();
                BoundingBox maskExtent = extent(o.polygons());
                assertThat(maskExtent.isInside(256.01, 128.01)).isTrue();
                assertThat(maskExtent.iou(b)).as("mask extent %s vs box %s, class %d", maskExtent, b, o.classId())
                        .isGreaterThan(0.6);
            }
        }
        assertThat(objects).isGreaterThan(100);
    }

    @Test
    void rareClassIsRareButPresentAndAllClassesAppear() {
        int[] perClass = new int[SynthClasses.NAMES.size()];
        int total = 0;
        for (long seed = 0; seed < 200; seed++) {
            for (ObjectAnnotation o : render(CLEAR, 1000 + seed).objects()) {
                if (!o.ignore()) {
                    perClass[o.classId()]++;
                    total++;
                }
            }
        }
        double bicycle = perClass[SynthClasses.BICYCLE] / (double) total;
        assertThat(perClass[SynthClasses.BICYCLE]).isGreaterThan(10);
        assertThat(bicycle).isBetween(0.02, 0.10);
        assertThat(perClass[SynthClasses.CAR]).isGreaterThan(perClass[SynthClasses.PERSON]);
        assertThat(perClass[SynthClasses.BUS]).isGreaterThan(perClass[SynthClasses.BICYCLE]);
    }

    @Test
    void objectsShrinkWithDistanceAndDepthGrowsTowardsTheHorizon() {
        RenderedScene s = render(CLEAR, 7);
        float[] d = s.depth();
        int w = 256;
        // Sky at the top-centre column is infinitely far; the road at the bottom is a few metres away.
        assertThat(d[w / 2]).isInfinite();
        float bottom = d[127 * w + 5];
        float higher = d[100 * w + 5];
        assertThat(bottom).isBetween(1f, 10f);
        assertThat(higher).isGreaterThanOrEqualTo(bottom);
        // Across many scenes, boxes whose bottom edge is higher in the image (farther) are smaller.
        List<double[]> bottomAndHeight = new ArrayList<>();
        for (long seed = 0; seed < 25; seed++) {
            for (ObjectAnnotation o : render(CLEAR, seed).objects()) {
                if (o.classId() == SynthClasses.CAR && o.box().y2() < 127) {
                    bottomAndHeight.add(new double[] {o.box().y2(), o.box().height()});
                }
            }
        }
        assertThat(correlation(bottomAndHeight)).isGreaterThan(0.5);
    }

    @Test
    void fogLowersContrastAndBrightensTowardsTheAirlight() {
        double clearContrast = 0;
        double fogContrast = 0;
        double clearMean = 0;
        double fogMean = 0;
        int lowClear = 0;
        int lowFog = 0;
        for (long seed = 0; seed < 20; seed++) {
            // The same seed gives the same scene; fog is applied after the layout is drawn.
            RenderedScene clear = render(CLEAR, seed);
            RenderedScene fog = render(FOGGY, seed);
            assertThat(fog.objects()).isEqualTo(clear.objects());
            assertThat(fog.beta()).isBetween(Scenario.FOG_BETA * 0.74, Scenario.FOG_BETA * 1.26);
            ImageStats.Luma lc = ImageStats.luma(clear.image());
            ImageStats.Luma lf = ImageStats.luma(fog.image());
            clearContrast += lc.rmsContrast();
            fogContrast += lf.rmsContrast();
            clearMean += lc.mean();
            fogMean += lf.mean();
            for (ObjectAnnotation o : clear.objects()) {
                lowClear += ImageStats.boxContrast(lc, o.box()) < ImageStats.LOW_CONTRAST ? 1 : 0;
                lowFog += ImageStats.boxContrast(lf, o.box()) < ImageStats.LOW_CONTRAST ? 1 : 0;
            }
        }
        assertThat(fogContrast).isLessThan(0.9 * clearContrast);
        assertThat(fogMean).isGreaterThan(clearMean);
        assertThat(lowFog).isGreaterThan(lowClear + 10);
    }

    @Test
    void cameraPairHasItsOwnSizeAndBiggerObjects() {
        DomainStyle source = Scenario.CAMERA.source(256, 128);
        DomainStyle target = Scenario.CAMERA.target(256, 128);
        assertThat(target.camera().width()).isEqualTo(224);
        assertThat(target.camera().height()).isEqualTo(160);
        double sourceHeights = 0;
        double targetHeights = 0;
        int ns = 0;
        int nt = 0;
        for (long seed = 0; seed < 20; seed++) {
            RenderedScene s = render(source, seed);
            RenderedScene t = render(target, seed);
            assertThat(s.image().getWidth()).isEqualTo(256);
            assertThat(t.image().getWidth()).isEqualTo(224);
            assertThat(t.image().getHeight()).isEqualTo(160);
            for (ObjectAnnotation o : s.objects()) {
                sourceHeights += o.box().height();
                ns++;
            }
            for (ObjectAnnotation o : t.objects()) {
                targetHeights += o.box().height();
                nt++;
            }
        }
        assertThat(targetHeights / nt).isGreaterThan(1.15 * sourceHeights / ns);
    }

    static BoundingBox extent(List<Polygon> polygons) {
        BoundingBox b = polygons.get(0).bounds();
        for (Polygon p : polygons) {
            BoundingBox q = p.bounds();
            b = new BoundingBox(Math.min(b.x1(), q.x1()), Math.min(b.y1(), q.y1()), Math.max(b.x2(), q.x2()),
                    Math.max(b.y2(), q.y2()));
        }
        return b;
    }

    private static double correlation(List<double[]> xy) {
        double mx = xy.stream().mapToDouble(p -> p[0]).average().orElse(0);
        double my = xy.stream().mapToDouble(p -> p[1]).average().orElse(0);
        double sxy = 0;
        double sxx = 0;
        double syy = 0;
        for (double[] p : xy) {
            sxy += (p[0] - mx) * (p[1] - my);
            sxx += (p[0] - mx) * (p[0] - mx);
            syy += (p[1] - my) * (p[1] - my);
        }
        return sxy / Math.sqrt(sxx * syy);
    }
}
