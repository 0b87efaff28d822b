package dev.napkin.harness.gpu.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.napkin.harness.gpu.cuda.JCudaPointers.DeviceAddress;
import org.junit.jupiter.api.Test;

/**
 * Device addresses through JCuda's pointer objects, which (with no driver here) also shows that making them does not
 * load JCuda's native library. That the driver receives nativePointer + byteOffset is JCuda's (PointerUtils.cpp
 * getPointer) and shows on a GPU: CudaDeviceTest copies through offset addresses.
 */
class JCudaPointersTest {
    @Test
    void anAddressSurvivesTheTripThroughACuDeviceptr() {
        long address = 0x7f12_3456_7000L;
        assertEquals(address, new DeviceAddress(address).address());
        assertEquals(0, new DeviceAddress().address(), "an empty one, for cuMemAlloc to fill, is null");
        assertEquals(0, new JCudaPointers.Stream().address());
    }
}
