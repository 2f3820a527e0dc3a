"""The demo's SEN support: every point of the graduated approach at Oakfield and two other
schools, deterministic, with costs from the provision map."""

from __future__ import annotations

import pytest
from django.db.models import Sum
from django.utils import timezone

from sendpath.demo.common import SENCO_SCHOOL
from sendpath.demo.generator import load_demo
from sendpath.demo.support import load_support
from sendpath.people.models import Child, SettingAttendance
from sendpath.support import money
from sendpath.support.models import (
    Cycle,
    CycleAdvice,
    EvidenceOfNeed,
    NextStep,
    ProvisionEntry,
    PupilVoice,
    RegisterChange,
    SupportRecord,
    SupportSettings,
    Target,
    term_of,
)
from sendpath.support.readiness.selectors import readiness

pytestmark = pytest.mark.django_db


def snapshot() -> list[tuple]:
    return (
        sorted(
            (str(c.child_id), c.number, str(c.started_on), c.reviewed_on and str(c.reviewed_on))
            for c in Cycle.objects.all()
        )
        + sorted(
            (str(p.child_id), p.school_year, p.term, p.description, p.cost_pence)
            for p in ProvisionEntry.objects.all()
        )
        + sorted(
            (str(t.cycle.child_id), t.cycle.number, t.position, t.outcome)
            for t in Target.objects.select_related("cycle")
        )
    )


def test_demo_has_every_point_at_three_schools():
    summary = load_demo(seed=2026, children=200)
    assert any(line.startswith("  SEN support:") for line in summary.notes)
    schools = {c.school for c in Cycle.objects.select_related("school")}
    assert len(schools) == 3
    assert SENCO_SCHOOL in {s.name for s in schools}
    today_year, _ = term_of(summary_today())
    threshold = SupportSettings.objects.get().threshold_pence
    assert threshold == money.DEFAULT_THRESHOLD_PENCE
    for school in schools:
        pupils = Child.objects.filter(support_cycles__school=school).distinct()
        assert pupils.count() == 4
        for child in pupils:
            assert child.sen_provision == "K"
            assert not child.cases.filter(closed_at__isnull=True).exists()  # free to request
            assert RegisterChange.objects.filter(child=child, status="K").exists()
            assert SettingAttendance.objects.filter(
                child=child, organisation=school, end_date__isnull=True
            ).exists()
        cycles = {c.pk: Cycle.objects.filter(child=c).count() for c in pupils}
        # On K with a first cycle.
        assert 1 in cycles.values()
        # A third cycle with outside advice.
        assert CycleAdvice.objects.filter(
            cycle__school=school, cycle__number=3, cycle__reviewed_on__isnull=True
        ).exists()
        # Ready: reviewed cycles over two terms, advice with targets set from it, evidence,
        # provision above the threshold this school year.
        ready = [
            c
            for c in pupils
            if Cycle.objects.filter(child=c, next_step=NextStep.EHC_REQUEST).exists()
        ]
        assert len(ready) == 1
        child = ready[0]
        reviewed = Cycle.objects.filter(child=child, reviewed_on__isnull=False)
        first = reviewed.order_by("started_on").first()
        last = reviewed.order_by("-reviewed_on").first()
        assert first is not None
        assert last is not None
        assert last.reviewed_on is not None
        assert reviewed.count() >= 3
        assert (last.reviewed_on - first.started_on).days > 2 * 60
        assert CycleAdvice.objects.filter(cycle__child=child, targets_set_from_it=True).exists()
        assert EvidenceOfNeed.objects.filter(child=child).count() >= 2
        assert PupilVoice.objects.filter(child=child).exists()
        total = ProvisionEntry.objects.filter(child=child, school_year=today_year).aggregate(
            t=Sum("cost_pence")
        )["t"]
        assert total > threshold
        # ...and the readiness check itself says so; the pupil with gaps is not ready.
        check = readiness(child, summary_today())
        assert check.ready, [a.key for a in check.answers if not a.met]
        # Missing: cycles but no advice, no evidence, no voice, provision below the threshold.
        missing = [
            c
            for c in pupils
            if Cycle.objects.filter(child=c).count() == 2
            and not CycleAdvice.objects.filter(cycle__child=c).exists()
        ]
        assert len(missing) == 1
        assert not EvidenceOfNeed.objects.filter(child=missing[0]).exists()
        assert not PupilVoice.objects.filter(child=missing[0]).exists()
        low = ProvisionEntry.objects.filter(child=missing[0]).aggregate(t=Sum("cost_pence"))["t"]
        assert low < threshold
        assert not readiness(missing[0], summary_today()).ready
    # Costs are the provision map's own arithmetic.
    for entry in ProvisionEntry.objects.all():
        assert entry.cost_pence == money.term_cost(
            money.Costing(
                rate_pence=entry.rate_pence,
                per_session=entry.cost_basis == "session",
                minutes_per_week=entry.minutes_per_week,
                sessions_per_week=entry.sessions_per_week,
                weeks=entry.weeks,
                group_size=entry.group_size,
            )
        )


def summary_today():
    return timezone.localdate()


def test_demo_support_is_deterministic():
    load_demo(seed=2026, children=200)
    first = snapshot()
    home = SupportSettings.objects.get().authority
    for model in (
        ProvisionEntry,
        PupilVoice,
        EvidenceOfNeed,
        CycleAdvice,
        RegisterChange,
        SupportRecord,
        SupportSettings,
    ):
        model.objects.all().delete()
    for cycle in Cycle.objects.order_by("-number"):
        cycle.delete()
    load_support(seed=2026, today=timezone.localdate(), home=home)
    assert snapshot() == first
