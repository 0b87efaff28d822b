#!/usr/bin/env python3
"""PyTorch eager baseline for `napkin bench`: the same GPT-2 training step, on the CPU or a CUDA GPU.

The model is the GPT-2 of "Build a Large Language Model From Scratch" (token + position embeddings, L blocks of
LayerNorm -> causal multi-head attention -> residual, LayerNorm -> 4C MLP with tanh GELU -> residual, final
LayerNorm, LM head tied to the token embedding, scaled init), no dropout, AdamW; the step is forward,
cross-entropy, backward, optimizer step, on uniformly random tokens, as napkin's harness does. Prints one JSON
line per run.

    python3 benchmarks/pytorch/train_step.py --layers 12 --d-model 768 --heads 12 --vocab 50257 --batch 1 --seq 256
    python3 benchmarks/pytorch/train_step.py --device cuda --precision bf16-mixed --attention sdpa --batch 8 --seq 1024
    python3 benchmarks/pytorch/train_step.py --device cuda --precision bf16-mixed --attention naive --find-max-batch

On a GPU: --precision bf16-mixed runs the step under torch.autocast(bfloat16) with fp32 parameters, gradients and
AdamW state (napkin's bf16-mixed keeps bf16 working weights and an fp32 master copy); fp32 and tf32 set
torch.backends.cuda.matmul.allow_tf32. --attention naive materialises the T x T scores as napkin's naive path
does; sdpa calls F.scaled_dot_product_attention(is_causal=True), which picks a flash or memory-efficient kernel.
--find-max-batch doubles the batch until CUDA runs out of memory, then bisects, and reports the largest that ran.
"""
import argparse
import contextlib
import gc
import json
import math
import os
import platform
import statistics
import time

import torch
import torch.nn as nn
import torch.nn.functional as F


class LayerNorm(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.eps = 1e-5
        self.scale = nn.Parameter(torch.ones(c))
        self.shift = nn.Parameter(torch.zeros(c))

    def forward(self, x):
        mean = x.mean(dim=-1, keepdim=True)
        var = x.var(dim=-1, keepdim=True, unbiased=False)
        return self.scale * (x - mean) / torch.sqrt(var + self.eps) + self.shift


class Gelu(nn.Module):
    def forward(self, x):
        return 0.5 * x * (1 + torch.tanh(math.sqrt(2.0 / math.pi) * (x + 0.044715 * torch.pow(x, 3))))


class Attention(nn.Module):
    def __init__(self, c, heads, context, qkv_bias, sdpa=False):
        super().__init__()
        self.sdpa = sdpa
        self.heads = heads
        self.head_size = c // heads
        self.query = nn.Linear(c, c, bias=qkv_bias)
        self.key = nn.Linear(c, c, bias=qkv_bias)
        self.value = nn.Linear(c, c, bias=qkv_bias)
        self.proj = nn.Linear(c, c)
        self.proj.residual_scaled = True
        self.register_buffer("mask", torch.triu(torch.ones(context, context), diagonal=1).bool())

    def forward(self, x):
        b, t, c = x.shape
        q = self.query(x).view(b, t, self.heads, self.head_size).transpose(1, 2)
        k = self.key(x).view(b, t, self.heads, self.head_size).transpose(1, 2)
        v = self.value(x).view(b, t, self.heads, self.head_size).transpose(1, 2)
        if self.sdpa:
            y = F.scaled_dot_product_attention(q, k, v, is_causal=True).transpose(1, 2).reshape(b, t, c)
            return self.proj(y)
        scores = (q @ k.transpose(2, 3)).masked_fill(self.mask[:t, :t], -torch.inf)
        weights = torch.softmax(scores / math.sqrt(self.head_size), dim=-1)
        y = (weights @ v).transpose(1, 2).reshape(b, t, c)
        return self.proj(y)


class Block(nn.Module):
    def __init__(self, c, heads, context, qkv_bias, sdpa=False):
        super().__init__()
        self.norm1 = LayerNorm(c)
        self.attention = Attention(c, heads, context, qkv_bias, sdpa)
        self.norm2 = LayerNorm(c)
        self.fc = nn.Linear(c, 4 * c)
        self.gelu = Gelu()
        self.fc_proj = nn.Linear(4 * c, c)
        self.fc_proj.residual_scaled = True

    def forward(self, x):
        x = x + self.attention(self.norm1(x))
        return x + self.fc_proj(self.gelu(self.fc(self.norm2(x))))


class Gpt(nn.Module):
    def __init__(self, layers, c, heads, vocab, context, qkv_bias, sdpa=False):
        super().__init__()
        self.layers = layers
        self.token_embedding = nn.Embedding(vocab, c)
        self.position_embedding = nn.Embedding(context, c)
        self.blocks = nn.Sequential(*[Block(c, heads, context, qkv_bias, sdpa) for _ in range(layers)])
        self.final_norm = LayerNorm(c)
        self.head = nn.Linear(c, vocab, bias=False)
        self.head.weight = self.token_embedding.weight  # tied, as GPT-2
        self.apply(self._init)

    def _init(self, module):
        # normal(0, 0.02); the two residual projections per block scaled by (2L)^-0.5 (GPT-2 paper, section 2.3)
        if isinstance(module, nn.Linear):
            std = 0.02 * ((2 * self.layers) ** -0.5 if getattr(module, "residual_scaled", False) else 1)
            nn.init.normal_(module.weight, 0.0, std)
            if module.bias is not None:
                nn.init.zeros_(module.bias)
        elif isinstance(module, nn.Embedding):
            nn.init.normal_(module.weight, 0.0, 0.02)

    def forward(self, tokens):
        t = tokens.shape[1]
        x = self.token_embedding(tokens) + self.position_embedding(torch.arange(t, device=tokens.device))
        return self.head(self.final_norm(self.blocks(x)))


def run(a, batch):
    """Warm-up and timed steps at `batch`; returns the result dict. Raises torch.cuda.OutOfMemoryError."""
    cuda = a.device == "cuda"
    torch.manual_seed(a.seed)
    model = Gpt(a.layers, a.d_model, a.heads, a.vocab, a.context, not a.no_qkv_bias, a.attention == "sdpa")
    model.to(a.device)
    # as napkin: weight decay on matrices and embeddings only (nanoGPT's grouping), lr 6e-4, betas 0.9/0.95
    params = list(model.parameters())
    groups = [{"params": [p for p in params if p.dim() >= 2], "weight_decay": 0.1},
              {"params": [p for p in params if p.dim() < 2], "weight_decay": 0.0}]
    opt = torch.optim.AdamW(groups, lr=6e-4, betas=(0.9, 0.95), eps=1e-8, **({"fused": True} if cuda else {}))
    data = torch.randint(0, a.vocab, (batch, a.seq + 1), device=a.device)
    x, y = data[:, :-1], data[:, 1:]
    # no autocast object at all off the GPU: constructing a disabled CUDA one still probes CUDA in some builds
    mixed = cuda and a.precision == "bf16-mixed"
    autocast = torch.autocast("cuda", dtype=torch.bfloat16) if mixed else contextlib.nullcontext()

    def step():
        with autocast:
            logits = model(x)
            loss = F.cross_entropy(logits.view(-1, logits.size(-1)).float(), y.reshape(-1))
        opt.zero_grad(set_to_none=True)
        loss.backward()
        opt.step()
        return loss.item()  # waits for the step to finish

    if cuda:
        torch.cuda.reset_peak_memory_stats()
    losses, seconds = [], []
    for i in range(a.warmup + a.steps):
        if cuda:
            torch.cuda.synchronize()
        t0 = time.perf_counter()
        losses.append(step())
        if i >= a.warmup:
            seconds.append(time.perf_counter() - t0)
    median = statistics.median(seconds)
    result = {
        "framework": "pytorch " + torch.__version__ + " eager",
        "device": torch.cuda.get_device_name() if cuda else (platform.processor() or platform.machine()),
        "precision": a.precision, "attention": a.attention,
        "threads": torch.get_num_threads(),
        "params": sum(t.numel() for t in model.parameters()),
        "batch": batch, "seq": a.seq,
        "step_seconds_median": median,
        "step_seconds": seconds,
        "tokens_per_sec": batch * a.seq / median,
        "loss_first": losses[0], "loss_last": losses[-1],
        "peak_bytes": torch.cuda.max_memory_allocated() if cuda else None,
        "machine": platform.processor() or platform.machine(),
    }
    del model, opt, data, x, y
    return result


def fits(a, batch):
    try:
        return run(a, batch)
    except torch.cuda.OutOfMemoryError:
        return None
    finally:
        gc.collect()
        torch.cuda.empty_cache()


def find_max_batch(a):
    """Doubling from 1 until a probe runs out of memory, then bisecting: the largest batch that ran."""
    probes, best, low, high = [], None, 0, None

    def progress():
        # a line after every probe: a search cut off by a time limit still leaves its best so far (the last line)
        print(json.dumps(dict(best or {}, max_batch=best["batch"] if best else 0, probes=probes, complete=False)),
              flush=True)

    batch = 1
    while high is None:
        r = fits(a, batch)
        probes.append({"batch": batch, "fits": r is not None})
        if r is None:
            high = batch
        else:
            best, low = r, batch
            batch *= 2
        progress()
    while high - low > 1:
        mid = (low + high) // 2
        r = fits(a, mid)
        probes.append({"batch": mid, "fits": r is not None})
        if r is None:
            high = mid
        else:
            best, low = r, mid
        progress()
    return best, probes


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--layers", type=int, default=12)
    p.add_argument("--d-model", type=int, default=768)
    p.add_argument("--heads", type=int, default=12)
    p.add_argument("--vocab", type=int, default=50257)
    p.add_argument("--context", type=int, default=1024)
    p.add_argument("--no-qkv-bias", action="store_true")
    p.add_argument("--batch", type=int, default=1)
    p.add_argument("--seq", type=int, default=256)
    p.add_argument("--warmup", type=int, default=2)
    p.add_argument("--steps", type=int, default=5)
    p.add_argument("--threads", type=int, default=os.cpu_count())
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--device", choices=["cpu", "cuda"], default="cpu")
    p.add_argument("--precision", choices=["fp32", "tf32", "bf16-mixed"], default="fp32")
    p.add_argument("--attention", choices=["naive", "sdpa"], default="naive")
    p.add_argument("--find-max-batch", action="store_true")
    a = p.parse_args()

    if a.attention == "sdpa" and not hasattr(F, "scaled_dot_product_attention"):
        p.error("--attention sdpa needs PyTorch 2.0 or newer (F.scaled_dot_product_attention); this is "
                + torch.__version__)
    torch.set_num_threads(a.threads)
    if a.device == "cuda":
        torch.backends.cuda.matmul.allow_tf32 = a.precision == "tf32"
        torch.backends.cudnn.allow_tf32 = a.precision == "tf32"
    if a.find_max_batch:
        if a.device != "cuda":
            p.error("--find-max-batch needs --device cuda (it searches until CUDA runs out of memory)")
        best, probes = find_max_batch(a)
        result = dict(best or {}, max_batch=best["batch"] if best else 0, probes=probes, complete=True)
    else:
        result = run(a, a.batch)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
