package org.scda.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ClassMappingTest {

    private static final BoundingBox B1 = new BoundingBox(0, 0, 10, 10);
    private static final BoundingBox B2 = new BoundingBox(5, 5, 20, 30);
    private static final BoundingBox DONT_CARE = new BoundingBox(50, 0, 60, 10);

    /** KITTI-like raw classes: Car, Van, Pedestrian, with a DontCare region repeated per class. */
    static DetectionDataset kittiLike() {
        DetectionSample s = new DetectionSample(1, Path.of("000001.png"), 100, 40, List.of(
                new ObjectAnnotation(B1, 0, false),
                new ObjectAnnotation(B2, 1, false),
                new ObjectAnnotation(B1, 2, false),
                new ObjectAnnotation(DONT_CARE, 0, true),
                new ObjectAnnotation(DONT_CARE, 1, true),
                new ObjectAnnotation(DONT_CARE, 2, true)));
        return new DetectionDataset("k", List.of("Car", "Van", "Pedestrian"), List.of(s), true, SkipReport.empty());
    }

    @Test
    void keepSelectsClassesInTheGivenOrderAndCountsTheRest() {
        DetectionDataset ds = ClassMapping.keep(kittiLike(), List.of("Pedestrian", "Car"));
        assertThat(ds.classNames()).containsExactly("Pedestrian", "Car");
        assertThat(ds.samples().get(0).objects()).containsExactly(
                new ObjectAnnotation(B1, 1, false),
                new ObjectAnnotation(B1, 0, false),
                new ObjectAnnotation(DONT_CARE, 1, true),
                new ObjectAnnotation(DONT_CARE, 0, true));
        assertThat(ds.skipped().counts()).containsEntry("object of class 'Van' dropped by ?classes=", 2);
    }

    @Test
    void renameMergesSourcesAndDropsUnmapped() {
        Map<String, String> map = new LinkedHashMap<>();
        map.put("Van", "car");
        map.put("Car", "car");
        DetectionDataset ds = ClassMapping.rename(kittiLike(), map);
        assertThat(ds.classNames()).containsExactly("car");
        // the DontCare region was repeated for Car and Van: kept once
        assertThat(ds.samples().get(0).objects()).containsExactly(
                new ObjectAnnotation(B1, 0, false),
                new ObjectAnnotation(B2, 0, false),
                new ObjectAnnotation(DONT_CARE, 0, true));
        assertThat(ds.skipped().counts()).containsEntry("object of class 'Pedestrian' dropped by ?map=", 2);
    }

    @Test
    void aRequestedClassTheDatasetLacksIsReportedNotFatal() {
        DetectionDataset ds = ClassMapping.keep(kittiLike(), List.of("car"));
        assertThat(ds.classNames()).containsExactly("car");
        assertThat(ds.samples().get(0).objects()).isEmpty();
        assertThat(ds.skipped().counts()).containsEntry("class named in ?classes= not in the dataset", 1);
        assertThat(ds.skipped().examples().get("class named in ?classes= not in the dataset").get(0))
                .contains("car").contains("Car, Van, Pedestrian");
    }

    @Test
    void keepsPreviousSkipsAndLabelledFlag() {
        DetectionDataset in = kittiLike();
        in = new DetectionDataset(in.name(), in.classNames(), in.samples(), true,
                new SkipReport.Builder().add("earlier", "x").build());
        DetectionDataset ds = ClassMapping.keep(in, List.of("Car"));
        assertThat(ds.skipped().counts()).containsEntry("earlier", 1);
        assertThat(ds.labelled()).isTrue();
    }

    @Test
    void parsesOptionText() {
        assertThat(ClassMapping.parseClasses(" car, person ,")).containsExactly("car", "person");
        assertThat(ClassMapping.parseMap("Van:car,Car:car")).containsExactly(Map.entry("Van", "car"), Map.entry("Car", "car"));
        assertThatThrownBy(() -> ClassMapping.parseMap("Van=car")).hasMessageContaining("SOURCE:TARGET");
        assertThatThrownBy(() -> ClassMapping.parseMap("Van:car,Van:truck")).hasMessageContaining("mapped twice");
        assertThatThrownBy(() -> ClassMapping.parseClasses(",")).hasMessageContaining("no class");
    }
}
