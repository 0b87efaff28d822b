/*
 * A stand-in for libcublasLt.so.13, which the real libcublas.so.13 needs (ELF NEEDED): fake_cublas.c links it and
 * takes its version number from it, so loading the fake cuBLAS works only once this library is found.
 */
int fake_cublaslt_version(void) {
    return 130100; /* cuBLAS 13.1.0: CUBLAS_VERSION = 10000 * major + 100 * minor + patch (cublas_api.h) */
}
