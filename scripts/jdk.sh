# Sourced by ./resvec and ./run-tests: finds a JDK 25 or newer and exports JAVA_HOME to it.
# Order: $JAVA_HOME, then `java` on PATH, then the usual install locations (newest first).
# On failure it prints what it looked at and how to fix it, and returns 1.

resvec_jdk_major() { # prints the major version of the JDK home $1, or nothing
  local home=$1 v=
  [ -x "$home/bin/java" ] || return 0
  [ -f "$home/release" ] && v=$(sed -n 's/^JAVA_VERSION="\([^"]*\)".*/\1/p' "$home/release")
  [ -n "$v" ] || v=$("$home/bin/java" -version 2>&1 | sed -n '1s/.*version "\([^"]*\)".*/\1/p')
  v=${v#1.}; v=${v%%[!0-9]*}
  echo "$v"
}

resvec_find_jdk() {
  local need=25 seen=() cand m j best= bestm=0
  if [ -n "${JAVA_HOME:-}" ]; then
    m=$(resvec_jdk_major "$JAVA_HOME"); seen+=("JAVA_HOME=$JAVA_HOME (${m:-no bin/java})")
    if [ -n "$m" ] && [ "$m" -ge $need ] && [ -x "$JAVA_HOME/bin/javac" ]; then export JAVA_HOME; return 0; fi
  fi
  if j=$(command -v java 2>/dev/null); then
    cand=$(dirname "$(dirname "$(readlink -f "$j")")"); m=$(resvec_jdk_major "$cand")
    seen+=("java on PATH: $cand (${m:-unknown})")
    if [ -n "$m" ] && [ "$m" -ge $need ] && [ -x "$cand/bin/javac" ]; then export JAVA_HOME=$cand; return 0; fi
  fi
  for cand in /usr/lib/jvm/* /usr/java/* /opt/java/* /opt/jdk* /Library/Java/JavaVirtualMachines/*/Contents/Home \
              "$HOME"/.sdkman/candidates/java/* "$HOME"/.jdks/*; do
    [ -d "$cand" ] || continue
    m=$(resvec_jdk_major "$cand"); [ -n "$m" ] || continue
    seen+=("$cand ($m)")
    if [ "$m" -ge $need ] && [ "$m" -gt "$bestm" ] && [ -x "$cand/bin/javac" ]; then best=$cand; bestm=$m; fi
  done
  if [ -n "$best" ]; then export JAVA_HOME=$best; return 0; fi
  {
    echo "resvec: no JDK $need or newer was found (ResVec needs the jdk.incubator.vector module of JDK $need)."
    echo "  Looked at: $(IFS=";"; echo "${seen[*]:-nothing (no JAVA_HOME, no java on PATH, nothing under /usr/lib/jvm)}")"
    echo "  Fix: install a JDK $need (for example Eclipse Temurin $need) and set JAVA_HOME to it."
  } >&2
  return 1
}
