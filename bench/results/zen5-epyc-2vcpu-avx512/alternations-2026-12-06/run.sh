#!/usr/bin/env bash
# The lock-step comparisons of 2026-12-06 (see README.md here): ResVec against ONNX Runtime (inference, in one JVM)
# and against PyTorch (the training step, PyTorch in child processes). Run from the repository root after
# ./mvnw -DskipTests package and ../shared/peers/setup.sh all; the ONNX files from
# /usr/bin/python3 -B bench/peers/torch_report.py --export-onnx ~/.cache/resvec/onnx --export resnet18,resnet50
set -euo pipefail
java=${JAVA_HOME:?set JAVA_HOME to a JDK 25}/bin/java
run() { "$java" -XX:+UseParallelGC --add-modules=jdk.incubator.vector --enable-native-access=ALL-UNNAMED \
          -cp bench/target/benchmarks.jar "$@" 2>/dev/null | grep '^| [0-9a-z]' | grep -v '^| model\|^| CIFAR'; }
for t in 1 2; do run dev.resvec.bench.TrainingAlternation "$t"; done
for m in resnet18 resnet50; do for b in 1 8; do for t in 1 2; do
  run dev.resvec.bench.InferenceAlternation "$m" ~/.cache/resvec/onnx/$m.onnx "$b" "$t"
done; done; done
