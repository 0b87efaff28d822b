package dev.napkin.cli;

import dev.napkin.estimator.flops.FlopsFormula;
import dev.napkin.estimator.model.Model;
import dev.napkin.gpu.GpuSpec;
import dev.napkin.profiler.plan.Layout;
import dev.napkin.profiler.plan.LayoutSpace;
import dev.napkin.profiler.plan.PlanSearch;
import dev.napkin.profiler.plan.StepModel;
import dev.napkin.profiler.plan.TrainingJob;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "plan", mixinStandardHelpOptions = true, sortOptions = false,
        header = "The best parallel layouts of a run, by predicted speed and MFU.",
        description = {"Predicts the step time, tokens/s and MFU of a training run for each layout",
                "(TP, PP, DP, CP, interleaving, micro-batch, ZeRO, recompute, sequence",
                "parallelism, expert parallelism) and ranks those that fit. Step = compute per",
                "op (GEMMs at the table's efficiency for their size, the rest by roofline) +",
                "exposed TP/CP/EP/PP/DP communication + pipeline bubble (p-1)/(v*m) +",
                "optimizer."},
        footer = {"", "Example (a 70B model on 1,024 H100s, 4M-token batches of 8K sequences):",
                "  napkin plan --model llama3-70b --gpus 1024 --gpu h100-sxm --seq 8192 \\",
                "      --global-batch 512",
                "Fix what your framework or cluster decides, search the rest:",
                "  napkin plan --model llama3-70b --gpus 1024 --seq 8192 --global-batch 512 \\",
                "      --tensor-parallel 8 --zero 1",
                "Evaluate one layout (every dimension fixed):",
                "  napkin plan --model gpt3-175b --gpus 1024 --gpu a100 --seq 2048 \\",
                "      --global-batch 1536 --tensor-parallel 8 --pipeline-parallel 8 \\",
                "      --data-parallel 16 --context-parallel 1 --virtual-stages 1 \\",
                "      --micro-batch 1 --zero 0 --recompute full --no-sequence-parallel",
                "A mixture of experts, its experts split 8 ways (all-to-all per MoE layer):",
                "  napkin plan --model mixtral-8x7b --gpus 64 --gpu h100-sxm --seq 4096 \\",
                "      --global-batch 256 --expert-parallel 8",
                "How fast the search is on this machine:",
                "  napkin plan --bench"})
final class PlanCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ModelOption modelOption;

    @Mixin
    GpuOption gpuOption;

    @Mixin
    PlanOptions planOptions;

    @Mixin
    StateOptions stateOptions;

    @Mixin
    LayoutOptions layoutOptions;

    @Mixin
    FormatOption formatOption;

    @Option(names = "--gpus", paramLabel = "N", converter = Converters.Gpus.class,
            description = "GPUs in the run (required).")
    Integer gpus;

    @Option(names = "--seq", paramLabel = "T", description = "Sequence length (default: the model's context).")
    Integer seq;

    @Option(names = "--flops", paramLabel = "FORMULA", defaultValue = "6pt",
            converter = Choices.Formulas.class, completionCandidates = Choices.Formulas.class,
            description = "Convention of tflops_per_gpu, MFU and HFU: ${COMPLETION-CANDIDATES}. Default: ${DEFAULT-VALUE}.")
    FlopsFormula formula;

    @Option(names = "--top", paramLabel = "K", defaultValue = "5", description = "How many layouts to print. Default: 5.")
    int top;

    @Option(names = "--bench", description = "Time the search on a 70B model over 1,024 to 16,384 H100s and print layouts/s.")
    boolean bench;

    @Override
    public Integer call() {
        if (bench) {
            Output.print(PlanBench.run(), formatOption.get(), spec.commandLine().getOut());
            return ExitCode.OK;
        }
        if (gpus == null) {
            throw new IllegalArgumentException("--gpus is required: how many GPUs the run has, e.g. --gpus 1024");
        }
        Model model = modelOption.resolve();
        model.requireShape("napkin plan (it times each op of a layer)");
        GpuSpec gpu = gpuOption.resolve();
        int sequence = Options.sequence(seq, model);
        TrainingJob job = planOptions.job(model, gpu, gpus, sequence, formula,
                stateOptions.precision(), stateOptions.optimizer());
        StepModel stepModel = new StepModel(job);
        LayoutSpace space = layoutOptions.space();
        if (space.expertParallel() != null) {
            String why = stepModel.whyInvalidExpertParallel(space.expertParallel());
            if (why != null) {
                throw new IllegalArgumentException(why);
            }
        }
        if (layoutOptions.allFixed()) {
            String why = stepModel.whyInvalid(new Layout(space.tensorParallel(), space.pipelineParallel(),
                    space.dataParallel(), space.contextParallel(), space.virtualStages(), space.microBatch(),
                    space.zero(), space.recompute(), space.sequenceParallel(),
                    space.expertParallel() == null ? 1 : space.expertParallel()));
            if (why != null) {
                throw new IllegalArgumentException(why);
            }
        }
        PlanSearch.Result result = PlanSearch.run(stepModel, space, top);
        if (result.searched() == 0) {
            throw new IllegalArgumentException("no layout of " + job.gpus() + " GPUs can run a global batch of "
                    + job.globalBatch() + " sequences with these fixed dimensions; give a batch with more divisors "
                    + "(e.g. a power of two) or fix fewer dimensions");
        }
        List<String> notes = new ArrayList<>();
        if (result.fitting() == 0) {
            notes.add("no layout fits in " + gpu.id() + "'s memory; the fastest ones are shown, marked fits=false");
        }
        if (!layoutOptions.allFixed() && gpuOption.gpu != null && planOptions.clusterOption.cluster == null) {
            notes.add("cluster " + job.cluster().id() + " assumed for " + gpu.id() + "; --cluster picks another");
        }
        Output.print(PlanReport.of(job, stepModel, result, notes), formatOption.get(), spec.commandLine().getOut());
        return ExitCode.OK;
    }
}
