#!/usr/bin/env bash
J=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java
for round in $(seq 1 ${ROUNDS:-6}); do
  for side in before after; do
    jar=$1; [ $side = after ] && jar=$2
    $J --sun-misc-unsafe-memory-access=allow -jar $jar 'RoundTripBenchmark.knitting$' -p gapMicros=0 -f 1 -wi 2 -w 1 -i 3 -r 1 -jvmArgsPrepend --sun-misc-unsafe-memory-access=allow 2>/dev/null | grep "knitting:p0.50" | awk -v s=$side -v r=$round '{print r, s, $(NF-1)}'
  done
done
