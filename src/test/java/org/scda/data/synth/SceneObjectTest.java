package org.scda.data.synth;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Shape;
import java.awt.geom.Area;
import java.awt.geom.PathIterator;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SceneObjectTest {
    private static final Palette PALETTE = new Palette(1.0);

    @Test
    void thinnestBicyclesShareOneOutlineEqualToTheirOwnUnionOfParts() {
        // metres per pixel 0.01: stroke 1.1 * 0.01 is under the minimum, so the tubes have the thinnest stroke
        SceneObject a = SceneObject.create(SceneObject.Kind.BICYCLE, 0, 5, true, false, 0.01, PALETTE, new SplittableRandom(1));
        SceneObject b = SceneObject.create(SceneObject.Kind.BICYCLE, 2, 9, true, false, 0.02, PALETTE, new SplittableRandom(2));
        assertThat(b.silhouette()).isSameAs(a.silhouette());
        assertThat(b.maskOutline()).isSameAs(a.maskOutline());
        assertThat(segments(a.silhouette())).isEqualTo(segments(unionOfParts(b)));
        assertThat(segments(a.maskOutline())).isEqualTo(segments(Geometry.convexHull(unionOfParts(b))));
    }

    @Test
    void mirroredAndThickerBicyclesHaveTheirOwnOutline() {
        SceneObject plain = SceneObject.create(SceneObject.Kind.BICYCLE, 0, 5, true, false, 0.01, PALETTE, new SplittableRandom(1));
        SceneObject mirrored = SceneObject.create(SceneObject.Kind.BICYCLE, 0, 5, true, true, 0.01, PALETTE, new SplittableRandom(1));
        SceneObject thick = SceneObject.create(SceneObject.Kind.BICYCLE, 0, 5, true, false, 0.08, PALETTE, new SplittableRandom(1));
        assertThat(mirrored.silhouette()).isNotSameAs(plain.silhouette());
        assertThat(segments(mirrored.silhouette())).isEqualTo(segments(unionOfParts(mirrored)))
                .isNotEqualTo(segments(plain.silhouette()));
        assertThat(thick.silhouette()).isNotSameAs(plain.silhouette());
        assertThat(segments(thick.silhouette())).isEqualTo(segments(unionOfParts(thick)));
        assertThat(thick.silhouette().getBounds2D().getWidth()).isGreaterThan(plain.silhouette().getBounds2D().getWidth());
    }

    @Test
    void otherObjectsBuildTheirOwnSilhouette() {
        SceneObject car = SceneObject.create(SceneObject.Kind.CAR, 0, 5, true, false, 0.01, PALETTE, new SplittableRandom(3));
        SceneObject same = SceneObject.create(SceneObject.Kind.CAR, 0, 5, true, false, 0.01, PALETTE, new SplittableRandom(3));
        assertThat(same.silhouette()).isNotSameAs(car.silhouette());
        assertThat(segments(car.silhouette())).isEqualTo(segments(unionOfParts(same)));
        assertThat(car.maskOutline()).isSameAs(car.silhouette());
    }

    private static Area unionOfParts(SceneObject o) {
        Area sil = new Area();
        for (SceneObject.Part p : o.parts) {
            sil.add(new Area(p.shape()));
        }
        return sil;
    }

    /** Every path segment's type and coordinates, exactly. */
    private static List<String> segments(Shape s) {
        List<String> out = new ArrayList<>();
        double[] c = new double[6];
        for (PathIterator it = s.getPathIterator(null); !it.isDone(); it.next()) {
            int type = it.currentSegment(c);
            out.add(type + ":" + c[0] + "," + c[1] + "," + c[2] + "," + c[3] + "," + c[4] + "," + c[5]);
        }
        return out;
    }
}
