"""Pupils on SEN support from a CSV file: the template, the check, all-or-nothing import."""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path
from unittest import mock

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.test import Client
from django.utils import timezone

from sendpath.core.models import AuditAction, AuditEntry
from sendpath.people.imports import columns, selectors, services
from sendpath.people.models import Child, Role, SettingAttendance

from .factories import PASSWORD, ChildFactory, valid_upn

HEADER = [c.header for c in columns.COLUMNS]


def row(world, **values) -> dict[str, str]:
    base = {
        "UPN": valid_upn(),
        "Forename": "Bethany",
        "Surname": "Newrecord",
        "Date of birth": "14/06/2016",
        "Sex": "F",
        "Postcode": "dm1 4ab",
        "School URN": world.school.urn,
        "SEN provision": "K",
        "Primary need": "SLCN",
        "Secondary need": "",
        "Date placed on SEN support": "01/09/2024",
    }
    base.update(values)
    return base


def csv_bytes(rows, header=HEADER, encoding="utf-8", delimiter=",") -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(header)
    for r in rows:
        writer.writerow([r.get(h, "") for h in header])
    return out.getvalue().encode(encoding)


def client_for(world, role=Role.CASEWORKER) -> Client:
    client = Client()
    assert client.login(username=world.user(role).username, password=PASSWORD)
    return client


def upload(client, raw: bytes, name="pupils.csv"):
    return client.post(
        "/children/import/", {"file": SimpleUploadedFile(name, raw, content_type="text/csv")}
    )


def snapshot():
    return (
        sorted(Child.objects.values_list("pk", "sen_provision", "primary_need", "modified_at")),
        SettingAttendance.objects.count(),
        AuditEntry.objects.filter(action__in=[AuditAction.CREATED, AuditAction.UPDATED]).count(),
    )


# ---------------------------------------------------------------------------------------------
# The template and its guide


def test_the_template_has_the_header_and_one_example_row(world):
    response = client_for(world).get("/children/import/template.csv")
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    lines = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    assert lines[0] == HEADER
    assert len(lines) == 2
    assert lines[1][HEADER.index("SEN provision")] == "K"


def test_the_template_example_row_passes_the_check_but_for_its_school(world):
    raw = columns.template_csv().encode()
    checked = selectors.check_file(actor=world.user(Role.CASEWORKER), raw=raw)
    assert [str(e) for e in checked.errors] == [
        "Row 2, School URN: No school or setting with URN 100001 is on this service: check the "
        "URN, or add the school to the organisations first"
    ]


def test_the_guide_explains_every_column_and_the_need_codes(world):
    body = client_for(world).get("/children/import/columns/").content.decode()
    for column in columns.COLUMNS:
        assert column.header in body
    assert "Only K is accepted" in body
    assert "Speech, language and communication needs" in body
    assert "NSA" in body


@pytest.mark.parametrize(
    "role", [Role.SENCO, Role.VIRTUAL_SCHOOL, Role.LEADER, Role.PROFESSIONAL, Role.FAMILY]
)
def test_only_the_send_team_imports(world, role):
    client = client_for(world, role)
    for url in ("/children/import/", "/children/import/columns/", "/children/import/template.csv"):
        assert client.get(url).status_code == 403
    assert upload(client, csv_bytes([row(world)])).status_code == 403
    assert client.post("/children/import/confirm/").status_code == 403
    assert not Child.objects.filter(last_name="Newrecord").exists()


@pytest.mark.parametrize("role", [Role.CASEWORKER, Role.MANAGER, Role.ADMINISTRATOR])
def test_the_send_team_finds_the_import_on_the_children_list(world, role):
    body = client_for(world, role).get("/children/").content.decode()
    assert 'href="/children/import/"' in body


# ---------------------------------------------------------------------------------------------
# Check, then import


def test_check_then_import_creates_matches_and_leaves_plans_alone(world):
    caseworker = world.user(Role.CASEWORKER)
    on_n = ChildFactory(
        first_name="Norah",
        last_name="Plain",
        sen_provision="N",
        primary_need="",
        responsible_authority=world.la,
        upn="",
    )
    with_plan = ChildFactory(
        sen_provision="E",
        primary_need="ASD",
        responsible_authority=world.la,
        sen_provision_since=dt.date(2023, 1, 5),
    )
    rows = [
        row(world),  # new
        row(
            world,
            UPN=world.ours.upn,
            Forename=world.ours.first_name,
            Surname=world.ours.last_name,
            **{
                "Date of birth": f"{world.ours.date_of_birth:%d/%m/%Y}",
                "Primary need": "ASD",
                "Secondary need": "SEMH",
            },
        ),  # by UPN
        row(
            world,
            UPN="",
            Forename="norah",
            Surname="PLAIN",
            **{"Date of birth": f"{on_n.date_of_birth:%Y-%m-%d}", "Date placed on SEN support": ""},
        ),  # by name and date of birth
        row(
            world,
            UPN=with_plan.upn,
            Forename=with_plan.first_name,
            Surname=with_plan.last_name,
            **{"Date of birth": f"{with_plan.date_of_birth:%d/%m/%Y}"},
        ),  # has a plan
    ]
    client = client_for(world)
    before_children = Child.objects.count()
    response = upload(client, csv_bytes(rows))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Import 3 records" in body
    assert "Has an EHC plan: left as it is" in body
    assert Child.objects.count() == before_children  # checking writes nothing

    response = client.post("/children/import/confirm/", follow=True)
    assert response.status_code == 200
    assert "1 new records, 2 updated" in response.content.decode()

    new = Child.objects.get(last_name="Newrecord")
    assert new.responsible_authority == world.la
    assert (new.sen_provision, new.sen_provision_since) == ("K", dt.date(2024, 9, 1))
    assert (new.upn, new.postcode, new.primary_need) == (rows[0]["UPN"], "DM1 4AB", "SLCN")
    assert new.current_settings().filter(organisation=world.school).exists()

    world.ours.refresh_from_db()
    assert (world.ours.primary_need, world.ours.secondary_need) == ("ASD", "SEMH")
    assert world.ours.settings.filter(organisation=world.school).count() == 1  # already there

    on_n.refresh_from_db()
    assert (on_n.sen_provision, on_n.sen_provision_since) == ("K", timezone.localdate())
    assert on_n.upn == ""

    untouched = Child.objects.get(pk=with_plan.pk)
    assert (untouched.sen_provision, untouched.primary_need) == ("E", "ASD")
    assert untouched.modified_at == with_plan.modified_at

    assert (
        AuditEntry.objects.filter(
            actor=caseworker, action=AuditAction.CREATED, child_id=new.pk
        ).count()
        == 1
    )
    for child in (world.ours, on_n):
        assert (
            AuditEntry.objects.filter(
                actor=caseworker, action=AuditAction.UPDATED, child_id=child.pk
            ).count()
            == 1
        )
    assert not AuditEntry.objects.filter(child_id=with_plan.pk, action=AuditAction.UPDATED).exists()
    assert AuditEntry.objects.filter(
        actor=caseworker, summary__startswith="Imported SEN support file pupils.csv: 1 created"
    ).exists()
    # The file is not kept once imported.
    again = client.post("/children/import/confirm/", follow=True)
    assert "Upload the file again" in again.content.decode()


def test_a_pupil_already_up_to_date_is_not_changed(world):
    child = world.ours
    child.sen_provision_since = dt.date(2024, 9, 1)
    child.save()
    raw = csv_bytes(
        [
            row(
                world,
                UPN=child.upn,
                Forename=child.first_name,
                Surname=child.last_name,
                Postcode="",
                **{"Date of birth": f"{child.date_of_birth:%d/%m/%Y}"},
            )
        ]
    )
    checked = selectors.check_file(actor=world.user(Role.CASEWORKER), raw=raw)
    assert [p.outcome for p in checked.planned] == [selectors.UNCHANGED]
    body = upload(client_for(world), raw).content.decode()
    assert "Nothing to import" in body


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        ({"UPN": "B123456789012"}, "Row 2, UPN: The UPN's check letter is wrong"),
        ({"Forename": ""}, "Row 2, Forename: Enter the pupil's forename"),
        (
            {"Date of birth": "31/02/2016"},
            "Row 2, Date of birth: Date of birth must be a real date",
        ),
        ({"Date of birth": "01/01/2099"}, "Row 2, Date of birth: Date of birth must be today or"),
        (
            {"Date of birth": "01/01/1990"},
            "Row 2, Date of birth: Date of birth must be for someone aged 25 or under",
        ),
        ({"Sex": "X"}, "Row 2, Sex: Enter F (female) or M (male)"),
        ({"Postcode": "NOT A POSTCODE"}, "Row 2, Postcode: Enter a real postcode"),
        ({"School URN": "999999"}, "Row 2, School URN: No school or setting with URN 999999"),
        ({"School URN": "12A"}, "Row 2, School URN: Enter a URN of up to 6 digits"),
        ({"SEN provision": "E"}, "Row 2, SEN provision: An EHC plan (E) is never imported"),
        ({"SEN provision": "N"}, "Row 2, SEN provision: Only K (SEN support) is imported"),
        ({"Primary need": "XYZ"}, "Row 2, Primary need: XYZ is not a census type of need code"),
        ({"Primary need": ""}, "Row 2, Primary need: Enter the primary type of need"),
        (
            {"Secondary need": "SLCN"},
            "Row 2, Secondary need: The secondary type of need must differ",
        ),
        (
            {"Date placed on SEN support": "01/01/2010"},
            "Row 2, Date placed on SEN support: Date placed on SEN support must be on or after the date of birth",
        ),
    ],
)
def test_each_bad_field_is_named_by_row_and_column_and_nothing_is_written(world, values, expected):
    before = snapshot()
    response = upload(client_for(world), csv_bytes([row(world, **values)]))
    assert response.status_code == 400
    body = response.content.decode()
    assert "Nothing has been imported" in body
    assert expected.replace("'", "&#39;") in body
    assert "Import 1 record" not in body
    assert snapshot() == before
    # And the import itself refuses the same file.
    with pytest.raises(services.ImportRefusedError) as refused:
        services.import_sen_support(
            actor=world.user(Role.CASEWORKER), raw=csv_bytes([row(world, **values)])
        )
    assert str(refused.value.checked.errors[0]).startswith(expected)
    assert snapshot() == before


def test_one_bad_row_among_good_ones_imports_nothing_and_counts_rows_as_the_spreadsheet(world):
    rows = [row(world), row(world, Forename="Second"), {}, row(world, Sex="Q", Forename="Fourth")]
    before = snapshot()
    response = upload(client_for(world), csv_bytes(rows))
    assert response.status_code == 400
    assert "Row 5, Sex: Enter F (female) or M (male)" in response.content.decode()
    assert snapshot() == before


def test_duplicates_within_the_file_are_refused(world):
    upn = valid_upn()
    rows = [
        row(world, UPN=upn, Forename="Ada"),
        row(world, UPN=upn, Forename="Ada"),
        row(world, UPN="", Forename="Bea", Surname="Twice"),
        row(world, UPN="", Forename="bea", Surname="twice"),
    ]
    checked = selectors.check_file(actor=world.user(Role.CASEWORKER), raw=csv_bytes(rows))
    assert [str(e) for e in checked.errors] == [
        "Row 3, UPN: The same UPN is on row 2",
        "Row 5, Forename: The same pupil (name and date of birth) is on row 4",
    ]


def test_a_upn_of_another_authoritys_child_reveals_nothing(world):
    theirs = world.theirs
    raw = csv_bytes([row(world, UPN=theirs.upn)])
    checked = selectors.check_file(actor=world.user(Role.CASEWORKER), raw=raw)
    assert [str(e) for e in checked.errors] == [
        "Row 2, UPN: This UPN is already recorded for a child or young person you do not have "
        "access to. Check it, or ask your SEND team manager for help"
    ]
    assert theirs.first_name not in str(checked.errors[0])


def test_a_upn_whose_record_has_another_date_of_birth_is_refused(world):
    raw = csv_bytes([row(world, UPN=world.ours.upn, **{"Date of birth": "01/01/2017"})])
    checked = selectors.check_file(actor=world.user(Role.CASEWORKER), raw=raw)
    assert str(checked.errors[0]).startswith("Row 2, Date of birth: The record with this UPN")


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        (
            [h for h in HEADER if h != "Date of birth"],
            "Row 1: The header row must have the template's columns: Date of birth is missing",
        ),
        ([*HEADER, "UPN"], "Row 1, UPN: This column appears twice"),
    ],
)
def test_a_bad_header_row_is_named(world, header, expected):
    checked = selectors.check_file(
        actor=world.user(Role.CASEWORKER), raw=csv_bytes([row(world)], header=header)
    )
    assert str(checked.errors[0]).startswith(expected)
    assert not checked.planned


def test_excel_files_are_read_with_a_bom_in_windows_1252_or_with_semicolons(world):
    actor = world.user(Role.CASEWORKER)
    shuffled = [*reversed(HEADER), "Notes"]
    for raw in (
        b"\xef\xbb\xbf" + csv_bytes([row(world, Forename="Zoë")]),
        csv_bytes([row(world, Forename="Zoë")], encoding="cp1252"),
        csv_bytes([row(world, Forename="Zoë")], delimiter=";"),
        csv_bytes([row(world, Forename="Zoë")], header=shuffled),
    ):
        checked = selectors.check_file(actor=actor, raw=raw)
        assert checked.errors == []
        assert checked.planned[0].data["first_name"] == "Zoë"


@pytest.mark.parametrize(
    ("name", "raw", "message"),
    [
        ("pupils.xlsx", b"PK\x03\x04", "The selected file must be a CSV file"),
        ("pupils.csv", b"", "The selected file is empty"),
    ],
)
def test_the_upload_must_be_a_csv_file(world, name, raw, message):
    response = upload(client_for(world), raw, name=name)
    assert response.status_code == 400
    assert message in response.content.decode()


def test_the_size_limit(world):
    raw = csv_bytes([row(world)]) + b"," * (2 * 1024 * 1024)
    response = upload(client_for(world), raw)
    assert response.status_code == 400
    assert "smaller than 2 MB" in response.content.decode()


def test_a_failure_part_way_through_keeps_nothing(world):
    rows = [row(world, Forename="First"), row(world, Forename="Second")]
    before = snapshot()
    real = services._create
    calls = []

    def fail_second(*args, **kwargs):
        calls.append(1)
        if len(calls) == 2:
            raise RuntimeError("the database went away")
        return real(*args, **kwargs)

    with mock.patch.object(services, "_create", fail_second), pytest.raises(RuntimeError):
        services.import_sen_support(actor=world.user(Role.CASEWORKER), raw=csv_bytes(rows))
    assert snapshot() == before


def test_a_file_that_went_wrong_after_its_check_imports_nothing(world):
    client = client_for(world)
    good = row(world)
    assert upload(client, csv_bytes([good])).status_code == 200
    # Someone records the same UPN for another authority's child in the meantime.
    Child.objects.filter(pk=world.theirs.pk).update(upn=good["UPN"])
    before = snapshot()
    response = client.post("/children/import/confirm/")
    assert response.status_code == 400
    assert "This UPN is already recorded" in response.content.decode()
    assert snapshot() == before


# ---------------------------------------------------------------------------------------------
# The command


def test_the_command_checks_with_dry_run_then_imports(world, tmp_path: Path):
    path = tmp_path / "pupils.csv"
    path.write_bytes(csv_bytes([row(world)]))
    out = io.StringIO()
    call_command("import_sen_support", str(path), "--as", "caseworker", "--dry-run", stdout=out)
    assert "nothing written" in out.getvalue()
    assert "new record: 1" in out.getvalue()
    assert not Child.objects.filter(last_name="Newrecord").exists()
    call_command("import_sen_support", str(path), "--as", "caseworker", stdout=out)
    assert Child.objects.get(last_name="Newrecord").sen_provision == "K"


def test_the_command_lists_the_problems_and_writes_nothing(world, tmp_path: Path):
    path = tmp_path / "pupils.csv"
    path.write_bytes(csv_bytes([row(world), row(world, Forename="", Sex="Q")]))
    before = snapshot()
    with pytest.raises(CommandError) as error:
        call_command("import_sen_support", str(path), "--as", "caseworker")
    assert "Row 3, Forename: Enter the pupil's forename" in str(error.value)
    assert "Row 3, Sex: Enter F (female) or M (male)" in str(error.value)
    assert snapshot() == before
    with pytest.raises(CommandError, match="No SEND team user"):
        call_command("import_sen_support", str(path), "--as", "senco")
