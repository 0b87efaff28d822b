// Softmax + cross-entropy + its gradient, fused and in place over the logits (CrossEntropy.java; llm.c's fused
// classifier): the probabilities are never stored.
#include "common.cuh"

// logits (N, V) floatX, losses (N) fp32 (skipped when null), targets (N).
// Row n, three passes: max m; s = sum of exp(x - m); then x becomes (exp(x - m) / s - onehot(target)) * dlossScale,
// written as the CPU twin rounds it: p * dlossScale, minus dlossScale at the target.
// losses[n] = log(s) + m - logits[n, target], read before the row is overwritten. dlossScale is 1 / (B*T) for a
// mean loss. Launch: block 1024 (any multiple of 32 up to 1024), grid N, no dynamic shared.
template <class floatX>
__device__ void crossentropy_forward_backward(floatX* logits, float* losses, const int* targets, int N, int V,
                                              float dlossScale) {
    int n = blockIdx.x;
    if (n >= N) {
        return;
    }
    floatX* x = logits + (size_t)n * V;
    int target = targets[n];
    float targetLogit = toFloat(x[target]);
    float localMax = -INFINITY;
    for (int i = threadIdx.x; i < V; i += blockDim.x) {
        localMax = fmaxf(localMax, toFloat(x[i]));
    }
    float rowMax = blockReduceMax(localMax);
    float localSum = 0.0f;
    for (int i = threadIdx.x; i < V; i += blockDim.x) {
        localSum += expf(toFloat(x[i]) - rowMax);
    }
    float sum = blockReduceSum(localSum); // its barriers also order every read of the row before the writes
    if (threadIdx.x == 0 && losses != nullptr) {
        losses[n] = logf(sum) + rowMax - targetLogit;
    }
    float inv = 1.0f / sum;
    for (int i = threadIdx.x; i < V; i += blockDim.x) {
        float p = expf(toFloat(x[i]) - rowMax) * inv;
        x[i] = fromFloat<floatX>(p * dlossScale - (i == target ? dlossScale : 0.0f));
    }
}

extern "C" __global__ void crossentropy_forward_backward_f32(float* logits, float* losses, const int* targets, int N,
                                                             int V, float dlossScale) {
    crossentropy_forward_backward(logits, losses, targets, N, V, dlossScale);
}
extern "C" __global__ void crossentropy_forward_backward_bf16(__nv_bfloat16* logits, float* losses,
                                                              const int* targets, int N, int V, float dlossScale) {
    crossentropy_forward_backward(logits, losses, targets, N, V, dlossScale);
}
