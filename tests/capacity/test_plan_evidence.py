"""The plan tracker's evidence for objective 4 (`capacity.plan_evidence`): every page named is a
real page with no arguments, and a name that is not fails the system check clearly."""

import csv

import pytest
from django.core.management import call_command
from django.core.management.base import SystemCheckError
from django.urls import reverse

from capacity import plan_evidence
from reporting.plan.services import PLAN_CSV


def test_every_url_name_in_the_mapping_reverses_with_no_arguments():
    names = plan_evidence.evidence_url_names()
    assert names
    for position, name in names:
        assert reverse(name).startswith("/"), (position, name)


def test_the_system_check_finds_nothing_wrong():
    assert plan_evidence.check_evidence_urls() == []


def test_a_missing_url_name_fails_the_check_naming_the_action_and_the_name(monkeypatch):
    monkeypatch.setitem(plan_evidence.EVIDENCE, 2, [("Plans", "capacity:no-such-page")])
    monkeypatch.setitem(plan_evidence.EVIDENCE, 19, [("Nothing", "capacity:jargon")])
    errors = plan_evidence.check_evidence_urls()
    assert sorted(e.id for e in errors) == ["capacity.E001", "capacity.E002"]
    missing = next(e for e in errors if e.id == "capacity.E001")
    assert "key action 2" in missing.msg
    assert "'capacity:no-such-page'" in missing.msg
    with pytest.raises(SystemCheckError, match="capacity:no-such-page"):
        call_command("check")


def test_the_positions_are_objective_4s_key_actions_and_three_have_no_feature():
    """11, 14 and 18 are work outside the product; 16 (evaluating training and support) is the
    steering report's section, which reporting adds itself."""
    with PLAN_CSV.open(newline="", encoding="utf-8") as f:
        positions = {int(r["position"]) for r in csv.DictReader(f) if r["objective_number"] == "4"}
    assert positions == set(range(1, 19))
    assert set(plan_evidence.EVIDENCE) <= positions
    assert positions - set(plan_evidence.EVIDENCE) == {11, 14, 16, 18}
    assert all(plan_evidence.EVIDENCE[p] for p in plan_evidence.EVIDENCE)
