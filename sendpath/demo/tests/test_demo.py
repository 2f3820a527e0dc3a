"""The Demoshire demo: deterministic, realistic, valid, scoped, and never loaded over real data."""

from __future__ import annotations

import csv
import datetime as dt
import re
import time
from collections import Counter
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from sendpath.core import identifiers
from sendpath.demo import dfe
from sendpath.demo.authority.build import DemoPlan, build_demo
from sendpath.demo.authority.specs import DEMO_ACCOUNTS, NEIGHBOURS
from sendpath.demo.common import (
    DEMO_PASSWORD,
    HOME_NAME,
    NOT_ALLOWED_MESSAGE,
    NOT_EMPTY_MESSAGE,
    SENCO_SCHOOL,
    DatabaseNotEmpty,
    DemoNotAllowed,
    DemoRefused,
)
from sendpath.demo.generator import load_demo
from sendpath.people.models import (
    AttendanceKind,
    Child,
    FamilyMember,
    Organisation,
    OrganisationKind,
    ProfessionalLink,
    Role,
    SettingAttendance,
    User,
)

TODAY = dt.date(2026, 3, 10)
DATA = dfe.dfe_data_dir()


@pytest.fixture(scope="module")
def full_plan() -> DemoPlan:
    return build_demo(seed=2026, children=1500, today=TODAY)


def snapshot(plan: DemoPlan) -> list[tuple]:
    rows: list[tuple] = [(str(o.pk), o.name, o.urn, o.ukprn) for o in plan.organisations]
    rows += [
        (
            str(c.pk),
            c.first_name,
            c.middle_names,
            c.last_name,
            c.date_of_birth,
            c.upn,
            c.uln,
            c.nhs_number,
            c.sen_provision,
            c.primary_need,
            c.postcode,
        )
        for c in plan.children
    ]
    rows += [(str(m.pk), m.full_name, m.telephone, m.email) for m in plan.family]
    rows += [(str(a.pk), a.organisation.name, a.start_date, a.end_date) for a in plan.attendances]
    rows += [(str(link.pk), str(link.child.pk), link.started_on) for link in plan.links]
    return rows


def ours(plan: DemoPlan) -> list[Child]:
    return [c for c in plan.children if c.responsible_authority_id == plan.home.pk]


# ---------------------------------------------------------------------------------------------
# The DfE figures


def test_embedded_figures_are_the_dfe_files_national_rows() -> None:
    from_file = dfe.read_national_figures(DATA)
    assert from_file.same_counts(dfe.EMBEDDED)
    assert sum(from_file.all_needs().values()) == 638745 - 4870  # all plans less need unknown


def test_without_the_data_folder_the_embedded_figures_give_the_same_demo(monkeypatch, tmp_path):
    monkeypatch.setenv("SENDPATH_DFE_DATA", str(tmp_path))
    assert dfe.national_figures() is dfe.EMBEDDED
    fallback = build_demo(seed=7, children=150, today=TODAY)
    monkeypatch.delenv("SENDPATH_DFE_DATA")
    assert snapshot(fallback) == snapshot(build_demo(seed=7, children=150, today=TODAY))


def test_neighbours_are_real_authorities_with_dfe_codes_and_999_is_not() -> None:
    with (DATA / "caseload.csv").open(encoding="utf-8-sig", newline="") as handle:
        real = {
            (r["old_la_code"], r["new_la_code"], r["la_name"])
            for r in csv.DictReader(handle)
            if r["geographic_level"] == "Local authority"
        }
    for authority in NEIGHBOURS:
        assert (authority.la_code, authority.ons_code, authority.name) in real
    assert "999" not in {code for code, _, _ in real}
    assert len(NEIGHBOURS) == 12


# ---------------------------------------------------------------------------------------------
# The plan, without a database


def test_the_same_seed_gives_the_same_data_and_another_seed_does_not() -> None:
    first = build_demo(seed=2026, children=200, today=TODAY)
    again = build_demo(seed=2026, children=200, today=TODAY)
    other = build_demo(seed=2027, children=200, today=TODAY)
    assert snapshot(first) == snapshot(again)
    assert snapshot(first) != snapshot(other)
    assert [c.full_name for c in first.children] != [c.full_name for c in other.children]


def test_every_identifier_is_valid_and_unique(full_plan: DemoPlan) -> None:
    children = full_plan.children
    upns = [c.upn for c in children if c.upn]
    ulns = [c.uln for c in children if c.uln]
    nhs = [c.nhs_number for c in children if c.nhs_number]
    assert len(upns) > 1300
    assert len(ulns) > 300
    assert len(nhs) > 1400
    for upn in upns:
        assert identifiers.check_upn(upn) is None, upn
        assert upn[1:4] == "999"  # the demo authority's code: no real pupil's UPN
    for uln in ulns:
        assert identifiers.check_uln(uln) is None, uln
    for number in nhs:
        assert identifiers.check_nhs_number(number) is None, number
        assert number.startswith("999")  # the NHS's test range
    assert len(set(upns)) == len(upns)
    assert len(set(ulns)) == len(ulns)
    assert len(set(nhs)) == len(nhs)
    assert any(identifiers.is_temporary_upn(u) for u in upns)
    for org in full_plan.organisations:
        if org.urn:
            assert identifiers.check_urn(org.urn) is None
            assert re.fullmatch(r"9\d{5}", org.urn)
        if org.ukprn:
            assert identifiers.check_ukprn(org.ukprn) is None
            assert org.ukprn.startswith("1999")
    urns = [o.urn for o in full_plan.organisations if o.urn]
    assert len(urns) == len(set(urns))


def test_upn_unknown_reasons_are_used_as_the_code_list_says(full_plan: DemoPlan) -> None:
    reasons = Counter(c.upn_unknown_reason for c in full_plan.children if not c.upn)
    assert reasons["UN1"] > 0
    assert reasons["UN8"] > 0
    assert "" not in reasons  # no child lacks both a UPN and a reason
    for c in full_plan.children:
        assert not (c.upn and c.upn_unknown_reason)
        if c.upn_unknown_reason == "UN1":
            assert (TODAY - c.date_of_birth).days < 6 * 365


def test_sen_provision_need_age_and_sex_follow_the_dfe_national_figures(full_plan) -> None:
    figures = dfe.national_figures()
    children = ours(full_plan)
    provision = Counter(c.sen_provision for c in children)
    assert provision == {"E": 500, "K": 750, "N": 250}

    plans = [c for c in children if c.sen_provision == "E"]
    national = figures.all_needs()
    total = sum(national.values())
    demo = Counter(c.primary_need for c in plans)
    for need, count in national.items():
        expected = 100 * count / total
        assert abs(100 * demo[need] / len(plans) - expected) < 3, need
    asd = 100 * demo["ASD"] / len(plans)
    assert abs(asd - 31.5) < 5  # asd_pc in the "All EHC plans" row

    def band(age: int) -> str:
        return "0-4" if age < 5 else "5-10" if age < 11 else "11-15" if age < 16 else "16+"

    counts: Counter[str] = Counter()
    for low, high, count, _ in figures.ages:
        for age in range(low, high + 1):
            counts[band(age)] += count / (high - low + 1)
    ages = Counter(band((TODAY - c.date_of_birth).days * 100 // 36525) for c in plans)
    for name, count in counts.items():
        assert abs(100 * ages[name] / len(plans) - 100 * count / sum(counts.values())) < 4

    male = sum(figures.sex["M"].values()) / sum(sum(v.values()) for v in figures.sex.values())
    assert abs(sum(c.sex == "M" for c in plans) / len(plans) - male) < 0.05
    assert all(c.primary_need for c in children if c.sen_provision in ("E", "K"))
    assert not any(c.primary_need for c in children if c.sen_provision == "N")
    assert any(c.secondary_need for c in plans)
    assert max((TODAY - c.date_of_birth).days for c in children) < 26 * 366


def test_records_keep_the_rules_the_forms_enforce(full_plan: DemoPlan) -> None:
    postcode = re.compile(r"^[A-Z]{1,2}\d[A-Z\d]? \d[A-Z]{2}$")
    phone = re.compile(r"^0(7700 900|1632 960)\d{3}$")
    for c in full_plan.children:
        assert c.secondary_need != c.primary_need or not c.secondary_need
        assert c.cared_for == (c.looked_after_by is not None)
        assert not c.interpreter_needed or c.interpreter_language
        assert postcode.match(c.postcode), c.postcode
        assert c.date_of_birth <= TODAY
        assert c.resident_authority is not None
    for m in full_plan.family:
        assert not m.telephone or phone.match(m.telephone), m.telephone
        assert not m.email or m.email.endswith("example.com")
    main = Counter(m.child.pk for m in full_plan.family if m.main_contact)
    everyone = Counter(m.child.pk for m in full_plan.family)
    assert all(main[c.pk] == 1 for c in full_plan.children)
    assert all(1 <= everyone[c.pk] <= 2 for c in full_plan.children)
    for a in full_plan.attendances:
        assert a.child.date_of_birth <= a.start_date <= TODAY
        assert a.end_date is None or a.start_date <= a.end_date <= TODAY
        assert a.organisation.kind in (
            OrganisationKind.SCHOOL,
            OrganisationKind.EARLY_YEARS,
            OrganisationKind.COLLEGE,
        )


def test_each_childs_settings_follow_one_another(full_plan: DemoPlan) -> None:
    by_child: dict = {}
    for a in full_plan.attendances:
        by_child.setdefault(a.child.pk, []).append(a)
    dual = (AttendanceKind.DUAL_MAIN, AttendanceKind.DUAL_SUBSIDIARY)
    for attendances in by_child.values():
        current = [a for a in attendances if a.end_date is None]
        assert len(current) <= 2
        if len(current) == 2:
            assert {a.attendance for a in current} == set(dual)
        ended = sorted((a for a in attendances if a.end_date), key=lambda a: a.start_date)
        for earlier, later in zip(ended, ended[1:] + current, strict=False):
            assert earlier.end_date < later.start_date


def test_settings_fit_age_and_need(full_plan: DemoPlan) -> None:
    current: dict = {}
    for a in full_plan.attendances:
        if a.end_date is None:
            current.setdefault(a.child.pk, []).append(a.organisation)
    complex_needs, other_needs = ("PMLD", "SLD"), ("SEMH", "SLCN")
    special: dict[str, list[bool]] = {"complex": [], "other": []}
    for c in ours(full_plan):
        if c.sen_provision == "E" and c.primary_need in complex_needs + other_needs:
            in_special = any(o.setting_type.startswith("special") for o in current.get(c.pk, []))
            special["complex" if c.primary_need in complex_needs else "other"].append(in_special)
    share = {group: sum(v) / len(v) for group, v in special.items()}
    assert share["complex"] > 0.5
    assert share["complex"] > 2 * share["other"]
    without = [c for c in full_plan.children if c.pk not in current]
    assert without, "some children and young people have no current setting"
    assert any((TODAY - c.date_of_birth).days > 19 * 365 for c in without)
    assert any(a.end_date for a in full_plan.attendances), "some settings have ended"
    kinds = Counter(o.kind for o in full_plan.organisations)
    assert kinds[OrganisationKind.LOCAL_AUTHORITY] == 13
    home_settings = [
        o
        for o in full_plan.organisations
        if o.local_authority is full_plan.home
        and o.kind != OrganisationKind.LOCAL_AUTHORITY
        and o.kind
        in (OrganisationKind.SCHOOL, OrganisationKind.EARLY_YEARS, OrganisationKind.COLLEGE)
    ]
    assert 35 <= len(home_settings) <= 45
    assert sum(c.eotas for c in full_plan.children) > 0
    assert sum(c.alternative_provision for c in full_plan.children) > 0
    assert sum(c.youth_justice for c in full_plan.children) > 0
    # The flags leaders ask to know carry their dates, within the child's life.
    flagged = [c for c in full_plan.children if c.youth_justice or c.eotas]
    assert all((c.youth_justice_from or c.eotas_from) for c in flagged)
    assert all(
        c.date_of_birth < start <= TODAY
        for c in full_plan.children
        for start in (c.youth_justice_from, c.eotas_from, c.dynamic_support_register_from)
        if start
    )
    assert all(c.youth_justice_to >= c.youth_justice_from for c in flagged if c.youth_justice_to)
    assert sum(c.dynamic_support_register for c in full_plan.children) > 0
    assert sum(c.interpreter_needed for c in full_plan.children) > 0


def test_cared_for_children_in_and_out_of_area(full_plan: DemoPlan) -> None:
    home = full_plan.home
    cared = [c for c in full_plan.children if c.cared_for]
    assert 50 <= len(cared) <= 70
    elsewhere_held = [c for c in full_plan.children if c.responsible_authority != home]
    assert len(elsewhere_held) == 15
    current = {a.child.pk: a.organisation for a in full_plan.attendances if a.end_date is None}
    for c in elsewhere_held:
        assert c.cared_for
        assert c.looked_after_by == c.responsible_authority
        assert c.resident_authority == home
        assert current[c.pk].local_authority == home, "attends a Demoshire school"
    placed_out = [c for c in cared if c.looked_after_by == home and c.resident_authority != home]
    assert len(placed_out) >= 10
    assert any(current.get(c.pk) and current[c.pk].local_authority != home for c in placed_out)
    placed_in = [
        c
        for c in cared
        if c.responsible_authority == home and c.looked_after_by not in (home, None)
    ]
    assert placed_in
    assert all(c.resident_authority == home for c in placed_in)


# ---------------------------------------------------------------------------------------------
# Loading into the database


def db_snapshot() -> list[tuple]:
    return list(
        Child.objects.order_by("id").values_list(
            "id", "first_name", "last_name", "date_of_birth", "upn", "uln", "nhs_number"
        )
    ) + list(Organisation.objects.order_by("id").values_list("id", "name", "urn"))


def wipe() -> None:
    from sendpath.localoffer.models import Comment, Location, Provider, Service

    Comment.objects.all().delete()
    Service.objects.all().delete()
    Location.objects.all().delete()
    Provider.objects.all().delete()
    # SEN support rows protect their school.
    from sendpath.support.models import Cycle, ProvisionEntry, RegisterChange, SupportSettings

    ProvisionEntry.objects.all().delete()
    RegisterChange.objects.all().delete()
    SupportSettings.objects.all().delete()
    Cycle.objects.all().delete()
    # Complaints protect their child (and their actions their owner).
    from sendpath.disputes.models import Complaint

    Complaint.objects.all().delete()
    ProfessionalLink.objects.all().delete()
    SettingAttendance.objects.all().delete()
    FamilyMember.objects.all().delete()
    Child.objects.all().delete()
    User.objects.all().delete()
    Organisation.objects.exclude(kind=OrganisationKind.LOCAL_AUTHORITY).delete()
    Organisation.objects.all().delete()


@pytest.mark.django_db
def test_a_real_load_saves_the_plan_and_is_repeatable() -> None:
    summary = load_demo(seed=2026, children=200)
    assert summary.children == Child.objects.count() == 202
    assert summary.responsible == 200
    assert FamilyMember.objects.count() == summary.family_members
    assert SettingAttendance.objects.count() == summary.attendances
    first = db_snapshot()
    plan = build_demo(seed=2026, children=200, today=timezone.localdate())
    assert sorted((c.pk, c.upn) for c in plan.children) == sorted(
        Child.objects.values_list("id", "upn")
    )
    wipe()
    load_demo(seed=2026, children=200)
    assert db_snapshot() == first


@pytest.mark.django_db
def test_each_role_has_an_account_that_signs_in() -> None:
    load_demo(seed=2026, children=200)
    roles = {
        "caseworker": Role.CASEWORKER,
        "manager": Role.MANAGER,
        "virtualschool": Role.VIRTUAL_SCHOOL,
        "senco": Role.SENCO,
        "professional": Role.PROFESSIONAL,
        "parent": Role.FAMILY,
        "youngperson": Role.FAMILY,
        "leader": Role.LEADER,
        "admin": Role.ADMINISTRATOR,
        "localoffer": Role.LOCAL_OFFER,
        "provider": Role.PROVIDER,
    }
    assert [u for u, _, _ in DEMO_ACCOUNTS] == list(roles)
    assert set(Role) == set(roles.values())
    for username, role in roles.items():
        user = User.objects.get(username=username)
        assert user.role == role
        assert user.check_password(DEMO_PASSWORD)
        assert not user.is_superuser
        assert not user.is_staff
        assert user.get_full_name()
    home = Organisation.objects.get(la_code="999", kind=OrganisationKind.LOCAL_AUTHORITY)
    assert home.name == HOME_NAME
    assert home.ons_code == "E06999999"
    for username in ("caseworker", "manager", "virtualschool", "leader", "admin", "localoffer"):
        assert User.objects.get(username=username).organisation == home
    assert User.objects.get(username="provider").organisation.kind == OrganisationKind.VOLUNTARY
    assert User.objects.get(username="senco").organisation.name == SENCO_SCHOOL
    assert User.objects.get(username="professional").organisation.kind == OrganisationKind.HEALTH
    assert User.objects.get(username="senco").authority == home


@pytest.mark.django_db
def test_each_account_sees_what_its_role_should() -> None:
    load_demo(seed=2026, children=200)
    users = {u.username: u for u in User.objects.all()}
    home = Organisation.objects.get(la_code="999", kind=OrganisationKind.LOCAL_AUTHORITY)

    def visible(username: str):
        return Child.objects.visible_to(users[username])

    for username in ("caseworker", "manager", "admin"):
        assert visible(username).count() == Child.objects.filter(responsible_authority=home).count()
        assert not visible(username).exclude(responsible_authority=home).exists()

    virtual = visible("virtualschool")
    assert virtual.exists()
    assert not virtual.filter(cared_for=False).exists()
    assert virtual.exclude(responsible_authority=home).count() == 2
    assert virtual.count() == Child.objects.filter(cared_for=True).count()
    assert not visible("caseworker").filter(pk__in=virtual.exclude(responsible_authority=home))

    assert not visible("leader").exists()

    school = users["senco"].organisation
    pupils = visible("senco")
    assert pupils.count() > 5
    for child in pupils:
        assert any(s.organisation_id == school.pk for s in child.current_settings())

    assert visible("professional").count() == 25
    assert ProfessionalLink.objects.filter(ended_on__isnull=False).exists()

    parent = visible("parent")
    assert parent.count() == 1
    member = FamilyMember.objects.get(user=users["parent"])
    assert member.main_contact
    assert member.has_account_access
    assert member.parental_responsibility
    assert parent.get() == member.child
    assert member.full_name == users["parent"].get_full_name()

    own = visible("youngperson")
    assert own.count() == 1
    young = own.get()
    assert young.young_person_user == users["youngperson"]
    assert (young.date_of_birth.replace(year=young.date_of_birth.year + 17)) <= timezone.localdate()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "existing",
    [
        lambda: Organisation.objects.create(kind=OrganisationKind.LOCAL_AUTHORITY, name="Real"),
        lambda: User.objects.create_user(username="someone", password="x" * 20),
    ],
    ids=["organisation", "account"],
)
def test_refuses_to_load_over_existing_data_and_changes_nothing(existing) -> None:
    existing()
    before = (Organisation.objects.count(), User.objects.count(), Child.objects.count())
    with pytest.raises(DatabaseNotEmpty, match="nothing was changed"):
        load_demo(children=200)
    assert (Organisation.objects.count(), User.objects.count(), Child.objects.count()) == before
    assert issubclass(DatabaseNotEmpty, DemoRefused)


@pytest.mark.django_db
def test_a_superuser_alone_does_not_stop_the_demo() -> None:
    User.objects.create_superuser(username="root", password="x" * 20)
    load_demo(children=100)
    assert Child.objects.count() > 100


@pytest.mark.django_db
def test_refuses_when_the_settings_do_not_allow_demo_data(settings) -> None:
    settings.DEMO_ALLOWED = False
    with pytest.raises(DemoNotAllowed, match="DEMO_ALLOWED is false"):
        load_demo(children=200)
    assert not Organisation.objects.exists()
    assert not User.objects.exists()


# ---------------------------------------------------------------------------------------------
# The command


@pytest.mark.django_db
def test_the_command_loads_then_refuses_to_load_again() -> None:
    out = StringIO()
    call_command("demo", "--children", "150", "--seed", "5", stdout=out)
    text = out.getvalue()
    assert f"Demo data for {HOME_NAME} (seed 5)" in text
    assert "with an EHC plan (E):              50" in text
    assert f"every account's password is {DEMO_PASSWORD}" in text
    for username, role, _ in DEMO_ACCOUNTS:
        assert re.search(rf"^{username}\s+{re.escape(role)}\s+\S", text, re.M)
    assert "The parent account is" in text
    count = Child.objects.count()

    again = StringIO()
    call_command("demo", stdout=again)
    lines = again.getvalue().strip().splitlines()
    assert lines[0] == NOT_EMPTY_MESSAGE
    # The sign-ins are shown again, since this database holds the demo accounts.
    assert f"every account's password is {DEMO_PASSWORD}" in again.getvalue()
    assert Child.objects.count() == count


@pytest.mark.django_db
def test_the_command_fails_where_demo_data_is_not_allowed(settings) -> None:
    settings.DEMO_ALLOWED = False
    with pytest.raises(CommandError) as error:
        call_command("demo", stdout=StringIO())
    assert str(error.value) == NOT_ALLOWED_MESSAGE
    assert not Organisation.objects.exists()


@pytest.mark.django_db
def test_the_command_can_just_print_the_sign_ins() -> None:
    out = StringIO()
    call_command("demo", "--accounts", stdout=out)
    assert "virtualschool" in out.getvalue()
    assert DEMO_PASSWORD in out.getvalue()
    assert not Organisation.objects.exists()


# ---------------------------------------------------------------------------------------------
# The full demo


@pytest.mark.django_db
def test_the_full_demo_loads_quickly() -> None:
    started = time.perf_counter()
    summary = load_demo()
    assert time.perf_counter() - started < 60
    assert summary.responsible == 1500
    assert Child.objects.filter(responsible_authority__la_code="999").count() == 1500
    assert Child.objects.filter(cared_for=True).count() == summary.cared_for
    assert 35 <= summary.settings - 9 <= 45  # Demoshire's own, less those out of area
