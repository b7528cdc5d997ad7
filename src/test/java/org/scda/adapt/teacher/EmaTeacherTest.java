package org.scda.adapt.teacher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.engine.Engine;
import ai.djl.nn.Parameter;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.scda.config.Configs;
import org.scda.config.TrainConfig;
import org.scda.engine.RunSetup;
import org.scda.model.FasterRcnn;
import org.scda.testing.EngineTestBase;

/**
 * The teacher's EMA step: {@code keep * teacher + (1 - keep) * student} on every parameter the
 * student trains, the running statistics left alone; a copy makes the two equal; a student of
 * another shape is refused; the teacher's parameters record no gradient.
 */
@Tag("engine")
class EmaTeacherTest extends EngineTestBase {

    private FasterRcnn model(int seed, int classes) {
        TrainConfig config = Configs.parseYaml("model: {backboneWidth: 8, roi: {headDim: 32}}\n");
        Engine.getInstance().setRandomSeed(seed);
        FasterRcnn model = FasterRcnn.create(config.model(), classes);
        model.initialize(manager, 64, 128);
        return model;
    }

    private static List<float[]> values(FasterRcnn model) {
        List<float[]> out = new ArrayList<>();
        for (var p : model.getParameters()) {
            out.add(p.getValue().getArray().toFloatArray());
        }
        return out;
    }

    @Test
    void anEmaStepAveragesTheTrainedParametersAndLeavesRunningStatisticsAlone() {
        FasterRcnn student = model(1, 2);
        RunSetup.requireGradients(new ArrayList<>(student.getParameters().values()));
        FasterRcnn teacherModel = model(2, 2);
        EmaTeacher teacher = new EmaTeacher(teacherModel, manager);
        List<float[]> t0 = values(teacherModel);
        List<float[]> s0 = values(student);

        teacher.update(student, 0.9f);

        List<float[]> t1 = values(teacherModel);
        PairList<String, Parameter> params = teacherModel.getParameters();
        int trained = 0;
        int statistics = 0;
        for (int i = 0; i < params.size(); i++) {
            boolean trains = student.getParameters().get(i).getValue().requiresGradient();
            for (int j = 0; j < t1.get(i).length; j++) {
                float expected = trains ? 0.9f * t0.get(i)[j] + 0.1f * s0.get(i)[j] : t0.get(i)[j];
                assertThat(t1.get(i)[j]).as(params.get(i).getKey()).isCloseTo(expected, within(1e-5f));
            }
            if (trains) {
                trained++;
            } else {
                statistics++;
            }
        }
        assertThat(trained).isPositive();
        assertThat(statistics).as("BatchNorm running statistics exist and were left alone").isPositive();
        assertThat(t1.get(0)).as("the two models started apart").isNotEqualTo(s0.get(0));
        assertThat(teacherModel.getParameters().values()).noneMatch(p -> p.getArray().hasGradient());
    }

    @Test
    void aCopyMakesTheTeacherTheStudentAndKeepZeroDoesForTrainedParameters() {
        FasterRcnn student = model(1, 2);
        FasterRcnn teacherModel = model(2, 2);
        EmaTeacher teacher = new EmaTeacher(teacherModel, manager);
        teacher.copyFrom(student);
        assertThat(values(teacherModel)).usingElementComparator((a, b) -> java.util.Arrays.equals(a, b) ? 0 : 1)
                .containsExactlyElementsOf(values(student));
    }

    @Test
    void aStudentOfAnotherShapeIsRefused() {
        EmaTeacher teacher = new EmaTeacher(model(2, 2), manager);
        assertThatThrownBy(() -> teacher.update(model(1, 3), 0.5f)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("does not match the teacher's");
        assertThatThrownBy(() -> teacher.update(model(1, 2), 1.5f)).hasMessageContaining("keep must be in [0, 1]");
    }

    @Test
    void afterLoadingItsForwardPassesUseTheLoadedWeights() throws Exception {
        FasterRcnn teacherModel = model(2, 2);
        EmaTeacher teacher = new EmaTeacher(teacherModel, manager);
        Parameter first = teacherModel.getParameters().get(0).getValue();
        teacher.store().getValue(first, first.getArray().getDevice(), false); // the store sees the arrays
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        teacher.save(new java.io.DataOutputStream(bytes));

        teacher.load(new java.io.DataInputStream(new java.io.ByteArrayInputStream(bytes.toByteArray())));

        for (var p : teacherModel.getParameters()) {
            assertThat(teacher.store().getValue(p.getValue(), first.getArray().getDevice(), false)).as(p.getKey())
                    .isSameAs(p.getValue().getArray());
        }
        assertThat(teacherModel.getParameters().values()).noneMatch(p -> p.getArray().hasGradient());
    }
}
