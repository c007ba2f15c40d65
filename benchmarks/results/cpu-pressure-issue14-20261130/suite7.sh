#!/bin/bash
J=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java
O=/tmp/suite7; mkdir -p $O
jmh() { local jar=$1 name=$2; shift 2; $J --sun-misc-unsafe-memory-access=allow -jar /tmp/bench-$jar.jar "$@" -jvmArgsPrepend --sun-misc-unsafe-memory-access=allow -rf json -rff $O/$name-$jar.json > $O/$name-$jar.txt 2>&1; }
for jar in base psi7; do
  jmh $jar wake 'WakeUpBenchmark\.(knitting|threadPool|enhancedQueue)$' -f 1 -wi 30 -i 300
done
for jar in base psi7; do
  jmh $jar ht 'HeavyTailBenchmark' -p mechanism=knitting,eqe
done
for r in 1 2; do
  for a in base psi7; do APP=/tmp/app-$a /tmp/http-exp.sh $a-h16-$r 16 15 task -- >> $O/http.txt 2>&1; done
  for a in base psi7; do APP=/tmp/app-$a /tmp/http-exp.sh $a-h256-$r 256 15 task -- >> $O/http.txt 2>&1; done
done
APP=/tmp/app-psi7 /tmp/http-exp.sh blk 16 15 blocking -- >> $O/http.txt 2>&1
APP=/tmp/app-psi7 /tmp/http-exp.sh blk 256 15 blocking -- >> $O/http.txt 2>&1
for r in 1 2; do
  for jar in base psi7; do
    jmh $jar rt$r 'RoundTripBenchmark\.knitting$' -f 1 -wi 3 -i 5 -w 1 -r 2
    jmh $jar bal$r 'BalancerBenchmark' -p balancer=round-robin -t 1 -f 1 -wi 3 -i 3 -w 1 -r 2
  done
done
echo SUITE-DONE >> $O/http.txt
