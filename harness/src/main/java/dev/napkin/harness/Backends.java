package dev.napkin.harness;

import dev.napkin.harness.cpu.CpuBackend;
import dev.napkin.harness.cpu.CpuBenchTarget;
import dev.napkin.harness.gpu.GpuOptions;
import dev.napkin.harness.gpu.GpuTargets;
import java.util.Locale;

/** The backends by {@code --backend} name. */
public final class Backends {
    /** The {@code --backend} names. */
    public static final String NAMES = "cpu, cuda or emulated";

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
        return switch (normalise(name)) {
            case "cpu" -> new CpuBenchTarget(threads);
            case "cuda" -> GpuTargets.cuda(options);
            case "emulated" -> GpuTargets.emulated(options, emulatedCapacityBytes);
            default -> throw new IllegalArgumentException("--backend '" + name + "' is not known; use " + NAMES);
        };
    }

    /** The name as {@link #target} takes it, or a one-line refusal. */
    public static String normalise(String name) {
        String n = name.strip().toLowerCase(Locale.ROOT);
        if (!n.equals("cpu") && !n.equals("cuda") && !n.equals("emulated")) {
            throw new IllegalArgumentException("--backend '" + name + "' is not known; use " + NAMES);
        }
        return n;
    }
}
