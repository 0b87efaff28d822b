package dev.napkin.harness.gpu.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.napkin.harness.gpu.DevicePointer;
import dev.napkin.harness.gpu.KernelArgs;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.List;
import org.junit.jupiter.api.Test;

/** cuLaunchKernel's parameter array: one pointer per parameter, each to its value in the width the kernel declares. */
@SuppressWarnings("restricted") // FFM: reads the values the parameter array points to
class KernelParamsTest {
    @Test
    void eachParameterIsAPointerToItsValue() {
        KernelArgs args = KernelArgs.of().ptr(new DevicePointer(0x7f00_1234_5678L)).i32(-7).i64(1L << 40).f32(1.5f);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment params = KernelParams.pack(arena, args.list());
            assertEquals(4 * ValueLayout.ADDRESS.byteSize(), params.byteSize());
            MemorySegment[] values = new MemorySegment[4];
            for (int i = 0; i < 4; i++) {
                values[i] = params.getAtIndex(ValueLayout.ADDRESS, i).reinterpret(KernelParams.SLOT_BYTES);
                assertEquals(0, values[i].address() % 8, "8-byte aligned, as a pointer or a long must be");
            }
            assertEquals(0x7f00_1234_5678L, values[0].get(ValueLayout.JAVA_LONG, 0));
            assertEquals(-7, values[1].get(ValueLayout.JAVA_INT, 0));
            assertEquals(1L << 40, values[2].get(ValueLayout.JAVA_LONG, 0));
            assertEquals(1.5f, values[3].get(ValueLayout.JAVA_FLOAT, 0));
            assertTrue(values[1].address() != values[2].address(), "each value has its own slot");
        }
    }

    @Test
    void aKernelWithoutParametersGetsAValidArray() {
        try (Arena arena = Arena.ofConfined()) {
            assertTrue(KernelParams.pack(arena, List.of()).address() != 0);
        }
    }
}
