"""Record the differential corpus: random asyncio scenarios and CPython's log of each.

What it generates
    testdata/FAMILY.json for each family below: a JSON array, one scenario a line.
    A scenario is a short random program for one primitive of asyncio.locks or
    asyncio.queues: the main task runs its "ops" in order (spawn a task that waits on
    the primitive, cancel the task spawned n-th, release, notify, set, reset, abort,
    put, get, join, task_done, shutdown, "tick n" = n awaits of asyncio.sleep(0), ...)
    and every task logs what happened to it, with the primitive's repr after each step.
    The program always ends the same way: three ticks, cancel every task in the order
    they were spawned, gather them, log "end <repr>". The scenario stores its ops, the
    parameters of the primitive and the exact log CPython printed.

        semaphore  Semaphore and BoundedSemaphore (value 0..2)
        lock       Lock
        condition  Condition: wait() and wait_for(predicate), notify(n), notify_all()
        barrier    Barrier (parties 1..3): wait, reset, abort
        event      Event: wait, set, clear
        queue      Queue, LifoQueue, PriorityQueue (maxsize 0..3, 6 for some priority
                   queues, 0 meaning unbounded), int items 0..4

    The Go test next to this file (differential_test.go, replay_test.go) replays each
    scenario on goasyncio with a virtual clock and requires the same log, line for line.
    The op language and the log lines are defined here and in replay_test.go: change
    both together.

How to run
    Needs CPython 3.13 exactly (asyncio's scheduling changed between versions; on the
    project's machines: PYENV_VERSION=3.13.0). From the repository root:

        PYENV_VERSION=3.13.0 python3 internal/differential/gen.py

    It rewrites internal/differential/testdata/*.json. Every scenario has its own seed,
    its name (e.g. "lock-17" is random.Random("lock-17")), so the output is the same
    byte for byte on every run, and one scenario can be studied on its own:

        PYENV_VERSION=3.13.0 python3 internal/differential/gen.py lock-17

    prints that scenario (ops and log) instead of writing files.
"""

import asyncio
import json
import os
import random
import sys

# Scenarios per family. The whole corpus stays well under 1 MB.
COUNTS = {
    "semaphore": 200,
    "lock": 150,
    "condition": 150,
    "barrier": 150,
    "event": 150,
    "queue": 240,
}
MIN_OPS, MAX_OPS = 3, 20


def R(o):
    """repr of a lock without its address: <Lock [locked, waiters:1]>."""
    return "<" + type(o).__name__ + " [" + repr(o).split("[", 1)[1]


async def tick(n):
    for _ in range(n):
        await asyncio.sleep(0)


def pick(rng, weights):
    """One key of weights, drawn with those weights."""
    keys = list(weights)
    return rng.choices(keys, [weights[k] for k in keys])[0]


def gen_ops(rng, weights, spawn_arg, main_arg, max_ops=MAX_OPS):
    """A random list of MIN_OPS to max_ops ops, each "NAME" or "NAME ARG", drawn with
    weights (op name: weight). "cancel" takes the index of a task spawned before (and is
    skipped while there is none), "tick" 0..3; an op whose name starts with "spawn"
    takes spawn_arg(rng, name), any other main_arg(rng, name), None meaning none."""
    ops, spawned = [], 0
    for _ in range(rng.randint(MIN_OPS, max_ops)):
        op = pick(rng, weights)
        if op == "cancel":
            if spawned:
                ops.append(f"cancel {rng.randrange(spawned)}")
        elif op == "tick":
            ops.append(f"tick {rng.randint(0, 3)}")
        elif op.startswith("spawn"):
            arg = spawn_arg(rng, op)
            ops.append(op if arg is None else f"{op} {arg}")
            spawned += 1
        else:
            arg = main_arg(rng, op)
            ops.append(op if arg is None else f"{op} {arg}")
    return ops


class Run:
    """The main task's side of a scenario: the log, the tasks, the ops every family
    shares (cancel, tick) and the common ending."""

    def __init__(self):
        self.log, self.tasks = [], []

    def name(self):
        return f"t{len(self.tasks)}"

    def spawn(self, coro):
        self.tasks.append(asyncio.create_task(coro))

    async def common(self, op, arg):
        if op == "cancel":
            self.log.append(f"cancel t{arg} {self.tasks[arg].cancel()}")
        elif op == "tick":
            await tick(arg)
        else:
            raise ValueError(f"unknown op {op!r}")

    async def end(self, obj):
        await tick(3)
        for t in self.tasks:
            t.cancel()
        await asyncio.gather(*self.tasks, return_exceptions=True)
        self.log.append("end " + obj())
        return self.log


def split(op):
    name, _, arg = op.partition(" ")
    return name, (int(arg) if arg else None)


# --- semaphore ---------------------------------------------------------------------


def gen_semaphore(rng, index):
    return {
        "value": rng.randint(0, 2),
        "bounded": rng.random() < 0.4,
        "ops": gen_ops(
            rng,
            {"spawn": 35, "cancel": 20, "release": 15, "acquire": 10, "tick": 20},
            lambda rng, op: rng.randint(0, 2),
            lambda rng, op: None,
        ),
    }


async def run_semaphore(sc):
    r = Run()
    s = (asyncio.BoundedSemaphore if sc["bounded"] else asyncio.Semaphore)(sc["value"])

    def release(who):
        try:
            s.release()
            r.log.append(f"{who} released {R(s)}")
        except ValueError:
            r.log.append(f"{who} ValueError {R(s)}")

    async def holder(name, hold):
        try:
            await s.acquire()
        except asyncio.CancelledError:
            r.log.append(f"{name} cancelled {R(s)}")
            raise
        r.log.append(f"{name} acquired {R(s)}")
        try:
            await tick(hold)
        finally:
            release(name)

    for op, arg in map(split, sc["ops"]):
        if op == "spawn":
            r.spawn(holder(r.name(), arg))
        elif op == "release":
            release("main")
        elif op == "acquire":
            if s.locked():
                r.log.append(f"main sees locked {R(s)}")
            else:
                await s.acquire()
                r.log.append(f"main acquired {R(s)}")
        else:
            await r.common(op, arg)
    return await r.end(lambda: R(s))


# --- lock --------------------------------------------------------------------------


def gen_lock(rng, index):
    return {
        "ops": gen_ops(
            rng,
            {"spawn": 35, "cancel": 20, "toggle": 25, "tick": 20},
            lambda rng, op: rng.randint(0, 2),
            lambda rng, op: None,
        )
    }


async def run_lock(sc):
    r = Run()
    lk = asyncio.Lock()
    held = False

    async def holder(name, hold):
        try:
            await lk.acquire()
        except asyncio.CancelledError:
            r.log.append(f"{name} cancelled {R(lk)}")
            raise
        r.log.append(f"{name} acquired {R(lk)}")
        try:
            await tick(hold)
        finally:
            lk.release()
            r.log.append(f"{name} released {R(lk)}")

    for op, arg in map(split, sc["ops"]):
        if op == "spawn":
            r.spawn(holder(r.name(), arg))
        elif op == "toggle":  # release if main holds it, take it if free, else look
            if held:
                lk.release()
                held = False
                r.log.append(f"main released {R(lk)}")
            elif not lk.locked():
                await lk.acquire()
                held = True
                r.log.append(f"main acquired {R(lk)}")
            else:
                r.log.append(f"main sees {R(lk)}")
        else:
            await r.common(op, arg)
    if held:
        lk.release()
    return await r.end(lambda: R(lk))


# --- condition ---------------------------------------------------------------------


def gen_condition(rng, index):
    return {
        "ops": gen_ops(
            rng,
            {"spawn": 25, "spawn_for": 10, "cancel": 20, "notify": 15, "notify_all": 5, "bump": 8, "tick": 17},
            lambda rng, op: rng.randint(0, 2) if op == "spawn" else rng.randint(0, 3),
            lambda rng, op: rng.randint(0, 3) if op == "notify" else None,
        )
    }


async def run_condition(sc):
    r = Run()
    c = asyncio.Condition()
    level = 0  # what wait_for's predicates look at; "bump" raises it

    async def waiter(name, hold, need):
        # spawn HOLD: wait(), then hold the lock HOLD ticks; spawn_for NEED: wait_for(level >= NEED)
        try:
            async with c:
                try:
                    if need is None:
                        await c.wait()
                    else:
                        await c.wait_for(lambda: level >= need)
                except asyncio.CancelledError:
                    r.log.append(f"{name} wait cancelled locked={c.locked()} {R(c)}")
                    raise
                r.log.append(f"{name} woke level={level} {R(c)}")
                await tick(hold)
        except asyncio.CancelledError:
            r.log.append(f"{name} cancelled {R(c)}")
            raise
        r.log.append(f"{name} out {R(c)}")

    for op, arg in map(split, sc["ops"]):
        if op == "spawn":
            r.spawn(waiter(r.name(), arg, None))
        elif op == "spawn_for":
            r.spawn(waiter(r.name(), 0, arg))
        elif op in ("notify", "notify_all", "bump"):
            await c.acquire()
            if op == "notify":
                c.notify(arg)
                r.log.append(f"main notify {arg} {R(c)}")
            elif op == "notify_all":
                c.notify_all()
                r.log.append(f"main notify_all {R(c)}")
            else:
                level += 1
                c.notify_all()
                r.log.append(f"main bump level={level} {R(c)}")
            c.release()
        else:
            await r.common(op, arg)
    return await r.end(lambda: R(c))


# --- barrier -----------------------------------------------------------------------


def gen_barrier(rng, index):
    return {
        "parties": rng.randint(1, 3),
        "ops": gen_ops(
            rng,
            {"spawn": 45, "cancel": 20, "reset": 8, "abort": 5, "tick": 22},
            lambda rng, op: None,
            lambda rng, op: None,
        ),
    }


async def run_barrier(sc):
    r = Run()
    b = asyncio.Barrier(sc["parties"])

    async def party(name):
        try:
            i = await b.wait()
            r.log.append(f"{name} index {i} {R(b)}")
        except asyncio.CancelledError:
            r.log.append(f"{name} cancelled {R(b)}")
            raise
        except asyncio.BrokenBarrierError:
            r.log.append(f"{name} broken {R(b)}")

    for op, arg in map(split, sc["ops"]):
        if op == "spawn":
            r.spawn(party(r.name()))
        elif op == "reset":
            await b.reset()
            r.log.append(f"main reset {R(b)}")
        elif op == "abort":
            await b.abort()
            r.log.append(f"main abort {R(b)}")
        else:
            await r.common(op, arg)
    return await r.end(lambda: R(b))


# --- event -------------------------------------------------------------------------


def gen_event(rng, index):
    return {
        "ops": gen_ops(
            rng,
            {"spawn": 35, "cancel": 20, "set": 15, "clear": 10, "tick": 20},
            lambda rng, op: None,
            lambda rng, op: None,
        )
    }


async def run_event(sc):
    r = Run()
    ev = asyncio.Event()

    async def waiter(name):
        try:
            await ev.wait()
        except asyncio.CancelledError:
            r.log.append(f"{name} cancelled {R(ev)}")
            raise
        r.log.append(f"{name} woke is_set={ev.is_set()} {R(ev)}")

    for op, arg in map(split, sc["ops"]):
        if op == "spawn":
            r.spawn(waiter(r.name()))
        elif op == "set":
            ev.set()
            r.log.append(f"main set {R(ev)}")
        elif op == "clear":
            ev.clear()
            r.log.append(f"main clear {R(ev)}")
        else:
            await r.common(op, arg)
    return await r.end(lambda: R(ev))


# --- queue -------------------------------------------------------------------------

KINDS = {"fifo": asyncio.Queue, "lifo": asyncio.LifoQueue, "priority": asyncio.PriorityQueue}


def gen_queue(rng, index):
    kind = list(KINDS)[index % len(KINDS)]
    weights = {
        "spawn_get": 15, "spawn_put": 15, "spawn_join": 6, "cancel": 12,
        "put_nowait": 20, "get_nowait": 10, "task_done": 6,
        "shutdown": 1, "shutdown_immediate": 1, "tick": 14,
    }
    sizes = [0, 0, 0, 1, 2, 3]
    if kind == "priority":  # fill the heap deeper: heapq's order shows with 5+ items
        weights.update(put_nowait=35, get_nowait=15)
        sizes = [0, 0, 0, 6]
    return {
        "kind": kind,
        "maxsize": rng.choice(sizes),
        "ops": gen_ops(
            rng,
            weights,
            lambda rng, op: rng.randint(0, 4) if op == "spawn_put" else None,
            lambda rng, op: rng.randint(0, 4) if op == "put_nowait" else None,
            max_ops=25,
        ),
    }


async def run_queue(sc):
    r = Run()
    q = KINDS[sc["kind"]](sc["maxsize"])

    def S():  # str(q) with Go's list spelling: _queue=[1 2]
        return str(q).replace(", ", " ")

    async def waiter(name, what, call):
        # logs "NAME WHAT S" or "NAME ERROR S"; swallows every error but CancelledError
        try:
            v = await call()
            r.log.append(f"{name} {what(v)} {S()}")
        except BaseException as e:
            r.log.append(f"{name} {type(e).__name__} {S()}")
            if isinstance(e, asyncio.CancelledError):
                raise

    def now(what, call):
        # logs "main WHAT S" or "main OP ERROR S"
        try:
            v = call()
            r.log.append(f"main {what(v)} {S()}")
        except Exception as e:
            r.log.append(f"main {op} {type(e).__name__} {S()}")

    for op, arg in map(split, sc["ops"]):
        name = r.name()
        if op == "spawn_get":
            r.spawn(waiter(name, lambda v: f"got {v}", q.get))
        elif op == "spawn_put":
            r.spawn(waiter(name, lambda _, a=arg: f"put {a}", lambda a=arg: q.put(a)))
        elif op == "spawn_join":
            r.spawn(waiter(name, lambda _: "joined", q.join))
        elif op == "put_nowait":
            now(lambda _: f"put_nowait {arg}", lambda: q.put_nowait(arg))
        elif op == "get_nowait":
            now(lambda v: f"get_nowait {v}", q.get_nowait)
        elif op == "task_done":
            now(lambda _: "task_done", q.task_done)
        elif op == "shutdown":
            now(lambda _: "shutdown", q.shutdown)
        elif op == "shutdown_immediate":
            now(lambda _: "shutdown_immediate", lambda: q.shutdown(immediate=True))
        else:
            await r.common(op, arg)
    return await r.end(S)


# --- driver ------------------------------------------------------------------------

FAMILIES = {  # name: (gen_NAME(rng, index) -> scenario, run_NAME(scenario) -> log)
    "semaphore": (gen_semaphore, run_semaphore),
    "lock": (gen_lock, run_lock),
    "condition": (gen_condition, run_condition),
    "barrier": (gen_barrier, run_barrier),
    "event": (gen_event, run_event),
    "queue": (gen_queue, run_queue),
}


def scenario(family, index):
    gen, run = FAMILIES[family]
    seed = f"{family}-{index}"
    sc = {"seed": seed, **gen(random.Random(seed), index)}
    # a fresh event loop per scenario, as the Go test uses a fresh loop
    sc["log"] = asyncio.run(run(sc))
    return sc


def main():
    if sys.version_info[:2] != (3, 13):
        sys.exit(f"gen.py needs CPython 3.13 (this is {sys.version.split()[0]}): PYENV_VERSION=3.13.0 python3 {sys.argv[0]}")
    if len(sys.argv) > 1:  # gen.py FAMILY-INDEX: print one scenario
        family, _, index = sys.argv[1].rpartition("-")
        print(json.dumps(scenario(family, int(index)), indent=1))
        return
    out = os.path.join(os.path.dirname(os.path.abspath(__file__)), "testdata")
    os.makedirs(out, exist_ok=True)
    for family, count in COUNTS.items():
        lines = [json.dumps(scenario(family, i)) for i in range(count)]
        with open(os.path.join(out, family + ".json"), "w") as f:
            f.write("[\n" + ",\n".join(lines) + "\n]\n")


if __name__ == "__main__":
    main()
