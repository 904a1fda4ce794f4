#!/usr/bin/env bash
# ResVec against its peers in lock-step: each comparison alternates ResVec and one peer round by round on the same
# cores (dev.resvec.bench.Alternation), so both see the same moment of the machine — on a shared VM, figures taken
# minutes apart can differ by more than the libraries do. Rows: the CIFAR ResNet-20 training step against PyTorch
# (TrainingAlternation), then ResNet-18 and ResNet-50 inference at batch 1 and 8 against ONNX Runtime (in this JVM)
# and PyTorch (child processes) (InferenceAlternation); 1 and 2 threads, or the counts given. About 25 minutes.
#
# Needs: bench/target/benchmarks.jar (./mvnw -DskipTests package), PyTorch and ONNX Runtime's models
#   ../shared/peers/setup.sh all
#   /usr/bin/python3 -B bench/peers/torch_report.py --export-onnx ~/.cache/resvec/onnx --export resnet18,resnet50
# Usage: bench/lock-step.sh [THREADS,...]      (JAVA_HOME: a JDK 25; PYTHON: /usr/bin/python3 by default)
set -euo pipefail
cd "$(dirname "$0")/.."
java=${JAVA_HOME:?set JAVA_HOME to a JDK 25}/bin/java
python=${PYTHON:-/usr/bin/python3}
onnx=${RESVEC_ONNX_DIR:-$HOME/.cache/resvec/onnx}
IFS=, read -ra threads <<< "${1:-1,2}"
for f in bench/target/benchmarks.jar "$onnx/resnet18.onnx" "$onnx/resnet50.onnx"; do
  [[ -f $f ]] || { echo "lock-step.sh: $f is missing (see the header of $0)" >&2; exit 2; }
done
run() { "$java" -XX:+UseParallelGC --add-modules=jdk.incubator.vector --enable-native-access=ALL-UNNAMED \
          -cp bench/target/benchmarks.jar "$@" 2>/dev/null | grep '^| [0-9a-z]' | grep -v '^| model\|^| CIFAR'; }
echo "| CIFAR ResNet-20 train step, batch | threads | ResVec ms | PyTorch ms | ResVec ÷ PyTorch (per-round min / median / max) |"
echo "|---|---|---|---|---|"
for t in "${threads[@]}"; do run dev.resvec.bench.TrainingAlternation "$t" "$python"; done
echo
echo "| model | batch | threads | peer | ResVec ms | peer ms | ResVec ÷ peer (per-round min / median / max) |"
echo "|---|---|---|---|---|---|---|"
for m in resnet18 resnet50; do for b in 1 8; do for t in "${threads[@]}"; do
  run dev.resvec.bench.InferenceAlternation "$m" "$onnx/$m.onnx" "$b" "$t" "$python"
done; done; done
