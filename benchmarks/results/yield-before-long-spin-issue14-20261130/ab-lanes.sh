#!/usr/bin/env bash
# More rounds of the two rows that are bimodal on this machine: round-robin and first-idle over 2 lanes with one
# caller, and 2 callers on 1 lane (ScalingBenchmark). Usage: ab-lanes.sh before.jar after.jar > ab-lanes.txt
set -u
J=${JAVA:-/usr/lib/jvm/temurin-25-jdk-amd64/bin/java}
run() { # jar label args...
  local jar=$1 label=$2; shift 2
  "$J" --sun-misc-unsafe-memory-access=allow -jar "$jar" "$@" -jvmArgsPrepend --sun-misc-unsafe-memory-access=allow 2>&1 \
    | grep -E '^(Balancer|Scaling)Benchmark' | sed "s/^/$label  /"
}
for round in 1 2 3 4; do
  echo "# round $round"
  for side in before after; do
    jar=$1; [ $side = after ] && jar=$2
    run "$jar" $side 'BalancerBenchmark.roundTrip' -p balancer=round-robin,first-idle -p steal=true -f 1 -wi 3 -w 1 -i 3 -r 1
    run "$jar" $side 'ScalingBenchmark.knitting$' -t 2 -p workers=1 -f 1 -wi 3 -w 1 -i 3 -r 1
  done
done
