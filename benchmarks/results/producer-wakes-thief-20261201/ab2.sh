#!/usr/bin/env bash
set -u
J=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java
run() { local jar=$1 label=$2; shift 2
  "$J" --sun-misc-unsafe-memory-access=allow -jar "$jar" "$@" -jvmArgsPrepend --sun-misc-unsafe-memory-access=allow -rf json -rff /tmp/ab2.json >/dev/null 2>&1
  python3 -c "
import json,sys
for r in json.load(open('/tmp/ab2.json')):
    print('$label', r['benchmark'].rsplit('.',1)[-1], 't=%d'%r['threads'], '%.1f'%r['primaryMetric']['score'], flush=True)"
}
for round in $(seq 1 $3); do
  for side in base new; do jar=$1; [ $side = new ] && jar=$2
    run $jar $side 'BalancerBenchmark.roundTrip' -p balancer=round-robin -p steal=true -t 1 -f 1 -wi 3 -w 1 -i 3 -r 1
    run $jar $side 'BalancerBenchmark.batch' -p balancer=round-robin -p steal=true -t 4 -f 1 -wi 3 -w 1 -i 3 -r 1
  done
done
