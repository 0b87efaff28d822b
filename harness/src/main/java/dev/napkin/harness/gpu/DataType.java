package dev.napkin.harness.gpu;

/** Element types of device buffers, with their cudaDataType_t values (library_types.h, CUDA 12 and 13). */
public enum DataType {
    F32(0, 4), BF16(14, 2);

    /** The cudaDataType_t value cuBLAS takes. */
    public final int cudaValue;
    public final int bytes;

    DataType(int cudaValue, int bytes) {
        this.cudaValue = cudaValue;
        this.bytes = bytes;
    }

    /** The kernel-name suffix of kernels that store this type: {@code f32} or {@code bf16}. */
    public String suffix() {
        return this == F32 ? "f32" : "bf16";
    }
}
