"""Sums a libtorch Chrome trace (bench/probes/AdaptProfile.java) by operator: total ms, calls,
share of the summed top-level operator time. Nested ops (an aten op called inside another) are
counted once, at the top level (the final evaluation, after the last backward op, left out), in the first table; the second table lists every op by self-less
total for orientation. Usage: python3 bench/probes/profile_ops.py TRACE.json [TOP]"""
import json, sys, collections
trace = json.load(open(sys.argv[1]))
ev = [e for e in (trace["traceEvents"] if isinstance(trace, dict) else trace) if e.get("ph") == "X"]
top_n = int(sys.argv[2]) if len(sys.argv) > 2 else 30
# the run ends with an evaluation (inference only): keep what starts before the last backward op ends
last_bw = max(e["ts"] + e["dur"] for e in ev if e["name"].startswith("autograd::engine"))
ev = [e for e in ev if e["ts"] < last_bw]
# top-level: events not inside another event of the same thread
by_tid = collections.defaultdict(list)
for e in ev:
    by_tid[e.get("tid")].append(e)
top = collections.Counter(); calls = collections.Counter(); allops = collections.Counter()
for tid, es in by_tid.items():
    es.sort(key=lambda e: (e["ts"], -e["dur"]))
    end = -1
    for e in es:
        allops[e["name"]] += e["dur"]
        if e["ts"] >= end:
            top[e["name"]] += e["dur"]; calls[e["name"]] += 1
            end = e["ts"] + e["dur"]
total = sum(top.values())
print(f"top-level operator time {total/1e3:.0f} ms in {sum(calls.values())} calls")
for name, d in top.most_common(top_n):
    print(f"{d/1e3:9.1f} ms {100*d/total:5.1f}% {calls[name]:7d} calls  {d/calls[name]:8.1f} us/call  {name}")
