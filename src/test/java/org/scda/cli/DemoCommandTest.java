package org.scda.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.scda.engine.Hooks;
import org.scda.eval.EvaluationResult;
import org.scda.eval.Metric;

class DemoCommandTest {

    private static EvaluationResult result(double car, Double bus) {
        Map<String, Double> perClass = new LinkedHashMap<>();
        perClass.put("car", car);
        perClass.put("bus", bus);
        double mean = bus == null ? car : (car + bus) / 2;
        return new EvaluationResult(Metric.VOC07, mean, perClass, Map.of());
    }

    @Test
    void comparisonShowsBothModelsPerClassAndTheDifference() {
        StringWriter text = new StringWriter();
        Hooks.Evaluation sourceOnly = new Hooks.Evaluation(1000, result(0.8, 0.6), result(0.10, 0.20));
        Hooks.Evaluation adapted = new Hooks.Evaluation(1000, result(0.7, 0.5), result(0.25, 0.30));
        DemoCommand.printComparison(new PrintWriter(text, true), sourceOnly, adapted, "cpu-type2");
        String out = text.toString();
        assertThat(out).contains("cpu-type2");
        assertThat(out).containsPattern("car\\s+10\\.0\\s+25\\.0\\s+\\+15\\.0");
        assertThat(out).containsPattern("bus\\s+20\\.0\\s+30\\.0\\s+\\+10\\.0");
        assertThat(out).containsPattern("mAP\\s+15\\.0\\s+27\\.5\\s+\\+12\\.5");
        assertThat(out).containsPattern("\\(source-val\\)\\s+70\\.0\\s+60\\.0");
        assertThat(out).doesNotContain("AdaBN");

        StringWriter withAdabn = new StringWriter();
        DemoCommand.printComparison(new PrintWriter(withAdabn, true), sourceOnly, adapted, "cpu-type2", result(0.4, 0.3));
        assertThat(withAdabn.toString()).startsWith(out.stripTrailing()).containsPattern("mAP AdaBN\\s+35\\.0\\s");
    }

    @Test
    void classesWithoutGroundTruthAreLeftOut() {
        StringWriter text = new StringWriter();
        DemoCommand.printComparison(new PrintWriter(text, true), new Hooks.Evaluation(1, result(0.8, null), result(0.1, null)),
                new Hooks.Evaluation(1, result(0.8, null), result(0.2, null)), "x");
        assertThat(text.toString()).contains("car").doesNotContain("bus");
    }

    @Test
    void missingTargetEvaluationIsSaid() {
        StringWriter text = new StringWriter();
        DemoCommand.printComparison(new PrintWriter(text, true), new Hooks.Evaluation(1, result(0.8, 0.6), null),
                new Hooks.Evaluation(1, result(0.8, 0.6), null), "x");
        assertThat(text.toString()).contains("no target-val evaluation");
    }

    @Test
    void theAdaptedRunIsNamedByItsPresetForScdaAndByItsMethodOtherwise() {
        assertThat(org.scda.experiment.Demo.adaptedName(org.scda.experiment.Demo.config("scda", "cpu-type3", 10, 1L)))
                .isEqualTo("cpu-type3");
        assertThat(org.scda.experiment.Demo.adaptedName(org.scda.experiment.Demo.config("scda", null, 10, 1L)))
                .isEqualTo("cpu-type2");
        assertThat(org.scda.experiment.Demo.adaptedName(org.scda.experiment.Demo.config("mean-teacher", null, 10, 1L)))
                .isEqualTo("mean-teacher");
        assertThat(DemoCommand.DEFAULT_METHOD).isIn(org.scda.adapt.AdaptationMethods.names());
    }

    @Test
    void aPresetForAMethodWithoutRegionsIsAUsageErrorBeforeAnyRun() {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        picocli.CommandLine cl = ScdaCommand.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute("demo", "--method", "da-faster", "--preset", "cpu-type1", "--out",
                System.getProperty("java.io.tmpdir") + "/scda-demo-never");
        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains("adapt.preset is not read by the method da-faster");
        assertThat(java.nio.file.Path.of(System.getProperty("java.io.tmpdir"), "scda-demo-never")).doesNotExist();
    }
}
