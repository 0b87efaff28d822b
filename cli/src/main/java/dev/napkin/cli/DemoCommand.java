package dev.napkin.cli;

import dev.napkin.estimator.fit.FitEstimator;
import dev.napkin.estimator.cluster.ClusterCatalog;
import dev.napkin.profiler.plan.Layout;
import dev.napkin.profiler.plan.LayoutSpace;
import dev.napkin.profiler.plan.PlanSearch;
import dev.napkin.profiler.plan.Prediction;
import dev.napkin.profiler.plan.StepModel;
import dev.napkin.profiler.plan.TrainingJob;
import dev.napkin.estimator.flops.FlopsFormula;
import dev.napkin.estimator.flops.Recompute;
import dev.napkin.estimator.memory.ActivationSettings;
import dev.napkin.estimator.memory.MemoryEstimate;
import dev.napkin.estimator.memory.Optimizer;
import dev.napkin.estimator.memory.Parallelism;
import dev.napkin.estimator.memory.Precision;
import dev.napkin.estimator.model.Model;
import dev.napkin.estimator.model.ModelPresets;
import dev.napkin.estimator.runs.RunCheck;
import dev.napkin.estimator.time.TimeEstimate;
import dev.napkin.estimator.time.TrainingRun;
import dev.napkin.estimator.time.Utilization;
import dev.napkin.estimator.units.Si;
import dev.napkin.gpu.ComputeDtype;
import dev.napkin.gpu.GpuCatalog;
import dev.napkin.gpu.GpuSpec;
import dev.napkin.profiler.AttentionKind;
import dev.napkin.profiler.CountMode;
import dev.napkin.profiler.Profile;
import dev.napkin.profiler.ProfileSettings;
import dev.napkin.profiler.Roofline;
import dev.napkin.reports.ReportFolder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "demo", mixinStandardHelpOptions = true,
        header = "The lecture's questions answered, and a report folder.",
        description = {"Built-in scenarios with short explanations: the two questions of CS336",
                "lecture 2, what fits on a GPU, a roofline profile, a batch-size search measured",
                "on this CPU, and published training runs re-derived from their papers."},
        footer = {"",
                "Example:",
                "  napkin demo"})
final class DemoCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    FormatOption formatOption;

    @Option(names = "--report-dir", paramLabel = "DIR", defaultValue = "napkin-demo-report",
            description = "Where the demo writes its six charts, CSV tables and index.html. Default: ${DEFAULT-VALUE}.")
    Path reportDir;

    @Option(names = "--no-report", description = "Print the answers only; write no report folder.")
    boolean noReport;

    @Override
    public Integer call() {
        OutputFormat format = formatOption.get();
        if (!noReport) {
            // refused now, not after the answers and the CPU search
            ReportFolder.check(Options.outputFolder(reportDir, "--report-dir"));
        }
        List<DemoReport.Scenario> scenarios = new ArrayList<>();
        GpuSpec h100 = GpuCatalog.builtIn().find("h100-sxm");
        double h100Bf16 = h100.requirePeakFlopsPerSec(ComputeDtype.BF16);

        TrainingRun q1 = new TrainingRun(Model.ofParams(70e9), 15e12, Options.DEFAULT_SEQ, FlopsFormula.SIX_PT, Recompute.NONE);
        TimeEstimate t1 = TimeEstimate.of(q1, h100, 1024, ComputeDtype.BF16, h100Bf16, new Utilization.Mfu(0.5),
                OptionalDouble.empty());
        scenarios.add(new DemoReport.Scenario("How long does a 70B model take on 15T tokens on 1024 H100s?",
                "napkin estimate --params 70B --tokens 15T --gpus 1024 --gpu h100-sxm --mfu 0.5", t1.days(), "days",
                Si.fixed(t1.days(), 1) + " days (" + Si.sci(t1.modelFlops()) + " FLOPs, " + Si.count(t1.gpuHours()) + " GPU-hours)",
                "6 x 70e9 x 15e12 FLOPs / (1024 GPUs x 989.5 TFLOP/s dense bf16 x MFU 0.5). 6 = 2 forward + 4 backward "
                        + "FLOPs per parameter per token; the dense peak is half of NVIDIA's 1,979 'with sparsity' headline."));

        FitEstimator.MaxModel q2 = FitEstimator.maxParams(8, 80e9, Precision.FP32, Optimizer.ADAMW);
        FitEstimator.MaxModel q2Real = FitEstimator.maxParams(8, h100.memoryBytes(), Precision.FP32, Optimizer.ADAMW);
        scenarios.add(new DemoReport.Scenario("What is the largest model 8 H100s can train with naive fp32 AdamW?",
                "napkin fit --gpus 8 --gpu h100-sxm --precision fp32 --optimizer adamw --memory-per-gpu 80GB",
                q2.maxParams(), "parameters", Si.sci(q2.maxParams()) + " parameters (" + Si.count(q2.maxParams()) + ")",
                "fp32 weight + gradient + Adam's two moments = 16 bytes per parameter; 8 x 80e9 bytes / 16. The card "
                        + "really has 80 GiB, which gives " + Si.count(q2Real.maxParams()) + ", and activations are "
                        + "not counted yet."));

        Model llama8b = ModelPresets.builtIn().find("llama3-8b").model();
        MemoryEstimate alone = MemoryEstimate.of(llama8b, Precision.BF16_MIXED, Optimizer.ADAMW, Parallelism.single(),
                Optional.of(new ActivationSettings(1, 8192, Recompute.NONE, true, false)));
        MemoryEstimate sharded = MemoryEstimate.of(llama8b, Precision.BF16_MIXED, Optimizer.ADAMW,
                Parallelism.of(8, 1, 1, 3, true), Optional.of(new ActivationSettings(1, 8192, Recompute.NONE, true, false)));
        scenarios.add(new DemoReport.Scenario("Does training Llama 3 8B fit on one H100?",
                "napkin memory --model llama3-8b --batch 1 --seq 8192 --flash-attention --gpu h100-sxm",
                alone.breakdown().total(), "bytes", Si.gib(alone.breakdown().total()) + " on one GPU: no (80 GiB); "
                + Si.gib(sharded.breakdown().total()) + " per GPU with ZeRO-3 over 8",
                "bf16 mixed precision with AdamW keeps 16 bytes per parameter (2 weights + 2 gradients + 4 master + 8 "
                        + "moments), 120 GiB for 8.03B parameters before any activation; ZeRO-3 "
                        + "(--gpus 8 --zero 3) splits all of it over the 8 GPUs."));

        Model gpt2 = ModelPresets.builtIn().find("gpt2-small").model();
        GpuSpec a100 = GpuCatalog.builtIn().find("a100");
        FitEstimator.MaxBatch batch = FitEstimator.maxBatch(gpt2, a100.memoryBytes(), Precision.BF16_MIXED,
                Optimizer.ADAMW, Parallelism.single(), new ActivationSettings(1, 1024, Recompute.NONE, false, false));
        scenarios.add(new DemoReport.Scenario("How large a batch of GPT-2 small (T = 1024) fits on an A100 80GB?",
                "napkin fit --model gpt2-small --gpu a100 --seq 1024 --no-dropout", batch.maxBatch(), "sequences",
                batch.maxBatch() + " sequences per step (" + Si.gib(batch.activationBytesPerSequence()) + " per sequence)",
                "Model states are small (" + Si.gib(batch.modelStateBytes()) + "); activations dominate: the "
                        + "12 x 12 x 1024 x 1024 attention scores alone are 288 MiB per sequence in bf16 "
                        + "(--flash-attention drops them)."));

        double notebookMfu = 0.8113;
        scenarios.add(new DemoReport.Scenario("Why would a notebook report 81% MFU for GPT-2 XL on an A100?",
                "napkin gpus a100-pcie-40gb", notebookMfu * 77.97e12 / 312e12, "MFU",
                "about " + Si.fixed(100 * notebookMfu * 77.97e12 / 312e12, 0) + "% against the tensor-core peak",
                "It divides by 77.97 TFLOP/s, TechPowerUp's non-tensor FP16 rate; bf16 matmuls run on tensor cores "
                        + "at 312 TFLOP/s dense (A100 datasheet), 4x more. napkin's table holds dense tensor-core rates."));

        scenarios.add(profileScenario(h100));
        scenarios.add(planScenario(h100));
        spec.commandLine().getErr().println("napkin demo: a batch-size search on this CPU (a few seconds)...");
        spec.commandLine().getErr().flush();
        DemoCpuSearch.Measured cpuSearch = DemoCpuSearch.run();
        scenarios.add(cpuSearch.scenario());

        List<DemoReport.PublishedRunRow> runs = RunCheck.all().stream().map(DemoCommand::row).toList();
        Output.print(new DemoReport(scenarios, runs), format, spec.commandLine().getOut());
        if (!noReport) {
            DemoFolder.write(reportDir, List.of(cpuSearch.run()), format, spec);
        }
        return ExitCode.OK;
    }

    /** The planner's answer to the first question without an assumed MFU: the layout it recommends and its MFU. */
    private static DemoReport.Scenario planScenario(GpuSpec h100) {
        Model llama70b = ModelPresets.builtIn().find("llama3-70b").model();
        TrainingJob job = TrainingJob.builder().model(llama70b).seq(8192).globalBatch(512).gpus(1024).gpu(h100)
                .cluster(ClusterCatalog.builtIn().find("dgx-h100")).build();
        Prediction best = PlanSearch.run(new StepModel(job), LayoutSpace.all(), 1).best().getFirst();
        Layout l = best.layout();
        return new DemoReport.Scenario("Which layout should a 70B model use on 1024 H100s, and what MFU will it reach?",
                "napkin plan --model llama3-70b --gpus 1024 --gpu h100-sxm --seq 8192 --global-batch 512",
                best.mfu(), "MFU", String.format(Locale.ROOT, "TP %d, PP %d, DP %d, micro-batch %d, ZeRO %d, recompute "
                        + "%s: MFU %.2f, %s tokens/s", l.tensorParallel(), l.pipelineParallel(), l.dataParallel(),
                        l.microBatch(), l.zero(), l.recompute().id(), best.mfu(), Si.count(best.tokensPerSecond())),
                "napkin plan predicts each layout's step (compute per op at the GEMM table's efficiency, tensor-, "
                        + "pipeline- and data-parallel communication on a DGX H100 cluster, the pipeline bubble, the "
                        + "optimizer) and keeps the fastest that fits in memory; estimate takes this MFU when given a "
                        + "batch and no --mfu.");
    }

    /** The profiler's roofline of GPT-2 small on an H100, naive attention against fused. */
    private static DemoReport.Scenario profileScenario(GpuSpec h100) {
        Model gpt2 = ModelPresets.builtIn().find("gpt2-small").model();
        Roofline naive = Roofline.of(Profile.of(gpt2, new ProfileSettings(8, 1024, ComputeDtype.BF16, false,
                AttentionKind.NAIVE, CountMode.FULL), false), h100, ComputeDtype.BF16);
        Roofline fused = Roofline.of(Profile.of(gpt2, new ProfileSettings(8, 1024, ComputeDtype.BF16, false,
                AttentionKind.FUSED, CountMode.FULL), false), h100, ComputeDtype.BF16);
        return new DemoReport.Scenario("Where does a GPT-2 small training step spend its time on an H100?",
                "napkin profile --model gpt2-small --batch 8 --seq 1024 --no-dropout --gpu h100-sxm --dtype bf16",
                naive.mfuCeiling(), "MFU", "at best " + Si.fixed(naive.stepSeconds() * 1e3, 1) + " ms per step, MFU "
                + Si.fixed(100 * naive.mfuCeiling(), 0) + "% at most; " + Si.fixed(fused.stepSeconds() * 1e3, 1)
                + " ms and " + Si.fixed(100 * fused.mfuCeiling(), 0) + "% with fused attention",
                "Each op takes at least max(FLOPs / peak, bytes / bandwidth). 6·P·T at peak says "
                        + Si.fixed(naive.sixPtSeconds() * 1e3, 1) + " ms, but softmax, masking, LayerNorm and GELU do a "
                        + "few FLOPs per byte and are memory-bound: " + Si.fixed(100 * naive.memoryBoundShare(), 0)
                        + "% of the step with the T x T scores in memory, " + Si.fixed(100 * fused.memoryBoundShare(), 0)
                        + "% with --attention fused.");
    }

    private static DemoReport.PublishedRunRow row(RunCheck c) {
        var r = c.run().reported();
        return new DemoReport.PublishedRunRow(c.run().id(), c.run().name(), c.run().gpus(), c.gpu().id(), c.run().tokens(),
                c.sixPtFlops(), c.run().formula(), c.formulaModelFlops(), r.totalFlops(), boxed(c.derivedMfu()), r.mfu(),
                boxed(c.derivedHfu()), r.hfu(), boxed(c.derivedDays()), r.days(), c.mfuDerivedFrom(), c.run().source());
    }

    private static Double boxed(OptionalDouble d) {
        return d.isPresent() ? d.getAsDouble() : null;
    }
}
