"""Tables, targets, plots and reports/bench.md for `make bench` (see scripts/bench.py)."""

from __future__ import annotations

import json
from pathlib import Path

LATENCY_PLOT = "bench-latency.png"
THROUGHPUT_PLOT = "bench-throughput.png"


def _fmt(value: float | None, nd: int = 0, unit: str = "") -> str:
    if value is None:
        return "n/a"
    return f"{value:.{nd}f}{unit}"


def _ratio(a: float | None, b: float | None) -> str:
    if a is None or b is None or b == 0:
        return "n/a"
    return f"{a / b:.2f}x"


def _level(levels: list[dict], concurrency: int) -> dict:
    return next((x for x in levels if x["concurrency"] == concurrency), {})


def _cpu_per_msg(levels: list[dict], process: str | None = None) -> float | None:
    """Server CPU time over all levels divided by all messages: steadier than any one level."""
    cpu = sum(v for x in levels for k, v in (x.get("cpu_s") or {}).items() if process in (None, k))
    msgs = sum(x["messages"] for x in levels if x.get("cpu_s"))
    return 1000 * cpu / msgs if msgs else None


def rows(res: dict) -> list[tuple[str, str, str, str]]:
    a, r = res["assistant"], res["reference"]
    out = []
    out.append(
        (
            "training time (s)",
            _fmt(a["train_seconds"]) if a["train_seconds"] is not None else "not measured in this run",
            _fmt(r["train_seconds"]) + (" (cached)" if r.get("train_cached") else ""),
            _ratio(a["train_seconds"], r["train_seconds"]),
        )
    )
    out.append(
        (
            "start to first answer (s)",
            _fmt(a["first_answer_s"], 1),
            _fmt(r["first_answer_s"], 1),
            _ratio(a["first_answer_s"], r["first_answer_s"]),
        )
    )
    for c in res["latency_levels"]:
        la, lr = _level(a["latency"], c), _level(r["latency"], c)
        for key in ("p50_ms", "p95_ms", "p99_ms"):
            out.append(
                (
                    f"{key[:3]} latency @{c} concurrent (ms)",
                    _fmt(la.get(key)),
                    _fmt(lr.get(key)),
                    _ratio(la.get(key), lr.get(key)),
                )
            )
        out.append(
            (
                f"throughput @{c} concurrent, latency run (msg/s)",
                _fmt(la.get("msgs_per_s"), 1),
                _fmt(lr.get("msgs_per_s"), 1),
                _ratio(la.get("msgs_per_s"), lr.get("msgs_per_s")),
            )
        )
        out.append(
            (
                f"errors @{c} concurrent (of messages)",
                f"{la.get('errors', 'n/a')}/{la.get('messages', 'n/a')}",
                f"{lr.get('errors', 'n/a')}/{lr.get('messages', 'n/a')}",
                "",
            )
        )
    sa, sr = a["sustained_best"], r["sustained_best"]
    out.append(
        (
            "max sustained throughput, no errors (msg/s)",
            f"{_fmt(sa and sa['msgs_per_s'], 1)} @{sa and sa['concurrency']}",
            f"{_fmt(sr and sr['msgs_per_s'], 1)} @{sr and sr['concurrency']}",
            _ratio(sa and sa["msgs_per_s"], sr and sr["msgs_per_s"]),
        )
    )
    ta, tr = _level(a["sustained"], 8), _level(r["sustained"], 8)
    out.append(
        (
            "sustained throughput @8 concurrent (msg/s)",
            _fmt(ta.get("msgs_per_s"), 1),
            _fmt(tr.get("msgs_per_s"), 1),
            _ratio(ta.get("msgs_per_s"), tr.get("msgs_per_s")),
        )
    )
    out.append(
        (
            "  other load meanwhile (CPUs busy elsewhere)",
            _fmt(ta.get("other_load_cpus"), 2),
            _fmt(tr.get("other_load_cpus"), 2),
            "",
        )
    )
    ca, cr = ta.get("cpu_ms_per_msg"), tr.get("cpu_ms_per_msg")
    out.append(("server CPU per message, sustained @8 (ms)", _fmt(ca, 1), _fmt(cr, 1), _ratio(ca, cr)))
    ca, cr = _cpu_per_msg(a["sustained"]), _cpu_per_msg(r["sustained"])
    out.append(("server CPU per message, all sustained steps (ms)", _fmt(ca, 1), _fmt(cr, 1), _ratio(ca, cr)))
    ca, cr = _cpu_per_msg(a["sustained"], "rasa"), _cpu_per_msg(r["sustained"], "rasa")
    out.append(("  of which the Rasa server (ms)", _fmt(ca, 1), _fmt(cr, 1), _ratio(ca, cr)))
    for label, key in (("RSS Rasa server after load (MB)", "rasa"), ("RSS action server after load (MB)", "actions")):
        ma, mr = a["memory_after"].get(key), r["memory_after"].get(key)
        out.append(
            (
                label,
                _fmt(ma and ma["rss_mb"]),
                _fmt(mr and mr["rss_mb"]) if mr else "none",
                _ratio(ma and ma["rss_mb"], mr and mr["rss_mb"]),
            )
        )
    ma, mr = a["memory_after"].get("rasa"), r["memory_after"].get("rasa")
    out.append(
        (
            "PSS Rasa server after load (MB)",
            _fmt(ma and ma["pss_mb"]),
            _fmt(mr and mr["pss_mb"]),
            _ratio(ma and ma["pss_mb"], mr and mr["pss_mb"]),
        )
    )
    tot_a = sum(m["pss_mb"] for m in a["memory_after"].values() if m)
    tot_r = sum(m["pss_mb"] for m in r["memory_after"].values() if m)
    out.append(("PSS all processes after load (MB)", _fmt(tot_a), _fmt(tot_r), _ratio(tot_a, tot_r)))
    return out


P95_RATIO = 1.0  # issue 11: p95 at most the reference's at 1, 8 and 32 concurrent conversations
THROUGHPUT_RATIO = 1.5  # issue 11: sustained throughput at 8 concurrent at least 1.5x the reference's
DEGRADED_UP_TO = 64  # issue 11: no "having trouble" reply up to this many concurrent conversations


def targets(res: dict) -> list[tuple[str, bool, str]]:
    a, r = res["assistant"], res["reference"]
    out = []
    for c in res["latency_levels"]:
        pa, pr = _level(a["latency"], c).get("p95_ms"), _level(r["latency"], c).get("p95_ms")
        ok = pa is not None and pr is not None and pa <= P95_RATIO * pr
        out.append(
            (
                f"p95 @{c} concurrent <= {P95_RATIO:.1f}x reference",
                ok,
                f"{_fmt(pa)} ms vs limit {_fmt(pr and P95_RATIO * pr)} ms ({_ratio(pa, pr)})",
            )
        )
    ta, tr = _level(a["sustained"], 8), _level(r["sustained"], 8)
    xa, xr = ta.get("msgs_per_s"), tr.get("msgs_per_s")
    ok = xa is not None and xr is not None and xa >= THROUGHPUT_RATIO * xr and not ta.get("errors")
    out.append(
        (
            f"throughput @8 concurrent >= {THROUGHPUT_RATIO:.1f}x reference",
            ok,
            f"{_fmt(xa, 1)} vs limit {_fmt(xr and THROUGHPUT_RATIO * xr, 1)} msg/s ({_ratio(xa, xr)})",
        )
    )
    levels = [x for x in a["latency"] + a["sustained"] if x["concurrency"] <= DEGRADED_UP_TO]
    degraded = sum((x.get("error_types") or {}).get("degraded_reply", 0) for x in levels)
    reached = max((x["concurrency"] for x in a["sustained"]), default=0)
    out.append(
        (
            f'no "having trouble" reply up to {DEGRADED_UP_TO} concurrent conversations',
            degraded == 0 and reached >= DEGRADED_UP_TO,
            f"{degraded} of {sum(x['messages'] for x in levels)} messages"
            + ("" if reached >= DEGRADED_UP_TO else f"; sustained steps stopped at @{reached}"),
        )
    )
    ma, mr = a["memory_after"]["rasa"]["pss_mb"], r["memory_after"]["rasa"]["pss_mb"]
    out.append(
        ("assistant Rasa server PSS <= reference + 200 MB", ma <= mr + 200, f"{ma:.0f} MB vs limit {mr + 200:.0f} MB")
    )
    fa = a["first_answer_s"]
    out.append(("assistant start to first answer < 60 s", fa is not None and fa < 60, f"{_fmt(fa, 1)} s"))
    return out


def table_text(res: dict) -> str:
    data = [("", "assistant", "reference", "assistant/reference"), *rows(res)]
    widths = [max(len(row[i]) for row in data) for i in range(4)]
    lines = []
    for n, row in enumerate(data):
        lines.append(
            "  ".join(cell.ljust(widths[i]) if i == 0 else cell.rjust(widths[i]) for i, cell in enumerate(row))
        )
        if n == 0:
            lines.append("  ".join("-" * w for w in widths))
    return "\n".join(lines)


def targets_text(res: dict) -> str:
    return "\n".join(f"{'PASS' if ok else 'FAIL'}  {name}: {detail}" for name, ok, detail in targets(res))


def plots(res: dict, reports: Path) -> list[str]:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    import matplotlib.ticker

    colors = {"assistant": "tab:blue", "reference": "tab:orange"}
    fig, ax = plt.subplots(figsize=(7, 4.5))
    for bot in ("assistant", "reference"):
        levels = [x for x in res[bot]["latency"] if x.get("p50_ms") is not None]
        xs = [x["concurrency"] for x in levels]
        ax.plot(xs, [x["p50_ms"] for x in levels], "o-", color=colors[bot], label=f"{bot} p50")
        ax.plot(xs, [x["p95_ms"] for x in levels], "s--", color=colors[bot], label=f"{bot} p95")
    for bot in ("assistant", "reference"):
        for x in res[bot]["latency"]:
            if x.get("p95_ms") is not None:
                left = bot == "assistant"
                ax.annotate(
                    f"{x['p95_ms']:.0f}",
                    (x["concurrency"], x["p95_ms"]),
                    textcoords="offset points",
                    xytext=(-7 if left else 7, 5),
                    ha="right" if left else "left",
                    fontsize=8,
                    color=colors[bot],
                )
    ax.set_xscale("log", base=2)
    ax.set_yscale("log")
    ax.yaxis.set_major_formatter(matplotlib.ticker.FuncFormatter(lambda v, _: f"{v:g}"))
    ax.yaxis.set_minor_formatter(
        matplotlib.ticker.FuncFormatter(lambda v, _: f"{v:g}" if str(int(v))[0] in "25" else "")
    )
    ax.margins(x=0.1)
    ax.set_xticks(res["latency_levels"])
    ax.set_xticklabels([str(c) for c in res["latency_levels"]])
    ax.set_xlabel("concurrent conversations")
    ax.set_ylabel("per-message latency (ms, log scale)")
    ax.set_title("REST latency on loopback: assistant vs rasa init reference")
    ax.grid(True, alpha=0.3)
    ax.legend()
    fig.tight_layout()
    fig.savefig(reports / LATENCY_PLOT, dpi=110)
    plt.close(fig)

    fig, ax = plt.subplots(figsize=(7, 4.5))
    for bot in ("assistant", "reference"):
        steps = [x for x in res[bot]["sustained"] if x.get("msgs_per_s") is not None]
        xs = [x["concurrency"] for x in steps]
        ax.plot(xs, [x["msgs_per_s"] for x in steps], "o-", color=colors[bot], label=f"{bot} msg/s")
        bad = [x for x in steps if x.get("errors") or (x.get("p95_ms") or 0) > 2000]
        if bad:
            ax.plot(
                [x["concurrency"] for x in bad],
                [x["msgs_per_s"] for x in bad],
                "x",
                color="red",
                markersize=10,
                label=f"{bot}: errors or p95 > 2 s",
            )
    ax.set_xscale("log", base=2)
    ax.set_xticks(res["sustained_levels"])
    ax.set_xticklabels([str(c) for c in res["sustained_levels"]])
    ax.set_ylim(bottom=0)
    ax.set_xlabel("concurrent conversations (closed loop)")
    ax.set_ylabel("messages per second")
    ax.set_title("Sustained throughput")
    ax.grid(True, alpha=0.3)
    ax.legend()
    fig.tight_layout()
    fig.savefig(reports / THROUGHPUT_PLOT, dpi=110)
    plt.close(fig)
    return [LATENCY_PLOT, THROUGHPUT_PLOT]


LANGUAGE_REPORT = Path(__file__).resolve().parents[1] / "reports" / "language.json"


def spanish_section(res: dict) -> list[str]:
    """The assistant in Spanish beside English in this run, and the measured choice of one bilingual model
    over a model per language (scripts/measure_language.py -> reports/language.json)."""
    spanish = res["assistant"].get("spanish_latency") or []
    if not spanish:
        return []
    lines = [
        "",
        "## Spanish beside English",
        "",
        "The same six-turn conversation in Spanish (`ASSISTANT_TURNS_ES`), on the same servers, in this run.",
        "",
        "| concurrent | English p50 / p95 ms | Spanish p50 / p95 ms | Spanish errors |",
        "| ---: | ---: | ---: | ---: |",
    ]
    for level in spanish:
        english = _level(res["assistant"]["latency"], level["concurrency"])
        lines.append(
            f"| {level['concurrency']} | {_fmt(english.get('p50_ms'))} / {_fmt(english.get('p95_ms'))} | "
            f"{_fmt(level['p50_ms'])} / {_fmt(level['p95_ms'])} | {level['errors']} |"
        )
    if LANGUAGE_REPORT.exists():
        report = json.loads(LANGUAGE_REPORT.read_text(encoding="utf-8"))
        lines += [
            "",
            f"Architecture, measured by `scripts/measure_language.py` on {report.get('measured', '?')} "
            "(intent accuracy on the held-out sets; the classifier's own size and time per message):",
            "",
            "| arrangement | English accuracy | Spanish accuracy | MB | ms/message |",
            "| --- | ---: | ---: | ---: | ---: |",
        ]
        for name, row in report.get("arrangements", {}).items():
            lines.append(
                f"| {name} | {_fmt(row['accuracy'].get('en'), 3)} | {_fmt(row['accuracy'].get('es'), 3)} | "
                f"{_fmt(row.get('megabytes'), 1)} | {_fmt(row.get('ms_per_message'), 2)} |"
            )
        if report.get("deployed"):
            lines += ["", f"Deployed (config.yml): **{report['deployed']}**; docs/spanish.md says why."]
    return lines


def markdown(res: dict, images: list[str]) -> str:
    a, r = res["assistant"], res["reference"]
    lines = [
        "# Benchmark: assistant vs bare Rasa reference bot",
        "",
        f"Generated by `make bench` on {res['started']} in {res['wall_s']:.0f} s "
        f"({res['machine']}). Both bots ran side by side in the same run and were measured one at a time "
        "over the REST channel on loopback (127.0.0.1); the load generator ran on the same machine.",
        "",
        "| | assistant | reference | assistant/reference |",
        "| --- | ---: | ---: | ---: |",
    ]
    lines += [f"| {label} | {x} | {y} | {z} |" for label, x, y, z in rows(res)]
    lines += ["", "## Targets", "", "| target | result | figures |", "| --- | --- | --- |"]
    lines += [f"| {name} | {'PASS' if ok else '**FAIL**'} | {detail} |" for name, ok, detail in targets(res)]
    lines += spanish_section(res)
    lines += ["", "## Plots", ""] + [f"![{img}]({img})" for img in images]
    lines += [
        "",
        "## Latency levels",
        "",
        "| bot | concurrent | messages | errors | p50 ms | p95 ms | p99 ms | msg/s | server CPU ms/msg | "
        "other load (CPUs) | run |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for bot in ("assistant", "reference"):
        for x in res[bot]["latency"]:
            lines.append(
                f"| {bot} | {x['concurrency']} | {x['messages']} | {x['errors']} | {_fmt(x['p50_ms'])} | "
                f"{_fmt(x['p95_ms'])} | {_fmt(x['p99_ms'])} | {_fmt(x['msgs_per_s'], 1)} | "
                f"{_fmt(x.get('cpu_ms_per_msg'), 1)} | {_fmt(x.get('other_load_cpus'), 2)} | "
                f"{x.get('attempt', 1)} |"
            )
    lines += [
        "",
        "## Sustained throughput steps",
        "",
        "| bot | concurrent | messages | errors | p50 ms | p95 ms | msg/s | server CPU ms/msg | other load (CPUs) |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for bot in ("assistant", "reference"):
        for s in res[bot]["sustained"]:
            lines.append(
                f"| {bot} | {s['concurrency']} | {s['messages']} | {s['errors']} | {_fmt(s['p50_ms'])} | "
                f"{_fmt(s['p95_ms'])} | {_fmt(s['msgs_per_s'], 1)} | {_fmt(s.get('cpu_ms_per_msg'), 1)} | "
                f"{_fmt(s.get('other_load_cpus'), 2)} |"
            )
        lines.append(f"| {bot} | stopped: {res[bot]['sustained_stop']} | | | | | | | |")
    lines += [
        "",
        "## How it was measured",
        "",
        "- **Assistant**: what `make run` starts, through `scripts/local_servers.Servers`: "
        + (
            f"nginx on {res['ports']['assistant']} in front of {len(res['assistant_replicas'])} Rasa servers "
            f"(on {', '.join(map(str, res['assistant_replicas']))}; one SQLite database, conversation locks in "
            f"Redis), action server on {res['ports']['actions']}"
            if res.get("assistant_replicas")
            else f"Rasa server on {res['ports']['assistant']}, action server on {res['ports']['actions']}"
        )
        + "; model `models/miss-assistant.tar.gz`; its server CPU and memory include nginx and Redis. "
        "Conversation per user: " + "; ".join(f'"{t}"' for t in res["turns"]["assistant"]) + ".",
        f"- **Reference**: the `rasa init` starter bot in `build/reference-bot` (its default config, no "
        f"action server), `rasa run` with the REST channel on {res['ports']['reference']}. Conversation: "
        + "; ".join(f'"{t}"' for t in res["turns"]["reference"])
        + ".",
        f"- **Latency**: {res['conversations_per_level']} conversations x {len(res['turns']['assistant'])} "
        f"turns per level, at most {res['max_seconds_per_level']} s per level, after an unmeasured warm-up "
        "(8 conversations, 4 at a time); a message is timed from request to the end of the reply. "
        "Percentiles are nearest-rank over the messages without error. A level during which other "
        "processes kept more than 0.3 CPUs busy is measured once more and the quieter run kept.",
        f"- **Sustained throughput**: closed-loop users running conversation after conversation, concurrency "
        f"{', '.join(map(str, res['sustained_levels']))} for {res['sustained_seconds']:.0f} s each, stopping at "
        "the first level with an error; the best level without errors and with p95 <= 2 s counts. The step at 8 "
        "(the throughput target's) is measured once more if other processes kept more than 0.3 CPUs busy, "
        "and the quieter run kept.",
        "- **Errors**: transport failure, timeout (10 s), HTTP status other than 200, an empty or non-list "
        'reply, or the assistant\'s "having trouble" stop-gap reply.',
        "- **Start to first answer**: from starting the server process(es) until a first REST reply that is a "
        'real answer (assistant: the `dural_tear` topic for "what is a dural tear?"; reference: any '
        'text for "hello"), polled every 0.25 s. The reference is started and measured first, then the '
        "assistant, so they do not compete for CPU while loading.",
        "- **Server CPU per message**: user + system CPU time (psutil) of the bot's server "
        "processes (assistant: Rasa + action server) during a level, divided by its messages; it depends much less "
        "on what else the machine is doing than msg/s does.",
        "- **Other load**: CPU the machine spent busy (psutil.cpu_times) during a level minus what the load "
        "generator and the servers of both bots used, in CPUs' worth: the noise behind that level.",
        "- **Memory**: RSS and PSS (psutil), the process plus its children, read after all load. RSS counts "
        "memory shared between processes (libraries, the model) in each of them; PSS splits it between "
        "them, so the PSS of several processes adds up to what they take together.",
        f"- **Training time**: assistant: {a['train_note']}; reference: {r['train_note']}.",
        f"- **Machine load**: load average {res['loadavg_start']} at start, {res['loadavg_end']} at end"
        + (f"; other busy processes seen: {res['other_load']}" if res.get("other_load") else "")
        + ".",
        "",
        "Raw figures: `reports/bench.json`.",
    ]
    if res.get("notes"):
        lines += ["", "## Notes", ""] + [f"- {n}" for n in res["notes"]]
    return "\n".join(lines) + "\n"
