// Token plus position embedding (Encoder.java): out[b, t] = wte[inp[b, t]] + wpe[t], and its backward.
#include "common.cuh"

// out (B, T, C), inp (B, T), wte (V, C), wpe (maxT, C).
// Launch: block 256, grid ceil(B*T*C / 2048) (at least 1; any grid is correct: grid-stride), no dynamic shared.
template <class floatX>
__device__ void encoder_forward(floatX* out, const int* inp, const floatX* wte, const floatX* wpe, int B, int T,
                                int C) {
    using Pack = Pack128<floatX>;
    size_t n = (size_t)B * T * C;
    if (C % Pack::SIZE == 0 && aligned16(out) && aligned16(wte) && aligned16(wpe)) {
        for (size_t i = globalThread() * Pack::SIZE; i < n; i += gridThreads() * Pack::SIZE) {
            size_t bt = i / C;
            size_t c = i % C;
            size_t t = bt % T;
            Pack tok = load128(wte + (size_t)inp[bt] * C + c);
            Pack pos = load128(wpe + t * C + c);
            Pack sum;
            for (int k = 0; k < Pack::SIZE; k++) {
                sum.v[k] = fromFloat<floatX>(toFloat(tok.v[k]) + toFloat(pos.v[k]));
            }
            store128(out + i, sum);
        }
    } else {
        for (size_t i = globalThread(); i < n; i += gridThreads()) {
            size_t bt = i / C;
            size_t c = i % C;
            size_t t = bt % T;
            out[i] = fromFloat<floatX>(toFloat(wte[(size_t)inp[bt] * C + c]) + toFloat(wpe[t * C + c]));
        }
    }
}

#define ENCODER_BACKWARD_THREADS 256

// dwte (V, C) += dout rows by token, dwpe (maxT, C) += dout rows by position; both fp32, dout (B, T, C).
// Deterministic without atomics and in the CPU twin's order. Block p (one per position b*T + t) owns the
// gradient row of token inp[p] when p is that token's first position: it adds, channel by channel, the dout rows
// of all positions holding the token in increasing order onto dwte's old value; blocks of later duplicates leave
// at once. Positions are found by scanning inp in windows of 256 and compacting the matches in order (a prefix
// count in shared memory; windows without a match are skipped after a block-wide count).
// The blocks with b = 0 also own dwpe[t]: dwpe[t] + dout[0, t] + dout[1, t] + ...
// Launch: block 256 (exactly: the window size), grid B*T, no dynamic shared.
template <class floatX>
__device__ void encoder_backward(float* dwte, float* dwpe, const floatX* dout, const int* inp, int B, int T, int C) {
    __shared__ int positions[ENCODER_BACKWARD_THREADS]; // this window's matching positions, in order
    __shared__ int prefix[ENCODER_BACKWARD_THREADS];    // inclusive prefix count of matches
    int tid = threadIdx.x;
    int BT = B * T;
    int p = blockIdx.x;

    if (p < T) {
        for (int c = tid; c < C; c += ENCODER_BACKWARD_THREADS) {
            float acc = dwpe[(size_t)p * C + c];
            for (int b = 0; b < B; b++) {
                acc += toFloat(dout[((size_t)b * T + p) * C + c]);
            }
            dwpe[(size_t)p * C + c] = acc;
        }
    }

    int token = inp[p];
    for (int q0 = 0; q0 < BT; q0 += ENCODER_BACKWARD_THREADS) {
        int q = q0 + tid;
        int match = q < BT && inp[q] == token;
        // most windows hold no match: count first (exact in float), compact only when there is something to add
        if (blockReduceSum((float)match) == 0.0f) {
            continue;
        }
        // Hillis-Steele scan over the window; its first barrier also waits for the previous window's readers
        __syncthreads();
        prefix[tid] = match;
        __syncthreads();
        for (int offset = 1; offset < ENCODER_BACKWARD_THREADS; offset <<= 1) {
            int add = tid >= offset ? prefix[tid - offset] : 0;
            __syncthreads();
            prefix[tid] += add;
            __syncthreads();
        }
        int count = prefix[ENCODER_BACKWARD_THREADS - 1];
        if (match) {
            positions[prefix[tid] - 1] = q;
        }
        __syncthreads();
        if (positions[0] < p) {
            return; // an earlier position owns this token (a uniform decision: read from shared memory)
        }
        for (int c = tid; c < C; c += ENCODER_BACKWARD_THREADS) {
            float acc = dwte[(size_t)token * C + c];
            for (int k = 0; k < count; k++) {
                acc += toFloat(dout[(size_t)positions[k] * C + c]);
            }
            dwte[(size_t)token * C + c] = acc;
        }
    }
}

extern "C" __global__ void encoder_forward_f32(float* out, const int* inp, const float* wte, const float* wpe, int B,
                                               int T, int C) {
    encoder_forward(out, inp, wte, wpe, B, T, C);
}
extern "C" __global__ void encoder_forward_bf16(__nv_bfloat16* out, const int* inp, const __nv_bfloat16* wte,
                                                const __nv_bfloat16* wpe, int B, int T, int C) {
    encoder_forward(out, inp, wte, wpe, B, T, C);
}
extern "C" __global__ void encoder_backward_f32(float* dwte, float* dwpe, const float* dout, const int* inp, int B,
                                                int T, int C) {
    encoder_backward(dwte, dwpe, dout, inp, B, T, C);
}
extern "C" __global__ void encoder_backward_bf16(float* dwte, float* dwpe, const __nv_bfloat16* dout, const int* inp,
                                                 int B, int T, int C) {
    encoder_backward(dwte, dwpe, dout, inp, B, T, C);
}
