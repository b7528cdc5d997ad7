#!/bin/bash
# new jar vs old jar (or the cache written by old jars) on every sweep pair + the extremes
NEW=/tmp/idjar.jar; OLD=/work/frozen18/target/scda.jar; C=~/.cache/scda/synth
J="java -Xmx3g -Djava.awt.headless=true -Dai.djl.offline=true -jar"
for p in foggy:0.1 foggy:0.2 foggy:0.3 foggy:0.5 foggy:1 foggy:3 sim2real:0.25 sim2real:0.55 sim2real:1 sim2real:3 camera:1 camera:2 camera:3 foggy:0 camera:0; do
  sc=${p%%:*}; st=${p##*:}
  if [ "$st" = 1 ]; then ref=$C/$sc-seed2019-256x128; else ref=$C/$sc-strength$st-seed2019-256x128; fi
  rm -rf /tmp/id-new; $J $NEW synth --scenario $sc --strength $st --out /tmp/id-new > /tmp/id-new.log 2>&1 || { echo "$p NEW FAILED"; continue; }
  if [ ! -f $ref/benchmark.json ]; then rm -rf /tmp/id-old; $J $OLD synth --scenario $sc --strength $st --out /tmp/id-old > /tmp/id-old.log 2>&1; ref=/tmp/id-old; fi
  if diff -rq $ref /tmp/id-new > /tmp/id-diff.txt; then echo "$p SAME ($ref) $(tail -1 /tmp/id-new.log)"; else echo "$p DIFFERENT ($ref)"; head -5 /tmp/id-diff.txt; fi
done
echo DONE
