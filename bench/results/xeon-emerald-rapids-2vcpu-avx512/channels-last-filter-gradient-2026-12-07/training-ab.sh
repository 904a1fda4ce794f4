#!/usr/bin/env bash
# The training step against PyTorch with the channels-last filter gradient off and on, same build, JVMs in turn.
# Run from the repository root after ./mvnw -DskipTests install.
set -e
J="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}/bin/java"
for t in 1 2; do
  for on in false true; do
    echo "threads $t, channelsLastFilterGradient=$on"
    "$J" --add-modules=jdk.incubator.vector -XX:+UseParallelGC -Dresvec.conv.channelsLastFilterGradient=$on \
      -cp bench/target/benchmarks.jar dev.resvec.bench.TrainingAlternation $t 2>/dev/null | tail -1
  done
done
