"""Forms for the public search and for keeping Local Offer entries up to date."""

from __future__ import annotations

from typing import Any

from django import forms

from sendpath.core.concurrency import VersionedForm
from sendpath.core.forms import GovukForm, set_choices
from sendpath.people.models.organisation import Organisation

from . import postcodes, reference, selectors, services
from .models import Access, Provider, Service, ServiceStatus

SORT_CHOICES = [
    ("", "Best match"),
    ("distance", "Nearest first (needs a postcode)"),
    ("name", "Name, A to Z"),
]


class SearchForm(GovukForm):
    """The public search. Every field is optional; it works as a plain GET form."""

    q = forms.CharField(
        label="What are you looking for?",
        required=False,
        max_length=200,
        help_text="For example: swimming, speech therapy, short breaks, autism",
    )
    postcode = forms.CharField(
        label="Postcode",
        required=False,
        max_length=10,
        help_text="A full or part postcode, like DM1 4AB or DM1",
        widget=forms.TextInput(
            attrs={"autocomplete": "postal-code", "class": "govuk-input--width-10"}
        ),
    )
    radius = forms.ChoiceField(
        label="Distance",
        required=False,
        choices=[
            (str(r), f"Within {r} mile{'s' if r > 1 else ''}") for r in selectors.RADIUS_CHOICES
        ],
        initial=str(selectors.DEFAULT_RADIUS),
    )
    age = forms.IntegerField(
        label="Age of the child or young person",
        required=False,
        min_value=0,
        max_value=25,
        help_text="In years, from 0 to 25",
        widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "govuk-input--width-3"}),
    )
    need = forms.MultipleChoiceField(
        label="Needs",
        required=False,
        choices=reference.NEEDS,
        widget=forms.CheckboxSelectMultiple,
    )
    category = forms.MultipleChoiceField(
        label="Type of service",
        required=False,
        choices=[(slug, label) for slug, label, _ in reference.CATEGORIES],
        widget=forms.CheckboxSelectMultiple,
    )
    cost = forms.ChoiceField(
        label="Cost",
        required=False,
        choices=[("", "Free or paid"), ("free", "Free only"), ("paid", "Paid only")],
    )
    access = forms.BooleanField(
        label="Only services families can contact themselves (no referral needed)",
        required=False,
    )
    area = forms.ChoiceField(label="Area", required=False)
    sort = forms.ChoiceField(label="Sort by", required=False, choices=SORT_CHOICES)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.is_bound and not self.data.get("radius"):
            # A search from the home page has no distance: show the one it used, not 1 mile.
            data = self.data.copy()  # type: ignore[attr-defined]  # a QueryDict or a dict
            data["radius"] = str(selectors.DEFAULT_RADIUS)
            self.data = data
        self.fields["age"].error_messages.update(
            {
                "invalid": "Age must be a whole number of years, like 7",
                "min_value": "Age must be 0 or more",
                "max_value": "Age must be 25 or less: the Local Offer is for 0 to 25 year olds",
            }
        )
        set_choices(self, "area", [("", "Anywhere"), *[(a, a) for a in selectors.areas()]])

    def clean_postcode(self) -> str:
        text = self.cleaned_data.get("postcode", "").strip()
        if not text:
            return ""
        normal = postcodes.normalise_postcode(text)
        if not (
            postcodes.POSTCODE_RE.match(normal) or postcodes.PARTIAL_RE.match(normal.split(" ")[0])
        ):
            raise forms.ValidationError(
                "Enter a real postcode, like DM1 4AB, or the first part of one, like DM1"
            )
        return normal

    def search(self) -> selectors.Search:
        """What to search for: every field that is valid (a wrong one is shown as an error and
        left out, rather than throwing away the rest of the search)."""
        data: dict[str, Any] = {}
        if self.is_bound:
            self.is_valid()
            data = self.cleaned_data
        radius = data.get("radius") or str(selectors.DEFAULT_RADIUS)
        return selectors.Search(
            q=data.get("q", ""),
            age=data.get("age"),
            needs=list(data.get("need") or []),
            categories=list(data.get("category") or []),
            cost=data.get("cost", ""),
            access="self" if data.get("access") else "",
            area=data.get("area", ""),
            postcode=data.get("postcode", ""),
            radius=int(radius),
            sort=data.get("sort", ""),
        )


class ProviderForm(GovukForm):
    """A provider's details, and whose staff keep its entries up to date."""

    name = forms.CharField(label="Name", max_length=200)
    description = forms.CharField(
        label="About the provider",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Published in the Local Offer's open data, with the email and website",
    )
    email = forms.EmailField(label="Email address", required=False, max_length=254)
    website = forms.URLField(
        label="Website",
        required=False,
        max_length=200,
        assume_scheme="https",
        help_text="For example, www.example.org",
    )
    organisation = forms.ChoiceField(
        label="Organisation whose staff keep its entries up to date",
        required=False,
        help_text="Staff of this organisation with a service provider account can add this "
        "provider's services and keep them up to date. Choose “Only the Local Offer team” if "
        "nobody outside the team should change them.",
    )

    def __init__(self, *args: Any, organisations: list[Organisation], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.organisations = {str(o.pk): o for o in organisations}
        set_choices(
            self,
            "organisation",
            [("", "Only the Local Offer team")]
            + [(str(o.pk), f"{o.name} ({o.get_kind_display()})") for o in organisations],
        )
        self.fields["name"].error_messages["required"] = "Enter the provider's name"
        self.fields["email"].error_messages["invalid"] = (
            "Enter an email address in the right format, like name@example.org"
        )
        self.fields["website"].error_messages["invalid"] = (
            "Enter the website's full address, like https://www.example.org"
        )
        self.fields["organisation"].error_messages["invalid_choice"] = (
            "Choose an organisation from the list"
        )

    def provider_data(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "name": data["name"].strip(),
            "description": data["description"].strip(),
            "email": data["email"],
            "website": data["website"],
            "organisation": self.organisations.get(data.get("organisation") or ""),
        }


class ProviderFilterForm(GovukForm):
    q = forms.CharField(label="Provider or organisation name", required=False, max_length=100)


class ManageFilterForm(GovukForm):
    q = forms.CharField(label="Name or provider", required=False, max_length=100)
    review = forms.ChoiceField(
        label="Review",
        required=False,
        choices=[
            ("", "All entries"),
            ("due", "Due for checking in the next 30 days"),
            ("overdue", "Overdue for checking (still shown, flagged)"),
            ("hidden", "Hidden from the public"),
        ],
    )


class ServiceForm(VersionedForm, GovukForm):
    """One entry of the Local Offer, with its main location."""

    provider = forms.ChoiceField(label="Provider")
    new_provider = forms.CharField(
        label="Or add a new provider",
        required=False,
        max_length=200,
        help_text="Only if the provider is not in the list above",
    )
    name = forms.CharField(label="Name of the service", max_length=200)
    description = forms.CharField(
        label="Description",
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=5000,
        help_text="What the service does, in plain English, as a family would describe it",
    )
    categories = forms.MultipleChoiceField(
        label="Type of service",
        choices=[(slug, label) for slug, label, _ in reference.CATEGORIES],
        widget=forms.CheckboxSelectMultiple,
        help_text="Select all that apply",
    )
    needs = forms.MultipleChoiceField(
        label="Needs it is designed for",
        required=False,
        choices=reference.NEEDS,
        widget=forms.CheckboxSelectMultiple,
        help_text="Leave all unticked if it is open to children and young people with any need",
    )
    minimum_age = forms.IntegerField(
        label="Youngest age",
        min_value=0,
        max_value=25,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "govuk-input--width-3"}),
        help_text="In years, from 0",
    )
    maximum_age = forms.IntegerField(
        label="Oldest age",
        min_value=0,
        max_value=25,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "govuk-input--width-3"}),
        help_text="In years, up to 25",
    )
    eligibility = forms.CharField(
        label="Who it is for",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="For example: children with a diagnosis of autism who live in Demoshire",
    )
    cost = forms.ChoiceField(
        label="Cost",
        choices=[("free", "Free"), ("paid", "There is a charge")],
        widget=forms.RadioSelect,
    )
    cost_description = forms.CharField(
        label="What it costs",
        required=False,
        max_length=300,
        help_text="Needed if there is a charge, for example: 3 pounds a session",
    )
    access = forms.ChoiceField(
        label="How to access it", choices=Access.choices, widget=forms.RadioSelect
    )
    how_to_access = forms.CharField(
        label="How to get in touch or be referred",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    telephone = forms.CharField(label="Telephone", required=False, max_length=40)
    email = forms.EmailField(label="Email", required=False)
    url = forms.URLField(label="Website", required=False, max_length=500, assume_scheme="https")
    contact_name = forms.CharField(label="Contact name", required=False, max_length=200)
    contact_title = forms.CharField(label="Contact role", required=False, max_length=200)
    opening_times = forms.CharField(
        label="Opening times",
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="For example: Saturdays, 10am to 12 noon, in term time",
    )
    languages = forms.CharField(
        label="Languages",
        required=False,
        max_length=300,
        help_text="Separate them with commas, for example: English, Urdu, British Sign Language",
    )
    area = forms.CharField(
        label="Area it serves",
        required=False,
        max_length=100,
        help_text="A town, or All of Demoshire",
    )
    location_name = forms.CharField(label="Venue name", required=False, max_length=200)
    address_1 = forms.CharField(label="Address", required=False, max_length=300)
    city = forms.CharField(label="Town or city", required=False, max_length=100)
    postcode = forms.CharField(
        label="Postcode",
        required=False,
        max_length=10,
        widget=forms.TextInput(attrs={"class": "govuk-input--width-10"}),
    )
    accessibility = forms.CharField(
        label="Access for disabled people",
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="For example: step-free entrance, hearing loop, accessible toilet, quiet room",
    )
    status = forms.ChoiceField(
        label="Status", choices=ServiceStatus.choices, widget=forms.RadioSelect
    )
    alert = forms.CharField(
        label="Notice to show at the top of the entry",
        required=False,
        max_length=300,
        help_text="For example: closed for the summer holidays until 1 September",
    )

    LOCATION_FIELDS = ("location_name", "address_1", "city", "postcode")

    def __init__(
        self, *args: Any, providers: list[Provider], may_add_provider: bool, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.providers = {str(p.pk): p for p in providers}
        set_choices(
            self,
            "provider",
            ([("", "Choose a provider")] if may_add_provider or len(providers) != 1 else [])
            + [(str(p.pk), p.name) for p in providers],
        )
        if may_add_provider:
            self.fields["provider"].required = False
        else:
            del self.fields["new_provider"]
        self.fields["minimum_age"].error_messages.update(
            {
                "min_value": "Youngest age must be 0 or more",
                "max_value": "Youngest age must be 25 or less",
                "invalid": "Youngest age must be a whole number of years",
            }
        )
        self.fields["maximum_age"].error_messages.update(
            {
                "min_value": "Oldest age must be 0 or more",
                "max_value": "Oldest age must be 25 or less: the Local Offer is for 0 to 25 year olds",
                "invalid": "Oldest age must be a whole number of years",
            }
        )
        self.fields["email"].error_messages["invalid"] = (
            "Enter an email address in the correct format, like name@example.com"
        )
        self.fields["url"].error_messages["invalid"] = (
            "Enter a website address in the correct format, like https://www.example.org"
        )
        self.fields["categories"].error_messages["required"] = "Select at least one type of service"

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if (
            "new_provider" in self.fields
            and not data.get("provider")
            and not data.get("new_provider", "").strip()
        ):
            self.add_error("provider", "Choose a provider, or add a new one below")
        low, high = data.get("minimum_age"), data.get("maximum_age")
        if low is not None and high is not None and low > high:
            self.add_error(
                "maximum_age", "Oldest age must be the same as or more than the youngest age"
            )
        if data.get("cost") == "paid" and not data.get("cost_description", "").strip():
            self.add_error("cost_description", "Enter what it costs")
        given = [f for f in self.LOCATION_FIELDS if data.get(f, "").strip()]
        if given and len(given) < len(self.LOCATION_FIELDS):
            for name in self.LOCATION_FIELDS:
                if not data.get(name, "").strip() and name not in self.errors:
                    label = str(self.fields[name].label).lower()
                    self.add_error(
                        name, f"Enter the {label} of the venue, or leave all the venue boxes empty"
                    )
        postcode = data.get("postcode", "").strip()
        if postcode and "postcode" not in self.errors and not postcodes.is_full_postcode(postcode):
            self.add_error("postcode", "Enter a real postcode, like DM1 4AB")
        if not (
            data.get("telephone")
            or data.get("email")
            or data.get("url")
            or data.get("how_to_access", "").strip()
        ):
            self.add_error(
                "telephone",
                "Give at least one way to get in touch: a telephone number, email, website or how to be referred",
            )
        return data

    @classmethod
    def initial_for(cls, service: Service) -> dict[str, Any]:
        sal = service.at_locations.select_related("location").order_by("location__name").first()
        location = sal.location if sal else None
        return {
            "provider": str(service.provider_id),
            "name": service.name,
            "description": service.description,
            "categories": [t.code for t in service.categories.all()],
            "needs": [t.code for t in service.needs.all()],
            "minimum_age": service.minimum_age,
            "maximum_age": service.maximum_age,
            "eligibility": service.eligibility,
            "cost": "free" if service.is_free else "paid",
            "cost_description": service.cost_description,
            "access": service.access,
            "how_to_access": service.how_to_access,
            "telephone": service.telephone,
            "email": service.email,
            "url": service.url,
            "contact_name": service.contact_name,
            "contact_title": service.contact_title,
            "opening_times": service.opening_times,
            "languages": ", ".join(service.languages or []),
            "area": service.area,
            "location_name": location.name if location else "",
            "address_1": location.address_1 if location else "",
            "city": location.city if location else "",
            "postcode": location.postcode if location else "",
            "accessibility": location.accessibility if location else "",
            "status": service.status,
            "alert": service.alert,
        }

    def service_data(self, provider: Provider) -> services.ServiceData:
        d = self.cleaned_data
        location = (
            services.LocationData(
                name=d["location_name"].strip(),
                address_1=d["address_1"].strip(),
                city=d["city"].strip(),
                postcode=d["postcode"].strip(),
                accessibility=d["accessibility"].strip(),
            )
            if d.get("postcode", "").strip()
            else None
        )
        return services.ServiceData(
            provider=provider,
            name=d["name"].strip(),
            description=d["description"].strip(),
            categories=list(selectors.terms("category").filter(code__in=d["categories"])),
            needs=list(selectors.terms("need").filter(code__in=d.get("needs") or [])),
            minimum_age=d["minimum_age"],
            maximum_age=d["maximum_age"],
            eligibility=d["eligibility"].strip(),
            url=d["url"],
            email=d["email"],
            telephone=d["telephone"].strip(),
            status=d["status"],
            alert=d["alert"].strip(),
            is_free=d["cost"] == "free",
            cost_description=d["cost_description"].strip() if d["cost"] == "paid" else "",
            access=d["access"],
            how_to_access=d["how_to_access"].strip(),
            opening_times=d["opening_times"].strip(),
            languages=[x.strip() for x in d["languages"].split(",") if x.strip()],
            area=d["area"].strip(),
            contact_name=d["contact_name"].strip(),
            contact_title=d["contact_title"].strip(),
            location=location,
        )
