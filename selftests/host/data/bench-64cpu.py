#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
#
# Writes bench-64cpu.jsonl, a synthetic run on a 64-CPU machine for
# selftests/host/scale_test.sh: the matrix's thread sweeps as they expand
# at 64 CPUs (1, 2, 4, ..., 64, 65, 128), on host-kernel and user-host
# (no VM) and on kernel and user-vm in a 64-vCPU guest under KVM. The
# lines are those of bench-sample.jsonl re-dressed; their rates come from
# made-up scaling curves (nothing here was measured): count scales to 64
# threads and stays flat, rcu readers scale, rwlock readers flatten at 8,
# spinlock and mutex lose with threads, spinning beats sleeping below a
# critical section of ~5 us at 64 threads and loses above, order ordered
# scales over 4096 accounts while coarse does not.
#   python3 bench-64cpu.py > bench-64cpu.jsonl
import copy
import json
import os

here = os.path.dirname(os.path.abspath(__file__))
tmpl = {}
for line in open(os.path.join(here, "bench-sample.jsonl")):
    d = json.loads(line)
    if d["side"] == "user-host" and d["structure"] not in tmpl and d["workload"]["threads"][1] == 0:
        tmpl[d["structure"]] = d

SIDES = {
    "host-kernel": ("6.12.9-amd64", "AMD EPYC 9554 64-Core Processor", "none"),
    "user-host": ("6.12.9-amd64", "AMD EPYC 9554 64-Core Processor", "none"),
    "kernel": ("6.1.0-57-amd64", "AMD EPYC 9554 64-Core Processor", "kvm"),
    "user-vm": ("6.1.0-57-amd64", "AMD EPYC 9554 64-Core Processor", "kvm"),
}
SWEEP = [1, 2, 4, 8, 16, 32, 64, 65, 128]
point = [0]


def line(st, mode, side, threads, rate, cs=0, keys=None, mode_id=0, lat=200):
    d = copy.deepcopy(tmpl[st])
    role = list(d["threads"].keys())[0]
    kernel, machine, accel = SIDES[side]
    if side in ("kernel", "host-kernel"):
        rate = int(rate * 1.1)
    elapsed = 300000000
    ops = int(rate * elapsed / 1e9)
    d.update(side=side, mode=mode, kernel=kernel, machine=machine,
             emulated=False, accel=accel, cpus=64, threads_run=threads,
             elapsed_ns=elapsed, point=point[0], repeat=0, attempts=1)
    d.pop("rcu_flavor", None)
    d.pop("host_other_cpu_pct", None)
    if side.startswith("user"):
        d["rcu_flavor"] = "memb"
    point[0] += 1
    d["threads"] = {role: threads}
    d["ops_per_sec"] = {role: rate}
    d["ops"] = {role: ops}
    d["thread_ops_min"] = {role: int(ops / threads * 0.9)}
    d["thread_ops_max"] = {role: int(ops / threads * 1.1)}
    d["failures"] = {role: 0}
    d["extra"] = {role: 0}
    d["latency_ns"] = {role: {"p50": lat, "p99": lat * 3, "max": lat * 40,
                              "samples": max(ops >> 8, 1)}}
    d["flags"] = ["oversubscribed"] if threads > 64 else []
    d["debug"] = []
    w = d["workload"]
    w.update(threads=[threads, 0], cs_ns=cs, mode=mode_id)
    if keys is not None:
        w["keys"] = keys
    return d


out = []
for side in SIDES:
    for t in SWEEP:
        eff = min(t, 64)
        out.append(line("count", "count", side, t, 400000000 * eff))
        out.append(line("route", "rcu", side, t, 15000000 * eff, keys=10000, mode_id=0))
        out.append(line("route", "rwlock", side, t, 9000000 * min(eff, 8), keys=10000, mode_id=1))
        out.append(line("lock", "spinlock", side, t, int(60000000 / (1 + 0.05 * t) / (3 if t > 64 else 1))))
        out.append(line("lock", "mutex", side, t, int(25000000 / (1 + 0.01 * t))))
        out.append(line("order", "ordered", side, t, 5000000 * eff, keys=4096, mode_id=0))
        out.append(line("order", "coarse", side, t, int(8000000 / (1 + 0.02 * t)), keys=4096, mode_id=2))
    for cs in (100, 1000, 10000, 100000):
        per = 1e9 / (cs + 50)
        out.append(line("lock", "spinlock", side, 64, int(per * (1.3 if cs < 5000 else 0.6)), cs=cs, lat=cs))
        out.append(line("lock", "mutex", side, 64, int(per), cs=cs, mode_id=1, lat=cs))
    out.append(line("lock", "spinlock", side, 128, int(1e9 / 1050 * 0.2), cs=1000, lat=5000))
    out.append(line("lock", "mutex", side, 128, int(1e9 / 1050 * 0.9), cs=1000, mode_id=1, lat=1000))
for d in out:
    print(json.dumps(d, separators=(",", ":")))
