#!/usr/bin/env python3
"""Side-by-side benchmark: the project's `bench` program against CPython asyncio and uvloop.

Run it from anywhere:  python3 bench/peer/compare.py [--reps 3] [--scale 1] [--only a,b] [--no-floor]
(this copy lives in the project's bench/peer/ and works from the project's root, two levels up).

It builds `go build -o <tmp>/goasyncio-bench ./bench` and `go build -o <tmp>/rawgo-floor
./bench/floor`, then for each repetition runs every workload once per implementation (asyncio,
uvloop, goasyncio, and rawgo, the raw-Go floor, for the workloads the floor program lists) in a
fresh process, interleaved, and prints a markdown table of medians: µs/op for each, the ratios
goasyncio/asyncio and goasyncio/uvloop of ops/s (higher is better), and "× floor", goasyncio's
µs/op over rawgo's (the goal is at most 1.5), plus KB per pending task. --no-floor leaves the
floor out (and its two columns). The floor's own variants that no peer has (coroswitch, a further
floor of sleep0_switch, to_thread_coroutines and to_thread_gathered, of to_thread, and gather_wide_lazy) run only when named in --only or with --floor-variants; their row's
× floor is against goasyncio's workload they are a floor of. With --json FILE it also writes the
medians as JSON. Every process must print the JSON lines described in README.md.
"""
import argparse, json, os, platform, shutil, statistics, subprocess, sys, tempfile

WORKLOADS = ["call_soon", "call_later", "task_spawn", "sleep0_switch", "future_pingpong", "to_thread",
             "semaphore_contention", "queue_throughput", "gather_wide", "pending_memory", "timeout_cancel"]
HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))  # the project's root: bench/peer/../..
# A floor variant that no peer runs -> the contract workload it is a floor of.
FLOOR_OF = {"coroswitch": "sleep0_switch", "to_thread_coroutines": "to_thread", "to_thread_gathered": "to_thread",
            "gather_wide_lazy": "gather_wide"}


def uvloop_python():
    seen = set()
    for name in ("python3.11", "python3"):
        for d in os.environ.get("PATH", "").split(os.pathsep):
            c = os.path.join(d, name)
            if c in seen or not os.access(c, os.X_OK):
                continue
            seen.add(c)
            if subprocess.run([c, "-c", "import uvloop"], capture_output=True).returncode == 0:
                return c
    sys.exit("no CPython with uvloop found: apt-get install -y python3-uvloop")


def machine(py):
    model = "?"
    try:
        with open("/proc/cpuinfo") as f:
            model = next((l.split(":", 1)[1].strip() for l in f if l.startswith("model name")), "?")
    except OSError:
        pass
    go = subprocess.run(["go", "env", "GOVERSION"], capture_output=True, text=True).stdout.strip()
    v = subprocess.run([py, "-c", "import sys, uvloop; print(sys.version.split()[0], uvloop.__version__)"],
                       capture_output=True, text=True).stdout.split()
    return (f"machine: {os.cpu_count()} CPUs, {model}, {platform.system()} {platform.release()}; "
            f"{go}; CPython {v[0] if v else '?'}, uvloop {v[1] if len(v) > 1 else '?'}")


def run(cmd):
    p = subprocess.run(cmd, capture_output=True, text=True, timeout=600)
    if p.returncode != 0:
        sys.exit(f"failed: {' '.join(cmd)}\n{p.stderr[-2000:]}")
    return [json.loads(l) for l in p.stdout.splitlines() if l.startswith("{")]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--reps", type=int, default=3)
    ap.add_argument("--scale", type=float, default=1.0)
    ap.add_argument("--only", default=",".join(WORKLOADS))
    ap.add_argument("--json")
    ap.add_argument("--no-floor", action="store_true", help="do not build or run the raw-Go floor (bench/floor)")
    ap.add_argument("--floor-variants", action="store_true",
                    help="also run the floor's variants that have no peer (coroswitch, to_thread_coroutines, to_thread_gathered, gather_wide_lazy)")
    a = ap.parse_args()
    only = [w for w in a.only.split(",") if w]
    if a.no_floor and (a.floor_variants or any(w in FLOOR_OF for w in only)):
        sys.exit("--no-floor leaves out the floor's variants too")
    py = uvloop_python()
    os.chdir(ROOT)
    tmp = tempfile.mkdtemp()
    try:
        gobin = os.path.join(tmp, "goasyncio-bench")
        subprocess.run(["go", "build", "-o", gobin, "./bench"], check=True)
        floor = set()  # the workloads the floor program lists
        if not a.no_floor:
            floorbin = os.path.join(tmp, "rawgo-floor")
            subprocess.run(["go", "build", "-o", floorbin, "./bench/floor"], check=True)
            floor = set(subprocess.run([floorbin, "-list"], capture_output=True, text=True, check=True).stdout.split())
            if a.floor_variants:
                only += [w for w in FLOOR_OF if w in floor and w not in only]
            bad = [w for w in only if w not in WORKLOADS and w not in floor]
            if bad:
                sys.exit(f"unknown workload(s) {bad}; known: {WORKLOADS + sorted(floor - set(WORKLOADS))}")
        impls = {
            "asyncio": lambda w: [py, os.path.join(HERE, "peer_asyncio.py"), "--loop", "asyncio", "--scale", str(a.scale), "--only", w],
            "uvloop": lambda w: [py, os.path.join(HERE, "peer_asyncio.py"), "--loop", "uvloop", "--scale", str(a.scale), "--only", w],
            "goasyncio": lambda w: [gobin, "-scale", str(a.scale), "-only", w],
        }
        if not a.no_floor:
            impls["rawgo"] = lambda w: [floorbin, "-scale", str(a.scale), "-only", w]

        def runs(impl, w):  # whether impl has workload w
            return w in floor if impl == "rawgo" else w in WORKLOADS

        res = {}  # (impl, workload) -> list of lines
        for k in range(a.reps):
            for w in only:
                for impl, cmd in impls.items():
                    if runs(impl, w):
                        for line in run(cmd(w)):
                            res.setdefault((impl, line["workload"]), []).append(line)
            print(f"rep {k + 1}/{a.reps} done", file=sys.stderr)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)

    def med(impl, w, key="ops_per_sec"):
        xs = [l[key] for l in res.get((impl, w), []) if key in l]
        return statistics.median(xs) if xs else None

    f = lambda v, d=3: "—" if v is None else f"{v:.{d}f}"
    rows, out = [], {}
    print(machine(py) + "\n")
    head, rule = "| workload | asyncio µs/op | uvloop µs/op | goasyncio µs/op | × asyncio | × uvloop |", "|---|---:|---:|---:|---:|---:|"
    if "rawgo" in impls:
        head, rule = head + " rawgo µs/op | × floor |", rule + "---:|---:|"
    print(head)
    print(rule)
    for w in only:
        m = {i: med(i, w) for i in impls}
        us = {i: (1e6 / v if v else None) for i, v in m.items()}
        ra = m["goasyncio"] / m["asyncio"] if m["goasyncio"] and m["asyncio"] else None
        ru = m["goasyncio"] / m["uvloop"] if m["goasyncio"] and m["uvloop"] else None
        out[w] = {"us_per_op": us, "x_asyncio": ra, "x_uvloop": ru}
        row = f"| {w} | {f(us['asyncio'])} | {f(us['uvloop'])} | {f(us['goasyncio'])} | {f(ra, 1)} | {f(ru, 1)} |"
        if "rawgo" in impls:
            g = med("goasyncio", FLOOR_OF.get(w, w))  # a variant's ratio is against its workload's goasyncio
            rf = m["rawgo"] / g if g and m["rawgo"] else None  # = goasyncio µs/op / rawgo µs/op
            out[w]["x_floor"] = rf
            row += f" {f(us['rawgo'])} | {f(rf, 2)} |"
        print(row)
    if "pending_memory" in only:
        kb = {i: med(i, "pending_memory", "kb_per_task" if i in ("asyncio", "uvloop") else "kb_per_task_rss") for i in impls}
        out["kb_per_pending_task"] = kb
        line = f"\nKB per pending task (RSS): asyncio {kb['asyncio']}, uvloop {kb['uvloop']}, goasyncio {kb['goasyncio']}"
        if "rawgo" in impls:
            rf = kb["goasyncio"] / kb["rawgo"] if kb["goasyncio"] and kb["rawgo"] else None
            out["kb_per_pending_task_x_floor"] = rf
            rt = {i: med(i, "pending_memory", "kb_per_task") for i in ("goasyncio", "rawgo")}
            out["kb_per_pending_task_runtime"] = rt
            line += (f", rawgo {kb['rawgo']} (× floor {f(rf, 2)}); Δ(StackInuse+HeapInuse): "
                     f"goasyncio {rt['goasyncio']}, rawgo {rt['rawgo']}")
        print(line)
    if a.json:
        with open(a.json, "w") as fh:
            json.dump(out, fh, indent=1)


if __name__ == "__main__":
    main()
