package dev.napkin.harness.gpu.cuda;

import dev.napkin.gpu.GpuCatalog;
import dev.napkin.gpu.GpuSpec;
import dev.napkin.lookup.Names;
import java.util.Optional;

/**
 * napkin's GPU spec for a CUDA device, by the name the driver gives it (cuDeviceGetName, the name nvidia-smi prints:
 * "NVIDIA H100 80GB HBM3", "NVIDIA A100-SXM4-80GB", "Tesla T4"). The name is folded as the GPU table folds names
 * ({@link Names#normalize}: case, separators, a leading "NVIDIA") and looked up among the table's ids and aliases,
 * which carry the driver's spellings. A name the table does not know gives nothing, and the caller asks for the GPU
 * (or its peak) instead of guessing: a 16 GB V100 is not the table's 32 GB one.
 */
public final class GpuIdentity {
    private GpuIdentity() {
    }

    /** The built-in table's id for {@code deviceName}, if it has one. */
    public static Optional<String> specId(String deviceName) {
        return specId(deviceName, GpuCatalog.builtIn());
    }

    /** {@code catalog}'s id for {@code deviceName}, if it has one. */
    public static Optional<String> specId(String deviceName, GpuCatalog catalog) {
        String wanted = Names.normalize(deviceName);
        if (wanted.isEmpty()) {
            return Optional.empty();
        }
        for (GpuSpec gpu : catalog.all()) {
            if (Names.normalize(gpu.id()).equals(wanted)
                    || gpu.aliases().stream().anyMatch(alias -> Names.normalize(alias).equals(wanted))) {
                return Optional.of(gpu.id());
            }
        }
        return Optional.empty();
    }
}
