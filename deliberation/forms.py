"""Deliberation's forms: what a page accepts, with Chinese messages. Objects a form
chooses (a home, a proxy, a hold, a meeting, a person) are fields over querysets scoped to
the user or the object, so a hostile id is a form error, never a 500 or someone else's row."""

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from compounds.models import Unit
from deliberation.models import (
    Ballot,
    BallotChoice,
    Election,
    Evaluation,
    MatterItem,
    Meeting,
    OwnersVote,
    Proposal,
    ReviewVote,
    RollEntry,
)
from deliberation.queries import owners_of
from portal.forms import MainlandPhoneField, id_from

DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


def form_errors(form: forms.Form) -> str:
    """A form's errors as one message (for pages that answer a post with a message)."""
    return " ".join(message for errors in form.errors.values() for message in errors)


class PersonByPhoneField(forms.ModelChoiceField):
    """A person chosen by mobile number (typed any way MainlandPhoneField accepts), among
    the people of `queryset` (everyone who uses Gongzhi unless a form scopes it)."""

    default_error_messages = {"invalid_choice": _("Nobody with that number uses Gongzhi yet.")}

    def __init__(self, **kwargs) -> None:
        self.phone = MainlandPhoneField(required=False)
        kwargs.setdefault("widget", self.phone.widget)
        super().__init__(get_user_model().objects.all(), to_field_name="phone", **kwargs)

    def to_python(self, value):
        if value in self.empty_values:
            return None
        return super().to_python(self.phone.clean(value))


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
    """One ballot offered to the user: `unit` names which of their groups of homes it is."""

    unit = forms.TypedChoiceField(coerce=int, widget=forms.HiddenInput)

    def __init__(self, *args, topics=(), groups=(), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.groups = {group.unit_id: group for group in groups}
        self.fields["unit"].choices = [(pk, pk) for pk in self.groups]
        add_choice_fields(self, topics)

    def clean_unit(self):
        return self.groups[self.cleaned_data["unit"]]


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
    """委托书: one of the owner's homes on the roll, the proxy (by mobile number), the
    matters, how long it holds, and the signed form."""

    unit = RollEntryChoiceField(
        RollEntry.objects.none(),
        label=pgettext_lazy("a unit", "Home"),
        empty_label=None,
        widget=forms.RadioSelect,
    )
    proxy_phone = PersonByPhoneField(
        label=_("Your proxy's mobile number"),
        error_messages={
            "unknown": _("Nobody with that number uses Gongzhi yet; ask them to sign up.")
        },
    )
    matters = forms.CharField(label=_("Matters the proxy covers"), max_length=300)
    valid_until = forms.DateTimeField(label=_("Valid until"), widget=DATETIME)
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
    unit = forms.TypedChoiceField(label=pgettext_lazy("a unit", "Home"), coerce=int)
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
    unit = RollEntryChoiceField(RollEntry.objects.none(), widget=forms.HiddenInput)
    note = forms.CharField(
        label=_("What happened"),
        max_length=300,
        error_messages={"required": _("Say what happened.")},
    )

    def __init__(self, *args, vote: OwnersVote, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = vote.roll.select_related("unit")


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


class NominationForm(forms.Form):
    """Standing oneself (no number), or a lead nominating another owner of the compound by
    their mobile number."""

    phone = PersonByPhoneField(
        required=False,
        error_messages={"invalid_choice": _("Only owners of the compound may stand.")},
    )
    profile = forms.CharField(required=False, max_length=300)
    recommended = forms.BooleanField(required=False)

    def __init__(self, *args, election: Election, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["phone"].queryset = owners_of(election.compound)


# The actions on a proposal's page: one form each (the service says what a text lacks).


class ProposalActionForm(forms.Form):
    def __init__(self, *args, proposal: Proposal | None = None, **kwargs) -> None:
        self.proposal = proposal
        super().__init__(*args, **kwargs)


class ReviseForm(ProposalActionForm, ProposalTextForm):
    note = forms.CharField(label=_("What changed"), max_length=300)


class MoveForm(ProposalActionForm):
    note = forms.CharField(required=False, max_length=1000)


class TextForm(ProposalActionForm):
    text = forms.CharField(required=False, max_length=20000)


class ReviewVoteForm(ProposalActionForm):
    choice = forms.ChoiceField(
        choices=ReviewVote.Choice.choices,
        error_messages={"required": _("Choose for, against or abstain.")},
    )


class EvaluateForm(ProposalActionForm):
    verdict = forms.ChoiceField(
        choices=Evaluation.Verdict.choices,
        error_messages={"required": _("Choose how satisfied you are.")},
    )


class AnswerHoldForm(TextForm):
    hold = forms.ModelChoiceField(queryset=None)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["hold"].queryset = self.proposal.holds.filter(answered_at__isnull=True)


class RepresentativesForm(ProposalActionForm):
    meeting = forms.ModelChoiceField(
        queryset=None, error_messages={"required": _("Choose the representatives' meeting.")}
    )
    present = forms.IntegerField(min_value=1, max_value=100_000)
    in_favour = forms.IntegerField(min_value=0, max_value=100_000)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["meeting"].queryset = Meeting.objects.filter(
            compound_id=self.proposal.compound_id, kind=Meeting.Kind.REPRESENTATIVES
        )


class ProgressForm(TextForm):
    photo = forms.FileField(required=False)
