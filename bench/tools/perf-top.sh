#!/usr/bin/env bash
# perf-top.sh — where a Java command spends its time, by compiled method: Linux perf samples (the cpu-clock software
# event, which works inside VMs without hardware counters) named through the JIT's perf map.
#
#   bench/tools/perf-top.sh [--warmup S] [--seconds S] [--top N] -- JAVA_ARGS...
#
# Starts `java -XX:+UnlockDiagnosticVMOptions -XX:+DumpPerfMapAtExit JAVA_ARGS...` (JAVA_HOME's java, else PATH's),
# waits --warmup seconds (default 5: C2 has compiled the hot loops), records --seconds (default 6) at 2 kHz, waits for
# the command to end (it must run past warm-up + recording and then exit, so that the JVM writes /tmp/perf-PID.map),
# and prints the --top (default 25) symbols by self time. Example (one prepared convolution in a loop):
#   bench/tools/perf-top.sh -- --add-modules=jdk.incubator.vector -XX:+UseParallelGC \
#       -cp cli/target/resvec.jar dev.resvec.cli.Main profile --arch resnet50 --batch 1 --threads 1 --runs 400
set -euo pipefail
warmup=5 seconds=6 top=25
while [[ $# -gt 0 ]]; do
  case "$1" in
    --warmup) warmup=$2; shift 2 ;;
    --seconds) seconds=$2; shift 2 ;;
    --top) top=$2; shift 2 ;;
    --) shift; break ;;
    *) echo "perf-top.sh: unknown option '$1' (expected --warmup, --seconds, --top, then -- and the java arguments)" >&2
       exit 2 ;;
  esac
done
[[ $# -gt 0 ]] || { echo "perf-top.sh: expected the java arguments after --" >&2; exit 2; }
command -v perf >/dev/null || { echo "perf-top.sh: needs Linux perf ('perf' is not on PATH)" >&2; exit 1; }
java=${JAVA_HOME:+$JAVA_HOME/bin/}java
data=$(mktemp -t perf-top.XXXXXX.data)
trap 'rm -f "$data"' EXIT
"$java" -XX:+UnlockDiagnosticVMOptions -XX:+DumpPerfMapAtExit "$@" &
pid=$!
sleep "$warmup"
kill -0 "$pid" 2>/dev/null || { echo "perf-top.sh: the command ended within the warm-up" >&2; exit 1; }
perf record -q -e cpu-clock -F 2000 -g -p "$pid" -o "$data" -- sleep "$seconds" >/dev/null 2>&1
wait "$pid"
perf report -i "$data" --no-children --sort symbol 2>/dev/null | grep '%.*\[' | head -n "$top"
