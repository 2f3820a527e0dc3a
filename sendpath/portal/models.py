"""What families and young people tell us, kept so that it is asked once and reused.

``AllAboutMe``: a child's or young person's views, wishes and feelings and their hopes for the
future, in the words of a parent or carer or of the young person themselves (Children and
Families Act 2014 section 19; SEND Code of Practice 9.69, section A of a plan). Each save is a
new version: nothing said is ever overwritten, and every earlier version stays readable.
``AllAboutMeFile``: a photograph, drawing, video or document the family adds, with what it shows.
"""

from __future__ import annotations

from django.db import models

from sendpath.core.models import BaseModel
from sendpath.people.models import Child


class Writer(models.TextChoices):
    PARENT = "parent", "A parent or carer"
    YOUNG_PERSON = "young_person", "The young person"


class AllAboutMe(BaseModel):
    """One version of a child's "All about me", as it was saved: never changed afterwards."""

    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="all_about_me")
    number = models.PositiveIntegerField()
    written_by = models.CharField(max_length=20, choices=Writer.choices)
    writer_name = models.CharField(max_length=200, blank=True)
    easy_read = models.BooleanField(default=False)
    about_me = models.TextField("What people like and admire about me", blank=True)
    important_now = models.TextField("What is important to me now", blank=True)
    find_hard = models.TextField("What I find hard", blank=True)
    helps = models.TextField("What helps me", blank=True)
    does_not_help = models.TextField("What does not help me", blank=True)
    communication = models.TextField("How I like to communicate", blank=True)
    hopes = models.TextField("My hopes and dreams for the future", blank=True)
    # Picture cards chosen, as codes (``voice/pictures.py``), shown to staff as words.
    likes = models.JSONField(default=list, blank=True)
    hard_things = models.JSONField(default=list, blank=True)
    helpers = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["child", "-number"]
        verbose_name = "All about me"
        verbose_name_plural = "All about me versions"
        constraints = [
            models.UniqueConstraint(fields=["child", "number"], name="one_about_me_number")
        ]

    def __str__(self) -> str:
        return f"All about me, version {self.number}"


class AllAboutMeFile(BaseModel):
    """A photograph, drawing, video or document added to a child's "All about me"."""

    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="all_about_me_files")
    description = models.CharField("What it shows", max_length=500)
    written_by = models.CharField(max_length=20, choices=Writer.choices)
    file = models.FileField(upload_to="all-about-me/%Y/%m/")
    original_name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["child", "-created_at"]
        verbose_name = "All about me file"

    def __str__(self) -> str:
        return self.original_name

    @property
    def kind(self) -> str:
        """A photo, a video or a document, in words."""
        if self.content_type.startswith("image/"):
            return "Picture"
        if self.content_type.startswith("video/"):
            return "Video"
        return "Document"
