package dev.napkin.harness.gpu;

import dev.napkin.harness.Backend;
import dev.napkin.harness.MemoryPlan;
import dev.napkin.harness.OutOfMemoryException;
import dev.napkin.harness.TokenBatch;
import dev.napkin.harness.TrainConfig;
import dev.napkin.harness.Verifiable;
import dev.napkin.harness.cpu.Gpt2Parameters;
import java.lang.foreign.MemorySegment;

/**
 * GPT-2 training on a {@link Device} (a GPU, or the emulator): buffers planned and allocated at open,
 * {@link GpuModel} for the step. Closing frees the buffers; the device stays open for the next probe.
 */
public final class GpuBackend implements Backend, Verifiable {
    /** The fused attention kernels hold a head's rows in shared memory: up to 128 channels a head. */
    public static final int MAX_FUSED_HEAD_SIZE = 128;

    private final TrainConfig config;
    private final GpuOptions options;
    private final Device device;
    private final Gpt2Parameters layout;
    private final MemoryPlan plan;
    private final DeviceAllocator allocator;
    private final GpuBuffers buffers;
    private final GpuModel model;
    private final long freeBeforeBytes;
    private long minFreeBytes = Long.MAX_VALUE;
    private int steps;
    private boolean closed;

    private GpuBackend(TrainConfig config, GpuOptions options, Device device, Gpt2Parameters layout, MemoryPlan plan) {
        this.config = config;
        this.options = options;
        this.device = device;
        this.layout = layout;
        this.plan = plan;
        this.freeBeforeBytes = device.memoryInfo().freeBytes();
        this.allocator = device.checksBounds() ? DeviceAllocator.on(device) : DeviceAllocator.arena(device, plan);
        try {
            this.buffers = new GpuBuffers(allocator, layout.count, config.shape(), config.batch(), config.seq(),
                    options);
            this.model = new GpuModel(device, config.shape(), layout, buffers, options, config.batch(), config.seq());
        } catch (RuntimeException e) { // the arena (or what was allocated so far) must not outlive a failed probe
            try {
                allocator.freeAll();
            } catch (RuntimeException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    /**
     * Plans the buffers of {@code config}, refuses a plan above {@code --memory-limit} or the device's free memory
     * with {@link OutOfMemoryException} before allocating, and allocates them; an allocation the device refuses is
     * an {@link OutOfMemoryException} too, with everything already allocated freed.
     */
    public static GpuBackend open(TrainConfig config, GpuOptions options, Device device) {
        Gpt2Parameters layout = Gpt2Parameters.of(config.modelId(), config.shape());
        int hs = config.shape().dModel() / config.shape().heads();
        if (options.attention() == AttentionKind.FUSED && hs > MAX_FUSED_HEAD_SIZE) {
            throw new IllegalArgumentException("--attention fused handles heads of up to " + MAX_FUSED_HEAD_SIZE
                    + " channels, " + config.modelId() + " has " + hs + "; use --attention naive");
        }
        MemoryPlan plan = plan(config, options);
        long needed = plan.totalBytes();
        if (needed > config.memoryLimitBytes()) {
            throw new OutOfMemoryException(needed, config.memoryLimitBytes(), "the memory limit",
                    "largest buffer: " + plan.largest().name());
        }
        long free = device.memoryInfo().freeBytes();
        if (needed > free) {
            throw new OutOfMemoryException(needed, free, "the device's free memory",
                    "largest buffer: " + plan.largest().name());
        }
        try {
            return new GpuBackend(config, options, device, layout, plan);
        } catch (DeviceOutOfMemoryException e) {
            throw new OutOfMemoryException(needed, device.memoryInfo().freeBytes(), "the device's free memory",
                    e.getMessage());
        }
    }

    /** What {@link #open} would allocate, without a device. */
    public static MemoryPlan plan(TrainConfig config, GpuOptions options) {
        Gpt2Parameters layout = Gpt2Parameters.of(config.modelId(), config.shape());
        DeviceAllocator dry = DeviceAllocator.planning();
        new GpuBuffers(dry, layout.count, config.shape(), config.batch(), config.seq(), options);
        return dry.plan();
    }

    @Override
    public String name() {
        return "cuda";
    }

    public GpuOptions options() {
        return options;
    }

    @Override
    public void init(long seed) {
        float[] values = layout.initialValues(seed);
        device.copyToDevice(options.precision().keepsMaster() ? buffers.master : buffers.params,
                MemorySegment.ofArray(values));
        model.parametersFromMaster();
        device.zero(buffers.m, 4L * layout.count);
        device.zero(buffers.v, 4L * layout.count);
        steps = 0;
    }

    /**
     * Forward, backward, AdamW; returns when the device has finished all of it (reading the losses back waits for
     * every call issued before), so a clock around it times the whole step.
     */
    @Override
    public float step(TokenBatch batch) {
        upload(batch);
        model.forward();
        model.backward();
        steps++;
        model.update(config.adamW(), steps);
        float loss = meanLoss();
        minFreeBytes = Math.min(minFreeBytes, device.memoryInfo().freeBytes());
        return loss;
    }

    @Override
    public float lossAndGradients(TokenBatch batch) {
        upload(batch);
        model.forward();
        model.backward();
        return meanLoss();
    }

    private void upload(TokenBatch batch) {
        if (batch.batch() != config.batch() || batch.seq() != config.seq()) {
            throw new IllegalArgumentException("this backend was opened for batch " + config.batch() + " x seq "
                    + config.seq() + ", got " + batch.batch() + " x " + batch.seq());
        }
        device.copyToDevice(buffers.inputs, MemorySegment.ofArray(batch.inputs()));
        device.copyToDevice(buffers.targets, MemorySegment.ofArray(batch.targets()));
    }

    private float meanLoss() {
        float[] losses = new float[config.batch() * config.seq()];
        device.copyToHost(MemorySegment.ofArray(losses), buffers.losses);
        double total = 0;
        for (float l : losses) {
            total += l;
        }
        return (float) (total / losses.length);
    }

    /**
     * The device memory this backend took: free memory before it allocated, less the least free memory seen after
     * a step (cuMemGetInfo on a GPU, so the allocator's rounding and anything a library allocated count too); the
     * plan's total before any step has run.
     */
    @Override
    public long peakBytes() {
        return minFreeBytes == Long.MAX_VALUE ? plan.totalBytes() : freeBeforeBytes - minFreeBytes;
    }

    @Override
    public float[] gradients() {
        float[] g = new float[layout.count];
        device.copyToHost(MemorySegment.ofArray(g), buffers.grads);
        return g;
    }

    @Override
    public float[] parameters() {
        float[] p = new float[layout.count];
        device.copyToHost(MemorySegment.ofArray(p), options.precision().keepsMaster() ? buffers.master : buffers.params);
        return p;
    }

    /** The L2 norm of the last step's gradients, reduced on the device. */
    public double gradientNorm() {
        model.gradientNormSquared();
        float[] squared = new float[1];
        device.copyToHost(MemorySegment.ofArray(squared), buffers.norm);
        return Math.sqrt(squared[0]);
    }

    @Override
    public MemoryPlan memoryPlan() {
        return plan;
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            allocator.freeAll();
        }
    }
}
