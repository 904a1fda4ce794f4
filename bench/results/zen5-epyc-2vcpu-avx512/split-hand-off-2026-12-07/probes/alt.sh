#!/bin/bash
# usage: alt.sh PATCHDIR(or -) rounds sizes cells
CP=/work/main/cli/target/resvec.jar:/tmp/probes
[ "$1" != "-" ] && CP=$1:$CP
/usr/lib/jvm/temurin-25-jdk-amd64/bin/java --add-modules jdk.incubator.vector -XX:+UseG1GC -Xms1g -XX:ObjectAlignmentInBytes=64 -cp $CP AddPeerAlt /tmp/resvec-peers/build/stream_add $2 $3 $4 2>&1 | grep -v "INFO\|WARN\|Backends"
