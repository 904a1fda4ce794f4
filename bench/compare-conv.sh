#!/usr/bin/env bash
# compare-conv.sh — ResVec's convolutions (JMH ConvBenchmark) side by side with PyTorch's conv2d (oneDNN), on the
# same machine in the same run: first bench/peers/torch_conv.py, then the JMH runs, then a Markdown table per layer,
# algorithm, batch, threads and direction: ResVec ms and effective GFLOP/s, PyTorch ms and GFLOP/s, PyTorch/ResVec
# (above 1 means ResVec is faster), the speedup over im2col + GEMM (Winograd on the 3x3 layers, the no-im2col GEMM
# on the 1x1 layers), and the issue's targets met or not.
#
#   Layers (RxR[sS]_C-K_H: kernel, stride, C -> K channels, HxH input, padding R/2):
#     3x3 stride 1   3x3_64-64_56 3x3_128-128_28 3x3_256-256_14 3x3_512-512_7          (ResNet-18/50 stages 1-4)
#     1x1            1x1_64-256_56 1x1_256-64_56 1x1_128-512_28 1x1_512-128_28 1x1_256-1024_14 1x1_1024-256_14
#                    1x1_512-2048_7 1x1_2048-512_7, and the strided downsample 1x1s2_256-512_56 (ResNet-50)
#     stem           7x7s2_3-64_224
#   Algorithms: WINOGRAD_F4X4_3X3 WINOGRAD_F2X2_3X3 (3x3 stride 1), POINTWISE_GEMM (1x1), IM2COL_GEMM (all); each
#   layer runs the requested algorithms that accept it.
#   Directions (ResVec): forward (PreparedConvolution: filters transformed once, not timed), forwardUnprepared
#   (Convolution.forward, filter transform in every call), backwardData, backwardFilter; when the last three are all
#   run, a "fwd+bwd (sum)" row adds them. PyTorch: forward (no_grad), backwardData and backwardFilter
#   (aten.convolution_backward with one gradient each), forwardBackward (autograd, both gradients); forward and
#   forwardUnprepared both stand against PyTorch's forward.
#   GFLOP/s = 2·N·K·C·R·S·outH·outW / time for every direction (2·C·K·9·H·W per image for 3x3).
#   Measured error (ResVec's forward rows, as in resvec bench's convolution table): each forward fork computes its
#   worst |out - exact| / sum|terms| over the first image against a double direct convolution after its trial (not
#   timed; it costs two direct convolutions of one image in double per fork) and appends it to conv-errors.txt
#   through -jvmArgsPrepend -Dresvec.bench.convErrorFile=...; the table shows the largest over the cell's forks.
#
# Modes (what is measured and how long; the peer always takes the median of its calls after a warm-up):
#   --quick (default) the four 3x3 layers, WINOGRAD_F4X4_3X3 and IM2COL_GEMM, batch 1, forward, threads 1,2;
#                     JMH 1 fork, 2 warm-up + 3 measured iterations of 1 s                              ~2.5 min
#   --full            every layer, algorithm, direction, batch 1,8, threads 1,2 (496 JMH combinations); JMH with
#                     the benchmark's own settings: 2 forks, 2 + 3 iterations of 1 s                   ~1 h 50 min
#                     (--forks 1 halves it; narrow it with the options below)
#   --smoke           quick's selection (unless narrowed), JMH 1 fork, 1 + 1 iterations of 200 ms, PyTorch 3 calls:
#                     proves the pipeline works, the numbers mean nothing                                    ~1 min
#   Times are for 2 cores; the script prints its own estimate before it starts.
#
# Selection (each replaces the mode's default; comma-separated):
#   --layers L1,L2,...     layer names as above (other sizes of the same form work too: 3x3_96-96_35)
#   --algorithms A1,...    ConvAlgorithm names (also DIRECT, the slow float test aid)
#   --batch B1,...         images per call
#   --threads T1,...       thread counts for both sides (default: $RESVEC_PEERS_THREADS, else 1,2)
#   --directions D1,...    forward,forwardUnprepared,backwardData,backwardFilter (or "all")
# Other options:
#   --forks N              JMH forks (default: 1 in quick and smoke, the benchmark's 2 in full)
#   --samples N            PyTorch: timed calls per cell (default 21 for batch-1 forward, 11 otherwise; smoke 3)
#   --no-peer              do not run PyTorch (the table says so)
#   --peer-csv FILE        use this torch_conv.py CSV instead of running the peer (e.g. to re-run only ResVec)
#   --out DIR              where the CSV, JSON, logs and Markdown go (default ${TMPDIR:-/tmp}/resvec-compare/<time>)
#   --fail-on-error        stop JMH at the first failing combination (default: run the others, report the failures,
#                          exit 1)
#   --jmh "ARGS"           extra JMH arguments, appended last (e.g. "-prof gc")
#   --dry-run              print the JMH runs, the PyTorch directions and the time estimate, run nothing
#
# Examples:
#   bench/compare-conv.sh                                   # quick: Winograd F4 vs im2col vs PyTorch, forward
#   bench/compare-conv.sh --full                            # everything (long)
#   bench/compare-conv.sh --quick --layers 1x1_64-256_56,1x1_256-64_56 --algorithms POINTWISE_GEMM,IM2COL_GEMM
#   bench/compare-conv.sh --quick --directions all --batch 1,8 --layers 3x3_64-64_56   # training cost of one layer
#   bench/compare-conv.sh --smoke --threads 1
#
# PyTorch: $RESVEC_PEERS_PYTHON, else the first of python3 and /usr/bin/python3 with torch; when it is missing it says
# "PyTorch missing: run ../shared/peers/setup.sh torch" and the table names it missing. Call the script from
# anywhere. Never run two benchmarks at once: on 2 cores they slow each other down; it warns when the machine is busy.
set -euo pipefail
root=$(cd "$(dirname "$(readlink -f "$0")")/.." && pwd)
cd "$root"
. scripts/jdk.sh
resvec_find_jdk
java=$JAVA_HOME/bin/java
# as resvec bench: $RESVEC_PEERS_PYTHON, else the first of python3 on the PATH and /usr/bin/python3 that has torch
py=${RESVEC_PEERS_PYTHON:-}
if [ -z "$py" ]; then
  py=/usr/bin/python3
  for c in python3 /usr/bin/python3; do
    if "$c" -c 'import torch' </dev/null >/dev/null 2>&1; then py=$c; break; fi
  done
fi
export PYTHONDONTWRITEBYTECODE=1

die() { echo "compare-conv: $*" >&2; exit 2; }
note() { echo "compare-conv: $*" >&2; }
usage() { sed -n '2,/^set -euo/p' "$0" | sed '$d' | sed 's/^# \{0,1\}//'; }

all_layers="3x3_64-64_56,3x3_128-128_28,3x3_256-256_14,3x3_512-512_7,1x1_64-256_56,1x1_256-64_56,1x1_128-512_28,1x1_512-128_28,1x1_256-1024_14,1x1_1024-256_14,1x1_512-2048_7,1x1_2048-512_7,1x1s2_256-512_56,7x7s2_3-64_224"
all_algorithms="WINOGRAD_F4X4_3X3,WINOGRAD_F2X2_3X3,POINTWISE_GEMM,IM2COL_GEMM"
all_directions="forward,forwardUnprepared,backwardData,backwardFilter"

mode=quick layers= algorithms= batch= threads=${RESVEC_PEERS_THREADS:-} directions= forks= samples=
no_peer=0 peer_csv= out= foe=0 jmh_extra= dry=0
while [ $# -gt 0 ]; do
  case $1 in
    --quick|--full|--smoke) mode=${1#--} ;;
    --layers) [ $# -ge 2 ] || die "--layers needs a value"; layers=$2; shift ;;
    --algorithms) [ $# -ge 2 ] || die "--algorithms needs a value"; algorithms=$2; shift ;;
    --batch) [ $# -ge 2 ] || die "--batch needs a value"; batch=$2; shift ;;
    --threads) [ $# -ge 2 ] || die "--threads needs a value"; threads=$2; shift ;;
    --directions) [ $# -ge 2 ] || die "--directions needs a value"; directions=$2; shift ;;
    --forks) [ $# -ge 2 ] || die "--forks needs a value"; forks=$2; shift ;;
    --samples) [ $# -ge 2 ] || die "--samples needs a value"; samples=$2; shift ;;
    --no-peer) no_peer=1 ;;
    --peer-csv) [ $# -ge 2 ] || die "--peer-csv needs a value"; peer_csv=$(readlink -f "$2"); shift ;;
    --out) [ $# -ge 2 ] || die "--out needs a value"; out=$2; shift ;;
    --fail-on-error) foe=1 ;;
    --jmh) [ $# -ge 2 ] || die "--jmh needs a value"; jmh_extra=$2; shift ;;
    --dry-run) dry=1 ;;
    -h|--help) usage; exit 0 ;;
    *) die "unknown option '$1' (see --help)" ;;
  esac
  shift
done

case $mode in
  full)  layers=${layers:-$all_layers}; algorithms=${algorithms:-$all_algorithms}; batch=${batch:-1,8}
         directions=${directions:-$all_directions}; jmh_mode=(); per_fork_s=6.5; default_forks=2 ;;
  quick) jmh_mode=(-f "${forks:-1}" -wi 2 -i 3 -w 1s -r 1s); per_fork_s=6.5; default_forks=1 ;;
  smoke) jmh_mode=(-f "${forks:-1}" -wi 1 -i 1 -w 200ms -r 200ms); per_fork_s=2.5; default_forks=1
         samples=${samples:-3} ;;
esac
layers=${layers:-3x3_64-64_56,3x3_128-128_28,3x3_256-256_14,3x3_512-512_7}
algorithms=${algorithms:-WINOGRAD_F4X4_3X3,IM2COL_GEMM}
batch=${batch:-1}
threads=${threads:-1,2}
directions=${directions:-forward}
if [ "$directions" = all ]; then directions=$all_directions; fi
if [ -n "$forks" ]; then
  [[ $forks =~ ^[1-9][0-9]*$ ]] || die "--forks must be a positive integer, got '$forks'"
  [ $mode = full ] && jmh_mode=(-f "$forks")
else
  forks=$default_forks
fi
[ -z "$samples" ] || [[ $samples =~ ^[1-9][0-9]*$ ]] || die "--samples must be a positive integer, got '$samples'"
[[ $threads =~ ^[1-9][0-9]*(,[1-9][0-9]*)*$ ]] || die "--threads must be positive integers separated by commas, got '$threads'"
[[ $batch =~ ^[1-9][0-9]*(,[1-9][0-9]*)*$ ]] || die "--batch must be positive integers separated by commas, got '$batch'"

out=${out:-${TMPDIR:-/tmp}/resvec-compare/$(date +%Y%m%d-%H%M%S)}

# Build benchmarks.jar when it is missing or older than a source or a pom.
jar=$root/bench/target/benchmarks.jar
if [ ! -f "$jar" ] || [ -n "$(find "$root"/pom.xml "$root"/kernels "$root"/core "$root"/bench -newer "$jar" \
      \( -name '*.java' -o -name 'pom.xml' \) -not -path '*/target/*' -print -quit)" ]; then
  note "building bench/target/benchmarks.jar ..."
  ./mvnw -B -q --no-transfer-progress -DskipTests -pl bench -am package >&2
fi

pc() { "$java" -cp "$jar" dev.resvec.bench.PeerComparison "$@"; }
# The JMH runs: one per benchmark group and set of accepted algorithms (JMH applies -p lists to every benchmark).
plan=$(pc conv-plan --layers "$layers" --algorithms "$algorithms" --batch "$batch" --threads "$threads" \
         --directions "$directions") || die "bad selection (see above)"
combos=0
while read -r line; do
  n=1
  for p in layer algorithm batch threads; do
    v=$(sed -n "s/.* -p $p=\([^ ]*\).*/\1/p" <<<"$line"); n=$((n * $(tr , '\n' <<<"$v" | wc -l)))
  done
  d=$(sed -n 's/^[^ ]*_(\([^)]*\)).*/\1/p' <<<"$line")
  if [ -n "$d" ]; then n=$((n * $(tr '|' '\n' <<<"$d" | wc -l))); fi
  combos=$((combos + n))
done <<<"$plan"

load=$(cut -d' ' -f1 /proc/loadavg 2>/dev/null || echo 0)
if awk -v l="$load" 'BEGIN { exit !(l > 0.5) }'; then
  note "WARNING: load average is $load: something else is running (see top); both sides' numbers suffer," \
       "the peer's at 2 threads most."
fi

# PyTorch directions for the ResVec ones
pdirs=()
[[ ,$directions, =~ ,forward, || ,$directions, =~ ,forwardUnprepared, ]] && pdirs+=(forward)
[[ ,$directions, =~ ,backwardData, ]] && pdirs+=(backwardData)
[[ ,$directions, =~ ,backwardFilter, ]] && pdirs+=(backwardFilter)
[[ ,$directions, =~ ,forwardUnprepared, && ,$directions, =~ ,backwardData, && ,$directions, =~ ,backwardFilter, ]] \
  && pdirs+=(forwardBackward)
pdirs=$(IFS=,; echo "${pdirs[*]}")

est_min=$(awk -v c="$combos" -v f="$forks" -v s="$per_fork_s" 'BEGIN { printf "%.0f", c * f * s / 60 + 0.5 }')
note "mode $mode: $combos JMH combinations x $forks fork(s), ~$est_min min for ResVec; files in $out"
if [ $dry = 1 ]; then
  echo "PyTorch directions: $pdirs"
  echo "JMH runs (${jmh_mode[*]:-"the benchmark's own settings"}):"
  echo "$plan"
  exit 0
fi
mkdir -p "$out"
out=$(readlink -f "$out")

# ---------------------------------------------------------------- the peer first
csv=$out/peer-torch.csv
peer_args=()
if [ -n "$peer_csv" ]; then
  cp "$peer_csv" "$csv"; peer_args=(--peer "$csv")
elif [ $no_peer = 1 ]; then
  peer_args=(--peer-missing "not run (--no-peer)")
elif ! "$py" -c 'import torch' 2>/dev/null; then
  note "PyTorch missing: run ../shared/peers/setup.sh torch (no 'import torch' in $py); measuring ResVec alone"
  peer_args=(--peer-missing "run ../shared/peers/setup.sh torch (no 'import torch' in $py)")
else
  note "running bench/peers/torch_conv.py (directions $pdirs) ..."
  targs=(--layers "$layers" --batch "$batch" --threads "$threads" --directions "$pdirs")
  if [ $mode = smoke ]; then targs+=(--warmup 0.1); fi
  if [ -n "$samples" ]; then targs+=(--samples "$samples"); fi
  if timeout 3600 "$py" -B "$root/bench/peers/torch_conv.py" "${targs[@]}" > "$csv" 2> "$out/peer-torch.stderr"; then
    peer_args=(--peer "$csv")
  else
    tail -5 "$out/peer-torch.stderr" >&2
    note "torch_conv.py failed (log: $out/peer-torch.stderr); the table names PyTorch missing"
    peer_args=(--peer-missing "torch_conv.py failed: $(tail -1 "$out/peer-torch.stderr" | cut -c1-200)")
  fi
fi

# ---------------------------------------------------------------- ResVec
# shellcheck disable=SC2206
extra=($jmh_extra)
foe_args=(); if [ $foe = 1 ]; then foe_args=(-foe true); fi
# The forward forks' measured errors, one line each with its parameters (dev.resvec.bench.ConvErrors), passed in
# -jvmArgsPrepend: the benchmark's @Fork(jvmArgsAppend) stays. JMH splits a single -jvmArgsPrepend at spaces outside
# double quotes (and takes several as they are), so only a path with spaces is quoted.
errors=$out/conv-errors.txt
: > "$errors"
err_prop=-Dresvec.bench.convErrorFile=$errors
if [[ $err_prop =~ [[:space:]] ]]; then err_prop="\"$err_prop\""; fi
err_args=(-jvmArgsPrepend "$err_prop")
jsons=() failed=0 i=0
while read -r -a run; do
  i=$((i + 1))
  json=$out/resvec-conv-$i.json log=$out/resvec-conv-$i.log
  note "JMH run $i: ${run[*]} (${jmh_mode[*]:-"the benchmark's own settings"})"
  rc=0
  "$java" -jar "$jar" "${run[@]}" "${jmh_mode[@]}" "${foe_args[@]}" "${err_args[@]}" "${extra[@]}" -rf json -rff "$json" \
    < /dev/null > "$log" 2>&1 || rc=$?
  # JMH prints "<failure>" and the exception for every combination that threw; list them.
  f=$(awk '/^# Benchmark: /{b=$3} /^# Parameters: /{p=substr($0, 15)} /<failure>/{want=1; next}
           want && NF {print "  " b " " p ": " $0; want=0}' "$log")
  if [ -n "$f" ]; then
    failed=$((failed + $(wc -l <<<"$f")))
    { echo "compare-conv: failed combinations in run $i (log: $log):"; echo "$f"; } | tee -a "$out/failures.txt" >&2
  fi
  if [ $rc != 0 ] && [ -z "$f" ]; then
    tail -30 "$log" >&2; die "JMH run $i failed (log: $log)"
  fi
  if [ -s "$json" ] && grep -q '"benchmark"' "$json"; then jsons+=(--resvec "$json"); fi
  if [ $rc != 0 ] && [ $foe = 1 ]; then break; fi
done <<<"$plan"
[ ${#jsons[@]} -gt 0 ] || die "no JMH results: every combination failed (see $out/resvec-conv-*.log)"

{
  echo "## Convolution: ResVec vs PyTorch"
  echo
  echo "- $(date -u '+%Y-%m-%d %H:%M UTC'), host $(hostname), $(lscpu 2>/dev/null | sed -n 's/^Model name: *//p' | head -1)," \
       "$(nproc) CPUs, load average at start $load"
  echo "- JDK $("$java" -version 2>&1 | head -1 | sed 's/.*version "\([^"]*\)".*/\1/'); kernels:" \
       "$("$java" --add-modules=jdk.incubator.vector -cp "$jar" dev.resvec.bench.PeerComparison provider 2>/dev/null \
          || echo "unknown (PeerComparison provider failed)")"
  echo "- JMH mode: $mode (${jmh_mode[*]:-"the benchmark's own @Fork/@Warmup/@Measurement"}${jmh_extra:+ $jmh_extra}), $combos combinations"
  if [ "${peer_args[0]}" = --peer-missing ]; then
    echo "- PyTorch: missing — ${peer_args[1]}"
  elif [ -s "$out/peer-torch.stderr" ]; then
    echo "- PyTorch: $(head -1 "$out/peer-torch.stderr" | sed 's/^# //'); median of ${samples:-21 (batch-1 forward) or 11} calls"
  fi
  echo "- files: $out"
  echo
  pc conv "${jsons[@]}" "${peer_args[@]}" --errors "$errors"
  if [ $failed -gt 0 ]; then
    echo
    echo "$failed combination(s) failed:"
    echo
    sed -n 's/^  /- /p' "$out/failures.txt"
  fi
  echo
} | tee "$out/conv.md"
[ $failed = 0 ] || exit 1
