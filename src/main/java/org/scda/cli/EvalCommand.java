package org.scda.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.scda.data.DataFormatException;
import org.scda.data.Detection;
import org.scda.data.DetectionDataset;
import org.scda.data.coco.CocoReader;
import org.scda.eval.BoxAndMaskResult;
import org.scda.eval.CocoResults;
import org.scda.eval.EvaluationResult;
import org.scda.eval.Evaluators;
import org.scda.eval.ImageIdCheck;
import org.scda.eval.MaskDetection;
import org.scda.eval.MaskVocEvaluator;
import org.scda.eval.Metric;
import org.scda.util.ScdaException;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine;

/**
 * {@code scda eval}: scores a COCO results file against COCO ground truth and prints a
 * per-class table (or one JSON object with {@code --json}).
 *
 * <p>The inputs are an {@link ArgGroup} so that another way to name them (running a model on
 * a dataset) can later join as an exclusive alternative without changing these options.
 */
@Command(name = "eval",
        mixinStandardHelpOptions = true,
        description = {
                "Score detections against ground truth and print per-class AP and the mean.",
                "",
                "voc07: VOC2007 11-point AP@0.5 (what Cityscapes/Foggy Cityscapes adaptation papers report). "
                        + "voc: all-point AP@0.5. Both with py-faster-rcnn voc_eval semantics: IoU > 0.5 with +1 pixel "
                        + "widths on the 1-based VOC boxes, duplicates are false positives, difficult/crowd boxes ignored.",
                "coco: AP@[.50:.05:.95] with pycocotools semantics (101 recall points, maxDets 100 per image and "
                        + "class, crowd regions ignored), also AP50 and AP75.",
                "Classes without ground truth are shown as - (null in JSON) and left out of the mean. Detections "
                        + "on images that are not in the ground truth are counted on stderr and not evaluated; "
                        + "detections that carry a file_name (scda detect writes it) other than the ground truth's "
                        + "for their image id are counted on stderr too: they were numbered for another image list "
                        + "(run scda detect --gt).",
                "Mask AP@0.5 (voc07 or voc, mask IoU) is printed next to the box AP (\"mask\" in JSON) when the "
                        + "ground truth has instance polygons and the detections have masks: --model of a Mask R-CNN "
                        + "run (model.mask: true), or a results file whose entries carry an RLE \"segmentation\" "
                        + "(as scda detect writes them).",
        },
        footer = {"", "Examples:", "  scda eval --gt val.json --detections dets.json --metric voc07",
                "  scda eval --model runs/train --data synth:foggy/target/val --json"})
public final class EvalCommand implements Callable<Integer> {

    @Mixin
    VerboseMixin verbose;

    @Spec
    CommandSpec spec;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Inputs inputs;

    /** Either a detection file with its ground truth, or a model run on a dataset. */
    static final class Inputs {
        @ArgGroup(exclusive = false, heading = "Evaluate a detection file:%n")
        FileInputs files;

        @ArgGroup(exclusive = false, heading = "Run a trained model on a dataset and evaluate it:%n")
        ModelInputs model;
    }

    /** A trained model and a labelled dataset. */
    static final class ModelInputs {
        @Option(names = "--model", required = true, paramLabel = "M",
                description = "A run directory (its best checkpoint) or a checkpoint file.")
        Path model;

        @Option(names = "--data", required = true, paramLabel = "SPEC",
                description = "A labelled dataset, e.g. synth:foggy/target/val or coco:val.json.")
        String data;
    }

    /** Ground truth and detections given as files. */
    static final class FileInputs {
        @Option(names = "--gt", required = true, paramLabel = "GT.json",
                description = "Ground truth as COCO instances JSON (iscrowd boxes are ignore regions).")
        Path groundTruth;

        @Option(names = "--detections", required = true, paramLabel = "DETS.json",
                description = "Detections as a COCO results file: [{image_id, category_id, bbox [x,y,w,h], score}, ...].")
        Path detections;
    }

    @Option(names = "--metric", paramLabel = "METRIC", converter = MetricConverter.class,
            completionCandidates = MetricNames.class,
            description = "voc07, voc or coco (required with --gt; default voc07 with --model).")
    Metric metric;

    @Option(names = "--json", description = "Print one JSON object {\"metric\", \"mAP\", \"per_class\", ...} instead of a table.")
    boolean json;

    @Override
    public Integer call() {
        if (inputs.model != null) {
            return ModelEvaluation.run(inputs.model.model, inputs.model.data, metric == null ? Metric.VOC07 : metric,
                    json, spec.commandLine().getOut(), spec.commandLine().getErr());
        }
        if (metric == null) {
            throw new CommandLine.ParameterException(spec.commandLine(), "Missing required option: '--metric=METRIC'");
        }
        FileInputs files = inputs.files;
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        DetectionDataset groundTruth = CocoReader.read(files.groundTruth, null);
        if (!groundTruth.labelled()) {
            throw new ScdaException(files.groundTruth + ": has no \"annotations\"; ground truth needs labels");
        }
        if (!groundTruth.skipped().isEmpty()) {
            err.println("scda eval: " + files.groundTruth + ": " + groundTruth.skipped().total()
                    + " ground-truth boxes repaired or skipped: " + String.join("; ", groundTruth.skipped().counts().entrySet()
                    .stream().map(e -> e.getValue() + " x " + e.getKey()).toList()));
        }
        List<Long> categoryIds = CocoResults.categoryIds(files.groundTruth);
        if (categoryIds.size() != groundTruth.numClasses()) {
            throw new DataFormatException(files.groundTruth, "has " + categoryIds.size() + " category ids but "
                    + groundTruth.numClasses() + " classes were read");
        }
        List<MaskDetection> masks = CocoResults.readWithMasks(files.detections, categoryIds);
        List<Detection> detections = masks != null ? masks.stream().map(MaskDetection::detection).toList()
                : CocoResults.read(files.detections, categoryIds);
        ImageIdCheck.warnings(groundTruth, files.groundTruth, detections, CocoResults.fileNames(files.detections),
                files.detections).forEach(w -> err.println("scda eval: " + w));
        Evaluators.Grouped grouped = Evaluators.groupByImage(groundTruth, detections);
        if (!grouped.unknownImage().isEmpty()) {
            detections = detections.stream().filter(d -> grouped.byImage().containsKey(d.imageId())).toList();
            if (masks != null) {
                masks = masks.stream().filter(m -> grouped.byImage().containsKey(m.detection().imageId())).toList();
            }
        }
        EvaluationResult result = Evaluators.evaluate(groundTruth, detections, metric);
        String why = masks == null ? null : ModelEvaluation.whyNoMaskAp(groundTruth, files.groundTruth.toString(), metric);
        BoxAndMaskResult both = masks == null || why != null ? null
                : new BoxAndMaskResult(result, MaskVocEvaluator.evaluate(groundTruth, masks, metric));
        if (why != null) {
            err.println("scda eval: no mask AP: " + why);
        }
        if (json) {
            out.println(both != null ? both.toJson() : result.toJson());
        } else {
            out.printf("ground truth: %s (%d images)%ndetections:   %s (%d evaluated)%n%n",
                    files.groundTruth, groundTruth.size(), files.detections, detections.size());
            out.print(both != null ? both.toTable() : result.toTable());
        }
        out.flush();
        err.flush();
        return ScdaCommand.EXIT_OK;
    }

    /** Parses {@code --metric} case-insensitively with a message listing the accepted names. */
    static final class MetricConverter implements CommandLine.ITypeConverter<Metric> {
        @Override
        public Metric convert(String value) {
            try {
                return Metric.fromCliName(value);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }

    /** The metric names for help and shell completion. */
    static final class MetricNames implements Iterable<String> {
        @Override
        public java.util.Iterator<String> iterator() {
            return java.util.Arrays.stream(Metric.values()).map(Metric::cliName).iterator();
        }
    }
}
