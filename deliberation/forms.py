"""Deliberation's forms: what a page accepts, with Chinese messages. Objects a form
chooses (a home, a proxy, a hold, a meeting, a person) are fields over querysets scoped to
the user or the object, so a hostile id is a form error, never a 500 or someone else's row."""

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from deliberation.models import (
    Candidate,
    Election,
    Evaluation,
    MatterItem,
    Meeting,
    Proposal,
    ReviewVote,
)
from deliberation.models.elections import TieBreak
from deliberation.queries import owners_of
from portal.forms import DayField, IdChoicesField, MainlandPhoneField, MomentField

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
    held_at = MomentField(label=_("When"), widget=DATETIME)
    place = forms.CharField(label=_("Where"), max_length=100, required=False)
    agenda = forms.CharField(
        label=_("Agenda"), max_length=3000, widget=forms.Textarea(attrs={"rows": 4})
    )
    proposals = IdChoicesField(
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
    # Which numbers of seats are lawful is the one committee size rule the service checks
    # (compounds.services.committee_sizes); the form only keeps the number sane.
    seats = forms.IntegerField(label=_("Seats"), min_value=1, max_value=99, initial=5)
    term_start = DayField(
        label=_("The new term starts"), widget=forms.DateInput(attrs={"type": "date"})
    )
    term_end = DayField(
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


class LotsForm(forms.Form):
    """The supervisory committee records the lots drawn for the open seats: who took them,
    among the tied candidates of the tie waiting to be decided."""

    winners = IdChoicesField(
        queryset=None, error_messages={"required": _("Choose who took the open seats.")}
    )
    record = forms.CharField(
        max_length=300,
        error_messages={
            "required": _("Say where and when the lots were drawn and who witnessed it.")
        },
    )

    def __init__(self, *args, election: Election, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        tie = election.tie_breaks.pending().filter(method=TieBreak.Method.LOTS).first()
        self.fields["winners"].queryset = (
            tie.candidates.select_related("user") if tie else Candidate.objects.none()
        )


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
    representatives = forms.IntegerField(
        min_value=1,
        max_value=100_000,
        error_messages={"required": _("Say how many representatives there are.")},
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
