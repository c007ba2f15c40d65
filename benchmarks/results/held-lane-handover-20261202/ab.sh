#!/usr/bin/env bash
# A/B of the engine before and after the held-lane hand-over (one more compare-and-set per call on the worker): two
# benchmark jars built from the two commits, run alternately (before first in each round) on the same machine.
# Usage: ab.sh before.jar after.jar > ab.txt
set -u
J=${JAVA:-/usr/lib/jvm/temurin-25-jdk-amd64/bin/java}
jmh() { # jar, label, jmh args...
  local jar=$1 label=$2; shift 2
  "$J" --sun-misc-unsafe-memory-access=allow -jar "$jar" "$@" -jvmArgsPrepend --sun-misc-unsafe-memory-access=allow \
    -rf json -rff /tmp/ab-$$.json > /dev/null 2>&1
  python3 - "$label" /tmp/ab-$$.json <<'PY'
import json, sys
label, path = sys.argv[1], sys.argv[2]
for r in json.load(open(path)):
    m = r['primaryMetric']; p = m.get('scorePercentiles', {})
    params = ' '.join(f'{k}={v}' for k, v in sorted(r.get('params', {}).items()))
    name = r['benchmark'].rsplit('.', 2)[-2] + '.' + r['benchmark'].rsplit('.', 1)[-1]
    if r['mode'] == 'sample':
        print(f"{label:7} {name} {params}: mean {m['score']:.3f} p50 {p['50.0']:.3f} p99 {p['99.0']:.3f} {m['scoreUnit']}")
    else:
        print(f"{label:7} {name} {params}: {m['score']:.2f} {m['scoreUnit']}")
PY
}
for round in ${ROUNDS:-1 2 3 4}; do
  echo "# round $round"
  for side in before after; do
    jar=$1; [ $side = after ] && jar=$2
    jmh "$jar" $side 'RoundTripBenchmark.knitting$' -f 1 -wi 2 -w 1 -i 3 -r 1
    jmh "$jar" $side 'BatchPerCallBenchmark.knitting$' -f 1 -wi 2 -w 1 -i 3 -r 1
  done
done
