#!/usr/bin/env python3
"""Turns the JSON lines of bench/run into bench/RESULTS.md: throughput and latency per scenario, each as a ratio to
the bare route measured in the same run, with the issue's targets, idle memory, start-up time and the machine's load."""
import json
import sys
from datetime import datetime, timezone

output_path, result_paths = sys.argv[1], sys.argv[2:]
rows = [json.loads(line) for path in result_paths for line in open(path) if line.strip()]

NAMES = {
    "baseline": "bare route `/bench/baseline` (ceiling)",
    "lookup": "public lookup `GET /tra-cuu/{code}`",
    "intake": "counter intake `POST /api/v1/dossiers`",
    "queue": "officer's work queue `GET /mot-cua/viec-can-lam`",
    "dossier": "dossier page `GET /mot-cua/ho-so/{code}`",
    "dashboard": "province dashboard `GET /bao-cao`",
    "open311": "Open311 `GET /open311/v2/requests.json`",
}
# p95 targets in milliseconds (issue #11); lookup also needs half the baseline's throughput.
TARGETS = {"intake": 15, "lookup": 5, "queue": 10, "dossier": 20, "dashboard": 200}


def ms(microseconds):
    return microseconds / 1000


lines = ["# MotCua load benchmark", "",
         f"Written by `bench/run` on {datetime.now(timezone.utc).strftime('%Y-%m-%d %H:%M UTC')}.",
         "wrk on loopback against one server process; ratios are to the bare route measured in the same run, which is what",
         "compares across machines. Latencies in milliseconds. Target: the issue's p95 bound (and for the lookup at least",
         "half the baseline's throughput).", ""]
for engine in ["sqlite", "postgres"]:
    mine = [r for r in rows if r.get("engine") == engine]
    if not mine:
        continue
    info = {}
    for r in mine:
        info.update({k: v for k, v in r.items() if k not in ("scenario",)})
    scenarios = {r["scenario"]: r for r in mine if "scenario" in r}
    base = scenarios.get("baseline")
    lines += [f"## {'SQLite (WAL)' if engine == 'sqlite' else 'PostgreSQL 15'}", "", f"- parameters: {info.get('parameters', '')}"]
    if "generation_seconds" in info:
        lines.append(f"- generation of the database in this run: {info['generation_seconds']:.0f} s (machine: {info.get('machine', '')})")
    else:
        lines.append("- database: reused from bench/.cache (generated earlier with the same parameters)")
    if "startup_ms" in info:
        lines.append(f"- start-up (process start → `/health` answers): {info['startup_ms']} ms (target ≤ 2000 ms: {'met' if info['startup_ms'] <= 2000 else 'MISSED'})")
        lines.append(f"- idle memory (RSS after start-up): {info['rss_idle_kb'] / 1024:.0f} MB (target ≤ 100 MB: {'met' if info['rss_idle_kb'] <= 100 * 1024 else 'MISSED'}); after the load: {info.get('rss_after_kb', 0) / 1024:.0f} MB")
        lines.append(f"- machine before the load: {info.get('machine_before', '')}; after: {info.get('machine_after', '')}")
    lines += ["", "| scenario | req/s | p50 | p95 | p99 | req/s ÷ baseline | p95 ÷ baseline p95 | errors | target (p95) | |",
              "|---|---:|---:|---:|---:|---:|---:|---:|---|---|"]
    for key in NAMES:
        r = scenarios.get(key)
        if not r:
            continue
        rps_ratio = f"{r['rps'] / base['rps']:.2f}" if base and base["rps"] else "—"
        p95_ratio = f"{r['p95'] / base['p95']:.1f}" if base and base["p95"] else "—"
        target = TARGETS.get(key)
        verdict = ""
        if target is not None:
            ok = r["requests"] > 0 and ms(r["p95"]) <= target and r["non2xx"] == 0
            if key == "lookup" and base:
                ok = ok and r["rps"] >= base["rps"] / 2
            verdict = "met" if ok else "MISSED"
        target_text = f"≤ {target} ms" + (", ≥ ½ baseline req/s" if key == "lookup" else "") if target else ""
        lines.append(f"| {NAMES[key]} | {r['rps']:.0f} | {ms(r['p50']):.2f} | {ms(r['p95']):.2f} | {ms(r['p99']):.2f} | {rps_ratio} | {p95_ratio} | {r['errors']} | {target_text} | {verdict} |")
    lines.append("")
open(output_path, "w").write("\n".join(lines) + "\n")

# A scenario that answered nothing, or answered errors, is a broken bench rather than a slow one.
broken = [f"{r['engine']} {r['scenario']}" for r in rows if "scenario" in r and (r["requests"] == 0 or r["non2xx"] > 0)]
if broken:
    print("bench: scenarios with errors or no answer: " + ", ".join(broken), file=sys.stderr)
    sys.exit(1)
