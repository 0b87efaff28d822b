#!/usr/bin/env python3
"""The summary table of scripts/gpu-check: reads the step outputs in a work folder, prints Markdown.

    python3 scripts/gpu-check-summary.py WORK_DIR > summary.md

Each *.out file holds what one step printed on stdout: napkin's JSON (bench --verify, --gemm, a batch search or a
fixed batch) or PyTorch's one JSON line; steps.tsv holds each step's status and seconds. Missing or broken outputs
are reported as such, never guessed.
"""
import json
import os
import sys


def load(work, name):
    path = os.path.join(work, name + ".out")
    try:
        with open(path, encoding="utf-8") as f:
            text = f.read().strip()
    except OSError:
        return None
    if not text:
        return None
    # napkin prints one indented JSON document; PyTorch's script one JSON line (after any warnings)
    for candidate in (text, text.splitlines()[-1]):
        try:
            return json.loads(candidate)
        except json.JSONDecodeError:
            continue
    return None


def gib(b):
    if b is None:
        return "-"
    return f"{b / 2**30:.2f} GiB" if b >= 2**30 else f"{b / 2**20:.1f} MiB"


def pct(x):
    return "-" if x is None else f"{100 * x:.1f}%"


def num(x, fmt="{:,.0f}"):
    return "-" if x is None else fmt.format(x)


def chosen_probe(run):
    """The probe a run's summary speaks for: the largest that fit, or the fixed batch."""
    probes = run.get("probes") or []
    if run.get("max_batch"):
        for p in probes:
            if p["fits"] and p["batch"] == run["max_batch"]:
                return p
    return probes[-1] if probes else None


def main(work):
    out = ["# napkin gpu-check", ""]
    smi = None
    try:
        with open(os.path.join(work, "nvidia-smi.out"), encoding="utf-8") as f:
            lines = [l.strip() for l in f if l.strip()]
            smi = lines[1] if len(lines) > 1 else None
    except OSError:
        pass
    if smi:
        out += [f"- GPU (nvidia-smi: name, driver, memory, used, max SM clock, power limit): {smi}"]

    steps = []
    try:
        with open(os.path.join(work, "steps.tsv"), encoding="utf-8") as f:
            steps = [l.rstrip("\n").split("\t") for l in f if l.strip()]
    except OSError:
        pass

    try:
        section_verify(work, out)
    except Exception as e:  # one odd result must not cost the rest of the summary
        out += ["", f"## Verify: the summary could not read it ({type(e).__name__}: {e})", ""]
    try:
        section_gemm(work, out)
    except Exception as e:
        out += ["", f"## GEMMs: the summary could not read them ({type(e).__name__}: {e})", ""]
    section_runs(work, out)
    try:
        section_torch(work, out)
    except Exception as e:
        out += ["", f"## PyTorch: the summary could not read it ({type(e).__name__}: {e})", ""]

    out += ["## Steps", "", "| step | status | seconds |", "| --- | --- | ---: |"]
    out += [f"| {s[0]} | {s[1]} | {s[2]} |" for s in steps if len(s) >= 3]
    print("\n".join(out))


def section_verify(work, out):
    verify = load(work, "verify-json")
    if verify:
        out += [f"- device: {verify['device']}; GEMM: {verify['gemm']}", "", "## Verify: GPU trainer against the CPU "
                "trainer (small GPT-2, same seed)", "", "| precision | attention | loss error | worst gradient | "
                "its error | step-loss error | bound | result |", "| --- | --- | ---: | --- | ---: | ---: | ---: | --- |"]
        for r in verify["results"]:
            out.append(f"| {r['precision']} | {r['attention']} | {r['loss_error']:.1e} | {r['worst_tensor']} | "
                       f"{r['worst_tensor_error']:.1e} | {r['worst_step_loss_error']:.1e} | {r['bound']:.0e} | "
                       f"{'pass' if r['passed'] else 'FAIL'} |")
        out.append("")
    else:
        out += ["", "## Verify", "", "no result (see the steps table and gpu-check.log)", ""]



def section_gemm(work, out):
    gemm = load(work, "gemm")
    if gemm:
        out += [f"## GEMMs of one step ({gemm['model']}, batch {gemm['batch']} x seq {gemm['seq']}, "
                f"{gemm['precision']})", "", f"peak: {gemm['peak_flops_per_s'] / 1e12:.1f} TFLOP/s "
                f"({gemm['peak_source']})", "", "| engine | step GEMM time | TFLOP/s | of peak | worst difference "
                "from the first engine |", "| --- | ---: | ---: | ---: | ---: |"]
        for t in gemm["totals"]:
            worst = max((g["error_vs_first"] for g in gemm["gemms"] if g["engine"] == t["engine"]), default=0)
            out.append(f"| {t['engine']} | {t['step_seconds'] * 1e3:.2f} ms | {t['tflops']:.1f} | "
                       f"{pct(t['fraction_of_peak'])} | {worst:.1e} |")
        out.append("")



def section_runs(work, out):
    rows = []
    for name in ["search-fused", "search-naive", "fixed-small", "fixed-medium"]:
        run = load(work, name)
        if not run or "probes" not in run:
            rows.append(f"| {name} | no result | | | | | | | |")
            continue
        try:
            rows.append(run_row(name, run))
        except Exception as e:  # one odd result must not cost the rest of the summary
            rows.append(f"| {name} | unreadable result ({type(e).__name__}: {e}) | | | | | | | |")
    out += ["## Training steps (bf16-mixed, napkin)", "", "| run | model | attention | batch (search: largest that "
            "ran) | tokens/s | MFU | peak memory | predicted | probes |",
            "| --- | --- | --- | --- | ---: | ---: | ---: | ---: | ---: |"] + rows + [""]


def run_row(name, run):
    p = chosen_probe(run) or {}
    batch = (f"{run['max_batch']} (predicted {run['predicted_max_batch']})" if run.get("max_batch") is not None
             else str(p.get("batch", "-")))
    return (f"| {name} | {run['model']['id']} | {run.get('attention') or '-'} | {batch} | "
            f"{num(p.get('tokens_per_s'))} | {pct(p.get('mfu'))} | {gib(p.get('peak_bytes'))} | "
            f"{gib(p.get('predicted_peak_bytes'))} | {len(run['probes'])} |")


def section_torch(work, out):
    torch_rows = []
    for attention in ["sdpa", "naive"]:
        fixed = load(work, f"pytorch-{attention}")
        search = load(work, f"pytorch-{attention}-search")
        if fixed is None and search is None:
            continue
        torch_rows.append(f"| {attention} | {num(fixed.get('tokens_per_sec') if fixed else None)} | "
                          f"{gib(fixed.get('peak_bytes') if fixed else None)} | "
                          f"{search.get('max_batch', '-') if search else '-'} |")
    if torch_rows:
        out += ["## PyTorch eager on the same GPU (same model, bf16 autocast)", "",
                "| attention | tokens/s at the fixed batch | peak memory | largest batch |",
                "| --- | ---: | ---: | ---: |"] + torch_rows + [""]
        napkin_fused = load(work, "fixed-small")
        torch_sdpa = load(work, "pytorch-sdpa")
        if napkin_fused and torch_sdpa and chosen_probe(napkin_fused):
            ratio = chosen_probe(napkin_fused)["tokens_per_s"] / torch_sdpa["tokens_per_sec"]
            out += [f"napkin (fused) / PyTorch (SDPA) tokens/s at the fixed batch: {ratio:.2f}", ""]


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: gpu-check-summary.py WORK_DIR")
    main(sys.argv[1])
