package dev.napkin.harness.gpu.cuda;

import jcuda.Pointer;
import jcuda.driver.CUdeviceptr;
import jcuda.driver.CUstream;

/**
 * Raw 64-bit addresses in and out of JCuda's pointer objects. {@code NativePointerObject} keeps the address in a
 * private field with protected accessors, and {@code Pointer} adds a byte offset; JCuda's natives pass
 * {@code nativePointer + byteOffset} to the driver for device and host pointers alike (jcuda/jcuda-common,
 * PointerUtils.cpp getPointer and NativePointerData), and cuMemAlloc stores the new address in nativePointer with a
 * zero offset (setPointer). Subclasses reach the protected members; nothing else in JCuda needs changing.
 */
final class JCudaPointers {
    private JCudaPointers() {
    }

    /** A CUdeviceptr that can say its address, and be made from one. */
    static final class DeviceAddress extends CUdeviceptr {
        private static final CUdeviceptr NULL = new CUdeviceptr();

        /** Empty, for cuMemAlloc to fill. */
        DeviceAddress() {
        }

        /** The device address {@code address}: a null pointer offset by it. */
        DeviceAddress(long address) {
            super(NULL, address);
        }

        long address() {
            return getNativePointer() + getByteOffset();
        }
    }

    /** A host address (of native memory) as a JCuda Pointer, for copies and cuLaunchKernel's parameter array. */
    static final class HostAddress extends Pointer {
        HostAddress(long address) {
            super(address);
        }
    }

    /** A CUstream whose handle can be handed to cuBLAS (cublasSetStream_v2 takes the same cudaStream_t). */
    static final class Stream extends CUstream {
        long address() {
            return getNativePointer();
        }
    }
}
