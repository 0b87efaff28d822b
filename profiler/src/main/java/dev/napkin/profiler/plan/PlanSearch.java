package dev.napkin.profiler.plan;

import dev.napkin.estimator.flops.Recompute;
import dev.napkin.estimator.model.ModelShape;
import dev.napkin.profiler.TrainingStepOps;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;

/**
 * Searches a {@link LayoutSpace} for the layouts with the most predicted tokens per second. Every valid layout is
 * predicted; the best {@code keep} that fit in memory are kept (or, when none fits, the best that do not, marked).
 */
public final class PlanSearch {
    private PlanSearch() {
    }

    /**
     * @param searched layouts predicted (valid ones)
     * @param fitting  of those, how many fit in memory
     * @param best     best first; fitting ones, or the best non-fitting ones when none fits
     * @param seconds  wall-clock time of the search
     */
    public record Result(List<Prediction> best, long searched, long fitting, double seconds) {
        public Result {
            best = List.copyOf(best);
        }
    }

    /**
     * Greater is better: more tokens/s; at equal speed less memory, then fewer CP ranks, a lower ZeRO stage, a
     * smaller micro-batch, fewer model chunks and a smaller EP (the simpler layout), so that the ranking is the same every run.
     */
    static final Comparator<Prediction> BETTER = Comparator.comparingDouble(Prediction::tokensPerSecond)
            .thenComparing(Comparator.comparingDouble((Prediction p) -> p.memory().total()).reversed())
            .thenComparing(Comparator.comparingInt((Prediction p) -> p.layout().contextParallel()).reversed())
            .thenComparing(Comparator.comparingInt((Prediction p) -> p.layout().zero()).reversed())
            .thenComparing(Comparator.comparingInt((Prediction p) -> p.layout().microBatch()).reversed())
            .thenComparing(Comparator.comparingInt((Prediction p) -> p.layout().virtualStages()).reversed())
            .thenComparing(Comparator.comparingInt((Prediction p) -> p.layout().expertParallel()).reversed());

    public static Result run(StepModel model, LayoutSpace space, int keep) {
        if (keep < 1) {
            throw new IllegalArgumentException("--top must be at least 1, got " + keep);
        }
        long start = System.nanoTime();
        TrainingJob job = model.job();
        int gpus = job.gpus();
        int layers = job.shape().layers();
        PriorityQueue<Prediction> fit = new PriorityQueue<>(BETTER);
        PriorityQueue<Prediction> unfit = new PriorityQueue<>(BETTER);
        long searched = 0;
        long fitting = 0;
        for (int t : space.tensorParallel() != null ? new int[] {space.tensorParallel()}
                : powersOfTwo(Math.min(job.cluster().gpusPerNode(), gpus))) {
            for (int c : space.contextParallel() != null ? new int[] {space.contextParallel()}
                    : powersOfTwo(LayoutSpace.MAX_CONTEXT_PARALLEL)) {
                if (gpus % ((long) t * c) != 0) {
                    continue;
                }
                int rest = gpus / (t * c);
                for (int p : space.pipelineParallel() != null ? new int[] {space.pipelineParallel()}
                        : divisors(rest, layers)) {
                    if (rest % p != 0) {
                        continue;
                    }
                    int dp = rest / p;
                    if (space.dataParallel() != null && space.dataParallel() != dp) {
                        continue;
                    }
                    int perReplica = job.globalBatch() % dp == 0 ? job.globalBatch() / dp : 0;
                    for (int ep : space.expertParallel() != null ? new int[] {space.expertParallel()}
                            : expertSizes(dp, job.shape())) {
                        if (dp % ep != 0) {
                            continue;
                        }
                        for (int b : space.microBatch() != null ? new int[] {space.microBatch()}
                                : divisors(perReplica, LayoutSpace.MAX_MICRO_BATCH)) {
                            for (int v : space.virtualStages() != null ? new int[] {space.virtualStages()}
                                    : p == 1 ? new int[] {1} : divisors(layers / p, LayoutSpace.MAX_VIRTUAL_STAGES)) {
                                if (v > 1 && p == 1) {
                                    continue; // interleaving needs a pipeline
                                }
                                for (int zero = 0; zero <= 3; zero++) {
                                    if (space.zero() != null && space.zero() != zero) {
                                        continue;
                                    }
                                    for (Recompute r : space.recomputes()) {
                                        for (int s = 0; s <= 1; s++) {
                                            boolean sp = s == 1;
                                            if (space.sequenceParallel() != null ? space.sequenceParallel() != sp
                                                    : sp && t == 1) {
                                                continue;
                                            }
                                            Layout l = new Layout(t, p, dp, c, v, b, zero, r, sp, ep);
                                            if (model.whyInvalid(l) != null) {
                                                continue;
                                            }
                                            Prediction prediction = model.predict(l);
                                            searched++;
                                            if (prediction.fits()) {
                                                fitting++;
                                                offer(fit, prediction, keep);
                                            } else if (fitting == 0) {
                                                offer(unfit, prediction, keep);
                                            }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        List<Prediction> best = new ArrayList<>(fitting > 0 ? fit : unfit);
        best.sort(BETTER.reversed());
        return new Result(best, searched, fitting, (System.nanoTime() - start) / 1e9);
    }

    private static void offer(PriorityQueue<Prediction> heap, Prediction p, int keep) {
        if (heap.size() < keep) {
            heap.add(p);
        } else if (BETTER.compare(p, heap.peek()) > 0) {
            heap.poll();
            heap.add(p);
        }
    }

    /**
     * Expert-parallel sizes to try: 1 for a dense model; for a mixture of experts every divisor of DP that divides
     * the expert count of every MoE layer.
     */
    static int[] expertSizes(int dp, ModelShape s) {
        if (!s.isMixtureOfExperts()) {
            return new int[] {1};
        }
        int experts = 0;
        for (int layer = 0; layer < s.layers(); layer++) {
            int e = TrainingStepOps.routedExperts(s, layer);
            experts = e > 1 ? gcd(experts, e) : experts;
        }
        return divisors(gcd(dp, experts), Integer.MAX_VALUE);
    }

    private static int gcd(int a, int b) {
        return b == 0 ? a : gcd(b, a % b);
    }

    static int[] powersOfTwo(int max) {
        int n = 0;
        for (int x = 1; x <= max; x *= 2) {
            n++;
        }
        int[] out = new int[n];
        for (int i = 0, x = 1; i < n; i++, x *= 2) {
            out[i] = x;
        }
        return out;
    }

    /** Divisors of {@code n} up to {@code max}, ascending; none when n is 0. */
    static int[] divisors(int n, int max) {
        List<Integer> out = new ArrayList<>();
        for (int d = 1; d <= Math.min(n, max); d++) {
            if (n % d == 0) {
                out.add(d);
            }
        }
        return out.stream().mapToInt(Integer::intValue).toArray();
    }
}
