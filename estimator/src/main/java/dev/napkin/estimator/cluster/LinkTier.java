package dev.napkin.estimator.cluster;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * One tier of a cluster's network, per GPU: the link's stated bandwidth in one direction, the fraction of it that
 * collectives reach, and the latency of one hop. The product {@link #busBandwidthBytesPerSec()} is the "bus
 * bandwidth" nccl-tests reports (nccl-tests {@code doc/PERFORMANCE.md}), so a collective of S bytes takes
 * factor · S / busbw plus its hops' latency.
 *
 * @param link                    what the link is ("NVLink 3 through NVSwitch", "HDR InfiniBand 200 Gb/s")
 * @param bandwidthBytesPerSec    per GPU, one direction, as the vendor states it
 * @param efficiency              measured bus bandwidth over the stated bandwidth, in (0, 1]
 * @param latencySeconds          one hop of a ring (one step of the collective)
 */
public record LinkTier(@JsonProperty(required = true) String link,
                       @JsonProperty(required = true) double bandwidthBytesPerSec,
                       @JsonProperty(required = true) double efficiency,
                       @JsonProperty(required = true) double latencySeconds) {
    public LinkTier {
        if (link == null || link.isBlank()) {
            throw new IllegalArgumentException("a network tier needs a \"link\" description");
        }
        if (!(bandwidthBytesPerSec > 0) || bandwidthBytesPerSec > 1e14) {
            throw new IllegalArgumentException("tier '" + link + "': bandwidth_bytes_per_sec must be in (0, 1e14] "
                    + "(bytes per second, per GPU, one direction), got " + bandwidthBytesPerSec);
        }
        if (!(efficiency > 0 && efficiency <= 1)) {
            throw new IllegalArgumentException("tier '" + link + "': efficiency must be in (0, 1] (measured over "
                    + "stated bandwidth), got " + efficiency);
        }
        if (!(latencySeconds >= 0) || latencySeconds > 1e-2) {
            throw new IllegalArgumentException("tier '" + link + "': latency_seconds must be in [0, 0.01] (one hop, "
                    + "e.g. 2e-6), got " + latencySeconds);
        }
    }

    /** What collectives achieve per GPU: stated bandwidth x efficiency. */
    public double busBandwidthBytesPerSec() {
        return bandwidthBytesPerSec * efficiency;
    }
}
