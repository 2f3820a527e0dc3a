"""Documents on a case: the list, uploads (type, size and virus checks) and downloads."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from sendpath.core import uploads
from sendpath.core.models import AuditAction, AuditEntry
from sendpath.ehc.cases import services
from sendpath.ehc.models import Document
from sendpath.people.models import Role
from sendpath.people.tests.factories import PASSWORD

TODAY = timezone.localdate()

PDF = b"%PDF-1.7\n1 0 obj << >> endobj\n%%EOF\n"
DOCX = b"PK\x03\x04" + b"\x00" * 64
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def days_ago(n: int) -> dt.date:
    return TODAY - dt.timedelta(days=n)


def open_case(world, child=None):
    return services.case_open(
        actor=world.user(Role.CASEWORKER),
        child=child or world.ours,
        source="parent",
        received_on=days_ago(30),
    )


def client_for(world, role):
    client = Client()
    assert client.login(username=world.user(role).username, password=PASSWORD)
    return client


@pytest.fixture
def caseworker(world):
    return client_for(world, Role.CASEWORKER)


def stored_files(path: str = "") -> set[str]:
    """Every file in the storage (the tests use Django's in-memory storage)."""
    try:
        folders, files = default_storage.listdir(path)
    except FileNotFoundError:
        return set()
    found = {f"{path}/{name}".lstrip("/") for name in files}
    for folder in folders:
        found |= stored_files(f"{path}/{folder}".lstrip("/"))
    return found


def upload(client, case, name, data, content_type="application/octet-stream", **extra):
    post = {
        "title": "Speech and language report",
        "file": SimpleUploadedFile(name, data, content_type),
    }
    post.update(extra)
    return client.post(reverse("ehc:document_upload", args=[case.pk]), post)


@pytest.mark.parametrize(
    ("name", "data", "content_type"),
    [
        ("report.pdf", PDF, "application/pdf"),
        ("letter.docx", DOCX, DOCX_TYPE),
        ("photo.PNG", PNG, "image/png"),
    ],
)
def test_pdf_word_and_images_are_accepted_and_attached_to_a_step(
    world, caseworker, name, data, content_type
):
    case = open_case(world)
    step = case.events.get(type="request_received")
    before = stored_files()
    response = upload(caseworker, case, name, data, event=str(step.pk))
    assert response.status_code == 302
    document = Document.objects.get(case=case)
    assert document.original_name == name
    assert document.content_type == content_type
    assert document.size == len(data)
    assert document.event == step
    assert document.created_by == world.user(Role.CASEWORKER)
    assert len(stored_files() - before) == 1
    assert AuditEntry.objects.filter(
        action=AuditAction.CREATED, object_id=str(document.pk), child_id=case.child_id
    ).exists()


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("setup.exe", b"MZ\x90\x00\x03", "must be a PDF, Word document"),
        ("report.pdf", b"This is only text pretending to be a PDF", "not a real PDF"),
        ("report", PDF, "must be a PDF, Word document"),
        ("virus.pdf", PDF + uploads.EICAR, "contains a virus"),
        ("empty.pdf", b"", "The selected file is empty"),
    ],
)
def test_bad_files_are_refused_naming_the_field_and_nothing_is_stored(
    world, caseworker, name, data, message
):
    case = open_case(world)
    before = stored_files()
    response = upload(caseworker, case, name, data)
    assert response.status_code == 400
    page = response.content.decode()
    assert "There is a problem" in page
    assert message in page
    assert 'href="#file"' in page
    assert 'id="file-error"' in page
    assert "Speech and language report" in page  # the title typed is kept
    assert not Document.objects.exists()
    assert stored_files() == before


def test_files_over_the_size_limit_are_refused(world, caseworker, monkeypatch):
    monkeypatch.setattr(uploads, "MAX_BYTES", 32)
    case = open_case(world)
    before = stored_files()
    response = upload(caseworker, case, "big.pdf", PDF + b"x" * 64)
    assert response.status_code == 400
    assert "must be smaller than 20 MB" in response.content.decode()
    assert not Document.objects.exists()
    assert stored_files() == before


@pytest.mark.parametrize(
    ("post", "field", "message"),
    [
        ({"title": ""}, "title", "Enter the title"),
        ({"title": "x" * 201}, "title", "200 characters or fewer"),
        ({"event": "999999"}, "event", "from the list"),
    ],
)
def test_other_bad_input_is_refused(world, caseworker, post, field, message):
    case = open_case(world)
    response = upload(caseworker, case, "report.pdf", PDF, **post)
    assert response.status_code == 400
    page = response.content.decode()
    assert message in page
    assert f'href="#{field}"' in page
    assert not Document.objects.exists()


def test_a_missing_file_is_refused(world, caseworker):
    case = open_case(world)
    response = caseworker.post(reverse("ehc:document_upload", args=[case.pk]), {"title": "Report"})
    assert response.status_code == 400
    assert "Select a file to upload" in response.content.decode()
    assert not Document.objects.exists()


def test_documents_page_lists_the_documents(world, caseworker):
    case = open_case(world)
    step = case.events.get(type="request_received")
    upload(caseworker, case, "report.pdf", PDF, event=str(step.pk))
    upload(caseworker, case, "photo.png", PNG, title="Photo of work")
    response = caseworker.get(reverse("ehc:documents", args=[case.pk]))
    assert response.status_code == 200
    page = response.content.decode()
    for text in (
        "Speech and language report",
        "report.pdf",
        "Photo of work",
        "photo.png",
        f"{len(PDF)} bytes",
        world.user(Role.CASEWORKER).display_name(),
        "Request for an EHC needs assessment received",
        "Not attached to a step",
    ):
        assert text in page, text
    for document in Document.objects.all():
        assert reverse("ehc:document_download", args=[case.pk, document.pk]) in page
    assert reverse("ehc:document_upload", args=[case.pk]) in page


def test_download_streams_the_file_as_an_attachment_and_audits_it(world, caseworker):
    case = open_case(world)
    upload(caseworker, case, "report.pdf", PDF)
    document = Document.objects.get()
    response = caseworker.get(reverse("ehc:document_download", args=[case.pk, document.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment")
    assert 'filename="report.pdf"' in response["Content-Disposition"]
    assert b"".join(response.streaming_content) == PDF
    assert AuditEntry.objects.filter(
        action=AuditAction.VIEWED,
        object_id=str(document.pk),
        child_id=case.child_id,
        summary__startswith="Downloaded",
    ).exists()


def test_another_authoritys_caseworker_gets_404_on_download_and_pages(world, caseworker):
    case = open_case(world)
    upload(caseworker, case, "report.pdf", PDF)
    document = Document.objects.get()
    other = client_for(world, "other_caseworker")
    assert (
        other.get(reverse("ehc:document_download", args=[case.pk, document.pk])).status_code == 404
    )
    assert other.get(reverse("ehc:documents", args=[case.pk])).status_code == 404
    assert upload(other, case, "other.pdf", PDF).status_code == 404
    assert Document.objects.count() == 1
    assert AuditEntry.objects.filter(action=AuditAction.DENIED).exists()
    assert not AuditEntry.objects.filter(
        action=AuditAction.VIEWED, object_id=str(document.pk)
    ).exists()


def test_a_document_is_only_reached_through_its_own_case(world, caseworker):
    case = open_case(world)
    upload(caseworker, case, "report.pdf", PDF)
    document = Document.objects.get()
    elsewhere = open_case(world, world.linked)
    response = caseworker.get(reverse("ehc:document_download", args=[elsewhere.pk, document.pk]))
    assert response.status_code == 404


def test_senco_family_and_virtual_school(world, caseworker):
    case = open_case(world, world.family_child)
    upload(caseworker, case, "report.pdf", PDF)
    document = Document.objects.get()
    download = reverse("ehc:document_download", args=[case.pk, document.pk])
    for role in (Role.FAMILY, Role.SENCO, Role.LEADER, Role.PROFESSIONAL):
        client = client_for(world, role)
        assert client.get(download).status_code in (403, 404), role
        assert client.get(reverse("ehc:documents", args=[case.pk])).status_code in (403, 404)
        assert upload(client, case, "x.pdf", PDF).status_code in (403, 404)
    assert client_for(world, Role.FAMILY).get(download).status_code == 403
    cared_for = open_case(world, world.ours_cared_for)
    virtual_school = client_for(world, Role.VIRTUAL_SCHOOL)
    page = virtual_school.get(reverse("ehc:documents", args=[cared_for.pk]))
    assert page.status_code == 200
    assert reverse("ehc:document_upload", args=[cared_for.pk]) not in page.content.decode()
    assert upload(virtual_school, cared_for, "x.pdf", PDF).status_code == 403
    assert Document.objects.count() == 1
