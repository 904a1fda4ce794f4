#!/usr/bin/env bash
# compare-peers.sh — ResVec's JMH benchmarks side by side with the peers of ../shared/peers, on the same machine in
# the same run, as Markdown tables (ratio = ResVec / peer; above 1 means ResVec is faster).
#
#   --gemm (default)  GemmBenchmark.sgemm (vector provider) against ../shared/peers/gemm-quick.sh (OpenBLAS; with
#                     --blis also BLIS): the peer's 11 shapes (1024³ and the ten ResNet-50 im2col shapes),
#                     GFLOP/s = 2·M·N·K / time.
#   --add             ElementwiseBenchmark (residual add, out of place and in place) against
#                     ../shared/peers/stream-add.sh: 1 thread against the peer's "free" rows, 2+ threads against
#                     its "join" rows; GB/s at 12 bytes per element.
#   --all             both.
#
# Modes (JMH settings; a mode only changes how long ResVec is measured, the peers always run their own way):
#   --quick (default) 1 fork; gemm 2 warm-up + 3 measured iterations of 1 s, add 1 + 2     gemm ~3 min, add ~4.5 min
#   --full            the benchmarks' own settings: 3 forks (Vector API results can be bimodal across forks),
#                     gemm 3 + 5 iterations of 1 s, add 2 + 3                              gemm ~11 min, add ~19 min
#   --smoke           1 fork, 1 + 1 iterations of 1 s: proves the pipeline works, the numbers mean nothing
#   (times with the default shapes, sizes and threads 1,2, peers included: gemm-quick ~30 s, stream-add ~30 s)
#
# Other options:
#   --blis                 also BLIS (runs gemm-quick.sh both, ~60 s)
#   --shapes S1,S2,...     GEMM shapes as MxKxN (default: the peer's 11); shapes the peer lacks show "–"
#   --sizes B1,B2,...      residual-add bytes per operand, powers of two (default 4096..67108864)
#   --threads T1,T2,...    thread counts for both sides (default: $RESVEC_PEERS_THREADS, else 1,2)
#   --out DIR              where the CSV, JSON and Markdown files go (default: ${TMPDIR:-/tmp}/resvec-compare/<time>)
#   --peer-gemm-csv FILE   use this gemm-quick.sh CSV instead of running the peer (e.g. to re-run only ResVec)
#   --peer-add-csv FILE    use this stream-add.sh CSV instead of running the peer
#   --jmh "ARGS"           extra JMH arguments, appended last (e.g. "-prof gc")
#
# Call it from anywhere; it works from the repository root and expects the peers in ../shared/peers (override
# with RESVEC_PEERS_DIR). Never run two benchmarks at once: on 2 cores they slow each other down. The script
# warns when the machine is already busy.
set -euo pipefail
root=$(cd "$(dirname "$(readlink -f "$0")")/.." && pwd)
cd "$root"
. scripts/jdk.sh
resvec_find_jdk
java=$JAVA_HOME/bin/java
peers=${RESVEC_PEERS_DIR:-$root/../shared/peers}

die() { echo "compare-peers: $*" >&2; exit 2; }
usage() { sed -n '2,/^set -euo/p' "$0" | sed '$d' | sed 's/^# \{0,1\}//'; }

do_gemm=0 do_add=0 blis=0 mode=quick
shapes="1024x1024x1024,64x147x12544,64x576x3136,128x1152x784,256x2304x196,512x4608x49,256x64x3136,64x256x3136,512x128x784,1024x256x196,2048x512x49"
sizes="4096,8192,16384,32768,65536,131072,262144,524288,1048576,2097152,4194304,8388608,16777216,33554432,67108864"
threads=${RESVEC_PEERS_THREADS:-1,2}
out= peer_gemm_csv= peer_add_csv= jmh_extra=
while [ $# -gt 0 ]; do
  case $1 in
    --gemm) do_gemm=1 ;;
    --add) do_add=1 ;;
    --all) do_gemm=1; do_add=1 ;;
    --blis) blis=1 ;;
    --quick|--full|--smoke) mode=${1#--} ;;
    --shapes) [ $# -ge 2 ] || die "--shapes needs a value"; shapes=$2; shift ;;
    --sizes) [ $# -ge 2 ] || die "--sizes needs a value"; sizes=$2; shift ;;
    --threads) [ $# -ge 2 ] || die "--threads needs a value"; threads=$2; shift ;;
    --out) [ $# -ge 2 ] || die "--out needs a value"; out=$2; shift ;;
    --peer-gemm-csv) [ $# -ge 2 ] || die "--peer-gemm-csv needs a value"; peer_gemm_csv=$(readlink -f "$2"); shift ;;
    --peer-add-csv) [ $# -ge 2 ] || die "--peer-add-csv needs a value"; peer_add_csv=$(readlink -f "$2"); shift ;;
    --jmh) [ $# -ge 2 ] || die "--jmh needs a value"; jmh_extra=$2; shift ;;
    -h|--help) usage; exit 0 ;;
    *) die "unknown option '$1' (see --help)" ;;
  esac
  shift
done
[ $do_gemm = 1 ] || [ $do_add = 1 ] || do_gemm=1
[[ $threads =~ ^[1-9][0-9]*(,[1-9][0-9]*)*$ ]] || die "--threads must be positive integers separated by commas, got '$threads'"
[[ $shapes =~ ^[1-9][0-9]*x[1-9][0-9]*x[1-9][0-9]*(,[1-9][0-9]*x[1-9][0-9]*x[1-9][0-9]*)*$ ]] \
  || die "--shapes must be MxKxN,MxKxN,..., got '$shapes'"
[[ $sizes =~ ^[1-9][0-9]*(,[1-9][0-9]*)*$ ]] || die "--sizes must be byte counts separated by commas, got '$sizes'"
for s in ${sizes//,/ }; do
  [ $((s & (s - 1))) -eq 0 ] && [ "$s" -ge 4096 ] || die "--sizes must be powers of two >= 4096 (stream-add's cells), got $s"
done
[ -n "$peer_gemm_csv" ] || [ $do_gemm = 0 ] || [ -x "$peers/gemm-quick.sh" ] || die "no peer scripts in $peers (set RESVEC_PEERS_DIR)"
[ -n "$peer_add_csv" ] || [ $do_add = 0 ] || [ -x "$peers/stream-add.sh" ] || die "no peer scripts in $peers (set RESVEC_PEERS_DIR)"

case $mode in
  quick) gemm_mode=(-f 1 -wi 2 -i 3 -w 1s -r 1s); add_mode=(-f 1 -wi 1 -i 2 -w 1s -r 1s) ;;
  full)  gemm_mode=(); add_mode=() ;;
  smoke) gemm_mode=(-f 1 -wi 1 -i 1 -w 1s -r 1s); add_mode=("${gemm_mode[@]}") ;;
esac
out=${out:-${TMPDIR:-/tmp}/resvec-compare/$(date +%Y%m%d-%H%M%S)}
mkdir -p "$out"
out=$(readlink -f "$out")

# Build benchmarks.jar when it is missing or older than a source or a pom.
jar=$root/bench/target/benchmarks.jar
if [ ! -f "$jar" ] || [ -n "$(find "$root"/pom.xml "$root"/kernels "$root"/bench -newer "$jar" \
      \( -name '*.java' -o -name 'pom.xml' \) -not -path '*/target/*' -print -quit)" ]; then
  echo "compare-peers: building bench/target/benchmarks.jar ..." >&2
  ./mvnw -B -q --no-transfer-progress -DskipTests -pl bench -am package >&2
fi

load=$(cut -d' ' -f1 /proc/loadavg 2>/dev/null || echo 0)
if awk -v l="$load" 'BEGIN { exit !(l > 0.5) }'; then
  echo "compare-peers: WARNING: load average is $load: something else is running (see top); both sides' numbers suffer," \
       "the peer's at 2 threads most." >&2
fi

jvm_flags=(--add-modules=jdk.incubator.vector -XX:+UseParallelGC)
# The tables need no Vector API; the provider line needs the forks' flags (its log line on stderr is dropped).
pc() { "$java" -cp "$jar" dev.resvec.bench.PeerComparison "$@"; }
provider() {
  "$java" "${jvm_flags[@]}" -cp "$jar" dev.resvec.bench.PeerComparison provider 2>/dev/null \
    || echo "unknown (PeerComparison provider failed)"
}
# shellcheck disable=SC2206
extra=($jmh_extra)

header() { # title, JMH mode arguments...
  local title=$1; shift
  echo "## $title"
  echo
  echo "- $(date -u '+%Y-%m-%d %H:%M UTC'), host $(hostname), $(lscpu 2>/dev/null | sed -n 's/^Model name: *//p' | head -1)," \
       "$(nproc) CPUs, load average at start $load"
  echo "- JDK $("$java" -version 2>&1 | head -1 | sed 's/.*version "\([^"]*\)".*/\1/'); kernels: $(provider)"
  echo "- JMH mode: $mode (${*:-"the benchmark's own @Fork/@Warmup/@Measurement"}${jmh_extra:+ $jmh_extra})"
  echo "- files: $out"
  echo
}

export RESVEC_PEERS_THREADS=$threads

if [ $do_gemm = 1 ]; then
  csv=$out/peer-gemm.csv
  if [ -n "$peer_gemm_csv" ]; then
    cp "$peer_gemm_csv" "$csv"
  else
    which=openblas; [ $blis = 1 ] && which=both
    echo "compare-peers: running $peers/gemm-quick.sh $which (~30 s per library) ..." >&2
    "$peers/gemm-quick.sh" $which > "$csv"
  fi
  echo "compare-peers: running GemmBenchmark.sgemm (shapes $shapes, threads $threads, $mode) ..." >&2
  "$java" -jar "$jar" 'dev.resvec.bench.GemmBenchmark.sgemm$' -p provider=vector -p "shape=$shapes" \
      -p "threads=$threads" "${gemm_mode[@]}" -foe true "${extra[@]}" -rf json -rff "$out/resvec-gemm.json" > "$out/resvec-gemm.log" 2>&1 \
    || { tail -30 "$out/resvec-gemm.log" >&2; die "the GEMM benchmark failed (log: $out/resvec-gemm.log)"; }
  { header "SGEMM (NN, beta = 0): ResVec vs peers" "${gemm_mode[@]}"; pc gemm --resvec "$out/resvec-gemm.json" --peer "$csv"; echo; } \
    | tee "$out/gemm.md"
fi

if [ $do_add = 1 ]; then
  csv=$out/peer-add.csv
  if [ -n "$peer_add_csv" ]; then
    cp "$peer_add_csv" "$csv"
  else
    min=$(tr , '\n' <<<"$sizes" | sort -n | head -1); max=$(tr , '\n' <<<"$sizes" | sort -n | tail -1)
    echo "compare-peers: running $peers/stream-add.sh -m $min -M $max (~30 s) ..." >&2
    "$peers/stream-add.sh" -m "$min" -M "$max" > "$csv" 2> "$out/peer-add.stderr"
  fi
  echo "compare-peers: running ElementwiseBenchmark (sizes $sizes, threads $threads, $mode) ..." >&2
  "$java" -jar "$jar" 'dev.resvec.bench.ElementwiseBenchmark' -p "bytes=$sizes" -p "threads=$threads" \
      "${add_mode[@]}" -foe true "${extra[@]}" -rf json -rff "$out/resvec-add.json" > "$out/resvec-add.log" 2>&1 \
    || { tail -30 "$out/resvec-add.log" >&2; die "the residual-add benchmark failed (log: $out/resvec-add.log)"; }
  { header "Residual add (12 bytes per element): ResVec vs stream-add" "${add_mode[@]}"; pc add --resvec "$out/resvec-add.json" --peer "$csv"; echo; } \
    | tee "$out/add.md"
fi
