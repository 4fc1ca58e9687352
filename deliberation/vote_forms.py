"""The forms of an owners' vote: drafting it (a matter of 第278条 for every topic), giving
notice (with the earliest opening shown), the ballot offered online, written proxies, paper
ballots as the paper reads (blank and spoiled too) and the visit log. Split from forms.py by
entity; the shared fields stay there."""

from datetime import timedelta

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from compounds.models import Unit
from deliberation.forms import DATETIME
from deliberation.models import Ballot, BallotChoice, MatterItem, OwnersVote, RollEntry
from portal.calendar import holiday_spans
from portal.forms import IdChoicesField, MainlandPhoneField, MomentField, id_from


class RollEntryChoiceField(forms.ModelChoiceField):
    """A home on a vote's roll, posted as its unit's id, shown by its label."""

    def __init__(self, queryset, **kwargs) -> None:
        super().__init__(queryset, to_field_name="unit_id", **kwargs)

    def to_python(self, value):
        # A lookup by a foreign key is not guarded against ids the database cannot hold
        # (a 40-digit number overflows SQLite): check it is an id first.
        if value not in self.empty_values and id_from({"unit": value}, "unit") is None:
            raise forms.ValidationError(
                self.error_messages["invalid_choice"], code="invalid_choice"
            )
        return super().to_python(value)

    def label_from_instance(self, obj) -> str:
        return obj.label


def add_choice_fields(form: forms.Form, topics, paper: bool = False) -> None:
    """One for / against / abstain question per topic, big radio buttons; a paper ballot
    may also be blank (空白) or spoiled (作废) on one topic."""
    choices = BallotChoice.Mark.choices if paper else BallotChoice.Choice.choices
    for topic in topics:
        form.fields[f"topic_{topic.pk}"] = forms.ChoiceField(
            label=topic.title,
            choices=choices,
            widget=forms.RadioSelect,
            error_messages={"required": _("Choose for, against or abstain.")},
        )


def choices_of(form: forms.Form, topics) -> dict[int, str]:
    return {t.pk: form.cleaned_data[f"topic_{t.pk}"] for t in topics}


class BallotForm(forms.Form):
    """One ballot offered to the user: `unit` names which of their groups of homes it is."""

    unit = forms.TypedChoiceField(coerce=int, widget=forms.HiddenInput)

    def __init__(self, *args, topics=(), groups=(), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.groups = {group.unit_id: group for group in groups}
        self.fields["unit"].choices = [(pk, pk) for pk in self.groups]
        add_choice_fields(self, topics)

    def clean_unit(self):
        return self.groups[self.cleaned_data["unit"]]


# An owners' vote decides a matter of 民法典 第二百七十八条 (1)–(9), never item 0: an ordinary
# compound affair put to the owners is their item (9) (deliberation.services.votes).
OWNERS_MATTERS = [(value, label) for value, label in MatterItem.choices if value]
MATTER_HELP = _(
    "Whatever the owners decide together is a matter of 民法典 第二百七十八条: two thirds of "
    "the exclusive floor area and of the owners must take part. An ordinary compound affair "
    "is (9)."
)


class VoteCreateForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=120)
    method = forms.CharField(
        label=_("How owners vote"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        initial=_(
            "Online on Gongzhi, by a written proxy, or on a paper ballot handed to the "
            "building head."
        ),
    )
    topic_1 = forms.CharField(label=_("Topic 1"), max_length=200)
    item_1 = forms.TypedChoiceField(
        label=_("Matter of topic 1"),
        choices=OWNERS_MATTERS,
        coerce=int,
        initial=MatterItem.OTHER_MAJOR,
        help_text=MATTER_HELP,
    )
    topic_2 = forms.CharField(label=_("Topic 2 (optional)"), max_length=200, required=False)
    item_2 = forms.TypedChoiceField(
        label=_("Matter of topic 2"),
        choices=OWNERS_MATTERS,
        coerce=int,
        required=False,
        initial=MatterItem.OTHER_MAJOR,
    )
    buildings = IdChoicesField(
        label=_("Only these buildings vote (none: the whole compound)"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    entrances = forms.MultipleChoiceField(
        label=_("Or only these entrances"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, compound=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["buildings"].queryset = compound.buildings.all() if compound else None
        if compound is not None:
            pairs = (
                Unit.objects.filter(building__compound=compound)
                .exclude(entrance="")
                .values_list("building_id", "building__name", "entrance")
                .distinct()
                .order_by("building_id", "entrance")
            )
            self.fields["entrances"].choices = [(f"{b}:{e}", f"{name} {e}") for b, name, e in pairs]

    def scope(self) -> list[tuple[int, str]]:
        pairs = []
        for value in self.cleaned_data.get("entrances") or []:
            building, _sep, entrance = value.partition(":")
            pairs.append((int(building), entrance))
        return pairs

    def topics(self) -> list[dict]:
        d = self.cleaned_data
        topics = [{"title": d["topic_1"], "matter_item": d["item_1"]}]
        if d.get("topic_2"):
            item = d.get("item_2") or MatterItem.OTHER_MAJOR
            topics.append({"title": d["topic_2"], "matter_item": item})
        return topics


class NoticeForm(forms.Form):
    """The dates of voting, with the earliest opening a notice published now allows
    (物业管理条例 第十四条, deliberation.services.votes.earliest_opening) shown and offered."""

    opens_at = MomentField(label=_("Voting opens"), widget=DATETIME)
    closes_at = MomentField(label=_("Voting closes"), widget=DATETIME)

    def __init__(self, *args, earliest=None, **kwargs) -> None:
        if earliest is not None:
            kwargs.setdefault("initial", {"opens_at": timezone.localtime(earliest)})
        super().__init__(*args, **kwargs)
        if earliest is not None:
            self.fields["opens_at"].help_text = _(
                "Published today, the notice lets voting open on %(day)s at 00:00 at the "
                "earliest: %(days)s whole days lie between, the day of the notice not counted "
                "(物业管理条例 第十四条; 民法典 第二百零一条)."
            ) % {
                "day": timezone.localtime(earliest).strftime("%Y-%m-%d"),
                "days": settings.DELIBERATION_NOTICE_DAYS,
            }
            self.fields["closes_at"].help_text = _holidays_ahead(earliest)


def _holidays_ahead(earliest) -> str:
    """Statutory holidays in the weeks a vote may run, named in advance: owners are often
    away then (a warning, never a refusal; portal/calendar.py)."""
    first = timezone.localtime(earliest).date()
    longest = settings.DELIBERATION_VOTE_DAYS[1]
    spans = holiday_spans(first, first + timedelta(days=longest))
    if not spans:
        return ""
    named = "；".join(
        f"{a:%m-%d}" + (f"–{b:%m-%d}" if b != a else "") + f" {name}" for a, b, name in spans
    )
    return _("Public holidays in these weeks: %(days)s. Many owners may be away then.") % {
        "days": named
    }


class ProxyForm(forms.Form):
    """委托书: one of the owner's homes on the roll, the proxy (by mobile number), the
    matters, how long it holds, and the signed form."""

    unit = RollEntryChoiceField(
        RollEntry.objects.none(),
        label=pgettext_lazy("a unit", "Home"),
        empty_label=None,
        widget=forms.RadioSelect,
    )
    # Any mainland number: whether its holder uses Gongzhi yet is not the owner's to learn.
    proxy_phone = MainlandPhoneField(label=_("Your proxy's mobile number"))
    matters = forms.CharField(label=_("Matters the proxy covers"), max_length=300)
    valid_until = MomentField(label=_("Valid until"), widget=DATETIME)
    scan = forms.FileField(
        label=_("Photo or scan of the proxy form you signed"),
        widget=forms.ClearableFileInput(attrs={"accept": "image/*,application/pdf"}),
    )

    def __init__(self, *args, vote: OwnersVote, owner, **kwargs) -> None:
        kwargs.setdefault("initial", {"valid_until": vote.closes_at, "matters": vote.title})
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = vote.roll.filter(voter=owner).select_related("unit")


class ProxyRevokeForm(forms.Form):
    proxy = forms.ModelChoiceField(queryset=None)

    def __init__(self, *args, vote: OwnersVote, owner, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["proxy"].queryset = vote.proxies.filter(owner=owner, revoked_at__isnull=True)


class PaperBallotForm(forms.Form):
    """A signed paper ballot as it reads: valid (each topic for, against or abstain — or
    left blank, or spoiled), wholly blank (空白票) or spoiled (作废票) with the reason."""

    unit = forms.TypedChoiceField(label=pgettext_lazy("a unit", "Home"), coerce=int)
    kind = forms.ChoiceField(
        label=_("The ballot"),
        choices=[
            ("valid", _("Valid: as marked below")),
            (BallotChoice.Mark.BLANK, _("Blank ballot (空白票): nothing marked")),
            (BallotChoice.Mark.SPOILED, _("Spoiled ballot (作废票)")),
        ],
        widget=forms.RadioSelect,
        initial="valid",
        required=False,  # not given: valid, as marked
    )
    spoiled_reason = forms.CharField(
        label=_("Why it is spoiled"),
        max_length=200,
        required=False,
        help_text=_("For example: not signed; two boxes ticked for one topic; unreadable."),
    )
    channel = forms.ChoiceField(
        label=_("How it was cast"),
        choices=[
            (Ballot.Channel.PAPER, Ballot.Channel.PAPER.label),
            (Ballot.Channel.ONSITE, Ballot.Channel.ONSITE.label),
        ],
        widget=forms.RadioSelect,
        initial=Ballot.Channel.PAPER,
    )
    scan = forms.FileField(
        label=_("Photo or scan of the signed ballot"),
        widget=forms.ClearableFileInput(attrs={"accept": "image/*,application/pdf"}),
    )

    def __init__(self, *args, topics=(), units=(), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].choices = [("", _("Choose…")), *units]
        self.topics = list(topics)
        add_choice_fields(self, topics, paper=True)

    def clean(self):
        """A wholly blank or spoiled ballot needs no answer per topic; a spoiled one, why."""
        data = super().clean()
        kind = data.get("kind")
        if kind in BallotChoice.Mark.values:
            for topic in self.topics:
                self.errors.pop(f"topic_{topic.pk}", None)
                data[f"topic_{topic.pk}"] = kind
        spoiled = any(data.get(f"topic_{t.pk}") == "spoiled" for t in self.topics)
        if spoiled and not (data.get("spoiled_reason") or "").strip():
            self.add_error("spoiled_reason", _("Say why the ballot is spoiled."))
        return data


class OutreachForm(forms.Form):
    unit = RollEntryChoiceField(RollEntry.objects.none(), widget=forms.HiddenInput)
    note = forms.CharField(
        label=_("What happened"),
        max_length=300,
        error_messages={"required": _("Say what happened.")},
    )

    def __init__(self, *args, vote: OwnersVote, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = vote.roll.select_related("unit")
