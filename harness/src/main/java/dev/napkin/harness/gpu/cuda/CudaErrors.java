package dev.napkin.harness.gpu.cuda;

import dev.napkin.harness.gpu.DeviceException;
import java.util.Set;
import jcuda.CudaException;

/**
 * The messages of failed driver calls. JCuda, with exceptions enabled, throws {@code CudaException} whose message is
 * the CUresult's name ({@code CUresult.stringFor}, e.g. {@code CUDA_ERROR_OUT_OF_MEMORY}); these turn it into a
 * {@link DeviceException} that names the call, and add what the user can do where there is something.
 */
final class CudaErrors {
    /** The fatbin's PTX is ISA 8.0 (build-fatbin.sh), which CUDA 12.0 introduced (NVIDIA PTX ISA release notes). */
    static final String KERNELS_NEED = "a driver for CUDA 12.0 or newer (r525+)";
    /** The oldest GPU the fatbin has code for: its cubins are sm_80/86/89/90 and its PTX compute_80. */
    static final int OLDEST_SM = 80;

    /**
     * Errors after which the context is unusable: the driver API guide lists them as leaving "the process in an
     * inconsistent state", so any later call fails the same way.
     */
    private static final Set<String> STICKY = Set.of("CUDA_ERROR_ILLEGAL_ADDRESS", "CUDA_ERROR_LAUNCH_FAILED",
            "CUDA_ERROR_MISALIGNED_ADDRESS", "CUDA_ERROR_ILLEGAL_INSTRUCTION", "CUDA_ERROR_HARDWARE_STACK_ERROR",
            "CUDA_ERROR_INVALID_PC", "CUDA_ERROR_ASSERT", "CUDA_ERROR_LAUNCH_TIMEOUT", "CUDA_ERROR_ECC_UNCORRECTABLE");

    /** What cuModuleLoadData answers when the driver cannot use any image of the fatbin. */
    private static final Set<String> INCOMPATIBLE_MODULE = Set.of("CUDA_ERROR_UNSUPPORTED_PTX_VERSION",
            "CUDA_ERROR_NO_BINARY_FOR_GPU", "CUDA_ERROR_INVALID_PTX");

    private CudaErrors() {
    }

    /** A JCuda driver call, which throws {@code CudaException} on failure (exceptions are enabled). */
    @FunctionalInterface
    interface DriverCall {
        int run();
    }

    /** Runs {@code c}; a failure becomes a {@link DeviceException} naming {@code what}. */
    static void call(String what, DriverCall c) {
        try {
            c.run();
        } catch (CudaException e) {
            throw failure(what, e.getMessage());
        }
    }

    /** {@code call} failed with the CUresult named {@code error}. */
    static DeviceException failure(String call, String error) {
        return new DeviceException(call + " failed: " + error + hint(error));
    }

    private static String hint(String error) {
        return STICKY.contains(error)
                ? " (a kernel faulted and the CUDA context is now unusable; launches are asynchronous, so it may be any"
                + " kernel issued since the last synchronize: run with CUDA_LAUNCH_BLOCKING=1 to find which)"
                : "";
    }

    static boolean incompatibleModule(String error) {
        return INCOMPATIBLE_MODULE.contains(error);
    }

    /**
     * One line for a fatbin the driver cannot use: a GPU older than the oldest target, or else a driver older than
     * the PTX needs. {@code driverVersion} is cuDriverGetVersion's; {@code sm} is 10·major + minor.
     */
    static String incompatibleModuleMessage(String error, int driverVersion, int sm, String gpu) {
        if (sm < OLDEST_SM) {
            return "the " + gpu + " (sm_" + sm + ") is older than napkin's GPU kernels support (sm_" + OLDEST_SM
                    + ", Ampere, or newer); cuModuleLoadData: " + error + ": use --backend cpu";
        }
        return "the NVIDIA driver is too old for napkin's GPU kernels: it supports CUDA "
                + CudaDriver.cudaVersion(driverVersion) + " (cuDriverGetVersion " + driverVersion + "), they need "
                + KERNELS_NEED + "; cuModuleLoadData: " + error + ": update the driver or use --backend cpu";
    }
}
