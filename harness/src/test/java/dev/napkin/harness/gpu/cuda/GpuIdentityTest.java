package dev.napkin.harness.gpu.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** CUDA device names, as cuDeviceGetName and nvidia-smi give them, to napkin's GPU table. */
class GpuIdentityTest {
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "NVIDIA H200, h200",
        "NVIDIA H200 NVL, h200-nvl",
        "NVIDIA H100 80GB HBM3, h100-sxm",
        "NVIDIA H100 PCIe, h100-pcie",
        "NVIDIA H100 NVL, h100-nvl",
        "NVIDIA H800, h800",
        "NVIDIA A100-SXM4-80GB, a100-sxm-80gb",
        "NVIDIA A100-SXM4-40GB, a100-sxm-40gb",
        "NVIDIA A100-PCIE-40GB, a100-pcie-40gb",
        "NVIDIA A100 80GB PCIe, a100-pcie-80gb",
        "NVIDIA GeForce RTX 4090, rtx-4090",
        "NVIDIA GeForce RTX 3090, rtx-3090",
        "NVIDIA L4, l4",
        "NVIDIA L40S, l40s",
        "NVIDIA A10G, a10g",
        "NVIDIA B200, b200",
        "Tesla T4, t4",
        "Tesla V100-SXM2-32GB, v100-sxm2"})
    void knownNamesGiveTheirSpec(String deviceName, String id) {
        assertEquals(Optional.of(id), GpuIdentity.specId(deviceName));
    }

    @ParameterizedTest
    @ValueSource(strings = {"NVIDIA RTX A6000", "NVIDIA GH200 480GB", "Tesla V100-SXM2-16GB",
        "NVIDIA GeForce RTX 3080 Ti", "NVIDIA L40", ""})
    void unknownNamesGiveNothingRatherThanAGuess(String deviceName) {
        assertEquals(Optional.empty(), GpuIdentity.specId(deviceName));
    }
}
