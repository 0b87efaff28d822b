package dev.napkin.harness.cpu;

import dev.napkin.estimator.model.ModelShape;
import dev.napkin.harness.Backend;
import dev.napkin.harness.BufferKind;
import dev.napkin.harness.MemoryPlan;
import dev.napkin.harness.OutOfMemoryException;
import dev.napkin.harness.TokenBatch;
import dev.napkin.harness.TrainConfig;
import dev.napkin.harness.Verifiable;

/**
 * GPT-2 training on the CPU in fp32: {@link Gpt2Model} for forward and backward, {@link AdamW} for the update, all
 * buffers allocated once at open from the memory plan. The JVM heap stands in for device memory: a plan above
 * {@code --memory-limit}, or above what the heap has free, is refused before anything is allocated.
 */
public final class CpuBackend implements Backend, Verifiable {
    private final TrainConfig config;
    private final Gpt2Parameters layout;
    private final MemoryPlan plan;
    private final long allocatedBytes;
    private Parallel team;
    private Gpt2Buffers buffers;
    private Gpt2Model model;
    private AdamW adamW;
    private int steps;

    private CpuBackend(TrainConfig config, Gpt2Parameters layout, MemoryPlan plan) {
        this.config = config;
        this.layout = layout;
        this.plan = plan;
        ModelShape s = config.shape();
        int threads = config.threads();
        long before = AllocationMeter.currentThreadBytes();
        Allocator alloc = Allocator.allocating();
        buffers = new Gpt2Buffers(alloc, layout, s, config.batch(), config.seq());
        WorkerScratch[] scratch = WorkerScratch.forTeam(threads, config.seq(), s.headDim());
        allocatedBytes = AllocationMeter.currentThreadBytes() - before;
        team = new Parallel(threads);
        model = new Gpt2Model(s, layout, buffers, team, scratch, config.batch(), config.seq());
        adamW = new AdamW(layout, config.adamW());
    }

    /**
     * Plans the buffers for {@code config}; throws {@link OutOfMemoryException} if they do not fit, else allocates
     * them. Bad shapes (not GPT-2-style) are refused with {@link IllegalArgumentException}.
     */
    public static CpuBackend open(TrainConfig config) {
        Gpt2Parameters layout = Gpt2Parameters.of(config.modelId(), config.shape());
        MemoryPlan plan = plan(config, layout);
        long needed = plan.totalBytes();
        if (needed > config.memoryLimitBytes()) {
            throw new OutOfMemoryException(needed, config.memoryLimitBytes(), "the memory limit",
                    "largest buffer: " + plan.largest().name());
        }
        long heapFree = HeapRoom.free(needed);
        if (needed > heapFree) {
            throw new OutOfMemoryException(needed, heapFree, "the JVM heap's free room (raise -Xmx)",
                    "largest buffer: " + plan.largest().name());
        }
        try {
            return new CpuBackend(config, layout, plan);
        } catch (OutOfMemoryError e) {
            // the heap had the room on paper but not in one piece; nothing of this backend is reachable any more
            throw new OutOfMemoryException(needed, heapFree, "the JVM heap (raise -Xmx)", "allocation failed");
        }
    }

    /**
     * The most a plan may hold right now: the JVM heap's free room (max heap - used - 64 MiB for everything else).
     * This is the CPU's "device memory"; {@code --memory-limit} may only lower it.
     */
    public static long memoryCapacityBytes() {
        return HeapRoom.free(Long.MAX_VALUE);
    }

    /** The plan of {@code config} without allocating it: what {@link #open} would allocate. */
    public static MemoryPlan plan(TrainConfig config) {
        return plan(config, Gpt2Parameters.of(config.modelId(), config.shape()));
    }

    private static MemoryPlan plan(TrainConfig config, Gpt2Parameters layout) {
        Allocator dry = Allocator.planOnly();
        new Gpt2Buffers(dry, layout, config.shape(), config.batch(), config.seq());
        for (int w = 0; w < config.threads(); w++) {
            // per worker thread: GEMM panels, one attention head's rows, vector-math chunks, loss columns
            dry.count("worker.scratch", BufferKind.WORKSPACE,
                    WorkerScratch.bytes(config.seq(), config.shape().headDim()));
        }
        dry.oversized().ifPresent(reason -> {
            throw new OutOfMemoryException(dry.plan().totalBytes(), Integer.MAX_VALUE - 8L, "a Java array's length",
                    reason);
        });
        return dry.plan();
    }

    @Override
    public String name() {
        return "cpu";
    }

    @Override
    public void init(long seed) {
        System.arraycopy(layout.initialValues(seed), 0, buffers.params, 0, layout.count);
        java.util.Arrays.fill(buffers.m, 0f);
        java.util.Arrays.fill(buffers.v, 0f);
        steps = 0;
    }

    @Override
    public float step(TokenBatch batch) {
        float loss = model.forward(batch);
        model.backward();
        steps++;
        adamW.adamWUpdate(team, buffers.params, buffers.grads, buffers.m, buffers.v, steps);
        return loss;
    }

    @Override
    public MemoryPlan memoryPlan() {
        return plan;
    }

    /** Bytes the JVM counted as allocated while the buffers were made: the plan, seen from outside it. */
    public long jvmAllocatedBytes() {
        return allocatedBytes;
    }

    @Override
    public void close() {
        if (team != null) {
            team.close();
        }
        team = null;
        buffers = null;
        model = null;
        adamW = null;
    }

    @Override
    public float lossAndGradients(TokenBatch batch) {
        float loss = model.forward(batch);
        model.backward();
        return loss;
    }

    @Override
    public float[] gradients() {
        return buffers.grads.clone();
    }

    @Override
    public float[] parameters() {
        return buffers.params.clone();
    }

    // for the tests in this package: the parameters themselves (a test moves them off their init), a forward pass alone
    float[] liveParameters() {
        return buffers.params;
    }

    float forwardOnly(TokenBatch batch) {
        return model.forward(batch);
    }

    Gpt2Parameters layout() {
        return layout;
    }
}
