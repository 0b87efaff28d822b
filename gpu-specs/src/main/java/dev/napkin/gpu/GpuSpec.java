package dev.napkin.gpu;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Objects;
import java.util.OptionalDouble;

/**
 * One accelerator, per device (per GPU, per chip, per OAM). Peaks are dense rates: NVIDIA's headline tensor
 * figures for Ampere and later are "with sparsity" and are halved here. {@code null} peak = the part has no such
 * path (or none is published), never "unknown as -1".
 *
 * @param memoryBytes            capacity; vendors' "80 GB" HBM parts are 80 GiB, so 85,899,345,920 bytes
 * @param intraNodeLinkBytesPerSec bidirectional GPU-to-GPU bandwidth within a node, as vendors print it
 */
public record GpuSpec(
        @JsonProperty(required = true) String id,
        @JsonProperty(required = true) String name,
        @JsonProperty(required = true) List<String> aliases,
        @JsonProperty(required = true) String vendor,
        @JsonProperty(required = true) String formFactor,
        @JsonProperty(required = true) long memoryBytes,
        @JsonProperty(required = true) double memoryBandwidthBytesPerSec,
        @JsonProperty(required = true) Double peakFp64FlopsPerSec,
        @JsonProperty(required = true) Double peakFp32FlopsPerSec,
        @JsonProperty(required = true) Double peakTf32FlopsPerSec,
        @JsonProperty(required = true) Double peakFp16FlopsPerSec,
        @JsonProperty(required = true) Double peakBf16FlopsPerSec,
        @JsonProperty(required = true) Double peakFp8FlopsPerSec,
        @JsonProperty(required = true) Double peakInt8OpsPerSec,
        @JsonProperty(required = true) Double tdpWatts,
        @JsonProperty(required = true) String intraNodeLink,
        @JsonProperty(required = true) Double intraNodeLinkBytesPerSec,
        String confidence,
        @JsonProperty(required = true) String source,
        List<String> otherSources,
        String notes) {

    /** Above this a peak is a typo (a unit slip of 1e3), not a chip: 100 PFLOP/s dense per device. */
    public static final double ABSURD_PEAK_PER_SEC = 1e17;

    public GpuSpec {
        requireText(id, "id", "");
        if (!id.matches("[a-z0-9][a-z0-9.-]*")) {
            throw new IllegalArgumentException("GPU id '" + id + "' must be lower case letters, digits, '-' or '.'");
        }
        requireText(name, "name", id);
        requireText(vendor, "vendor", id);
        requireText(formFactor, "form_factor", id);
        requireText(source, "source", id);
        requireText(intraNodeLink, "intra_node_link", id);
        if (!source.startsWith("https://") && !source.startsWith("http://")) {
            throw new IllegalArgumentException("GPU '" + id + "': source '" + source + "' is not a URL; cite the datasheet");
        }
        aliases = List.copyOf(Objects.requireNonNull(aliases, "aliases"));
        for (String alias : aliases) {
            requireText(alias, "alias", id);
        }
        otherSources = otherSources == null ? List.of() : List.copyOf(otherSources);
        if (memoryBytes <= 0) {
            throw new IllegalArgumentException("GPU '" + id + "': memory_bytes must be positive, got " + memoryBytes);
        }
        requirePositive(memoryBandwidthBytesPerSec, "memory_bandwidth_bytes_per_sec", id, Double.MAX_VALUE);
        boolean anyPeak = false;
        Double[] peaks = {peakFp64FlopsPerSec, peakFp32FlopsPerSec, peakTf32FlopsPerSec, peakFp16FlopsPerSec,
                peakBf16FlopsPerSec, peakFp8FlopsPerSec, peakInt8OpsPerSec};
        for (int i = 0; i < peaks.length; i++) {
            if (peaks[i] != null) {
                requirePositive(peaks[i], "peak " + ComputeDtype.values()[i].id(), id, ABSURD_PEAK_PER_SEC);
                anyPeak = true;
            }
        }
        if (!anyPeak) {
            throw new IllegalArgumentException("GPU '" + id + "' has no peak rate at all; give at least one peak_*_per_sec");
        }
        if (tdpWatts != null) {
            requirePositive(tdpWatts, "tdp_watts", id, 1e5);
        }
        if (intraNodeLinkBytesPerSec != null) {
            requirePositive(intraNodeLinkBytesPerSec, "intra_node_link_bytes_per_sec", id, Double.MAX_VALUE);
        }
    }

    /** Dense peak for {@code dtype} in FLOP/s (OP/s for int8); empty where the part has no such path. */
    public OptionalDouble peakFlopsPerSec(ComputeDtype dtype) {
        Double value = switch (dtype) {
            case FP64 -> peakFp64FlopsPerSec;
            case FP32 -> peakFp32FlopsPerSec;
            case TF32 -> peakTf32FlopsPerSec;
            case FP16 -> peakFp16FlopsPerSec;
            case BF16 -> peakBf16FlopsPerSec;
            case FP8 -> peakFp8FlopsPerSec;
            case INT8 -> peakInt8OpsPerSec;
        };
        return value == null ? OptionalDouble.empty() : OptionalDouble.of(value);
    }

    /**
     * Like {@link #peakFlopsPerSec} but a missing rate is a one-line error that names what the part does have; the
     * caller adds which of its own options would help.
     */
    public double requirePeakFlopsPerSec(ComputeDtype dtype) {
        OptionalDouble peak = peakFlopsPerSec(dtype);
        if (peak.isPresent()) {
            return peak.getAsDouble();
        }
        StringBuilder has = new StringBuilder();
        for (ComputeDtype d : ComputeDtype.values()) {
            if (d != ComputeDtype.INT8 && peakFlopsPerSec(d).isPresent()) {
                has.append(has.isEmpty() ? "" : ", ").append(d.id());
            }
        }
        throw new IllegalArgumentException(id + " has no published dense " + dtype.id() + " rate; it has " + has);
    }

    private static void requireText(String value, String field, String id) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("GPU '" + id + "': field '" + field + "' is missing or empty");
        }
    }

    private static void requirePositive(double value, String field, String id, double absurd) {
        if (!(value > 0) || Double.isInfinite(value) || value >= absurd) {
            throw new IllegalArgumentException("GPU '" + id + "': " + field + " must be a positive number"
                    + (absurd < Double.MAX_VALUE ? " below " + absurd : "") + ", got " + value);
        }
    }
}
