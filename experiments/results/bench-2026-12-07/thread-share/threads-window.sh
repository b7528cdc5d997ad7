#!/usr/bin/env bash
# quiet window for the thread-sharing figure: pause the study workers, bench alone, then two default runs a second apart
set -u
out=/work/frozen9/threads-$(date +%H%M)
mkdir -p "$out"
pids=$(pgrep -f "frozen[0-9]+/target/scda.jar" | tr '\n' ' ')
echo "pausing: $pids" > "$out/log"
kill -STOP $pids 2>/dev/null
trap 'kill -CONT $pids 2>/dev/null' EXIT
sleep 3
cd /work/frozen9
export SCDA_LOCK_DIR="$out"
./scda bench --only small --iterations 200 --adapt-iterations 10 --json > "$out/solo1.json" 2> "$out/solo1.err"
./scda bench --only small --iterations 200 --adapt-iterations 10 --json > "$out/first.json" 2> "$out/first.err" &
a=$!
sleep 1
./scda bench --only small --iterations 200 --adapt-iterations 10 --json > "$out/second.json" 2> "$out/second.err"
wait $a
./scda bench --only small --iterations 200 --adapt-iterations 10 --json > "$out/solo2.json" 2> "$out/solo2.err"
echo done >> "$out/log"
