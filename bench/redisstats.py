"""Where Redis CPU goes in bench/sharded.sh (docs/BENCHMARKS.md "Rooms on Redis Cluster").

  redisstats.py snap FILE PORT...                              a snapshot of each Redis, as JSON
  redisstats.py report OUT LABEL IDLE0 IDLE1 LOAD0 LOAD1 MESSAGES  the breakdown, and OUT/LABEL-cpu.json

A snapshot holds, per Redis process: role, used_cpu_user/sys (getrusage of the whole process: its
commands, its event loop and the kernel's loopback TCP work its reads and writes trigger),
commandstats, read and write events, network bytes and the cluster bus messages by type.

The report subtracts each process's own idle CPU rate (IDLE0 -> IDLE1, measured in the same run
with every node connected and no load: cron at hz 10, cluster bus pings, replication pings, the
nodes' heartbeats) from its CPU over the load window (LOAD0 -> LOAD1) and divides by MESSAGES, the
room messages published in that window. A process counts under the role it had when the load
started. Primaries' CPU is the product's cost; replicas' is what replicating it costs, shown apart.

commandstats: a script's usec includes the commands it ran, and Redis 7 also lists those under
their own names (a replica lists what it applied from the replication stream). The time outside
commands (CPU minus script and client command time) is the event loop and I/O: reading requests,
writing replies, delivering to subscribers, the replication stream, the cluster bus.
"""
import json
import subprocess
import sys
import time

SCRIPTS = ("evalsha", "eval", "evalsha_ro", "eval_ro", "fcall", "fcall_ro")
IO = ("total_reads_processed", "total_writes_processed", "total_net_input_bytes", "total_net_output_bytes")


def lines(port: str, *command: str) -> dict:
    out = subprocess.run(["redis-cli", "-p", port, *command], capture_output=True, text=True, timeout=10).stdout
    values = {}
    for line in out.replace("\r", "").splitlines():
        if ":" in line and not line.startswith("#"):
            k, v = line.split(":", 1)
            values[k] = v
    return values


def snap(path: str, ports):
    result = {}
    for port in ports:
        try:
            values = lines(port, "INFO", "everything")
            values.update({"cluster." + k: v for k, v in lines(port, "CLUSTER", "INFO").items()})
            values["_wall"] = str(time.time())
        except (subprocess.TimeoutExpired, OSError) as e:
            values = {"error": str(e)}
        result[port] = values
    json.dump(result, open(path, "w"))


def num(values: dict, key: str) -> float:
    try:
        return float(values.get(key, 0))
    except ValueError:
        return 0.0


def cpu(values: dict) -> float:
    return num(values, "used_cpu_user") + num(values, "used_cpu_sys")


def commands(values: dict) -> dict:
    out = {}
    for k, v in values.items():
        if k.startswith("cmdstat_"):
            fields = dict(f.split("=", 1) for f in v.split(","))
            out[k[len("cmdstat_"):]] = (int(fields["calls"]), int(fields["usec"]))
    return out


def bus(values: dict) -> dict:
    out = {}
    prefix = "cluster.cluster_stats_messages_"
    for k, v in values.items():
        if k.startswith(prefix) and (k.endswith("_sent") or k.endswith("_received")):
            name = k[len(prefix):]
            if name not in ("sent", "received"):
                out[name] = int(v)
    return out


def role(values: dict) -> str:
    return "primary" if values.get("role") == "master" else "replica"


def delta(new: dict, old: dict) -> dict:
    out = {}
    for k, v in new.items():
        d = tuple(a - b for a, b in zip(v, old.get(k, (0,) * len(v)))) if isinstance(v, tuple) else v - old.get(k, 0)
        if (d[0] if isinstance(d, tuple) else d) > 0:
            out[k] = d
    return out


def report(out, label, idle0, idle1, load0, load1, messages):
    i0, i1, l0, l1 = (json.load(open(p)) for p in (idle0, idle1, load0, load1))
    n = max(1, int(messages))
    rows = []
    for port in l1:
        a, b, x, y = l0.get(port, {}), l1[port], i0.get(port, {}), i1.get(port, {})
        broken = [s.get("error", "no snapshot") for s in (a, b, x, y) if not s or "error" in s]
        if broken:
            print(f"  {port}: no figures ({broken[0]})")
            continue
        idle_wall, load_wall = num(y, "_wall") - num(x, "_wall"), num(b, "_wall") - num(a, "_wall")
        idle_rate = (cpu(y) - cpu(x)) / idle_wall if idle_wall > 0 else 0.0
        loaded = cpu(b) - cpu(a)
        rows.append({
            "port": port, "role": role(a), "roleAtEnd": role(b), "loaded": loaded, "idleRate": idle_rate,
            "net": loaded - idle_rate * load_wall, "idle": idle_rate * load_wall,
            "user": num(b, "used_cpu_user") - num(a, "used_cpu_user"),
            "sys": num(b, "used_cpu_sys") - num(a, "used_cpu_sys"),
            "commands": delta(commands(b), commands(a)), "bus": delta(bus(b), bus(a)),
            "io": [num(b, k) - num(a, k) for k in IO],
        })
    print(f"  room messages in the load window: {n} (XADDs on the primaries; after a failover or reshard, "
          f"script calls, those that read missed messages back included)")
    print("  per Redis process, load window minus the process's own idle rate (per room message: us, events, bytes):")
    print("    port   role             loaded s idle ms/s  net s  user s  sys s | us/msg reads writes  B in  B out")
    for r in rows:
        shown = r["role"] if r["role"] == r["roleAtEnd"] else f"{r['role']}->{r['roleAtEnd']}"
        rd, wr, bi, bo = (v / n for v in r["io"])
        print(f"    {r['port']:<6} {shown:<16} {r['loaded']:8.2f} {r['idleRate'] * 1e3:9.2f} {r['net']:6.2f} "
              f"{r['user']:7.2f} {r['sys']:6.2f} | {r['net'] / n * 1e6:6.1f} {rd:5.2f} {wr:6.2f} {bi:5.0f} {bo:6.0f}")
    result = {"label": label, "messages": n, "processes": rows}
    for which in ("primary", "replica"):
        group = [r for r in rows if r["role"] == which]
        if not group:
            continue
        net = sum(r["net"] for r in group)
        user, sys_ = sum(r["user"] for r in group), sum(r["sys"] for r in group)
        cmds = {}
        for r in group:
            for k, (calls, usec) in r["commands"].items():
                c = cmds.setdefault(k, [0, 0])
                c[0] += calls
                c[1] += usec
        scripts = sum(usec for k, (calls, usec) in cmds.items() if k in SCRIPTS)
        print(f"  {which.replace('primary', 'primarie')}s ({len(group)}): {net / n * 1e6:.1f} us of CPU per room message summed "
              f"(idle {sum(r['idle'] for r in group):.2f} s subtracted; user {user / n * 1e6:.1f} us, "
              f"sys {sys_ / n * 1e6:.1f} us before subtracting)")
        if scripts:
            print(f"    inside scripts {scripts / n:.1f} us per room message (commandstats usec)")
        print("    commands per room message (calls, usec per call): " + ", ".join(
            f"{k} {calls / n:.3f} x {usec / calls:.2f}" for k, (calls, usec) in sorted(cmds.items(), key=lambda kv: -kv[1][0])))
        rd, wr, bi, bo = (sum(r["io"][i] for r in group) / n for i in range(4))
        print(f"    I/O per room message: {rd:.2f} read events, {wr:.2f} write events, {bi:.0f} B in, {bo:.0f} B out")
        busses = {}
        for r in group:
            for k, v in r["bus"].items():
                busses[k] = busses.get(k, 0) + v
        if busses:
            print("    cluster bus messages per room message: " + ", ".join(
                f"{k} {v / n:.3f}" for k, v in sorted(busses.items())))
        result[which] = {"cpuSeconds": net, "usPerMessage": net / n * 1e6, "scriptUsPerMessage": scripts / n,
                         "commands": cmds}
    primaries = [r["net"] for r in rows if r["role"] == "primary"]
    result["shardCpu"] = primaries
    if primaries and min(primaries) > 0:
        print(f"  busiest/least busy primary: {max(primaries) / min(primaries):.2f} "
              f"({' / '.join(f'{c:.2f}' for c in primaries)} s)")
    json.dump(result, open(f"{out}/{label}-cpu.json", "w"))


if __name__ == "__main__":
    if sys.argv[1] == "snap":
        snap(sys.argv[2], sys.argv[3:])
    elif sys.argv[1] == "report":
        report(*sys.argv[2:])
    else:
        sys.exit(__doc__)
