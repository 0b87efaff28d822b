package dev.napkin.harness.gpu.cuda;

import dev.napkin.harness.gpu.Bf16;
import dev.napkin.harness.gpu.DataType;
import dev.napkin.harness.gpu.DevicePointer;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Random;

/** GEMM operands in host memory for the cuBLAS tests: random fp32 or bf16 elements, read back as fp32. */
final class HostMatrices {
    private HostMatrices() {
    }

    static DevicePointer ptr(MemorySegment s) {
        return new DevicePointer(s.address());
    }

    /** {@code elements} values uniform in [-1, 1), stored as {@code type}. */
    static MemorySegment random(Arena arena, long elements, DataType type, Random r) {
        MemorySegment s = arena.allocate(elements * type.bytes, 8);
        for (long i = 0; i < elements; i++) {
            float v = r.nextFloat() * 2 - 1;
            if (type == DataType.F32) {
                s.setAtIndex(ValueLayout.JAVA_FLOAT, i, v);
            } else {
                s.setAtIndex(ValueLayout.JAVA_SHORT, i, Bf16.fromFloat(v));
            }
        }
        return s;
    }

    static float load(MemorySegment s, long index, DataType type) {
        return type == DataType.F32 ? s.getAtIndex(ValueLayout.JAVA_FLOAT, index)
                : Bf16.toFloat(s.getAtIndex(ValueLayout.JAVA_SHORT, index));
    }
}
