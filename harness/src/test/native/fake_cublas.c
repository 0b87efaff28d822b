/*
 * A stand-in for libcublas.so.13, to test napkin's FFM binding of cuBLAS (CublasLibrary, Cublas) without a GPU.
 *
 * It exports the functions napkin calls under their names in the real library, with cublas_api.h's C signatures
 * (CUDA 12 and 13; enums are C ints, handles and streams pointers, strides long long). "Device" pointers are host
 * addresses here, and the GEMMs run on the host with cuBLAS's semantics (column-major, op(X) = X or X^T, leading
 * dimensions and strides in elements, C not read when beta is 0) in exactly the order of operations of napkin's
 * ReferenceGemm, so the two agree bit for bit; an argument in the wrong place shows as a wrong result or as the
 * status cuBLAS's guide gives for it (INVALID_VALUE, NOT_SUPPORTED, NOT_INITIALIZED).
 *
 * It links libcublasLt.so.13 (fake_cublaslt.c) without a RUNPATH, as a copy of the real library would be loaded
 * from a folder outside the loader's path: loading it by absolute path works only once Lt is loaded.
 *
 * fake_cublas_* functions let the tests look at what the binding set, and make the next call of a function fail.
 */
#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define CUBLAS_STATUS_SUCCESS 0
#define CUBLAS_STATUS_NOT_INITIALIZED 1
#define CUBLAS_STATUS_INVALID_VALUE 7
#define CUBLAS_STATUS_NOT_SUPPORTED 15

#define CUDA_R_32F 0
#define CUDA_R_16BF 14
#define CUBLAS_COMPUTE_32F 68
#define CUBLAS_COMPUTE_32F_FAST_TF32 77
#define CUBLAS_GEMM_DEFAULT (-1)
#define CUBLAS_OP_N 0
#define CUBLAS_OP_T 1

#define HANDLE_MAGIC 0x6e61706b696eULL

typedef int cublasStatus_t;

struct fake_handle {
    uint64_t magic;
};
typedef struct fake_handle *cublasHandle_t;

int fake_cublaslt_version(void); /* from libcublasLt.so.13 (fake_cublaslt.c) */

static int live_handles;
static void *last_stream;
static void *last_workspace;
static size_t last_workspace_bytes;
static int last_math_mode = -1;
static int gemm_ex_calls;
static int strided_calls;
static char fail_function[64];
static int fail_status;

int fake_cublas_live_handles(void) { return live_handles; }
void *fake_cublas_stream(void) { return last_stream; }
void *fake_cublas_workspace(void) { return last_workspace; }
size_t fake_cublas_workspace_bytes(void) { return last_workspace_bytes; }
int fake_cublas_math_mode(void) { return last_math_mode; }
int fake_cublas_gemm_ex_calls(void) { return gemm_ex_calls; }
int fake_cublas_strided_calls(void) { return strided_calls; }

/* The next call of `function` returns `status` and does nothing else. */
void fake_cublas_fail_next(const char *function, int status) {
    strncpy(fail_function, function, sizeof fail_function - 1);
    fail_function[sizeof fail_function - 1] = '\0';
    fail_status = status;
}

static int failing(const char *function) {
    if (fail_function[0] != '\0' && strcmp(fail_function, function) == 0) {
        fail_function[0] = '\0';
        return 1;
    }
    return 0;
}

static int valid(cublasHandle_t handle) {
    return handle != NULL && handle->magic == HANDLE_MAGIC;
}

cublasStatus_t cublasCreate_v2(cublasHandle_t *handle) {
    if (failing("cublasCreate_v2")) return fail_status;
    if (handle == NULL) return CUBLAS_STATUS_INVALID_VALUE;
    struct fake_handle *h = calloc(1, sizeof *h);
    h->magic = HANDLE_MAGIC;
    *handle = h;
    live_handles++;
    return CUBLAS_STATUS_SUCCESS;
}

cublasStatus_t cublasDestroy_v2(cublasHandle_t handle) {
    if (failing("cublasDestroy_v2")) return fail_status;
    if (!valid(handle)) return CUBLAS_STATUS_NOT_INITIALIZED;
    handle->magic = 0;
    free(handle);
    live_handles--;
    return CUBLAS_STATUS_SUCCESS;
}

cublasStatus_t cublasSetStream_v2(cublasHandle_t handle, void *stream) {
    if (failing("cublasSetStream_v2")) return fail_status;
    if (!valid(handle)) return CUBLAS_STATUS_NOT_INITIALIZED;
    last_stream = stream;
    return CUBLAS_STATUS_SUCCESS;
}

cublasStatus_t cublasSetWorkspace_v2(cublasHandle_t handle, void *workspace, size_t workspaceSizeInBytes) {
    if (failing("cublasSetWorkspace_v2")) return fail_status;
    if (!valid(handle)) return CUBLAS_STATUS_NOT_INITIALIZED;
    last_workspace = workspace;
    last_workspace_bytes = workspaceSizeInBytes;
    return CUBLAS_STATUS_SUCCESS;
}

cublasStatus_t cublasSetMathMode(cublasHandle_t handle, int mode) {
    if (failing("cublasSetMathMode")) return fail_status;
    if (!valid(handle)) return CUBLAS_STATUS_NOT_INITIALIZED;
    last_math_mode = mode;
    return CUBLAS_STATUS_SUCCESS;
}

cublasStatus_t cublasGetVersion_v2(cublasHandle_t handle, int *version) {
    if (failing("cublasGetVersion_v2")) return fail_status;
    if (!valid(handle)) return CUBLAS_STATUS_NOT_INITIALIZED;
    if (version == NULL) return CUBLAS_STATUS_INVALID_VALUE;
    *version = fake_cublaslt_version();
    return CUBLAS_STATUS_SUCCESS;
}

/* bf16 and TF32 rounding exactly as napkin's Bf16 (round to nearest even; TF32 to nearest, ties away). */
static float bf16_to_float(uint16_t h) {
    uint32_t bits = (uint32_t) h << 16;
    float f;
    memcpy(&f, &bits, sizeof f);
    return f;
}

static uint16_t float_to_bf16(float x) {
    uint32_t bits;
    memcpy(&bits, &x, sizeof bits);
    if (isnan(x)) return (uint16_t) ((bits >> 16) | 0x40);
    return (uint16_t) ((bits + 0x7FFFu + ((bits >> 16) & 1u)) >> 16);
}

static float round_tf32(float x) {
    if (!isfinite(x)) return x;
    uint32_t bits;
    memcpy(&bits, &x, sizeof bits);
    bits = (bits + 0x1000u) & 0xFFFFE000u;
    memcpy(&x, &bits, sizeof x);
    return x;
}

static float load(const void *base, long long index, int type) {
    return type == CUDA_R_32F ? ((const float *) base)[index] : bf16_to_float(((const uint16_t *) base)[index]);
}

static void store(void *base, long long index, int type, float value) {
    if (type == CUDA_R_32F) {
        ((float *) base)[index] = value;
    } else {
        ((uint16_t *) base)[index] = float_to_bf16(value);
    }
}

static int max1(int x) { return x > 1 ? x : 1; }

/* The checks of cuBLAS's guide for cublasGemmEx and cublasGemmStridedBatchedEx, then the product. */
static cublasStatus_t gemm(cublasHandle_t handle, int transa, int transb, int m, int n, int k, const void *alpha,
                           const void *A, int Atype, int lda, long long strideA, const void *B, int Btype, int ldb,
                           long long strideB, const void *beta, void *C, int Ctype, int ldc, long long strideC,
                           int batchCount, int computeType, int algo) {
    if (!valid(handle)) return CUBLAS_STATUS_NOT_INITIALIZED;
    if ((transa != CUBLAS_OP_N && transa != CUBLAS_OP_T) || (transb != CUBLAS_OP_N && transb != CUBLAS_OP_T)) {
        return CUBLAS_STATUS_INVALID_VALUE;
    }
    if (m < 0 || n < 0 || k < 0 || batchCount < 0 || alpha == NULL || beta == NULL) return CUBLAS_STATUS_INVALID_VALUE;
    if (lda < max1(transa == CUBLAS_OP_N ? m : k) || ldb < max1(transb == CUBLAS_OP_N ? k : n) || ldc < max1(m)) {
        return CUBLAS_STATUS_INVALID_VALUE;
    }
    if (algo != CUBLAS_GEMM_DEFAULT) return CUBLAS_STATUS_INVALID_VALUE; /* napkin asks for the default only */
    int fp32 = Atype == CUDA_R_32F && Btype == CUDA_R_32F && Ctype == CUDA_R_32F
               && (computeType == CUBLAS_COMPUTE_32F || computeType == CUBLAS_COMPUTE_32F_FAST_TF32);
    int bf16 = Atype == CUDA_R_16BF && Btype == CUDA_R_16BF && (Ctype == CUDA_R_16BF || Ctype == CUDA_R_32F)
               && computeType == CUBLAS_COMPUTE_32F;
    if (!fp32 && !bf16) return CUBLAS_STATUS_NOT_SUPPORTED;
    if (m == 0 || n == 0 || batchCount == 0) return CUBLAS_STATUS_SUCCESS;
    int tf32 = computeType == CUBLAS_COMPUTE_32F_FAST_TF32;
    float a_scale = *(const float *) alpha;
    float b_scale = *(const float *) beta;
    size_t a_size = (size_t) m * (size_t) k;
    size_t b_size = (size_t) k * (size_t) n;
    float *a = malloc((a_size > 0 ? a_size : 1) * sizeof *a); /* op(A) row i, column p at a[i * k + p] */
    float *b = malloc((b_size > 0 ? b_size : 1) * sizeof *b); /* op(B) row p, column j at b[j * k + p] */
    size_t a_bytes = Atype == CUDA_R_32F ? 4 : 2;
    size_t c_bytes = Ctype == CUDA_R_32F ? 4 : 2;
    for (int batch = 0; batch < batchCount; batch++) {
        const char *a_base = (const char *) A + (long long) batch * strideA * (long long) a_bytes;
        const char *b_base = (const char *) B + (long long) batch * strideB * (long long) a_bytes;
        char *c_base = (char *) C + (long long) batch * strideC * (long long) c_bytes;
        for (int i = 0; i < m; i++) {
            for (int p = 0; p < k; p++) {
                long long index = transa == CUBLAS_OP_N ? i + (long long) p * lda : p + (long long) i * lda;
                float x = load(a_base, index, Atype);
                a[(size_t) i * k + p] = tf32 ? round_tf32(x) : x;
            }
        }
        for (int j = 0; j < n; j++) {
            for (int p = 0; p < k; p++) {
                long long index = transb == CUBLAS_OP_N ? p + (long long) j * ldb : j + (long long) p * ldb;
                float x = load(b_base, index, Btype);
                b[(size_t) j * k + p] = tf32 ? round_tf32(x) : x;
            }
        }
        for (int j = 0; j < n; j++) {
            for (int i = 0; i < m; i++) {
                float sum = 0;
                for (int p = 0; p < k; p++) {
                    sum = fmaf(a[(size_t) i * k + p], b[(size_t) j * k + p], sum);
                }
                long long index = i + (long long) j * ldc;
                float result = a_scale * sum;
                if (b_scale != 0) {
                    float scaled = b_scale * load(c_base, index, Ctype);
                    result = result + scaled;
                }
                store(c_base, index, Ctype, result);
            }
        }
    }
    free(a);
    free(b);
    return CUBLAS_STATUS_SUCCESS;
}

cublasStatus_t cublasGemmEx(cublasHandle_t handle, int transa, int transb, int m, int n, int k, const void *alpha,
                            const void *A, int Atype, int lda, const void *B, int Btype, int ldb, const void *beta,
                            void *C, int Ctype, int ldc, int computeType, int algo) {
    if (failing("cublasGemmEx")) return fail_status;
    gemm_ex_calls++;
    return gemm(handle, transa, transb, m, n, k, alpha, A, Atype, lda, 0, B, Btype, ldb, 0, beta, C, Ctype, ldc, 0,
                1, computeType, algo);
}

cublasStatus_t cublasGemmStridedBatchedEx(cublasHandle_t handle, int transa, int transb, int m, int n, int k,
                                          const void *alpha, const void *A, int Atype, int lda, long long strideA,
                                          const void *B, int Btype, int ldb, long long strideB, const void *beta,
                                          void *C, int Ctype, int ldc, long long strideC, int batchCount,
                                          int computeType, int algo) {
    if (failing("cublasGemmStridedBatchedEx")) return fail_status;
    strided_calls++;
    return gemm(handle, transa, transb, m, n, k, alpha, A, Atype, lda, strideA, B, Btype, ldb, strideB, beta, C, Ctype,
                ldc, strideC, batchCount, computeType, algo);
}
