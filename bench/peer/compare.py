#!/usr/bin/env python3
"""Side-by-side benchmark: the project's `bench` program against CPython asyncio and uvloop.

Run it from anywhere:  python3 bench/peer/compare.py [--reps 3] [--scale 1] [--only a,b]
(this copy lives in the project's bench/peer/ and works from the project's root, two levels up).

It builds `go build -o <tmp>/goasyncio-bench ./bench`, then for each repetition runs every
workload once per implementation (asyncio, uvloop, goasyncio) in a fresh process, interleaved,
and prints a markdown table of medians: µs/op for each, and the ratios goasyncio/asyncio and
goasyncio/uvloop of ops/s (higher is better), plus KB per pending task. With --json FILE it also
writes the medians as JSON. Every process must print the JSON lines described in README.md.
"""
import argparse, json, os, platform, shutil, statistics, subprocess, sys, tempfile

WORKLOADS = ["call_soon", "call_later", "task_spawn", "sleep0_switch", "future_pingpong", "to_thread",
             "semaphore_contention", "queue_throughput", "gather_wide", "pending_memory", "timeout_cancel"]
HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))  # the project's root: bench/peer/../..


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
    a = ap.parse_args()
    only = [w for w in a.only.split(",") if w]
    py = uvloop_python()
    os.chdir(ROOT)
    tmp = tempfile.mkdtemp()
    try:
        gobin = os.path.join(tmp, "goasyncio-bench")
        subprocess.run(["go", "build", "-o", gobin, "./bench"], check=True)
        impls = {
            "asyncio": lambda w: [py, os.path.join(HERE, "peer_asyncio.py"), "--loop", "asyncio", "--scale", str(a.scale), "--only", w],
            "uvloop": lambda w: [py, os.path.join(HERE, "peer_asyncio.py"), "--loop", "uvloop", "--scale", str(a.scale), "--only", w],
            "goasyncio": lambda w: [gobin, "-scale", str(a.scale), "-only", w],
        }
        res = {}  # (impl, workload) -> list of lines
        for k in range(a.reps):
            for w in only:
                for impl, cmd in impls.items():
                    for line in run(cmd(w)):
                        res.setdefault((impl, line["workload"]), []).append(line)
            print(f"rep {k + 1}/{a.reps} done", file=sys.stderr)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)

    def med(impl, w, key="ops_per_sec"):
        xs = [l[key] for l in res.get((impl, w), []) if key in l]
        return statistics.median(xs) if xs else None

    rows, out = [], {}
    print(machine(py) + "\n")
    print("| workload | asyncio µs/op | uvloop µs/op | goasyncio µs/op | × asyncio | × uvloop |")
    print("|---|---:|---:|---:|---:|---:|")
    for w in only:
        m = {i: med(i, w) for i in impls}
        us = {i: (1e6 / v if v else None) for i, v in m.items()}
        ra = m["goasyncio"] / m["asyncio"] if m["goasyncio"] and m["asyncio"] else None
        ru = m["goasyncio"] / m["uvloop"] if m["goasyncio"] and m["uvloop"] else None
        out[w] = {"us_per_op": us, "x_asyncio": ra, "x_uvloop": ru}
        f = lambda v, d=3: "—" if v is None else f"{v:.{d}f}"
        print(f"| {w} | {f(us['asyncio'])} | {f(us['uvloop'])} | {f(us['goasyncio'])} | {f(ra, 1)} | {f(ru, 1)} |")
    if "pending_memory" in only:
        kb = {i: med(i, "pending_memory", "kb_per_task_rss" if i == "goasyncio" else "kb_per_task") for i in impls}
        out["kb_per_pending_task"] = kb
        print(f"\nKB per pending task (RSS): asyncio {kb['asyncio']}, uvloop {kb['uvloop']}, goasyncio {kb['goasyncio']}")
    if a.json:
        with open(a.json, "w") as fh:
            json.dump(out, fh, indent=1)


if __name__ == "__main__":
    main()
