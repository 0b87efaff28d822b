package dev.napkin.harness.gpu.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The messages of failed driver calls, which the CLI prints as they are. */
class CudaErrorsTest {
    @Test
    void aFailureNamesTheCallAndTheError() {
        assertEquals("cuMemcpyHtoD of 8 bytes to 0x10 failed: CUDA_ERROR_INVALID_VALUE",
                CudaErrors.failure("cuMemcpyHtoD of 8 bytes to 0x10", "CUDA_ERROR_INVALID_VALUE").getMessage());
    }

    @Test
    void aKernelFaultSaysTheContextIsLostAndHowToFindTheKernel() {
        String message = CudaErrors.failure("cuStreamSynchronize", "CUDA_ERROR_ILLEGAL_ADDRESS").getMessage();
        assertTrue(message.startsWith("cuStreamSynchronize failed: CUDA_ERROR_ILLEGAL_ADDRESS (a kernel faulted"));
        assertTrue(message.contains("CUDA_LAUNCH_BLOCKING=1"), message);
    }

    @Test
    void kernelsTooNewForTheDriverAreOneLineNamingBothVersions() {
        assertTrue(CudaErrors.incompatibleModule("CUDA_ERROR_UNSUPPORTED_PTX_VERSION"));
        assertTrue(CudaErrors.incompatibleModule("CUDA_ERROR_NO_BINARY_FOR_GPU"));
        assertTrue(CudaErrors.incompatibleModule("CUDA_ERROR_INVALID_PTX"));
        assertFalse(CudaErrors.incompatibleModule("CUDA_ERROR_OUT_OF_MEMORY"));
        assertEquals("the NVIDIA driver is too old for napkin's GPU kernels: it supports CUDA 11.8 (cuDriverGetVersion "
                        + "11080), they need a driver for CUDA 12.0 or newer (r525+); cuModuleLoadData: "
                        + "CUDA_ERROR_UNSUPPORTED_PTX_VERSION: update the driver or use --backend cpu",
                CudaErrors.incompatibleModuleMessage("CUDA_ERROR_UNSUPPORTED_PTX_VERSION", 11080, 90,
                        "NVIDIA H100 80GB HBM3"));
    }

    @Test
    void aGpuOlderThanTheKernelsIsNamedInsteadOfTheDriver() {
        assertEquals("the Tesla T4 (sm_75) is older than napkin's GPU kernels support (sm_80, Ampere, or newer); "
                        + "cuModuleLoadData: CUDA_ERROR_NO_BINARY_FOR_GPU: use --backend cpu",
                CudaErrors.incompatibleModuleMessage("CUDA_ERROR_NO_BINARY_FOR_GPU", 13000, 75, "Tesla T4"));
    }
}
