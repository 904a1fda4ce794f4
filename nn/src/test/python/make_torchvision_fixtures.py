#!/usr/bin/python3
"""Makes the torchvision fixtures of ResVec's TorchvisionFixtureTest (nn/src/test/resources/fixtures/torchvision).

Needs PyTorch and torchvision (Debian: apt-get install python3-torch python3-torchvision; made with torch 1.13,
torchvision 0.14) and numpy; not the `safetensors` package: the format is written here directly (an 8-byte
little-endian header length, a JSON header padded with spaces to a multiple of 8 bytes, the raw little-endian data,
laid out as the reference writer does: by element size, then name).

    cd nn/src/test/python && nice -n 19 /usr/bin/python3 make_torchvision_fixtures.py

writes, for each model (resnet18 at width 4, resnet50 at width 2, 10 classes, seeds 18 and 50):

    <name>.safetensors      the model's state dict exactly as torchvision's state_dict() gives it (keys, shapes,
                            float32 parameters and running statistics, int64 num_batches_tracked)
    <name>.io.safetensors   "input" (float32, 2x3x41x53), "logits" (float32, PyTorch's output in eval mode) and
                            "logits_f64" (float64: the same model and input run in double precision)

Reduced width. torchvision's ResNet hard-codes 64 (stem, self.inplanes) and 64/128/256/512 (the stage planes), so a
narrow model cannot be had from its constructor. NarrowResNet below is a subclass of torchvision's ResNet whose
__init__ is torchvision's with 64 replaced by a width w: same module tree, same key names, torchvision's own
BasicBlock, Bottleneck, _make_layer and forward, so the state dict has torchvision's keys and semantics, only
narrower (stem w, stages w*[1, 2, 4, 8], bottleneck inner width = planes as width_per_group=64 gives). With w = 64
its keys and shapes are those of torchvision.models.resnet18/resnet50, which the script checks on every run.

Weights. torchvision's own initialisation from a fixed seed, then, so that batch norm is no identity: every BN's
weight and bias drawn at random (U(0.5, 1.5), N(0, 0.2)), the fc bias N(0, 0.1), and the running statistics
estimated by forward passes in training mode over random batches (momentum=None: a cumulative average, so
num_batches_tracked is the number of batches, as in a real checkpoint), each running variance then multiplied by
U(0.7, 1.4) and each running mean shifted by N(0, 0.05): real-looking statistics that normalise activations to
order one, not exactly the batch's.

Full size (not committed): --full writes torchvision.models.resnet18 (or --depth 50) at width 64 with 1000 classes and
a 1x3x224x224 input, built with torchvision's own constructor; --from-pth FILE converts a state dict saved with
torch.save (e.g. torchvision's resnet18-f37072fd.pth) instead of random weights. --out DIR chooses the directory.
"""

import argparse
import copy
import json
import os
import struct
import sys

import numpy as np
import torch
import torch.nn as nn
import torchvision
from torchvision.models.resnet import BasicBlock, Bottleneck, ResNet

DTYPES = {torch.float32: ("F32", "<f4"), torch.float64: ("F64", "<f8"), torch.int64: ("I64", "<i8")}
HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_OUT = os.path.normpath(os.path.join(HERE, "..", "resources", "fixtures", "torchvision"))


# ------------------------------------------------------------------------------------------------- safetensors

def save_safetensors(path, tensors, metadata):
    """Writes {name: tensor} as safetensors, atomically (temporary file + rename)."""
    entries = []
    for name, t in tensors.items():
        if t.dtype not in DTYPES:
            raise ValueError(f"{name}: unsupported dtype {t.dtype}")
        code, np_dtype = DTYPES[t.dtype]
        data = t.detach().contiguous().cpu().numpy().astype(np_dtype, copy=False).tobytes()
        entries.append((t.element_size(), name, code, list(t.shape), data))
    entries.sort(key=lambda e: (-e[0], e[1]))  # the reference writer's order: alignment first, then name
    header = {}
    if metadata:
        header["__metadata__"] = {str(k): str(v) for k, v in metadata.items()}
    offset = 0
    for _, name, code, shape, data in entries:
        header[name] = {"dtype": code, "shape": shape, "data_offsets": [offset, offset + len(data)]}
        offset += len(data)
    header_bytes = json.dumps(header, separators=(",", ":")).encode("utf-8")
    header_bytes += b" " * (-len(header_bytes) % 8)
    tmp = path + ".tmp"
    with open(tmp, "wb") as f:
        f.write(struct.pack("<Q", len(header_bytes)))
        f.write(header_bytes)
        for e in entries:
            f.write(e[4])
    os.replace(tmp, path)


def load_safetensors(path):
    """Reads a safetensors file back (for the script's own check): {name: tensor}, metadata."""
    with open(path, "rb") as f:
        raw = f.read()
    (n,) = struct.unpack("<Q", raw[:8])
    header = json.loads(raw[8:8 + n].decode("utf-8"))
    metadata = header.pop("__metadata__", {})
    by_code = {code: (dt, npd) for dt, (code, npd) in DTYPES.items()}
    out = {}
    for name, info in header.items():
        begin, end = info["data_offsets"]
        _, np_dtype = by_code[info["dtype"]]
        arr = np.frombuffer(raw[8 + n + begin:8 + n + end], dtype=np_dtype).reshape(info["shape"])
        out[name] = torch.from_numpy(arr.copy())
    return out, metadata


# ------------------------------------------------------------------------------------------------- models

class NarrowResNet(ResNet):
    """torchvision's ResNet with the hard-coded width 64 replaced by `width`: torchvision's ResNet.__init__ (0.14)
    line for line, default arguments (groups 1, width_per_group 64, no dilation, BatchNorm2d)."""

    def __init__(self, block, layers, width, num_classes):
        nn.Module.__init__(self)
        norm_layer = nn.BatchNorm2d
        self._norm_layer = norm_layer
        self.inplanes = width
        self.dilation = 1
        self.groups = 1
        self.base_width = 64
        self.conv1 = nn.Conv2d(3, self.inplanes, kernel_size=7, stride=2, padding=3, bias=False)
        self.bn1 = norm_layer(self.inplanes)
        self.relu = nn.ReLU(inplace=True)
        self.maxpool = nn.MaxPool2d(kernel_size=3, stride=2, padding=1)
        self.layer1 = self._make_layer(block, width, layers[0])
        self.layer2 = self._make_layer(block, 2 * width, layers[1], stride=2)
        self.layer3 = self._make_layer(block, 4 * width, layers[2], stride=2)
        self.layer4 = self._make_layer(block, 8 * width, layers[3], stride=2)
        self.avgpool = nn.AdaptiveAvgPool2d((1, 1))
        self.fc = nn.Linear(8 * width * block.expansion, num_classes)
        for m in self.modules():
            if isinstance(m, nn.Conv2d):
                nn.init.kaiming_normal_(m.weight, mode="fan_out", nonlinearity="relu")
            elif isinstance(m, nn.BatchNorm2d):
                nn.init.constant_(m.weight, 1)
                nn.init.constant_(m.bias, 0)


ARCH = {18: (BasicBlock, [2, 2, 2, 2], torchvision.models.resnet18),
        50: (Bottleneck, [3, 4, 6, 3], torchvision.models.resnet50)}


def narrow(depth, width, num_classes):
    block, layers, _ = ARCH[depth]
    return NarrowResNet(block, layers, width, num_classes)


def check_same_layout_as_torchvision():
    """NarrowResNet at width 64 has torchvision's keys, shapes and dtypes, in the same order."""
    for depth, (_, _, factory) in ARCH.items():
        ours = narrow(depth, 64, 1000).state_dict()
        theirs = factory().state_dict()
        layout = lambda sd: [(k, tuple(v.shape), v.dtype) for k, v in sd.items()]
        if layout(ours) != layout(theirs):
            sys.exit(f"NarrowResNet(depth {depth}, width 64) does not match torchvision.models.resnet{depth}")


def randomise(model, seed, calibration_size):
    """Random BN affine and fc bias, then running statistics from training-mode passes, then perturbed."""
    g = torch.Generator().manual_seed(seed + 1)
    bns = [m for m in model.modules() if isinstance(m, nn.BatchNorm2d)]
    with torch.no_grad():
        for bn in bns:
            bn.weight.copy_(torch.rand(bn.num_features, generator=g) + 0.5)
            bn.bias.copy_(torch.randn(bn.num_features, generator=g) * 0.2)
            bn.momentum = None  # cumulative moving average
            bn.reset_running_stats()
        model.fc.bias.copy_(torch.randn(model.fc.out_features, generator=g) * 0.1)
        model.train()
        for _ in range(3):
            model(torch.randn(4, 3, *calibration_size, generator=g))
        for bn in bns:
            bn.momentum = 0.1  # torchvision's default again (not saved in the state dict)
            bn.running_var.mul_(torch.rand(bn.num_features, generator=g) * 0.7 + 0.7)
            bn.running_mean.add_(torch.randn(bn.num_features, generator=g) * 0.05)
    model.eval()


def logits_of(model, x):
    with torch.no_grad():
        return model.eval()(x)


def write_fixture(out_dir, name, model, x, metadata):
    state = model.state_dict()
    logits = logits_of(model, x)
    m64 = narrow_copy(model).double()
    logits64 = logits_of(m64, x.double())
    rel32 = ((logits.double() - logits64).abs().max() / logits64.abs().max()).item()
    meta = dict(metadata, torch=torch.__version__, torchvision=torchvision.__version__,
                script="nn/src/test/python/make_torchvision_fixtures.py")
    state_path = os.path.join(out_dir, name + ".safetensors")
    io_path = os.path.join(out_dir, name + ".io.safetensors")
    save_safetensors(state_path, state, meta)
    save_safetensors(io_path, {"input": x, "logits": logits, "logits_f64": logits64}, meta)

    # check: the files read back, load into a fresh model of the same layout and give the same logits
    loaded, _ = load_safetensors(state_path)
    io, _ = load_safetensors(io_path)
    fresh = narrow_copy(model)
    fresh.load_state_dict(loaded, strict=True)
    for k, v in state.items():
        assert loaded[k].dtype == v.dtype and torch.equal(loaded[k], v), k
    assert torch.equal(logits_of(fresh, io["input"]), io["logits"]), name
    size = os.path.getsize(state_path) + os.path.getsize(io_path)
    print(f"{name}: {sum(p.numel() for p in model.parameters())} parameters, {len(state)} keys, logits "
          f"{tuple(logits.shape)} in [{logits.min().item():.4f}, {logits.max().item():.4f}], PyTorch float32 vs "
          f"float64: {rel32:.3g} (max abs diff / max abs), {size} bytes -> {state_path}, {io_path}")


def narrow_copy(model):
    """A deep copy (same layout and values), so the double-precision run leaves the float model alone."""
    return copy.deepcopy(model)


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--out", default=DEFAULT_OUT, help="output directory (default: the test resources)")
    p.add_argument("--full", action="store_true", help="full-size torchvision model (not for committing)")
    p.add_argument("--depth", type=int, choices=[18, 50], default=18, help="with --full: resnet18 or resnet50")
    p.add_argument("--from-pth", help="with --full: a torch.save'd torchvision state dict instead of random weights")
    args = p.parse_args()
    torch.set_num_threads(1)
    check_same_layout_as_torchvision()
    os.makedirs(args.out, exist_ok=True)

    if args.full:
        torch.manual_seed(args.depth)
        model = ARCH[args.depth][2]()  # torchvision's own constructor, 1000 classes
        if args.from_pth:
            model.load_state_dict(torch.load(args.from_pth, map_location="cpu"), strict=True)
        else:
            randomise(model, args.depth, (224, 224))
        x = torch.randn(1, 3, 224, 224, generator=torch.Generator().manual_seed(1000 + args.depth))
        write_fixture(args.out, f"resnet{args.depth}_full", model.eval(), x,
                      {"model": f"torchvision.models.resnet{args.depth}", "weights": args.from_pth or "random"})
        return

    # input: 2 images, odd and unequal height and width (41x53 -> 21x27 -> 11x14 -> 11x14, 6x7, 3x4, 2x2)
    x = torch.randn(2, 3, 41, 53, generator=torch.Generator().manual_seed(2024))
    for depth, width, seed in [(18, 4, 18), (50, 2, 50)]:
        torch.manual_seed(seed)
        model = narrow(depth, width, 10)
        randomise(model, seed, (41, 53))
        write_fixture(args.out, f"resnet{depth}_w{width}", model, x,
                      {"model": f"torchvision resnet{depth} layout at base width {width} (NarrowResNet)",
                       "depth": depth, "base_width": width, "num_classes": 10, "seed": seed})


if __name__ == "__main__":
    main()
