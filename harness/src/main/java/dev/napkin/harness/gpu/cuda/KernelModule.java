package dev.napkin.harness.gpu.cuda;

import static dev.napkin.harness.gpu.cuda.CudaErrors.call;
import static jcuda.driver.JCudaDriver.cuFuncSetAttribute;
import static jcuda.driver.JCudaDriver.cuLaunchKernel;
import static jcuda.driver.JCudaDriver.cuModuleGetFunction;
import static jcuda.driver.JCudaDriver.cuModuleLoadData;
import static jcuda.driver.JCudaDriver.cuModuleUnload;

import dev.napkin.harness.BackendUnavailableException;
import dev.napkin.harness.gpu.Dim3;
import dev.napkin.harness.gpu.KernelArgs;
import dev.napkin.harness.gpu.cuda.JCudaPointers.HostAddress;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.util.HashMap;
import java.util.Map;
import jcuda.CudaException;
import jcuda.driver.CUfunction;
import jcuda.driver.CUfunction_attribute;
import jcuda.driver.CUmodule;
import jcuda.driver.CUstream;

/**
 * napkin's kernels on the GPU: the fatbin resource (cubins for sm_80/86/89/90 and compute_80 PTX, built by
 * build-fatbin.sh) loaded with cuModuleLoadData, each kernel's function looked up once, launched with cuLaunchKernel.
 */
final class KernelModule {
    static final String RESOURCE = "/dev/napkin/harness/gpu/napkin-kernels.fatbin";
    /** Above 48 KiB a kernel's dynamic shared memory needs its opt-in (CUDA C++ Programming Guide, cc 7.0+). */
    static final int SHARED_WITHOUT_OPT_IN = 48 << 10;

    private final CUmodule module;
    private final Map<String, Kernel> kernels = new HashMap<>();

    private KernelModule(CUmodule module) {
        this.module = module;
    }

    /**
     * Loads the fatbin into the current context.
     *
     * @throws BackendUnavailableException (one line) if neither a cubin nor the PTX suits this GPU and driver
     */
    static KernelModule load(int driverVersion, int sm, String gpu) {
        byte[] image;
        try (InputStream in = KernelModule.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("the kernels " + RESOURCE + " are not on the class path");
            }
            image = in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + RESOURCE, e);
        }
        CUmodule m = new CUmodule();
        try {
            cuModuleLoadData(m, image);
        } catch (CudaException e) {
            if (CudaErrors.incompatibleModule(e.getMessage())) {
                throw new BackendUnavailableException(CudaErrors.incompatibleModuleMessage(e.getMessage(), driverVersion,
                        sm, gpu));
            }
            throw CudaErrors.failure("cuModuleLoadData (napkin-kernels.fatbin)", e.getMessage());
        }
        return new KernelModule(m);
    }

    /** Launches {@code kernel} on {@code stream}; a failure names the kernel and its launch shape. */
    void launch(CUstream stream, String kernel, Dim3 grid, Dim3 block, int sharedBytes, KernelArgs args) {
        String what = "kernel " + kernel + " grid " + grid + " block " + block + " shared " + sharedBytes + ": ";
        CUfunction f = function(kernel, sharedBytes, what);
        try (Arena arena = Arena.ofConfined()) {
            HostAddress params = new HostAddress(KernelParams.pack(arena, args.list()).address());
            call(what + "cuLaunchKernel", () -> cuLaunchKernel(f, grid.x(), grid.y(), grid.z(), block.x(), block.y(),
                    block.z(), sharedBytes, stream, params, null));
        }
    }

    /** The kernel's function, looked up once, allowed {@code sharedBytes} of dynamic shared memory. */
    private synchronized CUfunction function(String kernel, int sharedBytes, String what) {
        Kernel k = kernels.get(kernel);
        if (k == null) {
            CUfunction f = new CUfunction();
            call(what + "cuModuleGetFunction (is it in napkin-kernels.fatbin?)",
                    () -> cuModuleGetFunction(f, module, kernel));
            k = new Kernel(f);
            kernels.put(kernel, k);
        }
        if (sharedBytes > k.sharedLimit) {
            CUfunction f = k.function;
            call(what + "cuFuncSetAttribute(MAX_DYNAMIC_SHARED_SIZE_BYTES)", () -> cuFuncSetAttribute(f,
                    CUfunction_attribute.CU_FUNC_ATTRIBUTE_MAX_DYNAMIC_SHARED_SIZE_BYTES, sharedBytes));
            k.sharedLimit = sharedBytes;
        }
        return k.function;
    }

    void unload() {
        kernels.clear();
        call("cuModuleUnload", () -> cuModuleUnload(module));
    }

    /** A kernel's function and the dynamic shared memory it has been allowed so far. */
    private static final class Kernel {
        final CUfunction function;
        int sharedLimit = SHARED_WITHOUT_OPT_IN;

        Kernel(CUfunction function) {
            this.function = function;
        }
    }
}
