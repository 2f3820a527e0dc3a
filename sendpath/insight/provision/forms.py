"""Forms for alternative provision placements, preparing for adulthood and the oversight
lists' filters (GOV.UK components)."""

from __future__ import annotations

from django import forms

from sendpath.core.concurrency import VersionedForm
from sendpath.core.forms import DateField, GovukForm
from sendpath.insight.models import WEEKDAYS, AdultSocialCare, Destination, Ofsted, Outcome, Reason

GUIDANCE = (
    "DfE, Alternative provision: statutory guidance for local authorities (2013); Arranging "
    "education for children who cannot attend school because of health needs (2023)"
)


class PlacementForm(VersionedForm, GovukForm):
    provider_organisation = forms.ChoiceField(
        label="Provider",
        required=False,
        help_text="An organisation on the system. If it is not listed, choose a Local Offer "
        "service below or enter its name",
    )
    provider_service = forms.ChoiceField(label="Or a Local Offer service", required=False)
    provider_name = forms.CharField(
        label="Or the provider's name", required=False, max_length=200,
        help_text="Only when the provider is neither an organisation nor a Local Offer service",
    )  # fmt: skip
    ofsted = forms.ChoiceField(
        label="Is the provider registered with Ofsted?",
        choices=Ofsted.choices,
        widget=forms.RadioSelect,
        help_text="A provider giving full-time education to 5 or more pupils of compulsory "
        "school age, or to one who has an EHC plan or is looked after, must register as an "
        "independent school (Education and Skills Act 2008 s.92)",
    )
    school = forms.ChoiceField(
        label="Commissioning school",
        required=False,
        help_text="The child's school of record, which arranged the placement. Leave it empty "
        "when the council arranged it",
    )
    start_date = DateField(label="Start date")
    end_date = DateField(
        label="End date", required=False, help_text="Only when the placement has ended or will end"
    )
    hours_per_week = forms.CharField(
        label="Hours a week",
        max_length=6,
        help_text="Full time is 25 hours a week. Fewer is shown as a part-time timetable",
        widget=forms.TextInput(attrs={"inputmode": "decimal", "class": "govuk-input--width-4"}),
    )
    days = forms.MultipleChoiceField(
        label="Days attended", choices=WEEKDAYS, required=False,
        widget=forms.CheckboxSelectMultiple,
    )  # fmt: skip
    reason = forms.ChoiceField(
        label="Why the child is in alternative provision",
        choices=Reason.choices,
        widget=forms.RadioSelect,
    )
    reason_detail = forms.CharField(
        label="More about the reason", required=False, max_length=300,
        help_text="Needed when the reason is Other",
    )  # fmt: skip
    objectives = forms.CharField(
        label="The personalised plan's objectives",
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="What the placement is for and how it meets the child's needs, including a "
        "return to mainstream where that is right (" + GUIDANCE + ")",
    )
    reviewed_by = forms.CharField(
        label="Who reviews the plan", required=False, max_length=200,
        help_text="For example the school's SENCO, with the provider and the family",
    )  # fmt: skip
    next_review_on = DateField(
        label="Next review of the plan",
        required=False,
        help_text="Plans are reviewed regularly: every 6 weeks is suggested. Needed while the "
        "placement is open",
    )
    outcome = forms.ChoiceField(
        label="Where the child went when it ended",
        choices=[("", "Not ended"), *Outcome.choices],
        required=False,
        widget=forms.RadioSelect,
    )


class AdulthoodForm(VersionedForm, GovukForm):
    destination = forms.ChoiceField(
        label="Destination",
        choices=Destination.choices,
        widget=forms.RadioSelect,
        help_text="Where the young person is now: education, an apprenticeship, a supported "
        "internship, a traineeship, employment, or not in education, employment or training "
        "(SEND Code of Practice chapter 8, pathways to employment)",
    )
    destination_on = DateField(label="Date the destination was recorded", not_in_future=True)
    asc_referred_on = DateField(
        label="Referred to adult social care on",
        required=False,
        not_in_future=True,
        help_text="A referral for a Care Act transition assessment (Care Act 2014 s.58)",
    )
    asc_assessed_on = DateField(
        label="Care Act assessment on", required=False, not_in_future=True,
        help_text="The transition assessment (Care Act 2014 s.58-59)",
    )  # fmt: skip
    asc_decision = forms.ChoiceField(
        label="Eligibility for adult social care",
        choices=AdultSocialCare.choices,
        required=False,
        widget=forms.RadioSelect,
        help_text="The decision under Care Act 2014 s.13 and the Eligibility Criteria "
        "Regulations 2015",
    )
    asc_decided_on = DateField(label="Eligibility decided on", required=False, not_in_future=True)
    health_plan_agreed_on = DateField(
        label="Transition plan to adult health services agreed on",
        required=False,
        not_in_future=True,
        help_text="A plan naming who leads the move to adult health care (SEND Code of "
        "Practice 8.54)",
    )


FLAGS = [
    ("", "Any"),
    ("part_time", "Part time (under 25 hours a week)"),
    ("overdue", "Review overdue"),
    ("not_registered", "Provider not registered with Ofsted, or not known"),
]


class APFilterForm(GovukForm):
    school = forms.ChoiceField(label="Commissioning school", required=False)
    provider = forms.ChoiceField(label="Provider", required=False)
    reason = forms.ChoiceField(
        label="Reason", choices=[("", "Any"), *Reason.choices], required=False
    )
    flag = forms.ChoiceField(label="Flag", choices=FLAGS, required=False)


GROUP_CHOICES = [
    ("", "Any"),
    ("education", "In education"),
    ("neet", "NEET"),
    ("not_known", "Not known or not recorded"),
]
TRANSITIONS = [
    ("", "Any"),
    ("referred", "Referred to adult social care"),
    ("assessed", "Care Act assessment done"),
    ("eligible", "Eligible for adult social care"),
    ("not_eligible", "Not eligible for adult social care"),
    ("health", "Transition plan to adult health services agreed"),
]


class AdulthoodFilterForm(GovukForm):
    destination = forms.ChoiceField(
        label="Destination",
        choices=[("", "Any"), *Destination.choices, ("none", "No destination recorded")],
        required=False,
    )
    group = forms.ChoiceField(label="Group", choices=GROUP_CHOICES, required=False)
    transition = forms.ChoiceField(label="Transition", choices=TRANSITIONS, required=False)
