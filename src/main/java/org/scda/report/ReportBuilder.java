package org.scda.report;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.scda.adapt.AdaptationMethods;
import org.scda.data.Datasets;
import org.scda.data.DetectionDataset;
import org.scda.eval.PrCurve;
import org.scda.experiment.SourceOnlyRunner;
import org.scda.experiment.TableSpec;
import org.scda.viz.Charts;

/**
 * Builds the report of a runs folder: {@code report.md}, {@code report.html} (self-contained)
 * and the PNG files under {@code images/} that the Markdown links to.
 */
public final class ReportBuilder {
    /** Target images shown side by side per scenario. */
    public static final int DETECTION_IMAGES = 3;
    /** Region-mining pictures copied per run (its latest ones). */
    public static final int PICTURES_PER_RUN = 2;

    private final RunCollection runs;
    private final Path outDir;
    private final Path images;
    private final PaperNumbers paper;
    private final PrintStream log;

    /**
     * The written report.
     *
     * @param markdown the Markdown file
     * @param html     the HTML file
     * @param images   the PNG files written
     */
    public record Written(Path markdown, Path html, List<Path> images) {
    }

    /**
     * @param runs   the runs
     * @param outDir where the report goes
     * @param log    warnings (pictures that could not be made)
     */
    public ReportBuilder(RunCollection runs, Path outDir, PrintStream log) {
        this.runs = runs;
        this.outDir = outDir;
        this.images = outDir.resolve("images");
        this.paper = PaperNumbers.load();
        this.log = log;
    }

    /** Builds and writes the report. */
    public Written write() throws IOException {
        Files.createDirectories(images);
        Document doc = build();
        Path md = outDir.resolve("report.md");
        Path html = outDir.resolve("report.html");
        Files.writeString(md, doc.toMarkdown(outDir));
        Files.writeString(html, doc.toHtml());
        List<Path> pngs;
        try (Stream<Path> s = Files.list(images)) {
            pngs = s.filter(p -> p.toString().endsWith(".png")).sorted().toList();
        }
        return new Written(md, html, pngs);
    }

    /** The report's content. */
    public Document build() throws IOException {
        String name = runs.experiment() == null ? runs.root().getFileName().toString() : runs.experiment().name();
        Document doc = new Document("scda experiment report: " + name);
        doc.add(new Document.Paragraph("Runs folder `" + runs.root() + "`, " + runs.runs().size()
                + " finished runs; report written " + Instant.now() + ". Numbers are VOC07 11-point AP@0.5 in percent"
                + " on the target validation set, of the checkpoint each run selected on source-val (target labels"
                + " are never used for selection); mean ± sample standard deviation over the seeds in the `seeds`"
                + " column. The paper's numbers are THEIRS, on THEIR data (" + paper.source() + ", on Cityscapes,"
                + " Foggy Cityscapes, Sim10k and KITTI with VGG16): shown for orientation, not comparable one to one."));
        tables(doc);
        shiftCurves(doc);
        curves(doc);
        prCurves(doc);
        detections(doc);
        pictures(doc);
        doc.add(new Document.Heading(1, "Runs", "runs"));
        doc.add(new Document.Paragraph("Every run with its provenance; `result.json` in each run folder holds the full"
                + " config, library versions and per-class AP on target-val and source-val."));
        doc.add(ReportTables.index(runs));
        perRunLosses(doc);
        return doc;
    }

    private void tables(Document doc) throws IOException {
        doc.add(new Document.Heading(1, "Tables", "tables"));
        List<TableSpec> specs = new ArrayList<>();
        if (runs.experiment() != null && !runs.experiment().tables().isEmpty()) {
            specs.addAll(runs.experiment().tables());
        } else {
            for (String s : runs.scenarios()) {
                specs.add(new TableSpec(s, "Scenario " + s, s, runs.variants(s), null));
            }
        }
        for (TableSpec t : specs) {
            boolean any = t.variants().stream().anyMatch(v -> !runs.runs(t.scenario(), v).isEmpty());
            if (!any) {
                continue;
            }
            PaperNumbers.Table p = t.paper() == null ? null : paper.tables().get(t.paper());
            doc.add(new Document.Heading(2, t.title() == null ? t.id() : t.title(), "table-" + t.id()));
            doc.add(ReportTables.ours(runs, t.scenario(), t.variants(), p));
            if (p != null) {
                doc.add(new Document.Paragraph("Reported by the paper (their data: " + p.setting() + "):"));
                doc.add(ReportTables.paper(p));
            }
        }
        gapBars(doc);
        Document.Table cost = IterationCost.table(runs);
        if (cost != null) {
            doc.add(new Document.Heading(2, "What an adaptation iteration costs", "cost"));
            doc.add(new Document.Paragraph("Median ms of each run's adaptation iterations and of its own source-only"
                    + " (warm-up) iterations, the median over the method's runs; the ratio is taken within each run, so"
                    + " it depends less than the milliseconds on what else shared the machine (not at all only when that"
                    + " stayed the same through the run). `scda adapt --profile`"
                    + " breaks an iteration down phase by phase."));
            doc.add(cost);
        }
        Document.Table alignment = AlignmentDiagnostics.table(runs);
        if (alignment != null) {
            doc.add(new Document.Heading(2, "What the alignment did", "alignment"));
            doc.add(new Document.Paragraph("Per method, the mean over its seeds. Push: the alignment term's gradient on"
                    + " the backbone as a fraction of the detection loss's, and their cosine, averaged over the diagnosed"
                    + " iterations (`adapt.diagnoseGradientsEvery`); cos of summed: the cosine of the two gradients summed"
                    + " over the run, the net direction. D losses: the discriminators' losses over the last quarter of the"
                    + " aligned iterations (a two-way discriminator at chance scores about 1.39, two cross-entropies of ln 2;"
                    + " the target one is weighted by Wt)."
                    + " Wt: the weighting estimator's mean target weight when the alignment starts and when it ends."
                    + " Effect sizes: `scda domain-gap --save` on the selected checkpoint (source-val against target-val"
                    + " images; lower is closer). All but target-val mAP are computed without target labels."));
            doc.add(alignment);
        }
        Document.Table pseudo = PseudoLabelQuality.table(runs);
        if (pseudo != null) {
            doc.add(new Document.Heading(2, "Mean teacher: pseudo-label quality on target-val", "pseudo-labels"));
            doc.add(new Document.Paragraph("The reported teacher's target-val detections scored at least its"
                    + " pseudo-label threshold, matched to the target-val boxes as AP@0.5 matches them (all classes):"
                    + " what its pseudo-labels on target images are worth. Target labels are read for this table only."));
            doc.add(pseudo);
        }
    }

    /** Bars below this gap closed (a fraction) are cut there: one far below would squash the others. */
    static final double GAP_FLOOR = -0.5;

    /** The gap closed by every method on every scenario with both references, as one bar chart. */
    private void gapBars(Document doc) throws IOException {
        GapBars.Bars bars = GapBars.of(runs);
        if (bars.labels().size() * bars.scenarios().size() < 2) {
            return; // none, or one method on one scenario: the table says it
        }
        Map<String, double[]> values = new LinkedHashMap<>();
        Map<String, double[]> errors = new LinkedHashMap<>();
        for (String label : bars.labels()) {
            double[] v = new double[bars.scenarios().size()];
            double[] e = new double[v.length];
            for (int i = 0; i < v.length; i++) {
                String scenario = bars.scenarios().get(i);
                v[i] = 100 * bars.closed().getOrDefault(label, Map.of()).getOrDefault(scenario, Double.NaN);
                e[i] = 100 * bars.spread().getOrDefault(label, Map.of()).getOrDefault(scenario, 0.0);
            }
            values.put(label, v);
            errors.put(label, e);
        }
        String title = "Gap closed: (method - source-only) / (oracle - source-only)";
        doc.add(new Document.Heading(2, "How much of the gap each method closes", "gap-closed"));
        doc.add(new Document.Paragraph("Per scenario, each method's gap closed by its mean target-val mAP (the tables'"
                + " number; 0% = source-only on the method's backbone, 100% = the oracle), with one standard deviation"
                + " of the per-seed gaps (each seed against the references of the same seed) as the bar, drawn up to"
                + " the top of the axis at most (on a pair with a small gap one seed's gap can swing by hundreds of"
                + " percent). Bars below " + GapClosed.format(GAP_FLOOR) + " are cut there, without their spread."));
        Path file = images.resolve("gap-closed.png");
        if (Charts.bars(file, title, "gap closed (%)", bars.scenarios(), values, errors, 100 * GAP_FLOOR)) {
            doc.add(new Document.Image(file, title));
        }
    }

    /** Target-val mAP against shift strength, per built-in scenario run at several strengths. */
    private void shiftCurves(Document doc) throws IOException {
        List<String> order = runs.experiment() == null ? List.of()
                : runs.experiment().variants().values().stream().map(v -> v.label()).toList();
        List<ShiftCurves.Curves> all = ShiftCurves.of(runs.runs().stream().map(RunCollection.Run::result).toList(),
                order);
        if (all.isEmpty()) {
            return;
        }
        doc.add(new Document.Heading(1, "Gain against domain shift", "shift"));
        doc.add(new Document.Paragraph("Target-val mAP of each method against the shift strength of the built-in"
                + " pair (0 = the target in the source's style, 1 = the default pair): mean over seeds with one"
                + " standard deviation as the bar; in the table, the gap closed in brackets, (method - source-only)"
                + " / (oracle - source-only), and, while cells have different numbers of seeds, each cell's."));
        for (ShiftCurves.Curves c : all) {
            List<Charts.Series> series = new ArrayList<>();
            List<double[]> errors = new ArrayList<>();
            for (String label : c.labels()) {
                Map<Double, Stat> st = c.stats().get(label);
                double[] x = st.keySet().stream().mapToDouble(Double::doubleValue).toArray();
                series.add(new Charts.Series(label, x, st.values().stream().mapToDouble(v -> 100 * v.mean()).toArray()));
                errors.add(st.values().stream().mapToDouble(v -> v.n() < 2 ? 0 : 100 * v.std()).toArray());
            }
            String title = "Scenario " + c.scenario() + ": target-val mAP against shift strength";
            doc.add(new Document.Heading(2, title, "shift-" + safe(c.scenario())));
            Path file = images.resolve("shift-" + safe(c.scenario()) + ".png");
            if (Charts.withErrorBars(file, title, "shift strength", "target-val mAP (%)", series, errors)) {
                doc.add(new Document.Image(file, title));
            }
            doc.add(ShiftCurves.table(c));
        }
    }

    private void curves(Document doc) throws IOException {
        doc.add(new Document.Heading(1, "Training curves", "curves"));
        doc.add(new Document.Paragraph("Per scenario, the first seed of each variant: total training loss (averaged"
                + " over each logging period) and target-val mAP at the periodic evaluations (these may use only the"
                + " first `data.valLimit` images; the tables use the full set)."));
        for (String s : runs.scenarios()) {
            List<Charts.Series> loss = new ArrayList<>();
            List<Charts.Series> map = new ArrayList<>();
            for (String v : runs.variants(s)) {
                List<RunCollection.Run> rs = runs.runs(s, v);
                if (rs.isEmpty()) {
                    continue;
                }
                List<Map<String, Double>> m = rs.get(0).metrics();
                loss.add(Charts.series(v, m, "loss"));
                map.add(Charts.series(v, m, "target_val.mAP"));
            }
            image(doc, "loss-" + s, "Scenario " + s + ": total training loss", "iteration", "loss", loss, false);
            image(doc, "map-" + s, "Scenario " + s + ": target-val mAP during training", "iteration", "mAP", map, true);
        }
    }

    private void prCurves(Document doc) throws IOException {
        boolean any = runs.runs().stream().anyMatch(r -> !r.result().prCurves().isEmpty());
        if (!any) {
            return;
        }
        doc.add(new Document.Heading(1, "Precision-recall curves", "pr"));
        doc.add(new Document.Paragraph("Target-val, per class, first seed of each variant (the curves the VOC07 AP"
                + " integrates)."));
        for (String s : runs.scenarios()) {
            Map<String, List<Charts.Series>> byClass = new LinkedHashMap<>();
            for (String v : runs.variants(s)) {
                List<RunCollection.Run> rs = runs.runs(s, v);
                if (rs.isEmpty()) {
                    continue;
                }
                for (Map.Entry<String, PrCurve> e : rs.get(0).result().prCurves().entrySet()) {
                    byClass.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(Charts.pr(v, e.getValue()));
                }
            }
            for (Map.Entry<String, List<Charts.Series>> e : byClass.entrySet()) {
                Path file = images.resolve(safe("pr-" + s + "-" + e.getKey()) + ".png");
                String title = "Scenario " + s + ", class " + e.getKey();
                if (Charts.write(file, title, "recall", "precision", e.getValue(), false, true)) {
                    doc.add(new Document.Image(file, title));
                }
            }
        }
    }

    private void detections(Document doc) {
        List<Document.Block> blocks = new ArrayList<>();
        for (String s : runs.scenarios()) {
            RunCollection.Run left = first(s, SourceOnlyRunner.SOURCE_ONLY);
            RunCollection.Run right = null;
            // the first adaptation method of the table that ran, else the oracle
            for (String method : AdaptationMethods.names()) {
                right = right == null ? first(s, method) : right;
            }
            if (right == null) {
                right = first(s, SourceOnlyRunner.ORACLE);
            }
            if (left == null || right == null || !hasModelOutput(left.dir()) || !hasModelOutput(right.dir())) {
                continue;
            }
            try {
                DetectionDataset target = Datasets.load(left.result().datasets().targetVal());
                String leftName = left.result().label() + " (seed " + left.result().seed() + ")";
                String rightName = right.result().label() + " (seed " + right.result().seed() + ")";
                List<Path> files = DetectionPictures.write(target, left.dir(), leftName, right.dir(), rightName,
                        DETECTION_IMAGES, images, "detections-" + safe(s));
                for (Path f : files) {
                    blocks.add(new Document.Image(f, "Scenario " + s + ": " + leftName + " (left) vs " + rightName
                            + " (right), detections scoring >= " + DetectionPictures.MIN_SCORE));
                }
            } catch (RuntimeException | IOException e) {
                log.println("report: no detection pictures for " + s + ": " + e.getMessage());
            }
        }
        if (!blocks.isEmpty()) {
            doc.add(new Document.Heading(1, "Detections on target images", "detections"));
            blocks.forEach(doc::add);
        }
    }

    private void pictures(Document doc) throws IOException {
        List<Document.Block> blocks = new ArrayList<>();
        for (RunCollection.Run r : runs.runs()) {
            Path dir = r.dir().resolve("pictures");
            if (!Files.isDirectory(dir)) {
                continue;
            }
            List<Path> pngs;
            try (Stream<Path> s = Files.list(dir)) {
                pngs = s.filter(p -> p.toString().endsWith(".png")).sorted(Comparator.reverseOrder())
                        .limit(PICTURES_PER_RUN).sorted().toList();
            }
            for (Path p : pngs) {
                Path copy = images.resolve("mining-" + safe(r.result().run()) + "-" + p.getFileName());
                Files.copy(p, copy, StandardCopyOption.REPLACE_EXISTING);
                blocks.add(new Document.Image(copy, r.result().run() + ": " + p.getFileName()));
            }
        }
        if (!blocks.isEmpty()) {
            doc.add(new Document.Heading(1, "Region mining", "mining"));
            doc.add(new Document.Paragraph("Pictures the adaptation runs wrote (`pictures/` in each run folder): the"
                    + " mined regions and their reconstructions."));
            blocks.forEach(doc::add);
        }
    }

    private void perRunLosses(Document doc) throws IOException {
        List<Document.Block> blocks = new ArrayList<>();
        for (RunCollection.Run r : runs.runs()) {
            List<Map<String, Double>> m = r.metrics();
            List<Charts.Series> series = new ArrayList<>();
            for (String k : Charts.lossKeys(m)) {
                series.add(Charts.series(k, m, k));
            }
            Path file = images.resolve("losses-" + safe(r.result().run()) + ".png");
            if (Charts.write(file, r.result().run() + ": loss terms", "iteration", "loss", series, false)) {
                blocks.add(new Document.Image(file, r.result().run() + ": every logged loss term"));
            }
        }
        if (!blocks.isEmpty()) {
            doc.add(new Document.Details("Loss terms of every run", blocks));
        }
    }

    /** Whether a run folder kept its target-val detections or a checkpoint to make them. */
    private static boolean hasModelOutput(Path dir) {
        return Files.isRegularFile(dir.resolve(org.scda.experiment.RunEvaluation.TARGET_DETECTIONS))
                || Files.isRegularFile(dir.resolve(org.scda.engine.Checkpoints.BEST))
                || Files.isRegularFile(dir.resolve(org.scda.engine.Checkpoints.LAST));
    }

    /** The lowest-seed run of the first variant (in the experiment's order) of {@code method}. */
    private RunCollection.Run first(String scenario, String method) {
        for (String v : runs.variants(scenario)) {
            List<RunCollection.Run> rs = runs.runs(scenario, v);
            if (!rs.isEmpty() && rs.get(0).result().method().equals(method)) {
                return rs.get(0);
            }
        }
        return null;
    }

    private void image(Document doc, String name, String title, String x, String y, List<Charts.Series> series,
                       boolean markers) throws IOException {
        Path file = images.resolve(safe(name) + ".png");
        if (Charts.write(file, title, x, y, series, markers)) {
            doc.add(new Document.Image(file, title));
        }
    }

    static String safe(String s) {
        return s.replaceAll("[^A-Za-z0-9._-]+", "_");
    }
}
