package dev.napkin.harness.gpu;

import dev.napkin.harness.BackendUnavailableException;
import dev.napkin.harness.gpu.emu.EmulatedDevice;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Opens the GPU trainer's devices for {@code bench}: a CUDA GPU, or the emulator. */
public final class GpuTargets {
    /** Where {@code --backend emulated} finds the emulator library (built by the harness tests). */
    public static final String EMULATOR_LIBRARY_ENV = "NAPKIN_EMULATOR_LIBRARY";

    private GpuTargets() {
    }

    /** The first CUDA GPU. */
    public static GpuBenchTarget cuda(GpuOptions options) {
        throw new BackendUnavailableException(cudaDriverFound()
                ? "this build has no CUDA backend yet: use --backend cpu"
                : "no CUDA driver found (libcuda.so.1): use --backend cpu");
    }

    /**
     * The GPU trainer's kernels run on the CPU by the emulator library, with {@code capacityBytes} of "device"
     * memory: a check that the whole GPU path runs, not a speed.
     */
    public static GpuBenchTarget emulated(GpuOptions options, long capacityBytes) {
        String path = System.getenv(EMULATOR_LIBRARY_ENV);
        if (path == null || path.isBlank()) {
            throw new BackendUnavailableException("--backend emulated needs the emulator library that the harness "
                    + "tests build (harness/target/emu/libnapkin_emu.so): set " + EMULATOR_LIBRARY_ENV + " to its path");
        }
        Path library = Path.of(path);
        if (!Files.isRegularFile(library)) {
            throw new BackendUnavailableException(EMULATOR_LIBRARY_ENV + "=" + path + " is not a file; build it with "
                    + "scripts/jdk25 mvn -B test -pl harness -am (harness/target/emu/libnapkin_emu.so)");
        }
        EmulatedDevice device = EmulatedDevice.open(library.toAbsolutePath(), capacityBytes);
        return new GpuBenchTarget("emulated", device, device.name(), options, "reference GEMM (Java, cuBLAS semantics)");
    }

    /** Whether libcuda.so.1 is where the dynamic linker would look for it. */
    static boolean cudaDriverFound() {
        List<String> dirs = new ArrayList<>(List.of("/usr/lib/x86_64-linux-gnu", "/usr/lib64", "/usr/lib",
                "/usr/lib/aarch64-linux-gnu", "/usr/lib/wsl/lib"));
        String path = System.getenv("LD_LIBRARY_PATH");
        if (path != null) {
            dirs.addAll(List.of(path.split(":")));
        }
        return dirs.stream().filter(d -> !d.isBlank()).anyMatch(d -> Files.exists(Path.of(d, "libcuda.so.1")));
    }
}
