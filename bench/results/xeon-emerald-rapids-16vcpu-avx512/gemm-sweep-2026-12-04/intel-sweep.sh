#!/usr/bin/env bash
# GEMM blocking / alignment sweep on the lent Intel machine; results in $OUT/sweep.log and $OUT/json.tgz
set -u
B=runs/portable-linux-x86_64
OUT=${OUT:-/tmp/sweepout}; mkdir -p $OUT /tmp/js
W=${W:-3}; I=${I:-5}; F=${F:-2}
log=$OUT/sweep.log
{ date; nproc; lscpu | grep -E 'Model name|MHz|L1d|L2'; } > $log
jmh() { # name, then JMH args
  local name=$1; shift
  echo "== $name $(date +%T)" >> $log
  timeout 150 $B/run.sh jmh "$@" -wi $W -w 1 -i $I -r 1 -rf json -rff /tmp/js/$name.json > /tmp/js/$name.out 2>&1
  grep -E '^(GemmBenchmark|PeerGemmBenchmark|MachineLimits)' /tmp/js/$name.out | grep -v '^#' >> $log || tail -5 /tmp/js/$name.out >> $log
  grep -E 'Result "|^  [0-9.]+ ±' /tmp/js/$name.out >> $log
}
G='^dev.resvec.bench.GemmBenchmark.sgemm$'
BASE="--add-modules=jdk.incubator.vector -XX:+UseParallelGC"
S=${S:-1024x1024x1024}
jmh fma '^dev.resvec.bench.MachineLimitsBenchmark.fmaPeak$' -f 1 -p threads=1
jmh def $G -p provider=vector -p shape=$S -p threads=1 -f $F
jmh ob1 '^dev.resvec.bench.PeerGemmBenchmark' -p impl=openblas -p coreType=SkylakeX -p shape=$S -p threads=1 -f $F
for kc in 256 192 128; do
  jmh kc$kc $G -p provider=vector -p shape=$S -p threads=1 -f $F -jvmArgsAppend "$BASE -Dresvec.gemm.kc=$kc"
done
jmh t3x3 $G -p provider=vector -p shape=$S -p threads=1 -f $F -jvmArgsAppend "$BASE -Dresvec.gemm.tile=3x3"
jmh a64p0 $G -p provider=vector -p shape=$S -p threads=1 -f $F -jvmArgsAppend "$BASE -XX:ObjectAlignmentInBytes=64 -Dresvec.gemm.bpad=0"
jmh a64p12 $G -p provider=vector -p shape=$S -p threads=1 -f $F -jvmArgsAppend "$BASE -XX:ObjectAlignmentInBytes=64 -Dresvec.gemm.bpad=12"
jmh a64p12kc192 $G -p provider=vector -p shape=$S -p threads=1 -f $F -jvmArgsAppend "$BASE -XX:ObjectAlignmentInBytes=64 -Dresvec.gemm.bpad=12 -Dresvec.gemm.kc=192"
T=$(nproc)
jmh defT $G -p provider=vector -p shape=$S -p threads=$T -f 1
jmh obT '^dev.resvec.bench.PeerGemmBenchmark' -p impl=openblas -p coreType=SkylakeX -p shape=$S -p threads=$T -f 1
jmh a64p12T $G -p provider=vector -p shape=$S -p threads=$T -f 1 -jvmArgsAppend "$BASE -XX:ObjectAlignmentInBytes=64 -Dresvec.gemm.bpad=12"
# ResNet-18 at 1 thread, per layer: the default, then the best 1-thread variant above
declare -A FL=([kc256]="-Dresvec.gemm.kc=256" [kc192]="-Dresvec.gemm.kc=192" [kc128]="-Dresvec.gemm.kc=128"
  [t3x3]="-Dresvec.gemm.tile=3x3" [a64p12]="-XX:ObjectAlignmentInBytes=64 -Dresvec.gemm.bpad=12"
  [a64p12kc192]="-XX:ObjectAlignmentInBytes=64 -Dresvec.gemm.bpad=12 -Dresvec.gemm.kc=192")
best=$(for n in "${!FL[@]}"; do s=$(grep -A1 '^Result' /tmp/js/$n.out | grep -oE '^  [0-9.]+' | head -1); [ -n "$s" ] && echo "$s $n"; done | sort -n | head -1 | awk "{print \$2}")
echo "== best 1T variant: $best (${FL[$best]})" >> $log
timeout 100 $B/run.sh profile --arch resnet18 --threads 1 --warmup ${PW:-12} --runs 30 > $OUT/prof-def.txt 2>&1
RESVEC_JAVA_OPTS="${FL[$best]}" timeout 100 $B/run.sh profile --arch resnet18 --threads 1 --warmup ${PW:-12} --runs 30 > $OUT/prof-best.txt 2>&1
tail -3 $OUT/prof-def.txt $OUT/prof-best.txt >> $log
echo "== done $(date +%T)" >> $log
tar -C /tmp/js -czf $OUT/json.tgz .
cat $log
