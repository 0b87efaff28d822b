package dev.napkin.gpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class GpuCatalogTest {
    private final GpuCatalog catalog = GpuCatalog.builtIn();

    @Test
    void holdsEveryPartTheFoundationIssueNames() {
        List<String> required = List.of("v100-sxm2", "a100-sxm-40gb", "a100-sxm-80gb", "a100-pcie-40gb",
                "a100-pcie-80gb", "a10g", "l4", "l40s", "t4", "rtx-3090", "rtx-4090", "h100-sxm", "h100-pcie",
                "h100-nvl", "h200", "b200", "mi250x", "mi300x", "tpu-v4", "tpu-v5e", "tpu-v5p");
        for (String id : required) {
            assertEquals(id, catalog.find(id).id());
        }
    }

    @Test // H100 SXM datasheet: BF16 1,979 TFLOPS "with sparsity"; dense is half (Hopper whitepaper: 989.4)
    void h100SxmBf16IsTheDenseHalfOfTheSparseHeadline() {
        GpuSpec h100 = catalog.find("h100-sxm");
        assertEquals(1979e12 / 2, h100.requirePeakFlopsPerSec(ComputeDtype.BF16), 1e9);
        assertEquals(80L << 30, h100.memoryBytes());
        assertEquals(3.35e12, h100.memoryBandwidthBytesPerSec(), 1e6);
        assertEquals(700, h100.tdpWatts());
    }

    // Raschka's flops-analysis notebook (LLMs-from-scratch, ch04/02_performance-analysis) divides by 204.9e12 for
    // "H100" (TechPowerUp's non-tensor FP16): ~3.7x too small
    @Test
    void notebookPeakForH100PcieIsNotTheTensorRate() {
        // H100 PCIe datasheet: BF16 tensor 1,513 TFLOPS "with sparsity", so 756.5 dense: 756.5 / 204.9 = 3.69x the
        // notebook's divisor, and its MFU 3.69x too high
        assertEquals(1513e12 / 2, catalog.find("h100-pcie").requirePeakFlopsPerSec(ComputeDtype.BF16), 1e9);
        // A100 datasheet: BF16 tensor 312 TFLOPS dense; the notebook divides by 77.97e12: 312 / 77.97 = 4.0x
        assertEquals(312e12, catalog.find("a100").requirePeakFlopsPerSec(ComputeDtype.BF16), 1e9);
    }

    @Test
    void deviceNamesAndAliasesResolve() {
        assertEquals("h100-sxm", catalog.find("NVIDIA H100 80GB HBM3").id());
        assertEquals("h100-sxm", catalog.find("H100").id());
        assertEquals("a100-sxm-80gb", catalog.find("NVIDIA A100-SXM4-80GB").id());
        assertEquals("tpu-v5p", catalog.find("TPU_v5p").id());
    }

    @Test
    void unknownNameSuggestsTheClosestId() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> catalog.find("h10"));
        assertTrue(e.getMessage().startsWith("unknown GPU 'h10'; did you mean h100-sxm?"), e.getMessage());
        IllegalArgumentException far = assertThrows(IllegalArgumentException.class, () -> catalog.find("zzzzzzzzzz"));
        assertFalse(far.getMessage().contains("did you mean"), far.getMessage());
    }

    @Test // the GPU table names no command's options: each command adds the ones it has (profile has no --precision)
    void missingDtypeNamesWhatThePartHas() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> catalog.find("v100").requirePeakFlopsPerSec(ComputeDtype.BF16));
        assertEquals("v100-sxm2 has no published dense bf16 rate; it has fp64, fp32, fp16", e.getMessage());
    }

    @Test
    void everyEntryIsCompleteAndUnique() {
        Set<String> ids = new HashSet<>();
        for (GpuSpec gpu : catalog.all()) {
            assertTrue(ids.add(gpu.id()), gpu.id());
            assertTrue(gpu.source().startsWith("https://") || gpu.source().startsWith("http://"), gpu.id());
            assertTrue(gpu.memoryBytes() >= 8L << 30, gpu.id());
            // dense peaks of tensor paths are never below the plain fp32 rate of the same part
            gpu.peakFlopsPerSec(ComputeDtype.FP32).ifPresent(fp32 -> gpu.peakFlopsPerSec(ComputeDtype.BF16)
                    .ifPresent(bf16 -> assertTrue(bf16 >= fp32, gpu.id())));
        }
        assertTrue(ids.size() >= 21);
    }
}
