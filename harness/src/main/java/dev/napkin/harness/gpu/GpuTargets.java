package dev.napkin.harness.gpu;

import dev.napkin.harness.BackendUnavailableException;
import dev.napkin.harness.gpu.cuda.CudaDevice;
import dev.napkin.harness.gpu.cuda.GpuIdentity;
import dev.napkin.harness.gpu.emu.EmulatedDevice;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** Opens the GPU trainer's devices for {@code bench}: a CUDA GPU, or the emulator. */
public final class GpuTargets {
    /** Where {@code --backend emulated} finds the emulator library (built by the harness tests). */
    public static final String EMULATOR_LIBRARY_ENV = "NAPKIN_EMULATOR_LIBRARY";

    private GpuTargets() {
    }

    /**
     * The first CUDA GPU: JCuda's driver API, napkin's fatbin, cuBLAS through FFM. Without a driver (or with a
     * driver or GPU too old for the kernels, or no cuBLAS) a {@link dev.napkin.harness.BackendUnavailableException}
     * says so in one line.
     */
    public static GpuBenchTarget cuda(GpuOptions options) {
        CudaDevice device = CudaDevice.open(0);
        int cc = device.computeCapability();
        String description = String.format(java.util.Locale.ROOT, "%s (sm_%d, driver CUDA %d.%d)", device.name(), cc,
                device.driverVersion() / 1000, device.driverVersion() % 1000 / 10);
        return new GpuBenchTarget("cuda", device, description, options, device.gemmDescription());
    }

    /** The spec-table id of a GPU by the name its driver reports ("NVIDIA H200" is h200), if napkin knows it. */
    public static Optional<String> specId(String deviceName) {
        return GpuIdentity.specId(deviceName);
    }

    /**
     * The GPU trainer's kernels run on the CPU by the emulator library, with {@code capacityBytes} of "device"
     * memory: a check that the whole GPU path runs, not a speed.
     */
    public static GpuBenchTarget emulated(GpuOptions options, long capacityBytes) {
        String path = System.getProperty("napkin.emulator.library", System.getenv(EMULATOR_LIBRARY_ENV));
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

}
