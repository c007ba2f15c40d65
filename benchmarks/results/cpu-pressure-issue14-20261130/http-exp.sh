#!/bin/bash
# usage: http-exp.sh NAME CONNS DURATION ENDPOINTS... -- JAVA_ARGS...
name=$1; conns=$2; dur=$3; shift 3
eps=(); while [[ $# -gt 0 && $1 != -- ]]; do eps+=("$1"); shift; done; shift || true
cd /work/main/benchmarks/http-app
J=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java
$J "$@" -Dquarkus.http.port=8089 -jar ${APP:-target/quarkus-app}/quarkus-run.jar > /tmp/http-$name-app.log 2>&1 &
pid=$!
for i in $(seq 1 300); do curl -sf -o /dev/null localhost:8089/work/event-loop && break; sleep 0.1; done
for ep in "${eps[@]}"; do wrk -t2 -c64 -d8s http://localhost:8089/work/$ep > /dev/null; done
for round in 1 2; do
  for ep in "${eps[@]}"; do
    wrk -t2 -c$conns -d${dur}s --timeout 10s --latency -s wrk/report.lua http://localhost:8089/work/$ep > /tmp/http-$name-$ep-$round.txt
    line=$(sed -n 's/^WRK_JSON //p' /tmp/http-$name-$ep-$round.txt)
    echo "$name $ep c$conns r$round $(jq -r '"rps \(.requests / (.duration_us/1e6) | floor) p50 \(.latency_us.p50) p99 \(.latency_us.p99)"' <<<"$line" 2>/dev/null || echo "$line" | head -c 300)"
  done
done
kill -TERM $pid; wait $pid 2>/dev/null
