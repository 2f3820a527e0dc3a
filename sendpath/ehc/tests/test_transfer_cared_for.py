"""The plan transfer file carries cared-for status and the authority that looks after the child,
so a cared-for child's move keeps them; files made before these fields still import."""

from __future__ import annotations

import copy
from typing import Any

from django.utils import timezone

from sendpath.ehc.models import Case
from sendpath.ehc.transfers import exporting, importing, interchange
from sendpath.people.models import Child, Organisation, OrganisationKind

from .test_transfer import as_new_child, exported


def _cared_for_by(world, case, authority: Organisation) -> None:
    Child.objects.filter(pk=case.child_id).update(cared_for=True, looked_after_by=authority)


def _export_cared_for(world, authority: Organisation | None = None) -> dict[str, Any]:
    case, _ = exported(world)
    _cared_for_by(world, case, authority or world.la)
    case.child.refresh_from_db()
    data = exporting.export_data(case)
    assert interchange.schema_errors(data) == []
    return as_new_child(data)


def test_the_export_carries_cared_for_status_and_the_authority(world):
    data = _export_cared_for(world)
    assert data["child"]["cared_for"] is True
    assert data["child"]["looked_after_by"] == {"name": "Ourshire Council", "la_code": "901"}


def test_export_then_import_keeps_cared_for_status_and_the_authority(world):
    data = _export_cared_for(world)
    case = importing.import_case(actor=world.user("other_caseworker"), data=data)
    child = case.child
    assert child.responsible_authority == world.other_la
    assert child.cared_for is True
    assert child.looked_after_by == world.la


def test_an_authority_not_known_here_is_added_by_its_la_code(world):
    data = _export_cared_for(world)
    data["child"]["looked_after_by"] = {"name": "Farshire Council", "la_code": "977"}
    before = Organisation.objects.count()
    child = importing.import_case(actor=world.user("other_caseworker"), data=data).child
    assert Organisation.objects.count() == before + 1
    assert child.looked_after_by.name == "Farshire Council"
    assert child.looked_after_by.la_code == "977"
    assert child.looked_after_by.kind == OrganisationKind.LOCAL_AUTHORITY
    # A second file naming the same code finds it rather than adding it again.
    again = copy.deepcopy(data)
    again["child"]["first_name"] = "Octavia"
    again["case"]["reference"] = "EHC-OTHER-2"
    second = importing.import_case(actor=world.user("other_caseworker"), data=again).child
    assert second.looked_after_by == child.looked_after_by


def test_the_authority_is_matched_by_la_code_not_name(world):
    data = _export_cared_for(world)
    data["child"]["looked_after_by"] = {"name": "Ourshire County Council", "la_code": "901"}
    child = importing.import_case(actor=world.user("other_caseworker"), data=data).child
    assert child.looked_after_by == world.la


def test_a_matched_child_takes_the_files_cared_for_status(world):
    case, _ = exported(world)
    _cared_for_by(world, case, world.la)
    case.child.refresh_from_db()
    data = exporting.export_data(case)
    Case.objects.filter(pk=case.pk).update(closed_at=timezone.now())
    # Here, the record had lost the status: the file restores it.
    Child.objects.filter(pk=case.child_id).update(cared_for=False, looked_after_by=None)
    new = importing.import_case(actor=world.user("other_caseworker"), data=data)
    assert new.child_id == case.child_id
    assert (new.child.cared_for, new.child.looked_after_by) == (True, world.la)


def test_a_file_without_the_new_fields_still_imports(world):
    data = _export_cared_for(world)
    del data["child"]["cared_for"]
    del data["child"]["looked_after_by"]
    assert interchange.schema_errors(data) == []
    child = importing.import_case(actor=world.user("other_caseworker"), data=data).child
    assert (child.cared_for, child.looked_after_by) == (False, None)


def test_a_bad_la_code_is_named(world):
    data = _export_cared_for(world)
    data["child"]["looked_after_by"] = {"name": "Farshire Council", "la_code": "97"}
    errors = interchange.schema_errors(data)
    assert errors
    assert errors[0].startswith("child.looked_after_by")
