#!/usr/bin/env bash
# A/B: base.jar vs new.jar, alternating. Usage: ab.sh base.jar new.jar rounds
set -u
J=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java
jmh() { # jar, label, jmh args...
  local jar=$1 label=$2; shift 2
  "$J" --sun-misc-unsafe-memory-access=allow -jar "$jar" "$@" -jvmArgsPrepend --sun-misc-unsafe-memory-access=allow \
    -rf json -rff /tmp/ab-$$.json > /dev/null 2>&1
  python3 - "$label" /tmp/ab-$$.json <<'PY'
import json, sys
label, path = sys.argv[1], sys.argv[2]
for r in json.load(open(path)):
    m = r['primaryMetric']
    params = ' '.join(f'{k}={v}' for k, v in sorted(r.get('params', {}).items()))
    name = r['benchmark'].rsplit('.', 2)[-2] + '.' + r['benchmark'].rsplit('.', 1)[-1]
    extra = ''
    if 'scorePercentiles' in m and r['mode'] == 'sample':
        p = m['scorePercentiles']
        extra = f" p50 {p['50.0']:.1f} p99 {p['99.0']:.1f} p99.9 {p['99.9']:.1f} n {sum(len(x) for x in m.get('rawDataHistogram', [[]]) ) if False else ''}"
    print(f"{label:5} {name} {params} t={r['threads']}: {m['score']:.3f} {m['scoreUnit']}{extra}", flush=True)
PY
}
for round in $(seq 1 $3); do
  echo "# round $round"
  for side in base new; do
    jar=$1; [ $side = new ] && jar=$2
    jmh "$jar" $side 'HeavyTailBenchmark' -p workers=2 -p mechanism=knitting,eqe -f 1 -wi 3 -w 2 -i 4 -r 2
    jmh "$jar" $side 'BalancerBenchmark' -p balancer=round-robin -p steal=true -t 1 -f 1 -wi 3 -w 1 -i 4 -r 1
    jmh "$jar" $side 'BalancerBenchmark' -p balancer=round-robin,random-lane -p steal=true -t 4 -f 1 -wi 3 -w 1 -i 4 -r 1
  done
done
