#!/bin/bash
# usage: ab.sh OUTDIR ROUNDS jarA jarB ...   env BENCH, ITER, PARAMS
out=$1; rounds=$2; shift 2
mkdir -p $out
J=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java
for ((r=1; r<=rounds; r++)); do
  for jar in "$@"; do
    name=$(basename $jar .jar)-r$r
    $J --sun-misc-unsafe-memory-access=allow -jar $jar "${BENCH:-WakeUpBenchmark\.(knitting|threadPool)$}" ${PARAMS:-} -f 1 -wi 30 -i ${ITER:-300} -jvmArgsPrepend --sun-misc-unsafe-memory-access=allow -rf json -rff $out/$name.json > $out/$name.txt 2>&1
  done
done
python3 - $out <<'PY'
import json,sys,glob,collections
rows=collections.defaultdict(list)
for f in sorted(glob.glob(sys.argv[1]+'/*.json')):
    jar=f.split('/')[-1].rsplit('-r',1)[0]
    for r in json.load(open(f)):
        p=r['primaryMetric']['scorePercentiles']; pa=r['params']
        key=(r['benchmark'].split('.')[-1], pa.get('callerKind',''), pa.get('idleMillis',''), jar)
        rows[key].append((p['50.0'],p['90.0'],p['99.0']))
for k in sorted(rows):
    v=rows[k]
    print(f"{k[0]:12s} {k[1]:8s} {k[2]:>3s} {k[3]:12s} " + "  ".join(f"{a:6.1f}/{b:6.1f}/{c:7.1f}" for a,b,c in v))
PY
