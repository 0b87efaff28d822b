package dev.napkin.reports.sections;

import dev.napkin.estimator.model.Dropout;
import dev.napkin.estimator.model.Model;
import dev.napkin.estimator.model.ModelInfo;
import dev.napkin.estimator.model.ModelPresets;
import dev.napkin.gpu.ComputeDtype;
import dev.napkin.gpu.GpuSpec;
import dev.napkin.harness.results.ProbeResult;
import dev.napkin.profiler.AttentionKind;
import dev.napkin.profiler.CountMode;
import dev.napkin.profiler.OpTime;
import dev.napkin.profiler.Profile;
import dev.napkin.profiler.ProfileSettings;
import dev.napkin.profiler.Roofline;
import dev.napkin.reports.Section;
import dev.napkin.reports.TidyTable;
import dev.napkin.reports.harness.BatchSearchRun;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/** Chart 4 and its tables: the profiler's roofline, with harness measurements where there are some. */
public final class RooflineSection {
    /** The section's anchor on the page. */
    public static final String ID = "roofline";
    static final String TITLE = "4. Roofline (predicted; measured where given)";
    static final String SUMMARY = "Each op of one training step from napkin's profiler (as `napkin profile`) at its "
            + "arithmetic intensity, FLOPs over bytes read and written, forward and backward together; its height is "
            + "FLOPs / roofline time, where each pass takes max(FLOPs / peak, bytes / bandwidth) (Williams et al. "
            + "2009). Matmuls run at the dtype's dense tensor-core peak, elementwise ops at the fp32 vector peak; "
            + "peaks and bandwidth from the GPU's datasheet. Points under the sloped part are memory-bound.";

    private RooflineSection() {
    }

    /** One figure per case, the tables of every op and of each whole step, and {@code notes} with napkin's own. */
    public static Section of(List<RooflineCase> cases, List<String> notes) {
        if (cases.isEmpty()) {
            throw new IllegalArgumentException("a roofline section needs at least one case");
        }
        List<String> all = new ArrayList<>(notes);
        Set<String> undrawn = new LinkedHashSet<>();
        for (RooflineCase c : cases) {
            c.roofline().times().stream().filter(t -> !RooflineChart.drawable(t)).forEach(t -> undrawn.add(t.op().kind().id()));
            c.measured().ifPresent(m -> all.add(c.name() + ": the red point was measured on " + m.backend() + " ("
                    + m.source() + "), not on " + c.roofline().gpu().id() + "; it sits under its own machine's peak "
                    + "(the dotted line), and its bandwidth roof is not known."));
        }
        if (!undrawn.isEmpty()) {
            all.add("Ops with no FLOPs (" + String.join(", ", undrawn) + ": gathers) have no place on a log axis; they "
                    + "are in the table.");
        }
        return new Section(ID, TITLE, SUMMARY, cases.stream().map(RooflineChart::of).toList(),
                List.of(new TidyTable("roofline_ops.csv", "Every op of the step, predicted", ops(cases)),
                        new TidyTable("roofline_steps.csv", "The whole step, predicted and measured", steps(cases))),
                all);
    }

    /** The section when no step could be profiled: no chart, and the reason. */
    public static Section skipped(String why) {
        return Section.skipped(ID, TITLE, SUMMARY, why);
    }

    /**
     * One roofline per harness run: the model, sequence and batch (the largest that fit) from the run, the GPU and
     * dtype given; the measured step beside the predicted ones. Runs that cannot be profiled are named in a note.
     */
    public static Section forRuns(List<BatchSearchRun> runs, GpuSpec gpu, ComputeDtype dtype, AttentionKind attention) {
        List<RooflineCase> cases = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        for (BatchSearchRun run : runs) {
            Optional<ProbeResult> probe = atMaxBatch(run);
            if (probe.isEmpty()) {
                notes.add(run.name() + ": no probe fit, so there is no step to profile; no roofline for it.");
                continue;
            }
            try {
                Model model = modelOf(run);
                int batch = probe.get().batch();
                int seq = run.result().seq();
                Roofline predicted = Roofline.of(profile(model, batch, seq, dtype, attention), gpu, dtype);
                ComputeDtype measuredDtype = ComputeDtype.parse(run.result().precision());
                MeasuredStep measured = MeasuredStep.of(run, probe.get(),
                        profile(model, batch, seq, measuredDtype, attention));
                cases.add(new RooflineCase(run.name() + "_" + gpu.id() + "_" + dtype.id(), predicted,
                        Optional.of(measured)));
            } catch (IllegalArgumentException e) {
                notes.add(run.name() + ": no roofline, " + e.getMessage());
            }
        }
        if (cases.isEmpty()) {
            return skipped(String.join(" ", notes));
        }
        return of(cases, notes);
    }

    /**
     * The model a run trained: its preset, or else the shape the results file records (an explicit shape such as
     * {@code bench --layers 2 --d-model 64 ...}).
     */
    private static Model modelOf(BatchSearchRun run) {
        boolean preset = ModelPresets.builtIn().all().stream().anyMatch(p -> p.model().id().equals(run.model()));
        ModelInfo info = run.result().model();
        if (preset || info.shape() == null) {
            return ModelPresets.builtIn().find(run.model()).model();
        }
        return Model.ofShape(info.id(), info.description(), info.shape().toModelShape(), Dropout.NONE);
    }

    /** The probe at the run's largest fitting batch (the search's answer when it finished). */
    private static Optional<ProbeResult> atMaxBatch(BatchSearchRun run) {
        if (run.maxBatch().isPresent()) {
            Optional<ProbeResult> p = run.probes().stream()
                    .filter(x -> x.fits() && x.batch() == run.maxBatch().getAsInt()).findFirst();
            if (p.isPresent()) {
                return p;
            }
        }
        return run.largestFitting();
    }

    // the step the harness ran: its trainers apply no dropout, whatever the model trains with elsewhere
    private static Profile profile(Model model, int batch, int seq, ComputeDtype dtype, AttentionKind attention) {
        return Profile.of(model, new ProfileSettings(batch, seq, dtype, Dropout.NONE, attention,
                CountMode.FULL), false);
    }

    static Table ops(List<RooflineCase> cases) {
        StringColumn name = StringColumn.create("case");
        StringColumn gpu = StringColumn.create("gpu");
        StringColumn dtype = StringColumn.create("dtype");
        StringColumn op = StringColumn.create("op");
        StringColumn kind = StringColumn.create("kind");
        IntColumn layer = IntColumn.create("layer");
        DoubleColumn flops = DoubleColumn.create("flops");
        LongColumn moved = LongColumn.create("moved_bytes");
        DoubleColumn intensity = DoubleColumn.create("arithmetic_intensity_flops_per_byte");
        DoubleColumn time = DoubleColumn.create("time_s");
        DoubleColumn rate = DoubleColumn.create("attained_flops_per_s");
        StringColumn bound = StringColumn.create("bound");
        for (RooflineCase c : cases) {
            for (OpTime t : c.roofline().times()) {
                name.append(c.name());
                gpu.append(c.roofline().gpu().id());
                dtype.append(c.roofline().dtype().id());
                op.append(t.op().name());
                kind.append(t.op().kind().id());
                layer.append(t.op().layer());
                flops.append(t.op().flops());
                moved.append(Math.round(t.op().bytesRead() + t.op().bytesWritten()));
                intensity.append(t.op().arithmeticIntensity());
                time.append(t.seconds());
                rate.append(t.op().flops() / t.seconds());
                bound.append(t.bound().id());
            }
        }
        return Table.create("roofline_ops", name, gpu, dtype, op, kind, layer, flops, moved, intensity, time, rate, bound);
    }

    static Table steps(List<RooflineCase> cases) {
        StringColumn name = StringColumn.create("case");
        StringColumn point = StringColumn.create("point");
        StringColumn where = StringColumn.create("machine");
        StringColumn dtype = StringColumn.create("dtype");
        IntColumn batch = IntColumn.create("batch");
        IntColumn seq = IntColumn.create("seq");
        DoubleColumn intensity = DoubleColumn.create("arithmetic_intensity_flops_per_byte");
        DoubleColumn rate = DoubleColumn.create("flops_per_s");
        DoubleColumn peak = DoubleColumn.create("peak_flops_per_s");
        for (RooflineCase c : cases) {
            Roofline r = c.roofline();
            Profile p = r.profile();
            name.append(c.name());
            point.append("predicted");
            where.append(r.gpu().id());
            dtype.append(r.dtype().id());
            batch.append(p.settings().batch());
            seq.append(p.settings().seq());
            intensity.append(p.flops() / p.bytesMoved());
            rate.append(p.flops() / r.stepSeconds());
            peak.append(r.matmulPeakFlopsPerSec());
            c.measured().ifPresent(m -> {
                name.append(c.name());
                point.append("measured");
                where.append(m.backend());
                dtype.append(m.dtype().id());
                batch.append(m.batch());
                seq.append(m.seq());
                intensity.append(m.arithmeticIntensity());
                rate.append(m.flopsPerS());
                peak.append(m.peakFlopsPerS());
            });
        }
        return Table.create("roofline_steps", name, point, where, dtype, batch, seq, intensity, rate, peak);
    }
}
