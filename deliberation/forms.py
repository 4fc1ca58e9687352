from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from deliberation.models import Ballot, BallotChoice, MatterItem, Meeting, Proposal
from portal.forms import MainlandPhoneField

DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


def add_choice_fields(form: forms.Form, topics) -> None:
    """One for / against / abstain question per topic, big radio buttons."""
    for topic in topics:
        form.fields[f"topic_{topic.pk}"] = forms.ChoiceField(
            label=topic.title,
            choices=BallotChoice.Choice.choices,
            widget=forms.RadioSelect,
            error_messages={"required": _("Choose for, against or abstain.")},
        )


def choices_of(form: forms.Form, topics) -> dict[int, str]:
    return {t.pk: form.cleaned_data[f"topic_{t.pk}"] for t in topics}


class BallotForm(forms.Form):
    unit = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, topics=(), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        add_choice_fields(self, topics)


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
        label=_("Matter of topic 1"), choices=MatterItem.choices, coerce=int
    )
    topic_2 = forms.CharField(label=_("Topic 2 (optional)"), max_length=200, required=False)
    item_2 = forms.TypedChoiceField(
        label=_("Matter of topic 2"), choices=MatterItem.choices, coerce=int, required=False
    )
    buildings = forms.ModelMultipleChoiceField(
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
            from compounds.models import Unit

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
            topics.append({"title": d["topic_2"], "matter_item": d.get("item_2") or 0})
        return topics


class NoticeForm(forms.Form):
    opens_at = forms.DateTimeField(label=_("Voting opens"), widget=DATETIME)
    closes_at = forms.DateTimeField(label=_("Voting closes"), widget=DATETIME)


class ProxyForm(forms.Form):
    unit = forms.IntegerField(widget=forms.HiddenInput)
    proxy_phone = MainlandPhoneField(label=_("Your proxy's mobile number"))
    matters = forms.CharField(label=_("Matters the proxy covers"), max_length=300)
    valid_until = forms.DateTimeField(label=_("Valid until"), widget=DATETIME)
    scan = forms.FileField(
        label=_("Photo or scan of the proxy form you signed"),
        widget=forms.ClearableFileInput(attrs={"accept": "image/*,application/pdf"}),
    )


class PaperBallotForm(forms.Form):
    unit = forms.ChoiceField(label=pgettext_lazy("a unit", "Home"))
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
        add_choice_fields(self, topics)


class OutreachForm(forms.Form):
    unit = forms.IntegerField(widget=forms.HiddenInput)
    note = forms.CharField(label=_("What happened"), max_length=300)


class ProposalTextForm(forms.Form):
    """The text of a proposal: what is raised, and what each revision changes."""

    title = forms.CharField(label=_("Title"), max_length=120)
    background = forms.CharField(
        label=_("Background"), max_length=5000, widget=forms.Textarea(attrs={"rows": 4})
    )
    options = forms.CharField(
        label=_("Options"),
        max_length=5000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    budget_estimate = forms.DecimalField(
        label=_("Budget estimate (yuan)"),
        required=False,
        min_value=0,
        max_digits=12,
        decimal_places=2,
    )


class ProposalForm(ProposalTextForm):
    funding_source = forms.ChoiceField(
        label=_("Funding source"),
        choices=[("", "—"), *Proposal.Funding.choices],
        required=False,
    )
    matter_item = forms.TypedChoiceField(
        label=_("Matter"), choices=MatterItem.choices, coerce=int, initial=0
    )


class ReviseForm(ProposalTextForm):
    note = forms.CharField(label=_("What changed"), max_length=300)


class MeetingForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=Meeting.Kind.choices)
    title = forms.CharField(label=_("Title"), max_length=120)
    held_at = forms.DateTimeField(label=_("When"), widget=DATETIME)
    place = forms.CharField(label=_("Where"), max_length=100, required=False)
    agenda = forms.CharField(
        label=_("Agenda"), max_length=3000, widget=forms.Textarea(attrs={"rows": 4})
    )
    proposals = forms.ModelMultipleChoiceField(
        label=_("Proposals discussed"),
        queryset=Proposal.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, compound=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if compound is not None:
            self.fields["proposals"].queryset = Proposal.objects.filter(compound=compound).exclude(
                stage__in=["done", "withdrawn"]
            )


class MinutesForm(forms.Form):
    minutes = forms.CharField(
        label=_("Minutes"), max_length=20000, widget=forms.Textarea(attrs={"rows": 8})
    )
    decisions = forms.CharField(
        label=_("Decisions"),
        max_length=5000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class SuggestionForm(forms.Form):
    text = forms.CharField(
        label=_("Your suggestion"), max_length=2000, widget=forms.Textarea(attrs={"rows": 4})
    )
    private = forms.BooleanField(label=_("Only the committee may read it"), required=False)


class ElectionForm(forms.Form):
    seats = forms.IntegerField(label=_("Seats"), min_value=3, max_value=11, initial=5)
    term_start = forms.DateField(
        label=_("The new term starts"), widget=forms.DateInput(attrs={"type": "date"})
    )
    term_end = forms.DateField(
        label=_("The new term ends"), widget=forms.DateInput(attrs={"type": "date"})
    )
