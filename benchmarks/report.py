#!/usr/bin/env python3
"""Renders a JMH JSON result file (java -jar benchmarks.jar -prof gc -rf json) as the tables of
docs/benchmarks.md: score, error and allocation per benchmark, and each bar's ratio."""
import json
import sys

results = json.load(open(sys.argv[1]))
rows = {}
for r in results:
    name = r["benchmark"].split(".")[-2] + "." + r["benchmark"].split(".")[-1]
    params = r.get("params") or {}
    if params:
        name += " [" + ",".join(f"{k}={v}" for k, v in params.items()) + "]"
    primary = r["primaryMetric"]
    alloc = r.get("secondaryMetrics", {}).get("gc.alloc.rate.norm", {}).get("score")
    rows[name] = (primary["score"], primary["scoreError"], primary["scoreUnit"], alloc)
    for sub, metric in r.get("secondaryMetrics", {}).items():
        if not sub.startswith("gc.") and metric.get("scoreUnit") == primary["scoreUnit"]:
            rows[name.split(" ")[0] + ":" + sub] = (metric["score"], metric["scoreError"], metric["scoreUnit"], None)

print("| benchmark | score | error | unit | B/op |")
print("|---|---:|---:|---|---:|")
for name, (score, error, unit, alloc) in rows.items():
    alloc_text = "" if alloc is None else f"{alloc:.0f}"
    print(f"| {name} | {score:.2f} | {error:.2f} | {unit} | {alloc_text} |")

def s(name):
    return rows[name][0]

def bar(label, ours, theirs, factor, lower_is_better=True):
    ratio = theirs / ours
    ok = ratio >= factor
    print(f"| {label} | {ratio:.2f}x | {factor}x | {'met' if ok else 'not met'} |")

print()
print("| bar | measured | wanted | |")
print("|---|---:|---:|---|")
try:
    print(f"| IMMEDIATE, 1 subscriber, vs a direct call | {s('ImmediateBenchmark.torematrix') / s('ImmediateBenchmark.directCall'):.1f}x the call | <= 1.5x | not met |")
    print(f"| IMMEDIATE, 10 subscribers, vs 10 megamorphic calls | {s('FanOutBenchmark.torematrix') / s('FanOutBenchmark.megamorphicCalls'):.1f}x the calls | <= 1.3x | not met |")
    for bench in ("ImmediateBenchmark", "FanOutBenchmark"):
        bar(f"{bench}: vs Guava", s(f"{bench}.torematrix"), s(f"{bench}.guava"), 10)
        bar(f"{bench}: vs MBassador", s(f"{bench}.torematrix"), s(f"{bench}.mbassador"), 5)
        bar(f"{bench}: vs greenrobot (indexed)", s(f"{bench}.torematrix"), s(f"{bench}.greenrobotIndexed"), 3)
    bar("register + unregister vs Guava", s("RegistrationBenchmark.torematrix"), s("RegistrationBenchmark.guava"), 10)
    print(f"| publish under churn vs quiet | {s('ChurnBenchmark.quiet') / s('ChurnBenchmark.churn:churnPublish') * 100:.0f}% | >= 80% | {'met' if s('ChurnBenchmark.quiet') / s('ChurnBenchmark.churn:churnPublish') >= 0.8 else 'not met'} |")
    bar("NORMAL hand-off vs ArrayBlockingQueue", s("HandOffBenchmark.torematrix"), s("HandOffBenchmark.arrayBlockingQueue"), 3)
    bar("NORMAL hand-off vs Disruptor", s("HandOffBenchmark.torematrix"), s("HandOffBenchmark.disruptor"), 0.5)
    for db in ("sqlite", "postgres"):
        ours = s(f"StoreAppendBenchmark.store [database={db}]")
        raw = s(f"StoreAppendBenchmark.rawDriver [database={db}]")
        print(f"| {db} store append vs raw driver batch | {raw / ours * 100:.0f}% | >= 70% | {'met' if raw / ours >= 0.7 else 'not met'} |")
except KeyError as missing:
    print(f"(missing result {missing})")
for db in ("sqlite", "postgres"):
    name = f"StoreReadBenchmark.catchUp [database={db}]"
    if name in rows:
        read = s(name)
        print(f"| {db} store catch-up read by cursor | {read:,.0f} events/s | well above 20,000 | {'met' if read >= 20000 else 'not met'} |")
