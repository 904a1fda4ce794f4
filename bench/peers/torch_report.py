#!/usr/bin/python3
"""PyTorch for `resvec bench` (dev.resvec.bench.report.run.TorchPeer runs it): the report's PyTorch rows, timed
the way ../shared/peers/py/torch_bench.py times, and the ONNX models that ONNX Runtime runs.

Timing: wall time of one call (time.perf_counter), after a warm-up of at least 3 calls and --warmup seconds; every
timed call is printed, the report takes the median and its confidence interval itself. Threads with
torch.set_num_threads and, where OpenBLAS is in the process, openblas_set_num_threads. Random inputs and weights.

  conv   L:B   F.conv2d(x, w, None, stride, padding) under torch.no_grad() (oneDNN on x86), no bias as in ResNet.
               Layers RxR[sS]_C-K_H as ConvBenchmark names them: an RxR kernel, stride S (1), padding R//2,
               C -> K channels, an HxH input, batch B.
  infer  M:B   torchvision M (resnet18, resnet50; weights=None), eval mode, torch.no_grad(), Bx3x224x224.
  train  B     the CIFAR ResNet-20 of ResVec's ResNets.cifarResNet(20, 10) (He et al. 2015 section 4.2 with
               torchvision's 1x1 conv + BN projection shortcuts): zero_grad, forward in training mode,
               cross-entropy, backward, SGD(lr=0.05, momentum=0.9, nesterov=True, weight_decay=5e-4).step() on
               Bx3x32x32 (the optimiser of resvec train and TrainStepBenchmark).

--serve-train B  (with one --threads T) runs no cases: it prints {"kind": "ready", ...}, then for every line "step"
on stdin runs one train step of batch B and prints {"kind": "step", "ms": 151.2}, until stdin ends
(dev.resvec.bench.TrainingAlternation alternates these steps with ResVec's in lock-step).
--serve-infer M:B  the same for one inference call of the infer case M:B per "step" line
(dev.resvec.bench.InferenceAlternation alternates these calls with a ResVec Predictor's).

--export-onnx DIR --export M,...  writes DIR/M.onnx for each model that is not there yet (torchvision M, random
weights from seed 0, eval mode, opset 13, dynamic batch; written to M.onnx.partial, then renamed), before any timing.

Usage: /usr/bin/python3 -B torch_report.py [--threads 1,2] [--conv L:B,..] [--infer M:B,..] [--train B]
           [--samples N] [--warmup SECONDS] [--export-onnx DIR --export M,..]
           [--serve-train B | --serve-infer M:B]
Output (stdout), one JSON object per line:
  {"kind": "info", "torch": "1.13.1", "torchvision": "0.14.1", "mkldnn": true, "openblas": "OpenBLAS 0.3.21 ..."}
  {"kind": "onnx", "model": "resnet18", "path": "/.../resnet18.onnx", "exported": true}
  {"kind": "conv"|"infer"|"train", "case": "3x3_64-64_56:1", "threads": 1, "samples_ms": [3.39, ...]}
  {"kind": "error", "case": "...", "message": "..."}     one case failed; the others still run
Exit status 3 and "PyTorch missing: ..." on stderr when torch cannot be imported; 2 for bad arguments.
"""
import argparse, inspect, json, os, re, sys, time

try:
    import torch, torch.nn as nn, torch.nn.functional as F
except ImportError as e:
    print("PyTorch missing: import torch failed with %s: %s" % (type(e).__name__, e), file=sys.stderr)
    sys.exit(3)

try:  # torch's GEMM path (BLAS_INFO=generic -> libblas.so.3 -> OpenBLAS pthread) has its own thread pool
    import ctypes
    _ob = ctypes.CDLL("libopenblas.so.0")
    _ob.openblas_get_config.restype = ctypes.c_char_p
except OSError:
    _ob = None

LAYER = re.compile(r"([1-9][0-9]*)x\1(?:s([1-9][0-9]*))?_([1-9][0-9]*)-([1-9][0-9]*)_([1-9][0-9]*)")


def emit(**fields):
    print(json.dumps(fields), flush=True)


def set_threads(t):
    torch.set_num_threads(t)
    if _ob is not None:
        _ob.openblas_set_num_threads(t)


def timed(fn, samples, warmup_s, min_warm=3):
    t0 = time.perf_counter(); w = 0
    while w < min_warm or time.perf_counter() - t0 < warmup_s:
        fn(); w += 1
    xs = []
    for _ in range(samples):
        a = time.perf_counter(); fn(); xs.append((time.perf_counter() - a) * 1e3)
    return xs


class BasicBlock(nn.Module):
    """torchvision's BasicBlock: conv-BN-ReLU-conv-BN, plus the shortcut (a 1x1 conv + BN where the shape changes)."""

    def __init__(self, cin, cout, stride):
        super().__init__()
        self.conv1 = nn.Conv2d(cin, cout, 3, stride, 1, bias=False); self.bn1 = nn.BatchNorm2d(cout)
        self.conv2 = nn.Conv2d(cout, cout, 3, 1, 1, bias=False); self.bn2 = nn.BatchNorm2d(cout)
        self.downsample = None
        if stride != 1 or cin != cout:
            self.downsample = nn.Sequential(nn.Conv2d(cin, cout, 1, stride, bias=False), nn.BatchNorm2d(cout))

    def forward(self, x):
        out = F.relu(self.bn1(self.conv1(x)))
        out = self.bn2(self.conv2(out))
        return F.relu(out + (x if self.downsample is None else self.downsample(x)))


class CifarResNet(nn.Module):
    """ResVec's ResNets.cifarResNet(6n+2, classes): 3x3 stem of 16, stages of n blocks at 16/32/64, avg pool, fc."""

    def __init__(self, n=3, num_classes=10):
        super().__init__()
        self.conv1 = nn.Conv2d(3, 16, 3, 1, 1, bias=False); self.bn1 = nn.BatchNorm2d(16)
        layers, cin = [], 16
        for cout, stride in ((16, 1), (32, 2), (64, 2)):
            for i in range(n):
                layers.append(BasicBlock(cin, cout, stride if i == 0 else 1)); cin = cout
        self.layers = nn.Sequential(*layers)
        self.fc = nn.Linear(64, num_classes)

    def forward(self, x):
        x = F.relu(self.bn1(self.conv1(x)))
        x = self.layers(x)
        return self.fc(torch.flatten(F.adaptive_avg_pool2d(x, 1), 1))


def torchvision_model(name):
    import torchvision
    if name not in ("resnet18", "resnet34", "resnet50", "resnet101", "resnet152"):
        raise ValueError("unknown model '%s'" % name)
    torch.manual_seed(0)
    return getattr(torchvision.models, name)(weights=None).eval()


def export_onnx(out_dir, models):
    os.makedirs(out_dir, exist_ok=True)
    for name in models:
        path = os.path.join(out_dir, name + ".onnx")
        if os.path.isfile(path) and os.path.getsize(path) > 0:
            emit(kind="onnx", model=name, path=path, exported=False)
            continue
        tmp = path + ".partial"  # written whole, then renamed: a crash leaves no half model behind
        # torch >= 2.9 exports through dynamo by default; the TorchScript exporter (dynamo=False) keeps the graph
        # that torch 1.x wrote, opset 13 and the dynamic batch axis as asked.
        legacy = {"dynamo": False} if "dynamo" in inspect.signature(torch.onnx.export).parameters else {}
        torch.onnx.export(torchvision_model(name), torch.randn(1, 3, 224, 224), tmp, opset_version=13,
                          input_names=["input"], output_names=["logits"],
                          dynamic_axes={"input": {0: "batch"}, "logits": {0: "batch"}}, do_constant_folding=True,
                          **legacy)
        os.replace(tmp, path)
        emit(kind="onnx", model=name, path=path, exported=True)


def conv_case(case, samples, warmup):
    layer, batch = case.split(":")
    m = LAYER.fullmatch(layer)
    if not m:
        raise ValueError("a layer is RxR[sS]_C-K_H (e.g. 3x3_64-64_56), got '%s'" % layer)
    r, s = int(m.group(1)), int(m.group(2) or 1)
    c, k, h = int(m.group(3)), int(m.group(4)), int(m.group(5))
    x = torch.randn(int(batch), c, h, h); w = torch.randn(k, c, r, r)
    with torch.no_grad():
        return timed(lambda: F.conv2d(x, w, None, s, r // 2), samples, warmup)


def infer_call(case):
    """One inference call of the infer case M:B on a fixed random batch, as a function of no arguments."""
    name, batch = case.split(":")
    model = torchvision_model(name)
    x = torch.randn(int(batch), 3, 224, 224)

    def call():
        with torch.no_grad():
            model(x)
    return call


def infer_case(case, samples, warmup):
    return timed(infer_call(case), samples, warmup)


def train_step(batch):
    """One training step of the CIFAR ResNet-20 on a fixed random batch, as a function of no arguments."""
    torch.manual_seed(0)
    model = CifarResNet().train()
    opt = torch.optim.SGD(model.parameters(), lr=0.05, momentum=0.9, nesterov=True, weight_decay=5e-4)
    x = torch.randn(batch, 3, 32, 32); y = torch.randint(0, 10, (batch,))

    def step():
        opt.zero_grad(set_to_none=True)
        F.cross_entropy(model(x), y).backward()
        opt.step()
    return step


def train_case(batch, samples, warmup):
    return timed(train_step(batch), samples, warmup)


def serve(case, step):
    """Lock-step calls for dev.resvec.bench.TrainingAlternation and InferenceAlternation: one call of step per "step"
    line on stdin, each answered with its wall time; the process sleeps on stdin in between, so the two sides never
    compute at once."""
    emit(kind="ready", case=case)
    for line in sys.stdin:
        if line.strip() != "step":
            emit(kind="error", case="serve", message="expected 'step', got %r" % line.strip())
            return
        a = time.perf_counter(); step()
        emit(kind="step", ms=(time.perf_counter() - a) * 1e3)


def csv(text):
    return [p.strip() for p in text.split(",") if p.strip()] if text else []


def main():
    a = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    a.add_argument("--threads", default="1")
    a.add_argument("--conv", default="")
    a.add_argument("--infer", default="")
    a.add_argument("--train", type=int, default=0)
    a.add_argument("--samples", type=int, default=11)
    a.add_argument("--warmup", type=float, default=0.5)
    a.add_argument("--export-onnx", default="")
    a.add_argument("--export", default="")
    a.add_argument("--serve-train", type=int, default=0)
    a.add_argument("--serve-infer", default="")
    o = a.parse_args()
    threads = [int(t) for t in csv(o.threads)]
    if not threads or min(threads) < 1 or o.samples < 1 or o.warmup < 0 or o.train < 0:
        a.error("threads and samples must be >= 1, warm-up and train batch >= 0")
    import torchvision
    emit(kind="info", torch=torch.__version__, torchvision=torchvision.__version__,
         mkldnn=bool(torch.backends.mkldnn.is_available()),
         openblas=_ob.openblas_get_config().decode() if _ob is not None else None)
    if o.export_onnx:
        try:
            export_onnx(o.export_onnx, csv(o.export))
        except Exception as e:  # ONNX Runtime's rows are then missing, with this reason; PyTorch's still run
            emit(kind="error", case="onnx export", message="%s: %s" % (type(e).__name__, e))
    if o.serve_train or o.serve_infer:
        if len(threads) != 1 or o.serve_train < 0 or (o.serve_train and o.serve_infer) or (
                o.serve_infer and not re.fullmatch(r"resnet\d+:[1-9]\d*", o.serve_infer)):
            a.error("--serve-train B (B >= 1) or --serve-infer M:B (a torchvision ResNet, B >= 1), one of them,"
                    " with one thread count")
        set_threads(threads[0])
        if o.serve_train:
            serve("resnet20:%d" % o.serve_train, train_step(o.serve_train))
        else:
            serve(o.serve_infer, infer_call(o.serve_infer))
        return
    work = [("conv", c, lambda c=c: conv_case(c, o.samples, o.warmup)) for c in csv(o.conv)]
    work += [("infer", c, lambda c=c: infer_case(c, o.samples, o.warmup)) for c in csv(o.infer)]
    if o.train:
        work.append(("train", "resnet20:%d" % o.train, lambda: train_case(o.train, o.samples, o.warmup)))
    for kind, case, run in work:
        for t in threads:
            set_threads(t)
            try:
                emit(kind=kind, case=case, threads=t, samples_ms=run())
            except Exception as e:
                emit(kind="error", case="%s %s threads %d" % (kind, case, t), message="%s: %s" % (type(e).__name__, e))


if __name__ == "__main__":
    main()
