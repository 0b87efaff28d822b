package dev.napkin.harness;

import dev.napkin.harness.cpu.CpuBackend;
import dev.napkin.harness.cpu.CpuBenchTarget;
import dev.napkin.harness.gpu.GpuOptions;
import dev.napkin.harness.gpu.GpuTargets;
import java.util.List;
import java.util.Locale;

/** The backends by {@code --backend} name. */
public final class Backends {
    /** The {@code --backend} names. */
    public static final String NAMES = "cpu, cuda or emulated";
    /** The {@code --backend} names, one by one. */
    public static final List<String> ALL = List.of("cpu", "cuda", "emulated");

    private Backends() {
    }

    /** The CPU trainer's factory (the demo's search uses it directly). */
    public static BackendFactory cpu() {
        return CpuBackend::open;
    }

    /**
     * What {@code --backend name} measures on: {@code cpu} with {@code threads} threads; {@code cuda}, the first
     * NVIDIA GPU; {@code emulated}, the GPU trainer on the CPU emulator. A GPU backend that cannot run here throws
     * {@link BackendUnavailableException} saying why and what to use instead.
     *
     * @param emulatedCapacityBytes the memory the emulated device has
     */
    public static BenchTarget target(String name, int threads, GpuOptions options, long emulatedCapacityBytes) {
        return switch (name.strip().toLowerCase(Locale.ROOT)) {
            case "cpu" -> new CpuBenchTarget(threads);
            case "cuda" -> GpuTargets.cuda(options);
            case "emulated" -> GpuTargets.emulated(options, emulatedCapacityBytes);
            default -> throw new IllegalArgumentException("--backend '" + name + "' is not known; use " + NAMES);
        };
    }
}
