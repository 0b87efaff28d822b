package dev.napkin.harness.gpu;

/**
 * napkin's own GEMM kernels ({@code harness/src/main/cuda/gemm.cu}), for a GPU without cuBLAS: one launch per
 * {@link GemmCall}, with cuBLAS's semantics, through {@link Device#launch}. The operand types pick the kernel:
 * fp32 inputs run {@code gemm_f32} (TF32-rounded inputs under {@code F32_FAST_TF32}); bf16 inputs run
 * {@code gemm_bf16} or {@code gemm_bf16_f32out} by C's type, or their tensor-core versions ({@code _mma}, mma.sync,
 * compute capability 8.0 and later) when asked for. On the emulator an {@code _mma} name runs the SIMT kernel at the
 * mma kernel's tile size.
 */
public final class KernelGemm {
    /** Threads of every GEMM block. */
    static final int THREADS = 256;
    /** C tile of a SIMT block: 64 x 64. */
    static final int SIMT_TILE = 64;
    /** C tile of a tensor-core block: 128 x 128. */
    static final int MMA_TILE = 128;
    /** The most blocks a grid may have along y and z (CUDA guide, "Features and technical specifications"). */
    private static final int MAX_GRID_YZ = 65535;

    private KernelGemm() {
    }

    /**
     * The kernel that runs {@code call}; {@code tensorCores} picks the mma.sync kernels for bf16 inputs (fp32
     * inputs have only the SIMT kernel). For a report of which GEMM ran.
     *
     * @throws IllegalArgumentException for operand types no kernel takes
     */
    public static String kernel(GemmCall call, boolean tensorCores) {
        DataType in = call.a().type();
        DataType out = call.c().type();
        if (in == DataType.F32 && out == DataType.F32) {
            return "gemm_f32";
        }
        if (in != DataType.BF16 || (out != DataType.BF16 && out != DataType.F32)) {
            throw new IllegalArgumentException("napkin's GEMM has no kernel for " + in + " inputs with " + out
                    + " output");
        }
        String name = out == DataType.BF16 ? "gemm_bf16" : "gemm_bf16_f32out";
        return tensorCores ? name + "_mma" : name;
    }

    /**
     * Runs {@code call} on {@code device} with napkin's kernel for its operand types; the mma.sync kernels for bf16
     * inputs when {@code tensorCores} (only where the device's compute capability is 8.0 or more). Nothing is
     * launched when m, n or the batch count is 0.
     *
     * @throws IllegalArgumentException for operand types no kernel takes, or a grid beyond CUDA's limits
     */
    public static void run(Device device, GemmCall call, boolean tensorCores) {
        launch(device, call, kernel(call, tensorCores));
    }

    /** Launches {@code kernel}, which takes gemm.cu's GEMM parameters; for the tests' variants of the kernels. */
    static void launch(Device device, GemmCall call, String kernel) {
        if (call.m() == 0 || call.n() == 0 || call.batchCount() == 0) {
            return;
        }
        int tile = kernel.contains("_mma") ? MMA_TILE : SIMT_TILE;
        long gridY = (call.n() + (long) tile - 1) / tile;
        if (gridY > MAX_GRID_YZ || call.batchCount() > MAX_GRID_YZ) {
            throw new IllegalArgumentException("gemm n " + call.n() + " and batch count " + call.batchCount()
                    + " need a grid of " + gridY + " x " + call.batchCount() + " blocks in y and z, above CUDA's "
                    + MAX_GRID_YZ);
        }
        Dim3 grid = new Dim3((int) ((call.m() + (long) tile - 1) / tile), (int) gridY, call.batchCount());
        KernelArgs args = KernelArgs.of().ptr(call.c().pointer()).ptr(call.a().pointer()).ptr(call.b().pointer())
                .i32(call.transA().cublasValue).i32(call.transB().cublasValue).i32(call.m()).i32(call.n())
                .i32(call.k()).f32(call.alpha()).f32(call.beta()).i32(call.a().ld()).i32(call.b().ld())
                .i32(call.c().ld()).i64(call.a().stride()).i64(call.b().stride()).i64(call.c().stride());
        if (kernel.equals("gemm_f32")) {
            args.i32(call.compute() == GemmCall.ComputeType.F32_FAST_TF32 ? 1 : 0);
        }
        device.launch(kernel, grid, Dim3.of(THREADS), 0, args);
    }
}
