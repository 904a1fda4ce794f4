#!/usr/bin/env bash
# Packs `resvec bench` for a machine of the same OS and architecture that has no JDK 25: a jlinked Java runtime
# (only the modules the jar needs, found by jdeps), the resvec jar without other platforms' native libraries, this
# machine's OpenBLAS with the libraries it links (when there is one: the GEMM peer), and run.sh, which unpacks them
# under $TMPDIR and runs the jar with the same JVM flags as ./resvec. About 50 MB on x86-64 Linux.
#
#   bench/portable-bundle.sh [DIR]          # default: runs/portable-<os>-<arch>
#   (copy DIR to the other machine)
#   DIR/run.sh bench --out my-report        # any resvec command; DIR/run.sh with no arguments: `bench`
#   DIR/run.sh jmh GemmBenchmark.sgemm -p threads=1 -jvmArgsAppend -Dresvec.gemm.kc=256   # JMH itself
#
# Where the other machine lacks fontconfig or a font, the report says the charts were not drawn; draw them on a
# machine with fonts: `./resvec bench compare` and `ReportFiles` read report.json alone.
set -euo pipefail
root=$(cd "$(dirname "$(readlink -f "$0")")/.." && pwd)
. "$root/scripts/jdk.sh"
resvec_find_jdk
os=$(uname -s | tr 'A-Z' 'a-z'); arch=$(uname -m)
out=${1:-$root/runs/portable-$os-$arch}
jar=$root/cli/target/resvec.jar
if [ ! -f "$jar" ] || [ -n "$(find "$root"/pom.xml "$root"/kernels "$root"/core "$root"/nn "$root"/cli "$root"/bench -newer "$jar" \
      \( -name '*.java' -o -name 'pom.xml' -o -name '*.py' \) -not -path '*/target/*' -print -quit)" ]; then
  echo "portable-bundle: building cli/target/resvec.jar ..." >&2
  (cd "$root" && ./mvnw -B -q --no-transfer-progress -DskipTests -pl cli -am package) >&2
fi
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
mkdir -p "$out"

# The jar, without the native libraries of other platforms (ONNX Runtime's alone are 84 MB of them).
case "$os-$arch" in
  linux-x86_64)  keep_ort=linux-x64;     keep_netlib=Linux-amd64 ;;
  linux-aarch64) keep_ort=linux-aarch64; keep_netlib=Linux-aarch64 ;;
  *) echo "portable-bundle: $os-$arch: only Linux x86_64 and aarch64 are packed" >&2; exit 1 ;;
esac
cp "$jar" "$work/resvec.jar"
drop=$(unzip -Z1 "$work/resvec.jar" | grep -E '^(ai/onnxruntime/native/|resources/native/|org/jline/nativ/)[^/]+/.' \
  | grep -v -E "^ai/onnxruntime/native/$keep_ort/|^resources/native/$keep_netlib/|^org/jline/nativ/Linux/" || true)
[ -z "$drop" ] || printf '%s\n' "$drop" | zip -q -d "$work/resvec.jar" -@ >/dev/null
mv "$work/resvec.jar" "$out/resvec.jar"

# The runtime: the jar's modules (jdeps), plus what JMH's forks and the probes reach by reflection.
if ! modules=$("$JAVA_HOME/bin/jdeps" --ignore-missing-deps --multi-release 25 --print-module-deps \
      "$out/resvec.jar" 2>"$work/jdeps.log"); then
  echo "portable-bundle: jdeps failed:" >&2; cat "$work/jdeps.log" >&2; exit 1
fi
modules=$modules,jdk.incubator.vector,java.management,jdk.management,java.xml,java.sql,java.naming,jdk.jfr
if ! "$JAVA_HOME/bin/jlink" --add-modules "$modules" --strip-debug --no-header-files --no-man-pages \
      --output "$work/jdk" >"$work/jlink.log" 2>&1; then
  echo "portable-bundle: jlink failed:" >&2; cat "$work/jlink.log" >&2; exit 1
fi
tar -C "$work" -cf - jdk | xz -T0 -6 > "$out/jdk.tar.xz"

# OpenBLAS, when this machine has one, with the libraries it links that a bare machine may lack.
rm -f "$out/openblas.tar.xz"
# (ldconfig may be in /sbin only; the whole listing is read, so that awk never cuts ldconfig's output short)
ob=$({ ldconfig -p || /sbin/ldconfig -p; } 2>/dev/null \
  | awk -v want="$( [ "$arch" = x86_64 ] && echo x86-64 || echo AArch64 )" \
        '/libopenblas\.so\.0 / && index($0, want) && !f {f = $NF} END {print f}' || true)
if [ -n "$ob" ]; then
  mkdir -p "$work/ob"; cp -L "$ob" "$work/ob/libopenblas.so.0"
  for lib in $(ldd "$ob" | awk '/libgfortran|libquadmath/ && $3 ~ /^\// {print $3}'); do cp -L "$lib" "$work/ob/"; done
  # netlib-java's JNI path opens libblas.so.3: OpenBLAS is one
  ln -s libopenblas.so.0 "$work/ob/libblas.so.3"; ln -s libopenblas.so.0 "$work/ob/liblapack.so.3"
  tar -C "$work" -cf - ob | xz -T0 -6 > "$out/openblas.tar.xz"
fi

cat > "$out/run.sh" <<'RUN'
#!/usr/bin/env bash
# Runs resvec from this bundle (made by bench/portable-bundle.sh); arguments as for ./resvec, default `bench`.
set -euo pipefail
here=$(cd "$(dirname "$(readlink -f "$0")")" && pwd)
# Unpacked once per bundle and user: the folder is named after the archive's checksum, built in a private
# temporary folder and moved into place whole, so a second run.sh never sees (or deletes) a half-unpacked runtime.
sum=$(cat "$here"/*.tar.xz | cksum | cut -d' ' -f1)
rt=${TMPDIR:-/tmp}/resvec-portable-$(id -u)-$sum
if [ -d "$rt" ] && [ ! -O "$rt" ]; then
  echo "run.sh: $rt belongs to another user; set TMPDIR to a folder of yours" >&2; exit 1
fi
if [ ! -x "$rt/jdk/bin/java" ]; then
  tmp=$(mktemp -d "${TMPDIR:-/tmp}/resvec-portable.XXXXXX")
  tar -C "$tmp" -xJf "$here/jdk.tar.xz"
  [ ! -f "$here/openblas.tar.xz" ] || tar -C "$tmp" -xJf "$here/openblas.tar.xz"
  mv -T "$tmp" "$rt" 2>/dev/null || rm -rf "$tmp"   # another run.sh got there first: use its copy
fi
if [ -d "$rt/ob" ] && [ -z "${RESVEC_OPENBLAS:-}" ]; then
  export RESVEC_OPENBLAS=$rt/ob/libopenblas.so.0 LD_LIBRARY_PATH=$rt/ob${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}
fi
flags=(--add-modules=jdk.incubator.vector --enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow)
if [ "${1:-}" = jmh ]; then # the JMH benchmarks themselves, e.g. run.sh jmh GemmBenchmark.sgemm -p threads=1 -f 2
  shift; exec "$rt/jdk/bin/java" "${flags[@]}" -cp "$here/resvec.jar" org.openjdk.jmh.Main "$@"
fi
[ $# -gt 0 ] || set -- bench
exec "$rt/jdk/bin/java" "${flags[@]}" -XX:+UseParallelGC ${RESVEC_JAVA_OPTS:-} -jar "$here/resvec.jar" "$@"
RUN
chmod +x "$out/run.sh"
echo "portable-bundle: $out ($(du -sh "$out" | cut -f1)): copy it over, then run $(basename "$out")/run.sh bench" >&2
