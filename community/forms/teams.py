"""Forms of volunteer teams, with their messages for bad input."""

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from community.models import Team, TeamMember
from community.models.teams import DISBAND_REASON_LIMIT
from portal.forms import IdField, MainlandPhoneField


class TeamForm(forms.Form):
    name = forms.CharField(
        label=_("Name of the team"),
        max_length=40,
        error_messages={
            "required": _("Give the team a name."),
            "max_length": _("Keep the name within 40 characters."),
        },
    )
    kind = forms.ChoiceField(
        label=_("What the team does"),
        choices=Team.Kind.choices,
        error_messages={
            "required": _("Choose what kind of team it is."),
            "invalid_choice": _("Choose what kind of team it is."),
        },
    )
    description = forms.CharField(
        label=_("A few words about it"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"max_length": _("Keep it within 1000 characters.")},
    )
    leader_phone = MainlandPhoneField(
        label=_("Leader's mobile number"),
        required=False,
        help_text=_("Leave empty to lead the team yourself."),
    )
    community_wide = forms.BooleanField(label=_("A team of the whole community"), required=False)

    def __init__(self, *args, may_community: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if not may_community:
            del self.fields["community_wide"]

    def clean_leader_phone(self):
        phone = self.cleaned_data.get("leader_phone")
        if not phone:
            return None
        leader = get_user_model().objects.filter(phone=phone, is_active=True).first()
        if leader is None:
            raise forms.ValidationError(_("Nobody with this mobile number uses the portal."))
        return leader


class ApplyForm(forms.Form):
    note = forms.CharField(
        label=_("A word to the leader (optional)"),
        max_length=200,
        required=False,
        error_messages={"max_length": _("Keep it within 200 characters.")},
    )


class DecideForm(forms.Form):
    member = IdField()
    decision = forms.ChoiceField(
        choices=[
            ("accept", pgettext_lazy("team application", "Accept")),
            ("decline", pgettext_lazy("team application", "Decline")),
        ],
        error_messages={
            "required": _("Accept or decline."),
            "invalid_choice": _("Accept or decline."),
        },
    )


class MemberChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return str(obj.user)


class HandOverForm(forms.Form):
    """Who leads the team next: one of its current members (not the present leader)."""

    member = MemberChoiceField(
        label=_("The new leader"),
        queryset=TeamMember.objects.none(),
        widget=forms.RadioSelect,
        empty_label=None,
        error_messages={
            "required": _("Choose the member who will lead the team."),
            "invalid_choice": _("Choose one of the team's members."),
        },
    )

    def __init__(self, *args, team: Team, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["member"].queryset = (
            TeamMember.objects.filter(team=team, state=TeamMember.State.MEMBER)
            .exclude(user_id=team.leader_id)
            .select_related("user")
            .order_by("joined_at", "pk")
        )


class DisbandForm(forms.Form):
    reason = forms.CharField(
        label=_("Why the team is disbanded"),
        max_length=DISBAND_REASON_LIMIT,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The members read this. A sentence is enough."),
        error_messages={
            "required": _("Say in a few words why the team is disbanded."),
            "max_length": _("Keep the reason within 200 characters."),
        },
    )
