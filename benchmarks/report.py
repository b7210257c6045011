#!/usr/bin/env python3
"""Turns the JSON of one JMH run of benchmarks/ into the tables of docs/benchmarks.md.

    java -jar benchmarks/target/benchmarks.jar -f 1 -wi 3 -w 1s -i 5 -r 1s -prof gc \
        -prof io.torematrix.eventbus.benchmarks.CpuTimeProfiler -rf json -rff results.json
    python3 benchmarks/report.py results.json

Prints the run's settings, every result (score, error, allocation per operation from -prof gc,
CPU time per operation from CpuTimeProfiler), and the bars of docs/benchmarks.md: for each, our
figure, the peer's, their ratio, the bar and whether this run meets it. The verdict follows JMH's
score (wall-clock time, as the bars are set); where the ratio of CPU times, which the load of a
shared machine distorts far less for a single-threaded benchmark, gives the other verdict, the
row says so. Every ratio is taken within the run given, never across runs. Where
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
        try:
            return json.load(file)
        except json.JSONDecodeError as error:
            sys.exit(f"{path} is not a JMH JSON result ({error}); JMH writes it only when the run ends")


def short_name(result):
    name = ".".join(result["benchmark"].split(".")[-2:])
    params = result.get("params") or {}
    if params:
        name += " [" + ",".join(f"{key}={value}" for key, value in params.items()) + "]"
    return name


class Row:
    """One result: JMH's score and error, and from the profilers B/op and CPU ns/op (or None)."""

    def __init__(self, score, error, unit, alloc=None, cpu=None):
        self.score, self.error, self.unit, self.alloc, self.cpu = float(score), error, unit, alloc, cpu


def collect(results):
    """name -> Row; the methods of a @Group of several also as group:method (a group of one
    method has only the group's own row)."""
    rows = {}
    for result in results:
        name = short_name(result)
        primary = result["primaryMetric"]
        secondary = result.get("secondaryMetrics") or {}
        alloc = secondary.get("gc.alloc.rate.norm", {}).get("score")
        cpu = secondary.get("cpu.time.norm", {}).get("score")
        rows[name] = Row(primary["score"], primary["scoreError"], primary["scoreUnit"], alloc, cpu)
        for label, metric in secondary.items():
            if not label.startswith(("gc.", "cpu.")) and metric.get("scoreUnit") == primary["scoreUnit"]:
                rows[name.split(" ")[0] + ":" + label] = Row(metric["score"], metric["scoreError"], metric["scoreUnit"])
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
    """The bar table: each row one comparison within the run, by JMH's score (wall-clock time)
    and, where both sides ran single-threaded with -prof CpuTimeProfiler, by CPU time as well."""

    def __init__(self, rows):
        self.rows = rows
        self.lines = []
        self.missing = []

    def row(self, name):
        row = self.rows.get(name)
        if row is None:
            self.missing.append(name)
        return row

    def fastest_greenrobot(self, bench, metric):
        """The faster greenrobot configuration of bench by metric, and its name."""
        candidates = [(metric(self.rows[f"{bench}.{config}"]), config)
                      for config in ("greenrobot", "greenrobotNoInheritance")
                      if f"{bench}.{config}" in self.rows and metric(self.rows[f"{bench}.{config}"]) is not None]
        return min(candidates) if candidates else (None, None)

    def compare(self, bar, ours_name, peer_name, kind, factor, by_cpu=True):
        """kind 'faster': peer time / our time >= factor; 'within': our time / peer time <=
        factor; 'share': our speed as a share of the peer's, peer time / our time >= factor. A
        peer_name of the form Bench.greenrobot* is the faster greenrobot configuration."""
        ours = self.row(ours_name)
        greenrobot = peer_name.endswith(".greenrobot*")
        bench = peer_name.split(".")[0]
        if greenrobot:
            _, label = self.fastest_greenrobot(bench, lambda row: row.score)
            peer = self.rows.get(f"{bench}.{label}") if label else None
            if peer is None:
                self.missing.append(f"{bench}.greenrobot or {bench}.greenrobotNoInheritance")
        else:
            label = peer_name.split(":")[-1].split(".")[-1]
            peer = self.row(peer_name)
        if ours is None or peer is None:
            self.lines.append(f"| {bar} | {'no result' if ours is None else number(ours.score) + ' ns'} | "
                              f"{'no result' if peer is None else label + ' ' + number(peer.score) + ' ns'} | | | "
                              f"{wanted(kind, factor, greenrobot)} | no result |")
            return

        def ratio(our_time, peer_time):
            value = our_time / peer_time if kind == "within" else peer_time / our_time
            met = value <= factor if kind == "within" else value >= factor
            return value, met

        value, met = ratio(ours.score, peer.score)
        cpu_text, verdict = "", "met" if met else "NOT met"
        if by_cpu and ours.cpu is not None:
            cpu_peer = self.fastest_greenrobot(bench, lambda row: row.cpu)[0] if greenrobot else peer.cpu
            if cpu_peer is not None:
                cpu_value, cpu_met = ratio(ours.cpu, cpu_peer)
                cpu_text = show(kind, cpu_value) + f" ({number(ours.cpu)} / {number(cpu_peer)} ns)"
                if cpu_met != met:
                    verdict += f" (by CPU time: {'met' if cpu_met else 'not met'})"
        self.lines.append(f"| {bar} | {number(ours.score)} ns | {label} {number(peer.score)} ns | {show(kind, value)} | "
                          f"{cpu_text} | {wanted(kind, factor, greenrobot)} | {verdict} |")

    def zero_alloc(self, bar, name):
        row = self.row(name)
        if row is not None and row.alloc is None:
            self.missing.append(name + " B/op (run with -prof gc)")
        if row is None or row.alloc is None:
            self.lines.append(f"| {bar} | no result | | | | 0 B/op | no result |")
            return
        met = row.alloc < ZERO_BYTES
        self.lines.append(f"| {bar} | {number(row.alloc)} B/op | | | | 0 B/op | {'met' if met else 'NOT met'} |")


def show(kind, value):
    if kind == "share":
        return f"{value * 100:.0f}%"
    return f"{value:.2f}x"


def wanted(kind, factor, greenrobot):
    if kind == "faster":
        return f">= {factor}x as fast" + (" as the faster greenrobot" if greenrobot else "")
    if kind == "within":
        return f"<= {factor}x the time"
    return f">= {factor * 100:.0f}%"


def issue14_bars(rows):
    bars = Bars(rows)
    bars.compare("`post`, `IMMEDIATE`, 1 subscriber", "ImmediateBenchmark.post", "ImmediateBenchmark.greenrobot*", "faster", 3)
    bars.zero_alloc("`post`, `IMMEDIATE`, 1 subscriber: allocation", "ImmediateBenchmark.post")
    bars.compare("`post`, 10 subscribers in 4 classes, vs ten megamorphic calls",
                 "FanOutBenchmark.post", "FanOutBenchmark.megamorphicCalls", "within", 1.5)
    bars.compare("`post`, 10 subscribers in 4 classes", "FanOutBenchmark.post", "FanOutBenchmark.greenrobot*", "faster", 2)
    bars.compare("`publish` (awaitable), `IMMEDIATE`, 1 subscriber",
                 "ImmediateBenchmark.publish", "ImmediateBenchmark.greenrobot*", "faster", 1)
    bars.compare("`publish` (awaitable), 1 subscriber, vs Guava", "ImmediateBenchmark.publish", "ImmediateBenchmark.guava", "faster", 3)
    bars.compare("`publish` (awaitable), 1 subscriber, vs MBassador",
                 "ImmediateBenchmark.publish", "ImmediateBenchmark.mbassador", "faster", 5)
    bars.compare("`post` at `NORMAL`, 1 producer -> 1 consumer, vs `ArrayBlockingQueue`",
                 "HandOffBenchmark.post", "HandOffBenchmark.arrayBlockingQueue", "share", 1.0, by_cpu=False)
    bars.compare("`post` at `NORMAL`, 1 producer -> 1 consumer, vs the Disruptor",
                 "HandOffBenchmark.post", "HandOffBenchmark.disruptor", "share", 0.8, by_cpu=False)
    bars.zero_alloc("`post` at `NORMAL`: allocation per event, both threads", "HandOffBenchmark.post")
    bars.compare("register + unregister, 3 handlers, vs Guava",
                 "RegistrationBenchmark.torematrix", "RegistrationBenchmark.guava", "faster", 5)
    bars.compare("`post` while another thread subscribes and unsubscribes, vs alone",
                 "ChurnBenchmark.churnPost:churnPost", "ChurnBenchmark.quietPost", "share", 0.8, by_cpu=False)
    bars.compare("`publish` while another thread subscribes and unsubscribes, vs alone",
                 "ChurnBenchmark.churn:churnPublish", "ChurnBenchmark.quiet", "share", 0.8, by_cpu=False)
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
    lines = ["| scenario: ns per event (CPU ns), B per event | " + " | ".join(label for _, label in present) + " |",
             "|---|" + "---:|" * len(present)]
    for bench, label in scenarios:
        cells = []
        for key, _ in present:
            row = rows.get(f"{bench}.{key}")
            if row is None:
                cells.append("")
            else:
                cpu = "" if row.cpu is None else f" ({number(row.cpu)})"
                alloc = "" if row.alloc is None else f", {row.alloc:.0f} B"
                cells.append(f"{number(row.score)}{cpu}{alloc}")
        if any(cells):
            lines.append(f"| {label} | " + " | ".join(cells) + " |")
    return lines


def store_bars(rows):
    lines = []
    for db in ("sqlite", "postgres"):
        ours = rows.get(f"StoreAppendBenchmark.store [database={db}]")
        raw = rows.get(f"StoreAppendBenchmark.rawDriver [database={db}]")
        if ours and raw:
            share = raw.score / ours.score
            lines.append(f"| {db} store append vs the raw driver's batch | {number(ours.score)} µs | {number(raw.score)} µs | "
                         f"{share * 100:.0f}% | | >= 70% | {'met' if share >= 0.7 else 'NOT met'} |")
        read = rows.get(f"StoreReadBenchmark.catchUp [database={db}]")
        if read:
            lines.append(f"| {db} store catch-up read by cursor | {read.score:,.0f} events/s | | | | well above 20,000 | "
                         f"{'met' if read.score >= 20000 else 'NOT met'} |")
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
    print("| benchmark | score | error | unit | B/op | CPU ns/op |")
    print("|---|---:|---:|---|---:|---:|")
    for name, row in sorted(rows.items()):
        alloc = "" if row.alloc is None else f"{row.alloc:.0f}"
        cpu = "" if row.cpu is None else number(row.cpu)
        print(f"| {name} | {number(row.score)} | {number(row.error)} | {row.unit} | {alloc} | {cpu} |")
    peers = peers_table(rows)
    if peers:
        print()
        print("\n".join(peers))
    bars = issue14_bars(rows)
    print()
    print("| bar | ours | peer | ratio | ratio by CPU time (our ns / the peer's) | wanted | |")
    print("|---|---:|---:|---:|---:|---|---|")
    print("\n".join(bars.lines + store_bars(rows)))
    if bars.missing:
        print()
        print("missing from this run: " + ", ".join(dict.fromkeys(bars.missing)))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
