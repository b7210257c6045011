#!/usr/bin/env python3
"""Turns the JSON of one JMH run of benchmarks/ into the tables of docs/benchmarks.md.

    java -jar benchmarks/target/benchmarks.jar -f 1 -wi 3 -w 1s -i 5 -r 1s -prof gc -rf json -rff results.json
    python3 benchmarks/report.py results.json

Prints the run's settings, every result (score, error, allocation per operation from -prof gc),
and the bars of docs/benchmarks.md: for each, our figure, the peer's, their ratio, the bar and
whether this run meets it. Every ratio is taken within the run given, never across runs. Where
greenrobot is the peer, the faster of its two configurations in this run counts (event
inheritance on, its default; off, its fastest). A bar whose results are missing from the run
(a subset was run, or a benchmark failed) prints as such; the script exits 1 if any result
needed for a bar is missing, 0 otherwise, met or not.
"""
import json
import sys

# B/op below this is 0 B/op: -prof gc divides the bytes the JVM allocated in an iteration by the
# operations, so an allocation-free operation shows a few thousandths from JMH's own bookkeeping.
ZERO_BYTES = 0.5


def load(path):
    with open(path) as file:
        return json.load(file)


def short_name(result):
    name = ".".join(result["benchmark"].split(".")[-2:])
    params = result.get("params") or {}
    if params:
        name += " [" + ",".join(f"{key}={value}" for key, value in params.items()) + "]"
    return name


def collect(results):
    """name -> (score, error, unit, B/op or None); the methods of a @Group of several as
    group:method (a group of one method has only the group's own row)."""
    rows = {}
    for result in results:
        name = short_name(result)
        primary = result["primaryMetric"]
        secondary = result.get("secondaryMetrics") or {}
        alloc = secondary.get("gc.alloc.rate.norm", {}).get("score")
        rows[name] = (primary["score"], primary["scoreError"], primary["scoreUnit"], alloc)
        for label, metric in secondary.items():
            if not label.startswith("gc.") and metric.get("scoreUnit") == primary["scoreUnit"]:
                rows[name.split(" ")[0] + ":" + label] = (metric["score"], metric["scoreError"], metric["scoreUnit"], None)
    return rows


def number(value):
    value = float(value)  # JMH writes a NaN (the error of a single iteration) as the string "NaN"
    if value != value:
        return "n/a"
    if abs(value) >= 1000:
        return f"{value:,.0f}"
    if abs(value) >= 10:
        return f"{value:.1f}"
    return f"{value:.2f}"


def settings(results):
    first = results[0]
    return (
        f"JMH {first.get('jmhVersion', '?')}, {first.get('vmName', '?')} {first.get('vmVersion', '?')} "
        f"(JDK {first.get('jdkVersion', '?')}), {first.get('forks', '?')} fork(s), "
        f"{first.get('warmupIterations', '?')} x {first.get('warmupTime', '?')} warm-up, "
        f"{first.get('measurementIterations', '?')} x {first.get('measurementTime', '?')} measurement"
    )


class Bars:
    """The bar table: each row is one comparison within the run."""

    def __init__(self, rows):
        self.rows = rows
        self.lines = []
        self.missing = []

    def time(self, name):
        row = self.rows.get(name)
        if row is None:
            self.missing.append(name)
        return None if row is None else row[0]

    def alloc(self, name):
        row = self.rows.get(name)
        if row is None or row[3] is None:
            self.missing.append(name + " (B/op: run with -prof gc)")
            return None
        return row[3]

    def fastest_greenrobot(self, bench):
        """The faster greenrobot configuration of bench, and its name."""
        candidates = [(self.rows[f"{bench}.{config}"][0], config)
                      for config in ("greenrobot", "greenrobotNoInheritance")
                      if f"{bench}.{config}" in self.rows]
        if not candidates:
            self.missing.append(f"{bench}.greenrobot / greenrobotNoInheritance")
            return None, None
        return min(candidates)

    def add(self, bar, ours, ours_text, peer, peer_text, ratio_text, wanted, met):
        if ours is None or peer is None:
            self.lines.append(f"| {bar} | {ours_text if ours is not None else 'no result'} | "
                              f"{peer_text if peer is not None else 'no result'} | | {wanted} | no result |")
        else:
            self.lines.append(f"| {bar} | {ours_text} | {peer_text} | {ratio_text} | {wanted} | {'met' if met else 'NOT met'} |")

    def faster(self, bar, ours_name, peer_name, factor, peer_label=None):
        """ours at least factor x faster than the peer: peer time / our time >= factor."""
        ours = self.time(ours_name)
        peer = self.time(peer_name)
        ok = ours is not None and peer is not None and peer / ours >= factor
        ratio = f"{peer / ours:.2f}x faster" if ours and peer else ""
        self.add(bar, ours, f"{number(ours or 0)} ns", peer, f"{peer_label or peer_name.split('.')[-1]} {number(peer or 0)} ns",
                 ratio, f">= {factor}x faster", ok)

    def faster_than_greenrobot(self, bar, bench, ours_name, factor):
        ours = self.time(f"{bench}.{ours_name}")
        peer, config = self.fastest_greenrobot(bench)
        ok = ours is not None and peer is not None and peer / ours >= factor
        ratio = f"{peer / ours:.2f}x faster" if ours and peer else ""
        self.add(bar, ours, f"{number(ours or 0)} ns", peer, f"{config} {number(peer or 0)} ns",
                 ratio, f">= {factor}x faster than the faster greenrobot", ok)

    def within(self, bar, ours_name, base_name, factor):
        """ours takes at most factor x the baseline's time."""
        ours = self.time(ours_name)
        base = self.time(base_name)
        ok = ours is not None and base is not None and ours / base <= factor
        ratio = f"{ours / base:.2f}x the baseline" if ours and base else ""
        self.add(bar, ours, f"{number(ours or 0)} ns", base, f"{base_name.split('.')[-1]} {number(base or 0)} ns",
                 ratio, f"<= {factor}x", ok)

    def share(self, bar, ours_name, base_name, fraction):
        """ours runs at least fraction of the baseline's speed: base time / our time >= fraction."""
        ours = self.time(ours_name)
        base = self.time(base_name)
        ok = ours is not None and base is not None and base / ours >= fraction
        ratio = f"{base / ours * 100:.0f}%" if ours and base else ""
        self.add(bar, ours, f"{number(ours or 0)} ns", base, f"{base_name.split(':')[-1].split('.')[-1]} {number(base or 0)} ns",
                 ratio, f">= {fraction * 100:.0f}%", ok)

    def zero_alloc(self, bar, name):
        alloc = self.alloc(name)
        ok = alloc is not None and alloc < ZERO_BYTES
        self.add(bar, alloc, f"{number(alloc or 0)} B/op", 0, "", "", "0 B/op", ok)


def issue14_bars(rows):
    bars = Bars(rows)
    bars.faster_than_greenrobot("`post`, `IMMEDIATE`, 1 subscriber", "ImmediateBenchmark", "post", 3)
    bars.zero_alloc("`post`, `IMMEDIATE`, 1 subscriber: allocation", "ImmediateBenchmark.post")
    bars.within("`post`, 10 subscribers in 4 classes, vs ten megamorphic calls",
                "FanOutBenchmark.post", "FanOutBenchmark.megamorphicCalls", 1.5)
    bars.faster_than_greenrobot("`post`, 10 subscribers in 4 classes", "FanOutBenchmark", "post", 2)
    bars.faster_than_greenrobot("`publish` (awaitable), `IMMEDIATE`, 1 subscriber", "ImmediateBenchmark", "publish", 1)
    bars.faster("`publish` (awaitable), 1 subscriber, vs Guava", "ImmediateBenchmark.publish", "ImmediateBenchmark.guava", 3)
    bars.faster("`publish` (awaitable), 1 subscriber, vs MBassador", "ImmediateBenchmark.publish", "ImmediateBenchmark.mbassador", 5)
    bars.share("`post` at `NORMAL`, 1 producer -> 1 consumer, vs `ArrayBlockingQueue`",
               "HandOffBenchmark.post", "HandOffBenchmark.arrayBlockingQueue", 1.0)
    bars.share("`post` at `NORMAL`, 1 producer -> 1 consumer, vs the Disruptor",
               "HandOffBenchmark.post", "HandOffBenchmark.disruptor", 0.8)
    bars.zero_alloc("`post` at `NORMAL`: allocation per event, both threads", "HandOffBenchmark.post")
    bars.faster("register + unregister, 3 handlers, vs Guava", "RegistrationBenchmark.torematrix", "RegistrationBenchmark.guava", 5)
    bars.share("`post` while another thread subscribes and unsubscribes, vs alone",
               "ChurnBenchmark.churnPost:churnPost", "ChurnBenchmark.quietPost", 0.8)
    bars.share("`publish` while another thread subscribes and unsubscribes, vs alone",
               "ChurnBenchmark.churn:churnPublish", "ChurnBenchmark.quiet", 0.8)
    return bars


def peers_table(rows):
    """Time and allocation per event of each bus in each delivery scenario, side by side."""
    columns = [("post", "Torematrix `post`"), ("publish", "Torematrix `publish`"),
               ("greenrobotNoInheritance", "greenrobot, no inheritance"), ("greenrobot", "greenrobot"),
               ("guava", "Guava"), ("mbassador", "MBassador"),
               ("directCall", "direct call"), ("megamorphicCalls", "10 megamorphic calls"),
               ("arrayBlockingQueue", "`ArrayBlockingQueue`"), ("disruptor", "Disruptor")]
    scenarios = [("ImmediateBenchmark", "`IMMEDIATE`, 1 subscriber"),
                 ("FanOutBenchmark", "`IMMEDIATE`, 10 subscribers"),
                 ("PolymorphicBenchmark", "`IMMEDIATE`, type + supertype handler"),
                 ("HandOffBenchmark", "`NORMAL`, 1 producer -> 1 consumer")]
    present = [(key, label) for key, label in columns
               if any(f"{bench}.{key}" in rows for bench, _ in scenarios)]
    if not present:
        return []
    lines = ["| scenario (ns and B per event) | " + " | ".join(label for _, label in present) + " |",
             "|---|" + "---:|" * len(present)]
    for bench, label in scenarios:
        cells = []
        for key, _ in present:
            row = rows.get(f"{bench}.{key}")
            if row is None:
                cells.append("")
            else:
                alloc = "" if row[3] is None else f", {row[3]:.0f} B"
                cells.append(f"{number(row[0])}{alloc}")
        if any(cells):
            lines.append(f"| {label} | " + " | ".join(cells) + " |")
    return lines


def store_bars(rows):
    lines = []
    for db in ("sqlite", "postgres"):
        ours = rows.get(f"StoreAppendBenchmark.store [database={db}]")
        raw = rows.get(f"StoreAppendBenchmark.rawDriver [database={db}]")
        if ours and raw:
            share = raw[0] / ours[0]
            lines.append(f"| {db} store append vs the raw driver's batch | {number(ours[0])} µs | {number(raw[0])} µs | "
                         f"{share * 100:.0f}% | >= 70% | {'met' if share >= 0.7 else 'NOT met'} |")
        read = rows.get(f"StoreReadBenchmark.catchUp [database={db}]")
        if read:
            lines.append(f"| {db} store catch-up read by cursor | {read[0]:,.0f} events/s | | | well above 20,000 | "
                         f"{'met' if read[0] >= 20000 else 'NOT met'} |")
    return lines


def main(argv):
    if len(argv) != 2:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    results = load(argv[1])
    if not results:
        print(f"{argv[1]} holds no results", file=sys.stderr)
        return 1
    rows = collect(results)
    print(settings(results))
    print()
    print("| benchmark | score | error | unit | B/op |")
    print("|---|---:|---:|---|---:|")
    for name, (score, error, unit, alloc) in sorted(rows.items()):
        print(f"| {name} | {number(score)} | {number(error)} | {unit} | {'' if alloc is None else f'{alloc:.0f}'} |")
    peers = peers_table(rows)
    if peers:
        print()
        print("\n".join(peers))
    bars = issue14_bars(rows)
    print()
    print("| bar | ours | peer | ratio | wanted | |")
    print("|---|---:|---:|---:|---|---|")
    print("\n".join(bars.lines + store_bars(rows)))
    if bars.missing:
        print()
        print("missing from this run: " + ", ".join(dict.fromkeys(bars.missing)))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
