#!/usr/bin/python3
"""PyTorch (Debian python3-torch 1.13, default CPU backend = oneDNN) on the convolutions of ConvBenchmark.

The peer of bench/compare-conv.sh; it times the way ../shared/peers/py/torch_bench.py does: wall time of one call
(time.perf_counter), median over N calls after a warm-up (at least 3 calls and --warmup seconds), thread count set
with torch.set_num_threads and, where OpenBLAS is in the process, openblas_set_num_threads. Random inputs and
weights, no bias (as in ResNet).

Layers are named as in ConvBenchmark: RxR[sS]_C-K_H = an RxR kernel, stride S (default 1), padding R//2, C -> K
channels, an HxH input; e.g. 3x3_64-64_56, 1x1s2_256-512_56, 7x7s2_3-64_224.

Directions:
  forward          F.conv2d(x, w, None, stride, pad) under torch.no_grad()
  backwardData     the input gradient alone:  aten.convolution_backward(..., output_mask=[True, False, False])
  backwardFilter   the weight gradient alone: aten.convolution_backward(..., output_mask=[False, True, False])
  forwardBackward  y = F.conv2d(x, w) with x and w requiring grad, then torch.autograd.grad(y, (x, w), g):
                   forward plus both gradients through autograd, what a training step of the layer costs
(convolution_backward is the op autograd itself calls, so the two backward rows add up to the autograd backward.)

Usage: /usr/bin/python3 -B bench/peers/torch_conv.py [--layers L,..] [--batch 1,8] [--threads 1,2]
           [--directions forward,backwardData,backwardFilter,forwardBackward] [--samples N] [--warmup SECONDS]
Defaults: the 14 ConvBenchmark layers, batch 1,8, threads 1,2, all four directions; samples 21 for batch-1
forward, 11 otherwise; warm-up 0.5 s.
Output (stdout): CSV with a header, peer,threads,layer,batch,direction,ms_median
  e.g. pytorch,1,3x3_64-64_56,1,forward,3.390
The torch version, the backend each layer runs on (Mkldnn = oneDNN, Slow2d = im2col + BLAS) and min/max per cell go
to stderr. Exit status 3 with "PyTorch missing: ..." when torch cannot be imported.
"""
import argparse, re, statistics, sys, time

try:
    import torch, torch.nn.functional as F
except ImportError as e:
    print("PyTorch missing: run ../shared/peers/setup.sh torch (import torch failed with %s: %s)"
          % (type(e).__name__, e), file=sys.stderr)
    sys.exit(3)

try:  # torch's GEMM path (BLAS_INFO=generic -> libblas.so.3 -> OpenBLAS pthread) has its own thread pool
    import ctypes
    _ob = ctypes.CDLL("libopenblas.so.0")
except OSError:
    _ob = None

LAYERS = ("3x3_64-64_56", "3x3_128-128_28", "3x3_256-256_14", "3x3_512-512_7",
          "1x1_64-256_56", "1x1_256-64_56", "1x1_128-512_28", "1x1_512-128_28", "1x1_256-1024_14",
          "1x1_1024-256_14", "1x1_512-2048_7", "1x1_2048-512_7", "1x1s2_256-512_56", "7x7s2_3-64_224")
DIRECTIONS = ("forward", "backwardData", "backwardFilter", "forwardBackward")
LAYER = re.compile(r"([1-9][0-9]*)x\1(?:s([1-9][0-9]*))?_([1-9][0-9]*)-([1-9][0-9]*)_([1-9][0-9]*)")


def log(*a):
    print(*a, file=sys.stderr, flush=True)


def set_threads(t):
    torch.set_num_threads(t)
    if _ob is not None:
        _ob.openblas_set_num_threads(t)


def timeit(fn, samples, warmup_s=0.5, min_warm=3):
    """As torch_bench.py: warm up for warmup_s (at least min_warm calls), then time `samples` single calls."""
    t0 = time.perf_counter(); w = 0
    while w < min_warm or time.perf_counter() - t0 < warmup_s:
        fn(); w += 1
    xs = []
    for _ in range(samples):
        a = time.perf_counter(); fn(); xs.append(time.perf_counter() - a)
    return statistics.median(xs), min(xs), max(xs)


def parse_layer(name):
    """(kernel, stride, pad, C, K, H) of a layer name RxR[sS]_C-K_H."""
    m = LAYER.fullmatch(name.strip())
    if not m:
        raise ValueError("a layer is RxR[sS]_C-K_H (e.g. 3x3_64-64_56, 1x1s2_256-512_56), got '%s'" % name)
    r = int(m.group(1)); s = int(m.group(2) or 1)
    return r, s, r // 2, int(m.group(3)), int(m.group(4)), int(m.group(5))


def backend(name, batch):
    """The backend aten's convolution picks for a layer (Mkldnn = oneDNN, Slow2d = im2col + BLAS), for the log."""
    r, s, p, c, k, h = parse_layer(name)
    try:
        return str(torch._C._select_conv_backend(torch.empty(batch, c, h, h), torch.empty(k, c, r, r), None, [s, s],
                                                 [p, p], [1, 1], False, [0, 0], 1)).split(".")[-1]
    except Exception as e:  # a private helper: absent from other versions
        return "unknown (%s)" % type(e).__name__


def calls(name, batch):
    """{direction: zero-argument callable} for one layer and batch."""
    r, s, p, c, k, h = parse_layer(name)
    torch.manual_seed(0)
    x = torch.randn(batch, c, h, h)
    w = torch.randn(k, c, r, r) * (2.0 / (c * r * r)) ** 0.5
    with torch.no_grad():
        g = torch.randn_like(F.conv2d(x, w, None, s, p))
    xg = x.clone().requires_grad_(True); wg = w.clone().requires_grad_(True)

    def forward():
        with torch.no_grad():
            return F.conv2d(x, w, None, s, p)

    def backward(mask):
        def run():
            return torch.ops.aten.convolution_backward(g, x, w, None, [s, s], [p, p], [1, 1], False, [0, 0], 1, mask)
        return run

    def forward_backward():
        y = F.conv2d(xg, wg, None, s, p)
        return torch.autograd.grad(y, (xg, wg), g)

    return {"forward": forward, "backwardData": backward([True, False, False]),
            "backwardFilter": backward([False, True, False]), "forwardBackward": forward_backward}


def main():
    ap = argparse.ArgumentParser(description="PyTorch conv2d timings for bench/compare-conv.sh (CSV on stdout)")
    ap.add_argument("--layers", default=",".join(LAYERS))
    ap.add_argument("--batch", default="1,8")
    ap.add_argument("--threads", default="1,2")
    ap.add_argument("--directions", default=",".join(DIRECTIONS))
    ap.add_argument("--samples", type=int, default=0, help="timed calls per cell (default 21 batch-1 forward, else 11)")
    ap.add_argument("--warmup", type=float, default=0.5, help="warm-up seconds per cell (at least 3 calls)")
    a = ap.parse_args()
    try:
        layers = [v.strip() for v in a.layers.split(",") if v.strip()]
        for name in layers:
            parse_layer(name)
        batches = [int(v) for v in a.batch.split(",")]
        threads = [int(v) for v in a.threads.split(",")]
    except ValueError as e:
        ap.error(str(e))
    if any(v < 1 for v in batches + threads):
        ap.error("--batch and --threads must be positive")
    directions = [v.strip() for v in a.directions.split(",") if v.strip()]
    bad = [d for d in directions if d not in DIRECTIONS]
    if bad:
        ap.error("unknown direction %s; expected some of %s" % (",".join(bad), ",".join(DIRECTIONS)))
    if a.samples < 0 or a.warmup < 0:
        ap.error("--samples and --warmup must not be negative")

    log("# torch %s, mkldnn (oneDNN) available %s enabled %s, OpenBLAS in process: %s" %
        (torch.__version__, torch.backends.mkldnn.is_available(), torch.backends.mkldnn.enabled, _ob is not None))
    print("peer,threads,layer,batch,direction,ms_median", flush=True)
    for t in threads:
        set_threads(t)
        for name in layers:
            for b in batches:
                fns = calls(name, b)
                if t == threads[0]:
                    log("# %s batch %d: conv backend %s" % (name, b, backend(name, b)))
                for d in directions:
                    n = a.samples or (21 if b == 1 and d == "forward" else 11)
                    med, lo, hi = timeit(fns[d], samples=n, warmup_s=a.warmup)
                    print("pytorch,%d,%s,%d,%s,%.4f" % (t, name, b, d, med * 1e3), flush=True)
                    log("#   %s batch %d %d thread(s) %s: median %.3f ms, min %.3f, max %.3f (%d calls)" %
                        (name, b, t, d, med * 1e3, lo * 1e3, hi * 1e3, n))


if __name__ == "__main__":
    main()
