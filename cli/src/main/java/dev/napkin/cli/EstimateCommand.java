package dev.napkin.cli;

import dev.napkin.estimator.flops.FlopsFormula;
import dev.napkin.estimator.flops.Recompute;
import dev.napkin.estimator.memory.Precision;
import dev.napkin.estimator.model.Model;
import dev.napkin.estimator.model.ModelInfo;
import dev.napkin.estimator.model.ParameterCount;
import dev.napkin.estimator.units.Si;
import dev.napkin.estimator.time.TimeEstimate;
import dev.napkin.estimator.time.TrainingRun;
import dev.napkin.estimator.time.Utilization;
import dev.napkin.gpu.ComputeDtype;
import dev.napkin.gpu.GpuSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "estimate", mixinStandardHelpOptions = true,
        header = "FLOPs, time, GPU-hours, cost and energy of a training run.", sortOptions = false,
        description = {"Training FLOPs, wall-clock time, GPU-hours, cost and energy of a run.",
                "time = total FLOPs / (GPUs x dense peak x MFU)  (CS336 lecture 2)"},
        footer = {"",
                "Example (the lecture's first question, about 144 days):",
                "  napkin estimate --params 70B --tokens 15T --gpus 1024 --gpu h100-sxm --mfu 0.5",
                "With a shape, finer formulas and achieved hardware FLOP/s (Megatron-LM's 34 days):",
                "  napkin estimate --model gpt3-175b --tokens 300B --gpus 1024 --gpu a100 \\",
                "      --flops megatron --recompute full --achieved-tflops-per-gpu 140",
                "With a shape and a batch and no --mfu, the MFU of napkin plan's best layout:",
                "  napkin estimate --model llama3-70b --tokens 15T --gpus 1024 --seq 8192 \\",
                "      --global-batch 512"})
final class EstimateCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ModelOption modelOption;

    @Mixin
    GpuOption gpuOption;

    @Mixin
    FormatOption formatOption;

    @Mixin
    PlanOptions planOptions;

    @Option(names = "--tokens", paramLabel = "COUNT", converter = Converters.Tokens.class,
            description = "Training tokens, e.g. 15T or 300e9 (required).")
    Double tokens;

    @Option(names = "--gpus", paramLabel = "N", defaultValue = "1", converter = Converters.Gpus.class,
            description = "Number of GPUs. Default: ${DEFAULT-VALUE}.")
    int gpus;

    @Option(names = "--precision", paramLabel = "P", defaultValue = "bf16-mixed",
            converter = Choices.Precisions.class, completionCandidates = Choices.Precisions.class,
            description = "${COMPLETION-CANDIDATES}: picks the peak rate. Default: ${DEFAULT-VALUE}.")
    Precision precision;

    @Option(names = "--tf32", description = "With --precision fp32: matmuls on TF32 tensor cores (the TF32 peak).")
    boolean tf32;

    /** How busy the GPUs are: one way or the other, not both. */
    static final class Busy {
        @Option(names = "--mfu", paramLabel = "FRACTION", converter = Converters.Mfu.class,
                description = "Model FLOPs utilisation, 0.5 or 50%%. Default 0.5 (the lecture's assumption; large runs report 0.35-0.55).")
        Double mfu;

        @Option(names = "--achieved-tflops-per-gpu", paramLabel = "TFLOPS", converter = Converters.Tflops.class,
                description = "Instead of --mfu: hardware TFLOP/s per GPU as papers report (recomputation included).")
        Double achieved;
    }

    @ArgGroup(exclusive = true, multiplicity = "0..1")
    Busy busy = new Busy();

    @Option(names = "--flops", paramLabel = "FORMULA", defaultValue = "6pt",
            converter = Choices.Formulas.class, completionCandidates = Choices.Formulas.class,
            description = "${COMPLETION-CANDIDATES}; all but 6pt (the default) need a shape.")
    FlopsFormula formula;

    @Option(names = "--seq", paramLabel = "T", description = "Sequence length (default: the model's context, else 2048).")
    Integer seq;

    @Option(names = "--recompute", paramLabel = "POLICY", defaultValue = "none",
            converter = Choices.Recomputes.class,
            description = "none (default), selective or full: hardware FLOPs add the recomputed forward.")
    Recompute recompute;

    @Option(names = "--price-per-gpu-hour", paramLabel = "USD", converter = Converters.Price.class,
            description = "Price of one GPU-hour, for the cost.")
    Double price;

    @Option(names = "--peak-tflops", paramLabel = "TFLOPS", converter = Converters.Tflops.class,
            description = "Override the GPU's dense peak for the chosen precision (TFLOP/s).")
    Double peakTflops;

    @Override
    public Integer call() {
        if (tokens == null) {
            throw new IllegalArgumentException("--tokens is required: how many tokens the run trains on, e.g. --tokens 15T");
        }
        Model model = modelOption.resolve();
        GpuSpec gpu = gpuOption.resolve();
        double tokenCount = tokens;
        int gpuCount = gpus;
        Precision p = precision;
        ComputeDtype dtype = Options.computeDtype(p, tf32);
        FlopsFormula f = formula;
        Recompute r = recompute;
        Double mfu = busy.mfu;
        Double achieved = busy.achieved;
        List<String> notes = new ArrayList<>();
        int sequence = Options.sequence(seq, model, notes);
        Utilization utilization;
        boolean planned = false;
        if (achieved != null) {
            utilization = new Utilization.AchievedFlops(achieved * 1e12);
        } else if (mfu == null && model.shape().isPresent() && planOptions.batchGiven()) {
            PlannedMfu prediction = PlannedMfu.of(planOptions, model, gpu, gpuCount, sequence, f, p);
            utilization = new Utilization.Mfu(prediction.mfu());
            notes.add(prediction.note());
            planned = true;
        } else {
            utilization = new Utilization.Mfu(mfu == null ? 0.5 : mfu);
            if (mfu == null) {
                notes.add("MFU 0.5 is assumed (CS336 lecture 2); give --mfu or --achieved-tflops-per-gpu for your run");
            }
        }
        double peak = peakTflops != null ? peakTflops * 1e12
                : Options.requirePeak(gpu, dtype, "choose a --precision it has, or give --peak-tflops");
        String peakSource = peakTflops != null ? "--peak-tflops" : gpu.id() + " in the spec table";
        OptionalDouble pricePerHour = price == null ? OptionalDouble.empty()
                : OptionalDouble.of(price);
        TrainingRun run = new TrainingRun(model, tokenCount, sequence, f, r);
        TimeEstimate t = TimeEstimate.of(run, gpu, gpuCount, dtype, peak, utilization, pricePerHour);
        if (f == FlopsFormula.SIX_PT && model.shape().isPresent()) {
            notes.add("6pt ignores attention scores; --flops palm adds 12·L·H·Q·T per token, --flops causal 6·L·C·T");
        }
        if (f == FlopsFormula.CHINCHILLA_A4) {
            double n = ParameterCount.of(model.requireShape("chinchilla-a4")).chinchillaCounted();
            notes.add("table A4's ratio: " + Si.fixed(run.perToken().model() / (6 * n), 3) + " = FLOPs per token / 6·N, "
                    + "N = " + Si.count(n) + " as Chinchilla counts it (every parameter but the input embedding)");
        }
        if (r == Recompute.SELECTIVE) {
            notes.add(f == FlopsFormula.MEGATRON
                    ? "selective recompute as Korthikanti et al. 2022 eq. 8 counts it: 72·l·h²·s/(6h) more per token"
                    : "selective recompute counted as the attention core's forward that is rerun (this formula's "
                            + "attention term, forward); --flops megatron counts Korthikanti et al.'s eq. 8 instead");
        }
        EstimateReport report = new EstimateReport(ModelInfo.of(model), tokenCount, sequence, f.id(), f.citation(),
                r.id(), gpuCount, gpu.id(), dtype.id(), peak, peakSource, run.perToken().model(),
                run.perToken().hardware(r), t.modelFlops(), t.hardwareFlops(), t.mfu(), t.hfu(),
                mfu == null && achieved == null && !planned,
                t.seconds(), t.days(), t.gpuHours(), pricePerHour.isPresent() ? pricePerHour.getAsDouble() : null,
                t.costUsd().isPresent() ? t.costUsd().getAsDouble() : null,
                t.energyKwh().isPresent() ? t.energyKwh().getAsDouble() : null, List.copyOf(notes));
        Output.print(report, formatOption.get(), spec.commandLine().getOut());
        return ExitCode.OK;
    }
}
