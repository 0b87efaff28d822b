package dev.napkin.cli;

import dev.napkin.estimator.cluster.ClusterCatalog;
import dev.napkin.estimator.cluster.ClusterSpec;
import dev.napkin.gpu.GpuSpec;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Mixin: {@code --cluster NAME} and {@code --cluster-specs FILE}. */
final class ClusterOption {
    @Option(names = "--cluster", paramLabel = "NAME",
            description = "dgx-a100, dgx-h100, dgx-h200, dgx-h800, dgx-b200 or pcie (default: the 8-GPU node of the "
                    + "--gpu, else pcie).")
    String cluster;

    @Option(names = "--cluster-specs", paramLabel = "FILE",
            description = "A JSON file of clusters in napkin's schema that adds to or overrides the presets.")
    Path clusterSpecs;

    ClusterSpec resolve(GpuSpec gpu) {
        ClusterCatalog catalog = clusterSpecs == null ? ClusterCatalog.builtIn() : ClusterCatalog.withUserFile(clusterSpecs);
        if (cluster != null) {
            return catalog.find(cluster);
        }
        String id = gpu.id();
        return catalog.find(id.startsWith("a100-sxm") ? "dgx-a100" : id.startsWith("h100-sxm") ? "dgx-h100"
                : id.equals("h200") ? "dgx-h200" : id.equals("h800") ? "dgx-h800" : id.equals("b200") ? "dgx-b200"
                : "pcie");
    }
}
