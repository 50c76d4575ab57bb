"""The benchmark's tables in Markdown: the summary with the worst rows, and the whole table."""

from collections.abc import Iterable

from .registry import SKIP_NAMESPACES, SLOW_BUT_ACCEPTED, Plan, skips
from .timing import COLD, Outcome, Row

TARGET_MS = 300  # p95, warm or cold, at the whole-system size
WORST = 20


def over_target(rows: Iterable[Row]) -> list[Row]:
    return [row for row in rows if row.p95 > TARGET_MS]


def _queries(row: Row) -> str:
    small = "–" if row.small_queries is None else str(row.small_queries)
    return f"{small} → {row.queries}"


def table(rows: list[Row], floor: dict[str, float]) -> list[str]:
    lines = [
        "| URL | name | as | cache | median ms | p95 ms | × trivial | queries: small → whole | runs |",
        "|---|---|---|---|---:|---:|---:|---:|---:|",
    ]
    for row in rows:
        times = floor.get(row.role) or 1.0
        flag = " **over**" if row.p95 > TARGET_MS else ""
        lines.append(
            f"| `{row.path}` | {row.key} | {row.role} | {row.mode} | {row.median:,.1f} | "
            f"{row.p95:,.1f}{flag} | {row.median / times:,.1f} | {_queries(row)} | "
            f"{len(row.times)} |"
        )
    return lines


def summary(outcome: Outcome, plan: Plan) -> list[str]:
    """How many URLs were timed, and how many are over the target."""
    rows = outcome.rows
    names = {row.name for row in rows}
    over = over_target(rows)
    over_names = {row.name for row in over}
    cold = sum(1 for row in rows if row.mode == COLD)
    not_opened = [key for key, (opened, _) in outcome.opened_by.items() if not opened]
    namespaced = sum(1 for route, _ in plan.skipped if route.name not in skips())
    lines = [
        f"**Over target (p95 > {TARGET_MS} ms, warm or cold): {len(over_names)} of {len(names)} "
        f"URLs timed; {len(over)} of {len(rows)} rows** (a row is one URL opened as one role, "
        f"warm or cold: {len(rows) - cold} warm rows, {cold} cold).",
        "",
        f"The resolver's URLs: {len(names)} timed ({len(outcome.opened_by)} entries, counting "
        "each query string and period kind), "
        f"{len(plan.skipped)} not timed for a written reason ({namespaced} of them in "
        f"{', '.join(sorted(SKIP_NAMESPACES))}), "
        f"{len(not_opened)} opened by no role, {len(plan.missing)} without a bench entry "
        "(all listed in `bench/urls.md`).",
    ]
    if over:
        lines += ["", *left_over(over)]
    if outcome.problems:
        lines += ["", f"**{len(outcome.problems)} problems** (see `bench/urls.md`)."]
    return lines


def left_over(over: list[Row]) -> list[str]:
    """Each URL over the target, by its slowest p95, with why a user would accept it (if so)."""
    worst: dict[str, Row] = {}
    for row in over:
        if row.name not in worst or row.p95 > worst[row.name].p95:
            worst[row.name] = row
    accepted = [name for name in worst if name in SLOW_BUT_ACCEPTED]
    lines = [
        f"Over target: {len(worst)} URLs, {len(accepted)} with a reason a user would accept "
        "(`SLOW_BUT_ACCEPTED` in `reporting/benchmarks/registry.py`), the rest to be made faster:",
        "",
        "| URL | name | slowest p95 ms (as, cache) | why a user would accept it |",
        "|---|---|---:|---|",
    ]
    for name, row in sorted(worst.items(), key=lambda item: -item[1].p95):
        reason = SLOW_BUT_ACCEPTED.get(name, "none: to be made faster")
        lines.append(
            f"| `{row.path}` | {name} | {row.p95:,.0f} ({row.role}, {row.mode}) | {reason} |"
        )
    return lines


def full(outcome: Outcome, plan: Plan, floor: dict[str, float], header: list[str]) -> str:
    """bench/urls.md: every row, by URL, then what was not timed and why."""
    rows = sorted(outcome.rows, key=lambda r: (r.key, r.path, r.role, r.mode))
    lines = [
        *header,
        "",
        *summary(outcome, plan),
        "",
        "## Every URL timed",
        "",
        *table(rows, floor),
    ]
    if outcome.problems:
        lines += [
            "",
            "## Problems",
            "",
            "| entry | as | URL | what happened |",
            "|---|---|---|---|",
        ]
        lines += [
            f"| {k} | {role} | `{path}` | {what} |" for k, role, path, what in outcome.problems
        ]
    refused = [
        (key, refusals)
        for key, (opened, refusals) in sorted(outcome.opened_by.items())
        if not opened
    ]
    if refused:
        lines += ["", "## Opened by no role", "", "| URL | answers |", "|---|---|"]
        for key, refusals in refused:
            by_answer: dict[str, list[str]] = {}
            for role, status in refusals.items():
                by_answer.setdefault(status, []).append(role)
            answers = "; ".join(f"{', '.join(roles)}: {said}" for said, roles in by_answer.items())
            lines.append(f"| {key} | {answers} |")
    if plan.missing:
        lines += ["", "## Without a bench entry", ""]
        lines += [f"- {route.name} (`{route.route}`)" for route in plan.missing]
    lines += ["", "## Not timed, and why", "", "| URL | route | why |", "|---|---|---|"]
    skipped_namespaces: dict[str, tuple[int, str]] = {}
    for route, reason in plan.skipped:
        top = route.namespace.split(":")[0]
        if top and route.name not in skips():
            count, _ = skipped_namespaces.get(top, (0, reason))
            skipped_namespaces[top] = (count + 1, reason)
            continue
        lines.append(f"| {route.name} | `{route.route}` | {reason} |")
    for top, (count, reason) in skipped_namespaces.items():
        lines.append(f"| {top}: {count} URLs | `{top}/…` | {reason} |")
    return "\n".join(lines) + "\n"
