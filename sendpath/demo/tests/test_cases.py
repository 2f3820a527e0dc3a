"""The demo's statutory cases: every stage, valid timelines, the engine's deadlines, a real
Monday morning on the caseworker's worklist."""

from __future__ import annotations

import datetime as dt
import time
from collections import Counter
from dataclasses import dataclass
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

from sendpath.demo.authority.build import DemoSummary, build_demo
from sendpath.demo.cases.build import _points, _shares, build_cases
from sendpath.demo.cases.content import POINTS, RECENT, STAGE_SHARES, TEAM
from sendpath.demo.common import DEMO_PASSWORD
from sendpath.demo.generator import load_demo
from sendpath.ehc.amendments import compare as amendment_compare
from sendpath.ehc.amendments import selectors as amendment_selectors
from sendpath.ehc.cases import holders, services, stages
from sendpath.ehc.cases import selectors as case_selectors
from sendpath.ehc.models import (
    OPEN_STAGES,
    Case,
    CaseEvent,
    Deadline,
    Plan,
    PlanStatus,
    PlanVersion,
    Stage,
)
from sendpath.ehc.requests import selectors
from sendpath.ehc.reviews import selectors as review_selectors
from sendpath.people.models import Role, User
from sendpath.timescales import compute

TODAY = dt.date(2026, 3, 10)


def _snapshot(cases) -> list[tuple]:
    return [
        (
            str(d.case.pk),
            str(d.child.pk),
            d.case.reference,
            d.stage,
            d.case.received_on,
            d.case.caseworker.username,
            [(e.type, e.date, sorted(e.details.items()), e.note) for e in d.events],
        )
        for d in cases
    ]


def _build(seed: int, children: int = 300):
    plan = build_demo(seed=seed, children=children, today=TODAY)
    caseworker = next(u for u in plan.users if u.username == "caseworker")
    return build_cases(
        seed=seed,
        today=TODAY,
        home=plan.home,
        children=plan.children,
        organisations=plan.organisations,
        attendances=plan.attendances,
        family=plan.family,
        caseworker=caseworker,
    )


# ---------------------------------------------------------------------------------------------
# Without a database, and the command on an empty one


def test_the_same_seed_gives_the_same_cases_and_another_does_not() -> None:
    first, again, other = _build(2026), _build(2026), _build(2027)
    assert _snapshot(first.cases) == _snapshot(again.cases)
    assert _snapshot(first.cases) != _snapshot(other.cases)
    # 400 on the pathway for 1,500 children, in proportion, and a plan for every other child
    # shown with one.
    assert (
        len([d for d in first.cases if d.stage != Stage.FINAL_ISSUED])
        == 80 - _shares(80)[Stage.FINAL_ISSUED]
    )
    plan = build_demo(seed=2026, children=300, today=TODAY)
    marked = {
        c.pk
        for c in plan.children
        if c.sen_provision == "E" and c.responsible_authority_id == plan.home.pk
    }
    assert marked == {d.child.pk for d in first.cases if d.stage == Stage.FINAL_ISSUED}


def test_every_built_timeline_is_one_the_engine_accepts_and_never_in_the_future() -> None:
    built = _build(11)
    for demo in built.cases:
        events = demo.effective()
        assert all(
            e.date is None or e.date <= TODAY or e.type in services.FUTURE_DATED
            for e in demo.events
        )
        assert all(e.date is None or e.date >= demo.child.date_of_birth for e in demo.events)
        compute(
            {
                "as_of": TODAY.isoformat(),
                "date_of_birth": demo.child.date_of_birth.isoformat(),
                "events": [
                    services.engine_event(CaseEvent(type=e.type, date=e.date, details=e.details))
                    for e in events
                    if e.type in services.ENGINE_TYPES
                ],
            }
        )
        stage = stages.stage_for(
            [CaseEvent(type=e.type, date=e.date, details=e.details) for e in events]
        )
        assert stage == demo.stage


def test_final_plans_stand_at_every_point_of_the_review_cycle() -> None:
    built = _build(11, children=1500)
    points = Counter(d.point for d in built.cases if d.stage == Stage.FINAL_ISSUED)
    assert set(points) == {*POINTS, RECENT}
    # Every point, and more plans between reviews than anywhere else (plans issued in years past).
    assert points["maintain"] == max(points.values())
    assert sum(points.values()) > dict(STAGE_SHARES)[Stage.FINAL_ISSUED]
    assert not any(d.point for d in built.cases if d.stage != Stage.FINAL_ISSUED)
    # A meeting may be arranged for a day to come, recorded on a day gone.
    ahead = [
        e
        for d in built.cases
        for e in d.events
        if e.type == "review_meeting_scheduled" and e.date and e.date > TODAY
    ]
    assert ahead
    assert all(e.recorded_on and e.recorded_on <= TODAY for e in ahead)
    assert len(_points(10)) == 10
    assert _points(5) == list(POINTS)[:5]


def test_stage_shares_add_up_for_any_size() -> None:
    for total in (27, 40, 53, 400, 401):
        counts = _shares(total)
        assert sum(counts.values()) == total
    assert _shares(400) == dict(STAGE_SHARES)


@pytest.mark.django_db
def test_the_command_loads_the_cases_unless_told_not_to() -> None:
    out = StringIO()
    call_command("demo", "--children", "150", "--seed", "5", stdout=out)
    text = out.getvalue()
    # 40 cases on the pathway for 150 children, and a plan for every other child shown with one.
    shares = _shares(40)
    assert Case.objects.exclude(stage=Stage.FINAL_ISSUED).count() == 40 - shares[Stage.FINAL_ISSUED]
    assert Case.objects.filter(stage=Stage.FINAL_ISSUED).count() > shares[Stage.FINAL_ISSUED]
    assert holders.disagreeing()[0].count() == holders.disagreeing()[1].count() == 0
    assert f"Statutory cases (EHC needs assessments): {Case.objects.count():>6,}" in text
    assert "The caseworker account has" in text
    assert User.objects.filter(username__in=[u for u, _, _ in TEAM]).count() == len(TEAM)


@pytest.mark.django_db
def test_the_command_can_leave_the_cases_out() -> None:
    call_command("demo", "--children", "100", "--no-cases", stdout=StringIO())
    assert not Case.objects.exists()
    assert not User.objects.filter(username="caseworker2").exists()


# ---------------------------------------------------------------------------------------------
# The full demo, loaded once for the tests in this class


@dataclass
class Loaded:
    summary: DemoSummary
    seconds: float
    today: dt.date


@pytest.fixture(scope="class")
def loaded(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        started = time.perf_counter()
        summary = load_demo(cases=True)
        seconds = time.perf_counter() - started
        yield Loaded(summary, seconds, timezone.localdate())
        transaction.set_rollback(True)


@pytest.mark.django_db
@pytest.mark.usefixtures("loaded")
class TestTheLoadedDemo:
    def test_loads_quickly(self, loaded: Loaded) -> None:
        assert loaded.seconds < 60
        assert any("Statutory cases" in line for line in loaded.summary.lines())

    def test_about_400_cases_at_every_stage(self) -> None:
        stages = Counter(Case.objects.values_list("stage", flat=True))
        pathway = Counter(dict(STAGE_SHARES))
        assert {k: v for k, v in stages.items() if k != Stage.FINAL_ISSUED} == {
            k: v for k, v in pathway.items() if k != Stage.FINAL_ISSUED
        }
        # A plan for every child shown with one: this year's and those issued in years past.
        assert stages[Stage.FINAL_ISSUED] > 4 * pathway[Stage.FINAL_ISSUED]
        assert set(stages) == set(Stage) - {Stage.WITHDRAWN}  # the app has no withdrawal yet
        # Closed: refusals whose 2-month appeal window has passed, as case_close allows.
        closed = Case.objects.filter(closed_at__isnull=False)
        assert set(closed.values_list("stage", flat=True)) == {Stage.NOT_ASSESSED, Stage.NO_PLAN}
        assert not closed.filter(stage__in=OPEN_STAGES).exists()
        assert not Deadline.objects.filter(
            case__in=closed, pending=True, family_limit=False
        ).exists()
        assert all(c.closed_reason for c in closed)

    def test_request_dates_spread_over_the_last_40_weeks(self, loaded: Loaded) -> None:
        today = loaded.today
        # Plans in force, some well into their review cycle, were asked for up to 30 months ago.
        new = Case.objects.exclude(stage=Stage.FINAL_ISSUED)
        earliest = min(Case.objects.values_list("received_on", flat=True))
        assert earliest >= today - dt.timedelta(days=30 * 31)
        received = list(new.values_list("received_on", flat=True))
        assert min(received) >= today - dt.timedelta(weeks=41)
        assert max(received) <= today
        by_month = Counter((today - r).days // 30 for r in received)
        assert len(by_month) >= 9

    def test_deadlines_are_met_late_open_and_overdue_with_some_exceptions(
        self, loaded: Loaded
    ) -> None:
        statuses = Counter(Deadline.objects.values_list("status", flat=True))
        for status in ("met", "late", "open", "overdue"):
            assert statuses[status] >= 10, statuses
        final = Deadline.objects.filter(key="issue_final_plan", case__stage=Stage.FINAL_ISSUED)
        on_time = final.filter(status="met").count()
        assert 0.3 < on_time / final.count() < 0.7  # England: 46% within 20 weeks
        overdue = Case.objects.open().filter(next_due__lt=loaded.today)
        # Overdue, but not most of the caseload: from 28% to 35% of open cases across the year
        # (the share moves with term dates and the review cycle), so bounded at 40%.
        assert 40 <= overdue.count() <= 0.4 * Case.objects.open().count()
        exceptions = Deadline.objects.exclude(exception="")
        assert 10 <= exceptions.values("case").distinct().count() <= 0.12 * Case.objects.count()
        assert exceptions.filter(exception="school_closure").exists()
        assert Case.objects.filter(week20_exception=True).exists()
        event = CaseEvent.objects.filter(type="exception").first()
        assert event is not None
        assert event.details["applies_to_label"]
        assert event.details["reason"]
        assert event.note

    def test_stored_deadlines_equal_a_fresh_engine_computation(self, loaded: Loaded) -> None:
        today = loaded.today
        cases = Case.objects.select_related("child").prefetch_related("deadlines")
        for case in cases:
            events = services.effective_events(case)
            fresh = compute(services.engine_input(case, events, today))["deadlines"]
            stored = [
                (
                    d.key,
                    d.due.isoformat(),
                    d.status,
                    d.completed_on.isoformat() if d.completed_on else None,
                    d.exception or None,
                )
                for d in sorted(case.deadlines.all(), key=lambda d: (d.due, d.key))
            ]
            expected = [
                (r["key"], r["due"], r["status"], r["completed_on"], r["exception"]) for r in fresh
            ]
            assert stored == expected, case.reference
            assert case.stage == stages.stage_for(events)
            assert stored, case.reference
            pending = sorted(
                (d.due, d.key) for d in case.deadlines.all() if d.pending and not d.family_limit
            )
            assert (case.next_due, case.next_key) == (pending[0] if pending else (None, ""))

    def test_timelines_read_well_on_the_case_page(self) -> None:
        requests = CaseEvent.objects.filter(type="request_received")
        assert requests.count() == Case.objects.count()
        for event in requests[:50]:
            assert event.details["source_label"]
            assert event.recorded_by_id
        for event in CaseEvent.objects.filter(type="advice_requested")[:100]:
            assert {"id", "source", "source_label", "organisation", "author", "email"} <= set(
                event.details
            )
            assert event.details["email"].endswith(".example")
        assert CaseEvent.objects.filter(type="advice_received").exists()
        assert CaseEvent.objects.filter(type="existing_advice_agreed").exists()
        responses = CaseEvent.objects.filter(type="setting_responded")
        assert responses.filter(details__can_meet=True).exists()
        assert responses.filter(details__can_meet=False).exists()
        decisions = CaseEvent.objects.filter(type="decision_to_assess")
        assert all(e.details["reasons"] for e in decisions[:50])
        # A few corrections, kept beside what they corrected.
        corrections = CaseEvent.objects.filter(supersedes__isnull=False)
        assert corrections.exists()
        assert all(c.note.startswith("Correction:") for c in corrections)
        assert CaseEvent.objects.filter(type="caseworker_assigned").exists()
        # Each step recorded on its day (or, for a correction, a little later), never ahead.
        now = timezone.now()
        for event in CaseEvent.objects.exclude(date=None).filter(
            supersedes=None, superseded_by=None
        ):
            if event.type in services.FUTURE_DATED:  # a meeting is arranged ahead of its day
                assert timezone.localdate(event.recorded_at) <= event.date
            else:
                assert timezone.localdate(event.recorded_at) == event.date
        for event in CaseEvent.objects.all():
            assert event.recorded_at <= now
        for correction in corrections:
            assert correction.recorded_at > correction.supersedes.recorded_at

    def test_children_fit_their_stage(self, loaded: Loaded) -> None:
        for case in Case.objects.select_related("child"):
            child = case.child
            assert child.responsible_authority.la_code == "999"
            if case.stage == Stage.FINAL_ISSUED:
                assert child.sen_provision == "E"
            else:
                assert child.sen_provision in ("K", "N")
            if child.sen_provision == "N":
                assert (case.received_on - child.date_of_birth).days < 6 * 365
            if case.request_source == "young_person":
                assert (case.received_on - child.date_of_birth).days >= 16 * 365

    def test_plans_at_draft_and_final_stage_follow_the_golden_thread(self) -> None:
        assert Plan.objects.count() == Case.objects.count()  # one per case, as case_open makes
        final = Plan.objects.filter(case__stage=Stage.FINAL_ISSUED)
        assert final.count() == Case.objects.filter(stage=Stage.FINAL_ISSUED).count()
        for plan in final.prefetch_related("needs__outcomes", "needs__provisions")[:40]:
            assert plan.status == PlanStatus.FINAL
            assert plan.issued_on
            assert plan.draft_sent_on
            assert plan.placement_id
            assert plan.section_a
            assert plan.section_i
            issued = plan.case.events.get(type="final_plan_issued").date
            assert plan.issued_on == issued
            needs = list(plan.needs.all())
            assert len(needs) >= 2
            for need in needs:
                assert need.outcomes.exists()
                assert need.provisions.exists()
        sent = Plan.objects.filter(case__stage=Stage.DRAFT_SENT)
        assert all(p.status == PlanStatus.DRAFT_SENT and p.draft_sent_on for p in sent)
        drafting = Plan.objects.filter(case__stage=Stage.DRAFTING)
        assert all(p.needs.exists() for p in drafting)
        assert not Plan.objects.filter(case__stage=Stage.REQUESTED, needs__isnull=False).exists()

    def test_the_caseworker_has_a_monday_morning_worklist(self, loaded: Loaded) -> None:
        caseworker = User.objects.get(username="caseworker")
        cases = selectors.worklist(
            user=caseworker,
            filters=selectors.WorklistFilters(caseworker_id=caseworker.pk),
            today=loaded.today,
        )
        counts = selectors.worklist_counts(cases, loaded.today)
        assert 35 <= counts["open"] <= 45
        assert 3 <= counts["overdue"] <= 8
        assert counts["due_this_week"] >= 5
        stages = Counter(c.stage for c in cases)
        assert len(stages) >= 4
        first = list(cases[:5])
        assert first[0].next_due is not None
        assert first[0].next_due < loaded.today

    def test_the_manager_sees_the_whole_team(self, loaded: Loaded) -> None:
        manager = User.objects.get(username="manager")
        team = selectors.worklist(
            user=manager, filters=selectors.WorklistFilters(), today=loaded.today
        )
        assert team.count() == Case.objects.open().count() > 300
        holders = Counter(team.values_list("caseworker__username", flat=True))
        assert len(holders) == 1 + len(TEAM)
        # The demo caseworker's own list is kept short to read; the rest share the plans in force.
        assert holders["caseworker"] == 40
        assert all(80 <= n <= 160 for u, n in holders.items() if u != "caseworker"), holders
        assert {u.username for u in selectors.team_caseworkers(manager)} >= {
            "caseworker",
            *[u for u, _, _ in TEAM],
        }

    def test_the_other_caseworkers_can_sign_in(self) -> None:
        for username, first, last in TEAM:
            user = User.objects.get(username=username)
            assert user.role == Role.CASEWORKER
            assert user.get_full_name() == f"{first} {last}"
            assert user.authority
            assert user.authority.la_code == "999"
            assert user.check_password(DEMO_PASSWORD)

    # -- plans in force -----------------------------------------------------------------------

    def test_plans_in_force_stand_at_every_point_of_the_review_cycle(self, loaded: Loaded) -> None:
        today = loaded.today
        text = "\n".join(loaded.summary.lines())
        assert "review cycle" in text
        assert all(label in text for _, label in POINTS.values())
        manager = User.objects.get(username="manager")
        counts = review_selectors.review_counts(
            review_selectors.review_worklist(user=manager, today=today), today
        )
        assert counts[""] == Case.objects.filter(stage=Stage.FINAL_ISSUED).count()
        for group in ("due_soon", "overdue", "awaiting_report", "awaiting_decision"):
            assert counts[group] >= 2, counts
        deadlines = Deadline.objects.filter(case__stage=Stage.FINAL_ISSUED)
        statuses = set(deadlines.values_list("key", "status"))
        for key in ("annual_review", "review_invitations", "review_report", "review_decision"):
            assert (key, "overdue") in statuses, key
            assert {(key, "open"), (key, "met")} & statuses, key
        assert deadlines.filter(key="early_years_review").exists()
        # Meetings arranged for the coming weeks, with and without the invitations out.
        ahead = CaseEvent.objects.filter(type="review_meeting_scheduled", date__gt=today)
        assert ahead.exists()
        invited = CaseEvent.objects.filter(type="review_invitations_sent")
        assert ahead.filter(case__in=invited.values("case_id")).exists()
        assert ahead.exclude(case__in=invited.values("case_id")).exists()
        assert all(e.details["invited"] and e.details["reason"] for e in invited)
        assert all(e.details["kind_label"] for e in ahead)
        reports = CaseEvent.objects.filter(type="review_report_received")
        assert all(e.details["recommendations"] for e in reports)
        outcomes = set(
            CaseEvent.objects.filter(type="review_decision_notified").values_list(
                "details__outcome", flat=True
            )
        )
        assert outcomes == {"maintain", "amend", "cease"}
        # Amendments open and done.
        assert deadlines.filter(key="issue_amended_plan", pending=True).exists()
        assert deadlines.filter(key="issue_amended_plan", status="met").exists()
        # Phase transfers of the round being worked on, both kinds, on the transfers list.
        year = review_selectors.transfer_year(today)
        rows = review_selectors.transfers(user=manager, year=year)
        assert {r.kind for r in rows} == {"school", "post16"}
        assert all(r.deadline is not None for r in rows)
        for event in CaseEvent.objects.filter(type="phase_transfer"):
            assert event.date is None
            assert event.details["year"] == year
            assert event.details["kind_label"]
        # Moves out, and one ceased plan still maintained while the family may appeal.
        moves = CaseEvent.objects.filter(type="move_notified")
        assert 1 <= moves.count() <= 2
        for move in moves:
            assert {"move_date", "authority_id", "authority"} <= set(move.details)
            assert move.case.deadlines.filter(key="transfer_plan_out", pending=True).exists()
        ceased = CaseEvent.objects.get(type="plan_ceased")
        assert ceased.details["reason_label"]
        assert ceased.case.closed_at is None
        info = amendment_selectors.ceased_info(ceased.case)
        assert info is not None
        assert info.maintained_until is not None
        assert ceased.case.events.filter(
            type="decision_notice_sent", details__notice="plan_ceased"
        ).exists()

    def test_the_senco_has_reviews_to_host(self, loaded: Loaded) -> None:
        senco = User.objects.get(username="senco")
        cases = review_selectors.review_worklist(user=senco, today=loaded.today)
        counts = review_selectors.review_counts(cases, loaded.today)
        assert counts[""] >= 5
        assert counts["due_soon"] >= 1, counts
        assert counts["overdue"] >= 1, counts
        assert counts["awaiting_report"] >= 1, counts

    def test_amended_plans_keep_both_versions(self) -> None:
        amended = Case.objects.filter(events__type="amended_plan_issued").distinct()
        assert amended.exists()
        for case in amended:
            plan = Plan.objects.get(case=case)
            versions = amendment_selectors.versions(plan)
            assert [(v.number, v.kind) for v in versions] == [(1, "final"), (2, "amended")]
            assert versions[0].issued_on == plan.issued_on
            assert versions[1].event is not None
            assert versions[1].issued_on == versions[1].event.date
            changed = {s.letter for s in amendment_compare.compare(*versions) if s.changes}
            assert changed == {"F"}
        proposed = Case.objects.filter(events__type="amendment_proposed").exclude(pk__in=amended)
        assert proposed.exists()
        for case in proposed:
            assert case_selectors.amendment_open(case) is not None
            assert PlanVersion.objects.filter(plan__case=case).count() == 1


@pytest.mark.django_db
@pytest.mark.usefixtures("loaded")
class TestOneTruth:
    """Every child shown with a plan has one: the leader's count, the SEN Register and the
    reviews list agree (ADR 0013)."""

    def test_the_counts_agree(self, loaded: Loaded) -> None:
        from sendpath.people import selectors as people_selectors
        from sendpath.people.models import Child
        from sendpath.registers import selectors as register_selectors

        marked_without, holding_unmarked = holders.disagreeing()
        assert not marked_without.exists()
        assert not holding_unmarked.exists()
        leader = User.objects.get(username="leader")
        summary = dict(people_selectors.leader_summary(user=leader)["by_provision"])
        with_plan = summary["Education, health and care plan"]
        manager = User.objects.get(username="manager")
        register = register_selectors.sen_register(user=manager, status="E")
        reviews = review_selectors.review_counts(
            review_selectors.review_worklist(user=manager, today=loaded.today), loaded.today
        )
        in_force = holders.in_force().filter(child__in=Child.objects.counted_for(leader))
        assert with_plan > 400
        assert with_plan == register.count() == reviews[""] == in_force.count()

    def test_the_family_accounts_have_something_to_follow(self, loaded: Loaded) -> None:
        """The parent's child: a draft plan sent, the family's 15 days for comments running.
        The young person: a plan in force with the review meeting arranged and due."""
        from sendpath.ehc.presenters import live_status
        from sendpath.people.models import Child

        mine = Child.objects.get(family__user__username="parent")
        case = Case.objects.get(child=mine, closed_at__isnull=True)
        assert case.stage == Stage.DRAFT_SENT
        close = Deadline.objects.get(case=case, key="draft_representations_close")
        assert close.due >= loaded.today
        assert live_status(close, loaded.today) == "open"

        own = Child.objects.get(young_person_user__username="youngperson")
        plan = Case.objects.get(child=own, closed_at__isnull=True)
        assert plan.stage == Stage.FINAL_ISSUED
        assert plan.plan.status == "final"
        assert plan.plan.issued_on is not None
        assert plan.review_pending
        assert plan.review_due is not None
        assert plan.events.filter(type="review_meeting_scheduled", date__gte=loaded.today).exists()
        # What the young person told us once, shown on their pages and the caseworker's.
        from sendpath.portal.models import AllAboutMe

        [told] = AllAboutMe.objects.filter(child=own)
        assert told.written_by == "young_person"
        assert told.hopes
        assert told.likes
        assert told.created_at.date() < loaded.today
        # The messages the family accounts were sent about their latest steps: the parent's
        # about the draft plan gives the last day for comments the deadline gives.
        from sendpath.core.formatting import govuk_date
        from sendpath.core.models import NotifyMessage

        parent = mine.family.get(user__username="parent").user
        [draft] = NotifyMessage.objects.filter(to=parent.email, subject__contains="draft")
        assert draft.personalisation["due"] == govuk_date(close.due)
        assert NotifyMessage.objects.filter(personalisation__child=own.known_as).exists()

    def test_the_nightly_mend_puts_a_disagreeing_record_right(self) -> None:
        from sendpath.people.models import Child

        child = holders.ours().filter(sen_provision="K").exclude(cases__isnull=False).first()
        holder = holders.in_force().first().child
        Child.objects.filter(pk=child.pk).update(sen_provision="E")
        Child.objects.filter(pk=holder.pk).update(sen_provision="N")
        assert holders.reconcile() == (1, 1)
        child.refresh_from_db()
        holder.refresh_from_db()
        assert (child.sen_provision, holder.sen_provision) == ("K", "E")
        assert holders.reconcile() == (0, 0)

    def test_the_demos_sent_notices_read_as_sent_with_their_own_dates(self) -> None:
        from sendpath.ehc.notices import selectors as notice_selectors
        from sendpath.timescales.calendar import add_months

        sent = CaseEvent.objects.filter(type="decision_notice_sent").select_related("case")
        names = Counter(e.details.get(notice_selectors.NOTICE_KEY) for e in sent)
        assert set(names) <= set(notice_selectors.KINDS), names
        assert set(notice_selectors.KINDS) <= set(names), names
        checked = Counter()
        some = [
            event
            for name in names
            for event in sent.filter(details__notice=name).order_by("case__reference")[:15]
        ]
        for event in some:
            name = event.details[notice_selectors.NOTICE_KEY]
            notices = {n.kind.key: n for n in notice_selectors.notices_for(event.case)}
            if name not in notices:  # a later decision of the same kind replaced it
                continue
            notice = notices[name]
            assert notice.sent is not None, (event.case.reference, name)
            assert notice.preview_on is None
            assert notice.sent.date is not None
            assert notice.sent.date >= event.date
            # Dated from the notice's own sending, never from today.
            assert notice.appeal_by is not None
            assert notice.appeal_by >= add_months(notice.sent.date, 2)
            latest = CaseEvent.objects.filter(case=event.case, type="decision_notice_sent")
            if notice.sent == latest.order_by("date", "pk").last():
                stored = Deadline.objects.get(case=event.case, key="appeal_deadline")
                assert notice.appeal_by == stored.due
            checked[name] += 1
        assert set(checked) == set(names), (checked, names)
