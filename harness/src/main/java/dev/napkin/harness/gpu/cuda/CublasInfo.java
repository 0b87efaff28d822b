package dev.napkin.harness.gpu.cuda;

/** Which cuBLAS ran the GEMMs: the file the dynamic linker loaded, and cublasGetVersion_v2's number. */
public record CublasInfo(String file, int version) {
    /** {@code 13.1.0} from 130100 (CUBLAS_VERSION = 10000·major + 100·minor + patch, cublas_api.h). */
    public String versionString() {
        return version / 10000 + "." + version / 100 % 100 + "." + version % 100;
    }

    @Override
    public String toString() {
        return "cuBLAS " + versionString() + " (" + file + ")";
    }
}
