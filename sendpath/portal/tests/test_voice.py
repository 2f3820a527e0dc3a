"""All about me: told once by the family, kept in versions, reused on the case's pages."""

from __future__ import annotations

import datetime as dt
import html
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from sendpath.core import uploads
from sendpath.core.models import AuditAction, AuditEntry
from sendpath.ehc.models import Plan
from sendpath.ehc.tests.test_plan import drafting_case
from sendpath.ehc.tests.test_reviews import in_force
from sendpath.people.models import Child, FamilyMember, Role, User
from sendpath.people.models.child import ParentsAccess
from sendpath.people.tests.factories import PASSWORD, ChildFactory, UserFactory
from sendpath.portal.models import AllAboutMe, AllAboutMeFile, Writer
from sendpath.portal.voice import services

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64

pytestmark = pytest.mark.django_db


def signed_in(user: User) -> Client:
    client = Client()
    assert client.login(username=user.username, password=PASSWORD)
    return client


def page(response) -> str:
    return html.unescape(response.content.decode())


def based_on(response) -> str:
    found = re.search(r'name="based_on" value="([^"]*)"', response.content.decode())
    assert found, "the form carries the version it was opened at"
    return html.unescape(found.group(1))


def about(child: Child, name: str = "all_about_me", **kwargs) -> str:
    return reverse(f"portal:{name}", kwargs={"pk": child.pk, **kwargs})


ANSWERS = {
    "about_me": "Kind and funny, always helps younger children",
    "important_now": "My dog Biscuit and my nan",
    "likes": ["music", "animals"],
    "find_hard": "Busy corridors between lessons",
    "hard_things": ["noise", "changes"],
    "helps": "A quiet start to the day",
    "helpers": ["quiet", "timetable"],
    "does_not_help": "Being rushed",
    "communication": "Talking, with time to answer",
    "hopes": "To work with animals, perhaps as a vet nurse",
}


def tell(world, child=None, **changes) -> AllAboutMe:
    return services.all_about_me_save(
        actor=world.user(Role.FAMILY),
        child=child or world.family_child,
        data={**ANSWERS, **changes},
    )


# ---------------------------------------------------------------------------------------------
# Told once, kept in versions


def test_a_parent_tells_us_and_sees_what_they_said_with_who_wrote_it(world):
    parent = signed_in(world.user(Role.FAMILY))
    child = world.family_child
    form = parent.get(about(child, "all_about_me_change"))
    assert form.status_code == 200
    assert f"What do people like and admire about {child.known_as}?" in page(form)
    response = parent.post(
        about(child, "all_about_me_change"), {**ANSWERS, "based_on": based_on(form)}
    )
    assert response.status_code == 302
    saved = AllAboutMe.objects.get(child=child)
    assert saved.number == 1
    assert saved.written_by == Writer.PARENT
    assert saved.likes == ["music", "animals"]
    shown = page(parent.get(about(child)))
    assert "Kind and funny, always helps younger children" in shown
    assert 'alt="Musical notes" width="32" height="32"> Music' in shown
    assert "Animals" in shown
    assert "Written by a parent or carer" in shown
    assert AuditEntry.objects.filter(
        child_id=child.pk, action=AuditAction.CREATED, summary__contains="version 1"
    ).exists()


def test_the_family_child_page_offers_all_about_me(world):
    parent = signed_in(world.user(Role.FAMILY))
    child = world.family_child
    shown = page(parent.get(reverse("portal:child", args=[child.pk])))
    assert about(child) in shown
    assert "All about me: tell us once" in shown
    # Staff have no such link: the gate is the family's own permission.
    staff = signed_in(world.user(Role.CASEWORKER))
    assert staff.get(reverse("portal:child", args=[child.pk])).status_code == 404


def test_a_young_person_writes_their_own(world):
    young = UserFactory(username="young", role=Role.FAMILY)
    child = ChildFactory(
        date_of_birth=dt.date(2008, 1, 5), responsible_authority=world.la, young_person_user=young
    )
    client = signed_in(young)
    form = client.get(about(child, "all_about_me_change"))
    assert "What do people like and admire about you?" in page(form)
    client.post(
        about(child, "all_about_me_change"), {"hopes": "College", "based_on": based_on(form)}
    )
    saved = AllAboutMe.objects.get(child=child)
    assert saved.written_by == Writer.YOUNG_PERSON
    shown = page(client.get(about(child)))
    assert "Written by the young person" in shown
    assert '<h1 class="govuk-heading-l">All about me</h1>' in shown


def test_each_save_is_a_new_version_and_earlier_ones_are_kept(world):
    first = tell(world)
    tell(world, hopes="To be a vet")
    assert list(
        AllAboutMe.objects.filter(child=world.family_child).values_list("number", "hopes")
    ) == [(2, "To be a vet"), (1, ANSWERS["hopes"])]
    parent = signed_in(world.user(Role.FAMILY))
    latest = page(parent.get(about(world.family_child)))
    assert "To be a vet" in latest
    assert "Version 1" in latest
    earlier = parent.get(about(world.family_child, "all_about_me_version", number=first.number))
    assert ANSWERS["hopes"] in page(earlier)


def test_a_stale_save_is_refused_and_keeps_what_was_typed(world):
    tell(world)
    parent = signed_in(world.user(Role.FAMILY))
    child = world.family_child
    opened = based_on(parent.get(about(child, "all_about_me_change")))
    tell(world, hopes="Changed by the other parent meanwhile")
    response = parent.post(
        about(child, "all_about_me_change"),
        {**ANSWERS, "hopes": "My own words", "based_on": opened},
    )
    assert response.status_code == 400
    shown = page(response)
    assert "Someone else changed this record" in shown
    assert "Test User" in shown  # who saved the newer version
    assert "they changed it to “Changed by the other parent meanwhile”" in shown
    assert "My own words" in shown
    assert AllAboutMe.objects.filter(child=child).count() == 2
    assert AuditEntry.objects.filter(
        child_id=child.pk, action=AuditAction.VIEWED, summary__contains="shown again"
    ).exists()


def test_nothing_said_is_refused_naming_the_field(world):
    parent = signed_in(world.user(Role.FAMILY))
    form = parent.get(about(world.family_child, "all_about_me_change"))
    response = parent.post(
        about(world.family_child, "all_about_me_change"), {"based_on": based_on(form)}
    )
    assert response.status_code == 400
    assert "Answer at least one question" in page(response)
    too_long = parent.post(
        about(world.family_child, "all_about_me_change"),
        {"hopes": "x" * 5001, "likes": ["not-a-card"], "based_on": based_on(form)},
    )
    assert too_long.status_code == 400
    assert "x" * 5001 in page(too_long)
    assert "Your answer must be 5,000 characters or fewer" in page(too_long)
    assert not AllAboutMe.objects.exists()


def test_the_easy_read_version_asks_a_few_questions_a_page_with_pictures(world):
    parent = signed_in(world.user(Role.FAMILY))
    child = world.family_child
    start = page(parent.get(about(child, "all_about_me_easy")))
    assert "5 short pages" in start
    refused = parent.post(about(child, "all_about_me_easy_step", step="like"), {"likes": "x"})
    assert refused.status_code == 400
    assert "Choose pictures from the list" in page(refused)
    assert AuditEntry.objects.filter(
        child_id=child.pk, summary__contains="(Things I like), shown again"
    ).exists()
    first = parent.get(about(child, "all_about_me_easy_step", step="like"))
    shown = page(first)
    assert 'alt="A dog"' in shown
    assert "portal/pictures/dog" in shown
    answers = {
        "like": {"likes": ["animals", "swimming"], "about_me": "Helpful"},
        "hard": {"hard_things": ["noise"]},
        "help": {"helpers": ["headphones"], "does_not_help": "Shouting"},
        "talk": {"communication": "Pictures and signing"},
        "future": {"hopes": "Live near the sea"},
    }
    for step, data in answers.items():
        response = parent.post(about(child, "all_about_me_easy_step", step=step), data)
        assert response.status_code == 302
    check = page(parent.get(about(child, "all_about_me_easy_check")))
    assert 'alt="A dog" width="32" height="32"> Animals' in check
    assert 'alt="A swimming pool" width="32" height="32"> Swimming' in check
    assert "Live near the sea" in check
    assert not AllAboutMe.objects.exists()  # nothing is saved before they send it
    assert AuditEntry.objects.filter(
        child_id=child.pk, summary__startswith="Answered Things I like in the easy-read"
    ).exists()
    assert parent.post(about(child, "all_about_me_easy_check")).status_code == 302
    saved = AllAboutMe.objects.get(child=child)
    assert saved.easy_read
    assert saved.likes == ["animals", "swimming"]
    assert saved.helpers == ["headphones"]
    assert saved.hopes == "Live near the sea"


def test_an_easy_read_send_after_someone_else_saved_is_refused_keeping_the_answers(world):
    parent = signed_in(world.user(Role.FAMILY))
    child = world.family_child
    parent.post(about(child, "all_about_me_easy_step", step="future"), {"hopes": "Mine"})
    tell(world, hopes="Someone else's")
    refused = parent.post(about(child, "all_about_me_easy_check"))
    assert refused.status_code == 400
    assert "Someone else saved All about me" in page(refused)
    assert AllAboutMe.objects.filter(child=child).count() == 1
    assert parent.post(about(child, "all_about_me_easy_check")).status_code == 302
    assert AllAboutMe.objects.filter(child=child).first().hopes == "Mine"


# ---------------------------------------------------------------------------------------------
# Uploads


def test_a_file_is_checked_for_viruses_and_kept_with_what_it_shows(world, settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path)},
        },
    }
    parent = signed_in(world.user(Role.FAMILY))
    child = world.family_child
    url = about(child, "all_about_me_file_add")
    virus = parent.post(
        url,
        {
            "file": SimpleUploadedFile("drawing.png", PNG + uploads.EICAR, "image/png"),
            "description": "My drawing",
        },
    )
    assert virus.status_code == 400
    assert "contains a virus" in page(virus)
    assert "My drawing" in page(virus)
    wrong = parent.post(
        url,
        {
            "file": SimpleUploadedFile("run.exe", b"MZ", "application/x-msdownload"),
            "description": "x",
        },
    )
    assert wrong.status_code == 400
    assert "must be a photo or picture" in page(wrong)
    assert not AllAboutMeFile.objects.exists()
    ok = parent.post(
        url,
        {"file": SimpleUploadedFile("drawing.png", PNG, "image/png"), "description": "My family"},
    )
    assert ok.status_code == 302
    kept = AllAboutMeFile.objects.get(child=child)
    assert kept.description == "My family"
    assert kept.content_type == "image/png"
    video = services.all_about_me_file_add(
        actor=world.user(Role.FAMILY),
        child=child,
        upload=SimpleUploadedFile("park.mp4", b"\x00\x00\x00\x18ftypmp42" + b"\x00" * 32),
        description="At the park",
    )
    assert video.kind == "Video"
    download = parent.get(about(child, "all_about_me_file", file_pk=kept.pk))
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PNG
    assert AuditEntry.objects.filter(
        child_id=child.pk, action=AuditAction.VIEWED, summary__contains="Downloaded a file"
    ).exists()


# ---------------------------------------------------------------------------------------------
# Who may reach it


def test_another_family_and_staff_get_a_page_that_looks_missing(world):
    tell(world)
    other = UserFactory(username="other_parent", role=Role.FAMILY)
    ChildFactory(responsible_authority=world.la)
    for user in (other, world.user(Role.SENCO), world.user("other_caseworker")):
        client = signed_in(user)
        for url in (about(world.family_child), about(world.family_child, "all_about_me_change")):
            response = client.get(url)
            assert response.status_code in (403, 404), (user.username, url)
        assert "Kind and funny" not in page(client.get(about(world.family_child)))
    assert AuditEntry.objects.filter(
        child_id=world.family_child.pk, action=AuditAction.DENIED, actor=other
    ).exists()


def test_a_parent_stopped_by_a_young_person_over_16_gets_a_missing_page(world):
    young = UserFactory(username="young16", role=Role.FAMILY)
    child = ChildFactory(
        date_of_birth=dt.date(2007, 1, 5),
        responsible_authority=world.la,
        young_person_user=young,
        parents_access=ParentsAccess.STOP,
    )
    FamilyMember.objects.create(
        child=child,
        full_name="A Parent",
        relationship="mother",
        parental_responsibility=True,
        user=world.user(Role.FAMILY),
    )
    parent = signed_in(world.user(Role.FAMILY))
    assert parent.get(about(child)).status_code == 404
    assert parent.post(about(child, "all_about_me_change"), {"hopes": "x"}).status_code == 404
    assert not AllAboutMe.objects.filter(child=child).exists()
    assert signed_in(young).get(about(child)).status_code == 200


# ---------------------------------------------------------------------------------------------
# Reused: the request, the advice, section A of the plan and every review


def test_what_the_family_said_is_shown_on_the_case_advice_plan_and_review_pages(world):
    case = drafting_case(world, child=world.family_child)
    tell(world)
    staff = signed_in(world.user(Role.CASEWORKER))
    before = AuditEntry.objects.filter(child_id=world.family_child.pk).count()
    for name, args, heading in (
        ("ehc:case", [case.pk], "What the family told us"),
        ("ehc:advice", [case.pk], "The family's own advice and information"),
        ("ehc:plan_section", [case.pk, "a"], "The family's own words"),
        ("ehc:review", [case.pk], "The family's views for this review"),
    ):
        shown = page(staff.get(reverse(name, args=args)))
        assert heading in shown, name
        assert "Kind and funny, always helps younger children" in shown, name
        assert "Loud noise, Changes to my day" in shown, name  # picture cards shown as words
    reads = AuditEntry.objects.filter(
        child_id=world.family_child.pk,
        action=AuditAction.VIEWED,
        summary__startswith="Viewed the family's All about me",
        actor=world.user(Role.CASEWORKER),
    )
    assert reads.count() == 4
    assert AuditEntry.objects.filter(child_id=world.family_child.pk).count() > before + 4


def test_the_family_words_show_on_every_review_of_a_plan_in_force(world):
    case = in_force(world, child=world.family_child)
    tell(world)
    shown = page(signed_in(world.user(Role.CASEWORKER)).get(reverse("ehc:review", args=[case.pk])))
    assert "The family's views for this review" in shown
    assert ANSWERS["hopes"] in shown


def test_staff_of_another_authority_do_not_see_the_family_words(world):
    case = drafting_case(world, child=world.family_child)
    tell(world)
    other = signed_in(world.user("other_caseworker"))
    for name, args in (
        ("ehc:case", [case.pk]),
        ("ehc:advice", [case.pk]),
        ("ehc:review", [case.pk]),
    ):
        response = other.get(reverse(name, args=args))
        assert response.status_code == 404
        assert "Kind and funny" not in page(response)
    assert not world.user("other_caseworker").has_perm("portal.read_family_voice", case)


def test_the_caseworker_uses_the_family_words_in_section_a(world):
    case = drafting_case(world, child=world.family_child)
    version = tell(world)
    staff = signed_in(world.user(Role.CASEWORKER))
    section = page(staff.get(reverse("ehc:plan_section", args=[case.pk, "a"])))
    assert (
        "Use the family&#39;s words in section A" in section
        or "Use the family's words in section A" in section
    )
    token = re.search(
        r'family-words/" novalidate>.*?name="based_on" value="([^"]*)"', section, re.DOTALL
    ).group(1)
    response = staff.post(
        reverse("portal:use_family_words", args=[case.pk]),
        {"version": version.number, "based_on": token},
    )
    assert response.status_code == 302
    plan = Plan.objects.get(case=case)
    assert "What people like and admire about me:\nKind and funny" in plan.section_a
    assert "Things I like:\nMusic, Animals" in plan.section_a
    assert "Written by a parent or carer" in plan.section_a
    assert AuditEntry.objects.filter(
        child_id=world.family_child.pk,
        action=AuditAction.UPDATED,
        summary__startswith="Used the family's words (All about me, version 1)",
    ).exists()
    assert ANSWERS["hopes"] in page(staff.get(reverse("ehc:plan", args=[case.pk])))


def test_using_the_family_words_is_refused_when_section_a_changed_meanwhile(world):
    from sendpath.ehc.plans import services as plan_services

    case = drafting_case(world, child=world.family_child)
    version = tell(world)
    staff = signed_in(world.user(Role.CASEWORKER))
    section = page(staff.get(reverse("ehc:plan_section", args=[case.pk, "a"])))
    token = re.search(
        r'family-words/" novalidate>.*?name="based_on" value="([^"]*)"', section, re.DOTALL
    ).group(1)
    plan_services.plan_section_update(
        actor=world.user(Role.MANAGER), plan=case.plan, section="A", text="Typed by a colleague"
    )
    staff.post(
        reverse("portal:use_family_words", args=[case.pk]),
        {"version": version.number, "based_on": token},
    )
    assert Plan.objects.get(case=case).section_a == "Typed by a colleague"
    # A newer version from the family after the page was opened is refused too.
    tell(world, hopes="Newer")
    staff.post(
        reverse("portal:use_family_words", args=[case.pk]),
        {"version": version.number, "based_on": ""},
    )
    assert Plan.objects.get(case=case).section_a == "Typed by a colleague"


def test_only_staff_who_change_the_case_may_use_the_family_words(world):
    case = drafting_case(world, child=world.family_child)
    version = tell(world)
    for user in (
        world.user(Role.VIRTUAL_SCHOOL),
        world.user("other_caseworker"),
        world.user(Role.FAMILY),
    ):
        response = signed_in(user).post(
            reverse("portal:use_family_words", args=[case.pk]), {"version": version.number}
        )
        assert response.status_code in (403, 404), user.username
    assert Plan.objects.get(case=case).section_a == ""


def test_staff_read_every_version_the_family_saved(world):
    case = drafting_case(world, child=world.family_child)
    tell(world)
    tell(world, hopes="To be a vet")
    staff = signed_in(world.user(Role.CASEWORKER))
    overview = page(staff.get(reverse("ehc:case", args=[case.pk])))
    assert "see every version" in overview
    shown = page(staff.get(reverse("portal:case_all_about_me", args=[case.pk])))
    assert "Version 2 (the latest)" in shown
    assert "To be a vet" in shown
    assert ANSWERS["hopes"] in shown  # version 1, kept
    assert AuditEntry.objects.filter(
        child_id=world.family_child.pk,
        actor=world.user(Role.CASEWORKER),
        summary__startswith="Viewed every version",
    ).exists()
    other = signed_in(world.user("other_caseworker"))
    assert other.get(reverse("portal:case_all_about_me", args=[case.pk])).status_code == 404


def test_a_family_removes_a_file_and_staff_open_the_family_files_from_the_case(
    world, settings, tmp_path
):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path)},
        },
    }
    case = drafting_case(world, child=world.family_child)
    tell(world)
    kept = services.all_about_me_file_add(
        actor=world.user(Role.FAMILY),
        child=world.family_child,
        upload=SimpleUploadedFile("me.png", PNG, "image/png"),
        description="Me on my bike",
    )
    staff = signed_in(world.user(Role.CASEWORKER))
    assert "Me on my bike" in page(staff.get(reverse("ehc:advice", args=[case.pk])))
    url = reverse("portal:case_all_about_me_file", args=[case.pk, kept.pk])
    download = staff.get(url)
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PNG
    assert AuditEntry.objects.filter(
        actor=world.user(Role.CASEWORKER), summary__startswith="Downloaded a file of All about me"
    ).exists()
    assert signed_in(world.user("other_caseworker")).get(url).status_code == 404

    parent = signed_in(world.user(Role.FAMILY))
    remove = about(world.family_child, "all_about_me_file_remove", file_pk=kept.pk)
    assert "Me on my bike" in page(parent.get(remove))
    assert parent.post(remove).status_code == 302
    assert not AllAboutMeFile.objects.exists()
    assert AuditEntry.objects.filter(
        child_id=world.family_child.pk, summary="Removed a file from All about me: me.png"
    ).exists()


def test_a_family_cannot_reach_another_childs_file_or_version_through_their_own(world):
    theirs = ChildFactory(responsible_authority=world.la)
    other_version = tell(world, child=theirs)
    other_file = AllAboutMeFile.objects.create(
        child=theirs,
        description="Someone else's",
        written_by=Writer.PARENT,
        file="all-about-me/x.png",
        original_name="x.png",
        content_type="image/png",
    )
    parent = signed_in(world.user(Role.FAMILY))
    mine = world.family_child
    assert other_version.number == 1
    assert parent.get(about(mine, "all_about_me_version", number=1)).status_code == 404
    for name in ("all_about_me_file", "all_about_me_file_remove"):
        assert parent.get(about(mine, name, file_pk=other_file.pk)).status_code == 404
    assert (
        parent.post(about(mine, "all_about_me_file_remove", file_pk=other_file.pk)).status_code
        == 404
    )
    assert AllAboutMeFile.objects.filter(pk=other_file.pk).exists()


def test_the_school_reads_the_family_words_on_the_review_page_of_its_own_pupil(world):
    from sendpath.people.models import SettingAttendance

    case = in_force(world, child=world.family_child)
    SettingAttendance.objects.create(
        child=world.family_child, organisation=world.school, start_date=dt.date(2020, 9, 1)
    )
    tell(world)
    review = reverse("ehc:review", args=[case.pk])
    shown = page(signed_in(world.user(Role.SENCO)).get(review))
    assert ANSWERS["hopes"] in shown
    other = signed_in(world.user("other_senco")).get(review)
    assert other.status_code == 404
    assert ANSWERS["hopes"] not in page(other)
