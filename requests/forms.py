"""Forms of the requests app: validation and Chinese messages; objects a form chooses are
fields over querysets already scoped to the user or the request (never a raw id)."""

import copy
from decimal import Decimal

from django import forms
from django.contrib.auth import get_user_model
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from compounds.models import Building, Compound, Department, Residency, Unit
from portal.forms import IdField, IdListField, MainlandPhoneField, MultipleFileField
from requests import queries
from requests.models import Category, Request, ReturnVisit
from requests.permissions import team_ids
from requests.workflow import HAND_OVER_KINDS, TRANSITIONS


class FileRequestForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("What is it?"),
        choices=Request.Kind.choices,
        initial=Request.Kind.REPAIR,
        widget=forms.RadioSelect,
    )
    category = forms.ChoiceField(
        label=_("Category"),
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose a category.")},
    )
    where = forms.ChoiceField(label=_("Where"), widget=forms.RadioSelect)
    place = forms.CharField(
        label=_("Where exactly?"),
        max_length=100,
        required=False,
        help_text=_("For example the stairs on the third floor, or the main gate."),
    )
    description = forms.CharField(
        label=_("What is wrong?"),
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Say in a few words what is wrong.")},
    )
    urgency = forms.ChoiceField(
        label=_("How urgent?"),
        choices=Request.Urgency.choices,
        initial=Request.Urgency.NORMAL,
        widget=forms.RadioSelect,
    )
    # No `capture`: the phone offers the camera and the photos already taken.
    photos = MultipleFileField(label=_("Photos (up to 4)"), required=False, accept="image/*")
    drop_photos = forms.MultipleChoiceField(
        label=_("Photos kept from your last try (tick one to leave it out)"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(
        self, *args, compound: Compound, categories=(), places=(), homes=None, kept=(), **kw
    ):
        super().__init__(*args, **kw)
        self.compound = compound
        self.categories = {str(c.pk): c for c in categories}
        self.homes = homes if homes is not None else Unit.objects.none()
        self.fields["category"].choices = [(c.pk, str(c)) for c in categories]
        self.fields["where"].choices = places
        self.offer_kept(kept)

    def offer_kept(self, kept) -> None:
        """Offer the photos kept from a try that failed (`(token, thumbnail data URI)`),
        each with a box to leave it out; without any, no such field."""
        if not kept:
            self.fields.pop("drop_photos", None)
            return
        field = self.fields.get("drop_photos") or copy.deepcopy(self.base_fields["drop_photos"])
        self.fields["drop_photos"] = field
        field.choices = [
            (
                token,
                format_html(
                    '<img src="{}" alt="{}"> <span>{}</span>',
                    uri,
                    gettext("Photo"),
                    gettext("Leave out"),
                ),
            )
            for token, uri in kept
        ]

    def clean(self):
        data = super().clean()
        if data.get("where") == "place" and not data.get("place", "").strip():
            self.add_error("place", _("Say where it is."))  # by the field, not above the form
        return data

    def request_fields(self, kept=()) -> dict:
        """The answers as `request_file` arguments. A home comes from `homes` (the filer's
        own, or any of the compound's when filing for a neighbour); the service refuses a
        place of another compound with a clear message."""
        data = self.cleaned_data
        kind, _sep, pk = data["where"].partition(":")
        return {
            "compound": self.compound,
            "category": self.categories[data["category"]],
            "description": data["description"],
            "kind": data["kind"],
            "urgency": data["urgency"],
            "unit": self.homes.filter(pk=pk).select_related("building").first()
            if kind == "unit"
            else None,
            "building": self.compound.buildings.filter(pk=pk).first()
            if kind == "building"
            else None,
            "place": data["place"],  # the exact spot, also in a home or a building
            "photos": [*kept, *data["photos"]],
        }


def home_place_choices(user, compound: Compound) -> list[tuple[str, str]]:
    """Where, when a resident files: their homes, a building's common area, or a place."""
    homes = (
        Residency.objects.current()
        .filter(user=user, status=Residency.Status.VERIFIED, unit__building__compound=compound)
        .select_related("unit__building")
    )
    choices = [(f"unit:{r.unit_id}", gettext("My home %(unit)s") % {"unit": r.unit}) for r in homes]
    choices += [
        (f"building:{b.pk}", gettext("%(building)s common area") % {"building": b.name})
        for b in compound.buildings.all()
    ]
    choices.append(("place", gettext("Elsewhere in the compound")))
    return choices


def neighbour_place_choices(compound: Compound) -> list:
    """Where, when filing for a neighbour: any home, a building's common area, or a place
    (one query for the units)."""
    buildings = list(compound.buildings.all())
    homes: dict[int, list] = {b.pk: [] for b in buildings}
    for unit in Unit.objects.filter(building__compound=compound).select_related("building"):
        homes[unit.building_id].append((f"unit:{unit.pk}", str(unit)))
    common = [
        (f"building:{b.pk}", gettext("%(building)s common area") % {"building": b.name})
        for b in buildings
    ]
    choices: list = [("", gettext("Choose…")), (gettext("Common areas"), common)]
    for b in buildings:
        if homes[b.pk]:
            choices.append((gettext("Homes in %(building)s") % {"building": b.name}, homes[b.pk]))
    choices.append(("place", gettext("Elsewhere in the compound")))
    return choices


class FileForNeighbourForm(FileRequestForm):
    """Filing for a neighbour without a phone (代报): who they are, how they asked, and a
    home, a common area or a place in the compound."""

    resident_name = forms.CharField(
        label=_("Neighbour's name"),
        max_length=40,
        help_text=_("How to address them on a visit, for example 3单元王奶奶."),
        error_messages={"required": _("Say whom you are filing for.")},
    )
    resident_phone = MainlandPhoneField(
        label=_("Their mobile number, if they have an account"), required=False
    )
    channel = forms.ChoiceField(
        label=_("How did they ask?"),
        choices=[c for c in Request.Channel.choices if c[0] != Request.Channel.APP],
        initial=Request.Channel.PHONE_CALL,
        widget=forms.RadioSelect,
    )
    field_order = ["resident_name", "resident_phone", "channel", "kind", "category", "where"]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["where"].widget = forms.Select()
        self.fields["where"].choices = kwargs.get("places", ())

    def clean_resident_phone(self):
        """The neighbour's account, if they have one: a verified resident of this compound."""
        phone = self.cleaned_data["resident_phone"]
        self.reporter = None
        if phone:
            self.reporter = (
                get_user_model()
                .objects.filter(
                    phone=phone,
                    residencies__in=Residency.objects.current().filter(
                        status=Residency.Status.VERIFIED, unit__building__compound=self.compound
                    ),
                )
                .first()
            )
            if self.reporter is None:
                raise forms.ValidationError(
                    _(
                        "No resident of this compound has that number; leave it empty to file "
                        "without an account."
                    )
                )
        return phone


class ActionForm(forms.Form):
    """One move of the workflow on a request, with the fields that move takes; the people,
    departments and handler kinds offered are those of this request."""

    action = forms.ChoiceField(
        choices=[(a, a) for a, t in TRANSITIONS.items() if t.offered],
        error_messages={"invalid_choice": _("Unknown action.")},
    )
    note = forms.CharField(required=False, max_length=1000, label=_("Note"))
    rating = forms.TypedChoiceField(
        required=False,
        coerce=int,
        empty_value=None,
        choices=[(i, i) for i in range(1, 6)],
        label=_("Stars"),
    )
    comment = forms.CharField(required=False, max_length=500, label=_("Comment"))
    outcome = forms.ChoiceField(required=False, choices=Request.Outcome.choices, label=_("Outcome"))
    assignee = forms.ModelChoiceField(queryset=get_user_model().objects.none(), required=False)
    department = forms.ModelChoiceField(queryset=Department.objects.none(), required=False)
    handler_kind = forms.ChoiceField(
        required=False, choices=[(k, Request.Handler(k).label) for k in HAND_OVER_KINDS]
    )
    method = forms.ChoiceField(required=False, choices=ReturnVisit.Method.choices)
    estimate = forms.DecimalField(
        required=False,
        label=_("Estimated cost (yuan)"),
        max_digits=12,
        decimal_places=2,
        min_value=Decimal("0.01"),
        max_value=Decimal("100000000"),
        error_messages={
            "invalid": _("Enter an amount in yuan, such as 1200 or 86.50."),
            "max_decimal_places": _("Amounts have at most two decimal places (fen)."),
            "max_digits": _("This amount is too large."),
            "max_whole_digits": _("This amount is too large."),
            "min_value": _("The amount must be more than zero."),
            "max_value": _("This amount is too large."),
        },
    )
    reached = forms.TypedChoiceField(
        required=False,
        coerce=lambda v: v == "yes",
        choices=[("yes", _("yes")), ("no", _("no"))],
        empty_value=True,
    )

    # The fields each move reads besides the note (workflow._apply).
    FIELDS = {
        "assign": ("assignee",),
        "transfer": ("assignee",),
        "confirm": ("rating", "comment"),
        "resolve": ("outcome",),
        "hand_over": ("handler_kind",),
        "whistle": ("department",),
        "return_visit": ("method", "reached", "rating"),
        "estimate": ("estimate",),
    }

    def __init__(self, *args, item: Request, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        action = self.data.get("action")
        if action in ("assign", "transfer"):
            self.fields["assignee"].queryset = get_user_model().objects.filter(
                pk__in=team_ids(item)
            )
        if action == "whistle":
            self.fields["department"].queryset = Department.objects.filter(
                street_office_id=item.compound.community.street_office_id, active=True
            )

    def move(self) -> tuple[str, dict]:
        """The action and the keyword arguments `workflow.perform` takes for it."""
        action = self.cleaned_data["action"]
        data = {"note": self.cleaned_data["note"]}
        for name in self.FIELDS.get(action, ()):
            data[name] = self.cleaned_data.get(name)
        if action == "estimate" and data["estimate"]:  # the timeline shows the sum
            data["note"] = " · ".join(filter(None, [f"¥{data['estimate']:,.2f}", data["note"]]))
        return action, data


class QueueFilterForm(forms.Form):
    """The workbench's filters, kept in the URL. A value that does not fit is ignored
    (the filter falls back to "all"), never an error page."""

    scope = forms.ChoiceField(
        required=False, choices=[("team", _("Waiting for us")), ("area", _("Everything"))]
    )
    state = forms.ChoiceField(
        required=False, choices=[("", ""), ("all", "all"), *Request.State.choices]
    )
    category = forms.ModelChoiceField(queryset=Category.objects.none(), required=False)
    building = forms.ModelChoiceField(queryset=Building.objects.none(), required=False)
    compound = forms.ModelChoiceField(queryset=Compound.objects.none(), required=False)
    overdue = forms.BooleanField(required=False)
    escalated = forms.BooleanField(required=False)
    mine = forms.BooleanField(required=False)
    due_today = forms.BooleanField(required=False)

    def __init__(self, *args, user, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = queries.queue_categories(user)
        self.fields["building"].queryset = queries.queue_buildings(user)
        self.fields["compound"].queryset = queries.queue_compounds(user)
        self.default_scope = queries.default_scope(user)  # a building head: the building's

    def filters(self) -> dict:
        self.is_valid()
        data = self.cleaned_data
        return {
            "scope": data.get("scope") or self.default_scope,
            "state": data.get("state") or "",
            "category": data.get("category"),
            "building": data.get("building"),
            "compound": data.get("compound"),
            "overdue": bool(data.get("overdue")),
            "escalated": bool(data.get("escalated")),
            "mine": bool(data.get("mine")),
            "due_today": bool(data.get("due_today")),
        }


class BulkDispatchForm(forms.Form):
    request = IdListField(max_count=100, required=False)
    assignee = IdField(required=False)


class HoursFilterForm(forms.Form):
    year = forms.IntegerField(required=False, min_value=2000, max_value=2100)
    month = forms.IntegerField(required=False, min_value=1, max_value=12)

    def period(self, this_year: int) -> tuple[int, int | None]:
        self.is_valid()
        return self.cleaned_data.get("year") or this_year, self.cleaned_data.get("month")


class DepartmentForm(forms.Form):
    name = forms.CharField(label=_("Department or unit"), max_length=60)
    kind = forms.ChoiceField(label=_("Kind"), choices=Department.Kind.choices)
    hotline = forms.CharField(label=_("Hotline"), max_length=30, required=False)


class DepartmentStaffForm(forms.Form):
    department = forms.ModelChoiceField(
        label=_("Department"), queryset=Department.objects.none(), empty_label=_("Choose…")
    )
    phone = MainlandPhoneField(label=_("Their mobile number"))
    display_name = forms.CharField(label=_("Name"), max_length=50, required=False)

    def __init__(self, *args, departments=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if departments is not None:
            self.fields["department"].queryset = departments


class CategoryForm(forms.ModelForm):
    class Meta:
        model = Category
        fields = ["name", "route", "hotline", "order"]
        labels = {"order": _("Order")}


CategoryFormSet = forms.modelformset_factory(
    Category, form=CategoryForm, extra=1, can_delete=True, max_num=40, validate_max=True
)


class ServiceLevelsForm(forms.Form):
    """Time limits in hours (half hours allowed), shown and entered the way people say them."""

    emergency_accept = forms.DecimalField(
        label=_("Emergency: accept within (hours)"), min_value=0.5, max_digits=5, decimal_places=1
    )
    emergency_resolve = forms.DecimalField(
        label=_("Emergency: resolve within (hours)"), min_value=0.5, max_digits=5, decimal_places=1
    )
    normal_accept = forms.DecimalField(
        label=_("Normal: accept within (hours)"), min_value=0.5, max_digits=5, decimal_places=1
    )
    normal_resolve = forms.DecimalField(
        label=_("Normal: resolve within (hours)"), min_value=0.5, max_digits=5, decimal_places=1
    )

    def minutes(self) -> dict[str, tuple[int, int]]:
        d = self.cleaned_data
        return {
            urgency: (int(d[f"{urgency}_accept"] * 60), int(d[f"{urgency}_resolve"] * 60))
            for urgency in ("emergency", "normal")
        }
