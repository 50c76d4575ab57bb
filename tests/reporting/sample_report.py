"""A report shaped exactly like the contract for `reporting.reports.figures.report_for`, for page tests.

`use_sample_report(monkeypatch)` makes `reporting.reports.figures.report_for` return it (pages call it
through the module, so the patch reaches them).
"""

import copy

from cocreation.lib.periods import Period, parse_slug


def _period(p: Period) -> dict:
    return {"slug": p.slug, "label": p.label, "kind": p.kind}


def _figure(key, label, kind, current, previous, how, unit=""):
    return {
        "key": key,
        "label": label,
        "kind": kind,
        "unit": unit,
        "current": dict(zip(("value", "numerator", "denominator"), current, strict=True)),
        "previous": dict(zip(("value", "numerator", "denominator"), previous, strict=True)),
        "how": how,
    }


def sample_report(period: Period | str = "2026-q2", *, extra_figures: int = 0) -> dict:
    """A full sample report for the period; `extra_figures` adds more rows to the activity section."""
    if isinstance(period, str):
        period = parse_slug(period)
    report = {
        "version": 1,
        "disclosure": "steering",
        "period": _period(period),
        "previous_period": _period(period.previous()),
        "year_before_period": _period(period.same_period_a_year_before()),
        "computed_at": "2026-11-26T15:00:00+00:00",
        "sections": [
            {
                "key": "outcome1",
                "title": "Outcome 1: improved experience from being involved",
                "figures": [
                    _figure(
                        "o1_confidence_connection_purpose",
                        "Responses reporting improved confidence, connection or sense of purpose",
                        "percentage",
                        ("75.0%", "15", "20"),
                        ("*", "*", "10"),
                        "Experience survey answers in the period where the person agreed or "
                        "strongly agreed that taking part improved their confidence.",
                    ),
                    _figure(
                        "o2_experience_score_change",
                        "Average change in wellbeing score",
                        "mean",
                        ("-1.5", "", "10"),
                        ("", "", ""),
                        "The mean change in SWEMWBS score between two answers at least 3 months apart.",
                        unit="points",
                    ),
                ],
            },
            {
                "key": "outcome2",
                "title": "Outcome 2: services changed because of co-creation",
                "figures": [
                    _figure(
                        "o2_projects_measurable_change",
                        "Changes that show a measurable improvement",
                        "percentage",
                        ("40.0%", "10", "25"),
                        ("50.0%", "10", "20"),
                        "Published impact records in the period with evidence that got better.",
                    ),
                ],
            },
            {
                "key": "activity",
                "title": "Activity and reach",
                "figures": [
                    _figure(
                        "act_activities",
                        "Activities held",
                        "count",
                        ("45", "", ""),
                        ("30", "", ""),
                        "Activities that took place in the period, not counting cancelled ones.",
                    ),
                    _figure(
                        "act_participant_hours",
                        "Participant-hours",
                        "hours",
                        ("120", "", ""),
                        ("95", "", ""),
                        "Hours each person attended, added up.",
                        unit="hours",
                    ),
                    _figure(
                        "o1_case_studies_published",
                        "Case studies published",
                        "count",
                        ("*", "", ""),
                        ("0", "", ""),
                        "Case studies written in the period and published with consent.",
                    ),
                ]
                + [
                    _figure(
                        f"extra_{n}",
                        f"Extra figure {n}",
                        "count",
                        (str(10 + n), "", ""),
                        ("10", "", ""),
                        f"Extra figure {n} for tests.",
                    )
                    for n in range(extra_figures)
                ],
            },
        ],
        "levels": [
            {"level": 1, "name": "Inform", "activities": "10", "participant_hours": "25"},
            {"level": 2, "name": "Engage", "activities": "15", "participant_hours": "40"},
            {"level": 3, "name": "Involve", "activities": "*", "participant_hours": "*"},
            {"level": 4, "name": "Collaborate", "activities": "10", "participant_hours": "30"},
            {"level": 5, "name": "Co-create", "activities": "0", "participant_hours": "0"},
        ],
        "series": {
            "level_mix": {
                "periods": ["2025/26 Q3", "2025/26 Q4", "2026/27 Q1", "2026/27 Q2"],
                "levels": ["Inform", "Engage", "Involve", "Collaborate", "Co-create"],
                "activities": [
                    ["10", "10", "*", "0", "0"],
                    ["10", "15", "*", "10", "0"],
                    ["15", "10", "*", "10", "*"],
                    ["10", "15", "*", "10", "0"],
                ],
            },
            "representation": [
                {
                    "characteristic": "Ethnic group",
                    "group": "Black",
                    "community_pct": "*",
                    "population_pct": "3.1",
                    "under_represented": True,
                },
                {
                    "characteristic": "Ethnic group",
                    "group": "White",
                    "community_pct": "80.0",
                    "population_pct": "85.2",
                    "under_represented": False,
                },
            ],
            "outcome_trends": {
                "periods": ["2025/26 Q3", "2025/26 Q4", "2026/27 Q1", "2026/27 Q2"],
                "measures": [
                    {
                        "label": "Improved confidence, connection or purpose",
                        "values": ["60.0", "*", "", "75.0"],
                    }
                ],
            },
        },
    }
    return report


def changed_report(report: dict) -> dict:
    """The same report after the data changed: the outcome 1 headline went from 15 of 20 to 20 of 25."""
    changed = copy.deepcopy(report)
    figure = changed["sections"][0]["figures"][0]
    figure["current"] = {"value": "80.0%", "numerator": "20", "denominator": "25"}
    return changed


def use_sample_report(monkeypatch, report_for=None):
    """Make every page get the sample report for the period it asks about; returns the calls."""
    from reporting.reports import figures

    calls = []

    def fake(period, *, exact=False):
        calls.append(period)
        report = report_for(period) if report_for else sample_report(period)
        return {**report, "disclosure": "exact" if exact else "steering"}

    monkeypatch.setattr(figures, "report_for", fake)
    return calls
