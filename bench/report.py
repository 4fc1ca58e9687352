"""bench/results.md: one section per dataset (replaced when the same scale is measured
again, others kept), with the date, the machine, the dataset, the command and the table."""

from __future__ import annotations

import os
import platform
import re
import statistics
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from django.db import connection

HEAD = """# Bench results

Pages of issue 13 against the floor view (one primary-key query through the full
middleware, same server, same run): `make bench` (bench/run.py). Time per request as a
multiple of the floor is the floor's requests per second over the page's, at the same
fixed concurrency, per round; the medians of three rounds are shown. Each request opens
its own connection, as behind a proxy (bench/run.py says why).
"""


@dataclass
class Measure:
    rps: float
    p50_ms: float
    p99_ms: float
    non_2xx: int = 0


def _machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        info = Path("/proc/cpuinfo").read_text()
        cpu = re.search(r"model name\s*:\s*(.+)", info).group(1).strip()
        memory = re.search(r"MemTotal:\s+(\d+)", Path("/proc/meminfo").read_text()).group(1)
        memory = f", {int(memory) // 1024 // 1024 + 1} GB RAM"
    except (OSError, AttributeError):
        memory = ""
    return f"{cpu}, {os.cpu_count()} cores{memory}; {platform.platform()}"


def _dataset() -> tuple[float, str]:
    tables = {
        "units": "compounds_unit",
        "users": "portal_user",
        "requests": "repair_requests_request",
        "request events": "repair_requests_requestevent",
        "notifications": "notifications_notification",
        "proposals": "deliberation_proposal",
        "votes": "deliberation_ownersvote",
        "ballots": "deliberation_ballot",
        "entries": "finance_entry",
        "statements": "finance_disclosure",
    }
    counts = {}
    with connection.cursor() as cursor:
        for label, table in tables.items():
            cursor.execute(f"SELECT count(*) FROM {table}")  # noqa: S608 - fixed names
            counts[label] = cursor.fetchone()[0]
        database = connection.vendor
        if database == "postgresql":
            cursor.execute("SHOW server_version")
            database = f"PostgreSQL {cursor.fetchone()[0]}"
    scale = round(counts["units"] / 100_000, 4)
    return scale, f"{database}; " + ", ".join(f"{n:,} {label}" for label, n in counts.items())


def _median(values) -> float:
    return statistics.median(values) if values else 0.0


def _table(pages, results) -> list[str]:
    lines = [
        "| page | as | status | queries | req/s | p50 ms | p99 ms | floor req/s | × floor "
        "| budget |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for page in pages:
        runs = results[page.name]
        ratios = [f.rps / m.rps for f, m in runs if m.rps]
        ratio = f"{_median(ratios):.1f}" if ratios else "— (no request finished)"
        within = "✓" if ratios and _median(ratios) <= page.budget else "✗"
        bad = sum(m.non_2xx for _f, m in runs)
        status = f"{page.status}" + (f" ({bad} non-2xx)" if bad else "")
        lines.append(
            f"| {page.name} | {page.persona} | {status} | {page.queries} "
            f"| {_median([m.rps for _f, m in runs]):.1f} "
            f"| {_median([m.p50_ms for _f, m in runs]):.1f} "
            f"| {_median([m.p99_ms for _f, m in runs]):.1f} "
            f"| {_median([f.rps for f, _m in runs]):.1f} | {ratio} | ≤ {page.budget} {within} |"
        )
    return lines


def _ratios(section: str) -> dict[str, tuple[str, float]]:
    """Page → (queries, × floor) from one scale's table in results.md."""
    found = {}
    for line in section.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) >= 9 and re.fullmatch(r"[\d.]+", cells[8]):
            found[cells[0]] = (cells[3], float(cells[8]))
    return found


def _growth(sections: dict[str, str]) -> list[str]:
    """Full scale against a tenth, page by page (issue 13: < 1.3, the same queries)."""
    full, tenth = _ratios(sections.get("1", "")), _ratios(sections.get("0.1", ""))
    if not full or not tenth:
        return []
    lines = [
        "## Full scale against a tenth",
        "",
        "Time per request as a multiple of the floor at full scale over the same at 1/10 "
        "(issue 13 asks < 1.3), and the queries at both.",
        "",
        "| page | queries 1/10 → full | × floor 1/10 → full | growth | < 1.3 |",
        "|---|---|---|---|---|",
    ]
    for name, (queries, ratio) in full.items():
        if name not in tenth:
            continue
        growth = ratio / tenth[name][1] if tenth[name][1] else float("inf")
        lines.append(
            f"| {name} | {tenth[name][0]} → {queries} | {tenth[name][1]:.1f} → {ratio:.1f} "
            f"| {growth:.2f} | {'✓' if growth < 1.3 else '✗'} |"
        )
    return [*lines, ""]


def write_report(out: Path, pages, results, *, command: str, settings: dict) -> None:
    scale, dataset = _dataset()
    title = f"## Scale {scale:g}"
    section = [
        title,
        "",
        f"- Date: {datetime.now(UTC):%Y-%m-%d %H:%M} UTC",
        f"- Machine: {_machine()}",
        f"- Dataset: `seed_scale --scale {scale:g}`: {dataset}",
        f"- Command: `{command}` (wrk, {settings['connections']} connections, "
        f"{settings['seconds']:g} s per run, {settings['rounds']} rounds; gunicorn gthread, "
        "2 workers × 4 threads)",
        "",
        *_table(pages, results),
        "",
    ]
    old = out.read_text() if out.exists() else HEAD
    parts = re.split(r"(?m)^(?=## )", old)
    kept = [
        p
        for p in parts[1:]
        if not p.startswith(title + "\n") and not p.startswith("## Full scale against")
    ]
    scales = [p for p in [*kept, "\n".join(section)] if p.startswith("## Scale ")]
    by_scale = {p.split("\n", 1)[0].removeprefix("## Scale ").strip(): p for p in scales}
    growth = _growth(by_scale)
    text = (
        parts[0].rstrip()
        + "\n\n"
        + ("\n".join(growth) + "\n" if growth else "")
        + "\n".join(section)
        + "".join("\n" + p.rstrip() + "\n" for p in kept)
    )
    out.write_text(text)
