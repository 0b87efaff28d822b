package dev.napkin.estimator.cluster;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Objects;

/**
 * A cluster of identical nodes: GPUs per node, the intra-node tier (NVLink through NVSwitch, or PCIe) and the
 * inter-node tier (one NIC per GPU on DGX systems), each with its measured efficiency and hop latency.
 *
 * <p>A group of ranks whose members lie {@code stride} ranks apart (tensor parallel innermost, as Megatron-LM
 * numbers ranks) stays inside a node when stride x size is at most the node size; otherwise each GPU's traffic
 * leaves through its own NIC and the inter-node tier sets the pace.
 */
public record ClusterSpec(@JsonProperty(required = true) String id,
                          @JsonProperty(required = true) String name,
                          @JsonProperty(required = true) List<String> aliases,
                          @JsonProperty(required = true) int gpusPerNode,
                          @JsonProperty(required = true) LinkTier intraNode,
                          @JsonProperty(required = true) LinkTier interNode,
                          @JsonProperty(required = true) String source,
                          List<String> otherSources,
                          String notes) {
    public ClusterSpec {
        if (id == null || !id.matches("[a-z0-9][a-z0-9.-]*")) {
            throw new IllegalArgumentException("cluster id '" + id + "' must be lower case letters, digits, '-' or '.'");
        }
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("cluster '" + id + "': field 'name' is missing or empty");
        }
        aliases = List.copyOf(Objects.requireNonNull(aliases, "aliases"));
        if (gpusPerNode < 1 || gpusPerNode > 1024) {
            throw new IllegalArgumentException("cluster '" + id + "': gpus_per_node must be in [1, 1024], got "
                    + gpusPerNode);
        }
        if (intraNode == null || interNode == null) {
            throw new IllegalArgumentException("cluster '" + id + "' needs both intra_node and inter_node tiers");
        }
        if (source == null || !(source.startsWith("https://") || source.startsWith("http://"))) {
            throw new IllegalArgumentException("cluster '" + id + "': source '" + source
                    + "' is not a URL; cite the datasheet or measurement");
        }
        otherSources = otherSources == null ? List.of() : List.copyOf(otherSources);
    }

    /** The tier a group of {@code ranks} ranks spaced {@code stride} apart communicates over. */
    public LinkTier tier(int ranks, int stride) {
        return (long) ranks * stride <= gpusPerNode ? intraNode : interNode;
    }

    /**
     * Seconds for {@code collective} over {@code bytes} among {@code ranks} ranks spaced {@code stride} apart; zero
     * for a group of one.
     */
    public double seconds(Collective collective, double bytes, int ranks, int stride) {
        if (ranks <= 1 && collective != Collective.POINT_TO_POINT) {
            return 0;
        }
        LinkTier t = tier(Math.max(ranks, 2), stride);
        return collective.bandwidthFactor(ranks) * bytes / t.busBandwidthBytesPerSec()
                + collective.latencySteps(ranks) * t.latencySeconds();
    }
}
