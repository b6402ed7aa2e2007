#!/bin/bash
# The console's page weight and its CPU at 1,000 predictions/s, on the real system started by digits local.
# Needs the tools and console jars built (./mvnw -B -DskipTests package). Output: /tmp/console-bench.out
set -u
cd "$(dirname "$0")/../.."
out=/tmp/console-bench.out; : > $out
work=/tmp/console-bench-work; rm -rf $work
port=8097
export OMP_NUM_THREADS=1
java -jar tools/target/digitstream-tools.jar local --port 0 --console-port $port --work-dir $work \
  --data-dir "${DIGITS_MNIST_DIR:?set DIGITS_MNIST_DIR}" --train-images 3000 --test-images 500 --min-accuracy 0.3 \
  --images 100000 --rate 1000 > /tmp/console-bench-local.log 2>&1 &
local_pid=$!
until curl -sf http://127.0.0.1:$port/actuator/health >/dev/null; do sleep 1; kill -0 $local_pid || { echo "local died" >> $out; exit 1; }; done
echo "console up at $(date -u +%T)" >> $out
# Page weight: every resource the page loads, as the browser gets them (gzip accepted).
total=0
for path in / /console.css /console.js /webjars/uplot/dist/uPlot.iife.min.js /webjars/uplot/dist/uPlot.min.css; do
  plain=$(curl -s -o /dev/null -w '%{size_download}' http://127.0.0.1:$port$path)
  gz=$(curl -s --compressed -o /dev/null -w '%{size_download}' http://127.0.0.1:$port$path)
  echo "weight $path plain=$plain gzip=$gz" >> $out
  total=$((total+gz))
done
echo "weight total_gzip=$total" >> $out
# Wait for the stream at full rate, with one live view open (SSE) the whole time.
until grep -q "Streaming" /tmp/console-bench-local.log; do sleep 1; kill -0 $local_pid || exit 1; done
curl -sN http://127.0.0.1:$port/api/live > /tmp/console-bench-sse.txt &
sse=$!
sleep 20
cpid=$(pgrep -f "digitstream-console.jar.*--server.port=$port" | head -1)
tick=$(getconf CLK_TCK)
read_cpu() { awk -v t=$tick '{print ($14+$15)/t}' /proc/$1/stat; }
c0=$(read_cpu $cpid); t0=$(date +%s.%N); e0=$(grep -c '^event:live' /tmp/console-bench-sse.txt)
n0=$(curl -s http://127.0.0.1:$port/api/live/now | python3 -c 'import json,sys; d=json.load(sys.stdin)["live"]; print(d["predictions"])')
sleep 60
c1=$(read_cpu $cpid); t1=$(date +%s.%N); e1=$(grep -c '^event:live' /tmp/console-bench-sse.txt)
now=$(curl -s http://127.0.0.1:$port/api/live/now)
n1=$(echo "$now" | python3 -c 'import json,sys; d=json.load(sys.stdin)["live"]; print(d["predictions"])')
echo "$now" | python3 -c 'import json,sys; d=json.load(sys.stdin)["live"]; print("live perSecond=%s p50=%s p99=%s" % (d["perSecond"], d["p50Millis"], d["p99Millis"]))' >> $out
python3 - >> $out <<PY
wall=$t1-$t0; cpu=$c1-$c0
print("console cpu_seconds=%.2f wall_seconds=%.1f share_of_one_core=%.1f%% predictions_read=%d (%.0f/s) sse_events=%d" % (cpu, wall, 100*cpu/wall, $n1-$n0, ($n1-$n0)/wall, $e1-$e0))
PY
sse_bytes=$(stat -c %s /tmp/console-bench-sse.txt); echo "sse bytes so far=$sse_bytes" >> $out
kill $sse
kill -INT $local_pid; wait $local_pid
echo "local exit=$? $(tail -2 /tmp/console-bench-local.log | tr '\n' ' ')" >> $out
grep -E "Published|Console:|Done" /tmp/console-bench-local.log >> $out
