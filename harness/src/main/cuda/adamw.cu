// AdamW as torch.optim.AdamW computes it (AdamW.java; Loshchilov and Hutter 2019, algorithm 2):
// p <- p (1 - lr wd); m <- b1 m + (1 - b1) g; v <- b2 v + (1 - b2) g^2;
// p <- p - lr m_hat / (sqrt(v_hat) + eps), m_hat = m / beta1Correction, v_hat = v / beta2Correction,
// where beta1Correction = 1 - b1^step and beta2Correction = 1 - b2^step (step from 1), computed by the host.
// weightDecay is 0 for the tensors that are not decayed (biases, LayerNorm parameters).
#include "common.cuh"

// params (n) floatX; master (n) fp32 or null; grads, m, v (n) fp32. With master, the update reads and writes the fp32
// master and stores params as its rounding to nearest even; without (the _f32 case), params are updated directly.
// Launch: block 256, grid ceil(n / 256) (at least 1; any grid is correct: grid-stride), no dynamic shared.
template <class floatX>
__device__ void adamw(floatX* params, float* master, const float* grads, float* m, float* v, long n, float lr,
                      float beta1, float beta2, float beta1Correction, float beta2Correction, float eps,
                      float weightDecay) {
    float shrink = 1.0f - lr * weightDecay;
    for (size_t i = globalThread(); i < (size_t)n; i += gridThreads()) {
        float g = grads[i];
        float mi = beta1 * m[i] + (1.0f - beta1) * g;
        float vi = beta2 * v[i] + (1.0f - beta2) * g * g;
        m[i] = mi;
        v[i] = vi;
        float mHat = mi / beta1Correction;
        float vHat = vi / beta2Correction;
        float p = master != nullptr ? master[i] : toFloat(params[i]);
        p = p * shrink - lr * mHat / (sqrtf(vHat) + eps);
        if (master != nullptr) {
            master[i] = p;
        }
        params[i] = fromFloat<floatX>(p);
    }
}

extern "C" __global__ void adamw_f32(float* params, float* master, const float* grads, float* m, float* v, long n,
                                     float lr, float beta1, float beta2, float beta1Correction,
                                     float beta2Correction, float eps, float weightDecay) {
    adamw(params, master, grads, m, v, n, lr, beta1, beta2, beta1Correction, beta2Correction, eps, weightDecay);
}
extern "C" __global__ void adamw_bf16(__nv_bfloat16* params, float* master, const float* grads, float* m, float* v,
                                      long n, float lr, float beta1, float beta2, float beta1Correction,
                                      float beta2Correction, float eps, float weightDecay) {
    adamw(params, master, grads, m, v, n, lr, beta1, beta2, beta1Correction, beta2Correction, eps, weightDecay);
}
