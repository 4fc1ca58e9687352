"""The audit log's filters: what (a family of codes), who, from and to which day, and
which object (its kind, and its number)."""

from __future__ import annotations

from datetime import date

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from portal.forms import IdField
from portal.site.audit.targets import KINDS
from portal.site.audit.words import FAMILIES

FIRST_DAY, LAST_DAY = date(2000, 1, 1), date(2100, 12, 31)


class AuditFilterForm(forms.Form):
    what = forms.ChoiceField(label=pgettext_lazy("audit log", "What"), required=False)
    who = IdField(label=pgettext_lazy("audit log", "Who"), required=False, widget=forms.Select)
    since = forms.DateField(
        label=pgettext_lazy("audit log", "From"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    until = forms.DateField(
        label=pgettext_lazy("audit log", "To"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    kind = forms.ChoiceField(label=pgettext_lazy("audit log", "Object"), required=False)
    number = IdField(
        label=pgettext_lazy("audit log", "Number"),
        required=False,
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "min": 1}),
    )

    def __init__(self, *args, actors: list[tuple[int, str]] = (), **kwargs):
        super().__init__(*args, **kwargs)
        everything = [("", _("All"))]
        self.fields["what"].choices = everything + [(k, v[0]) for k, v in FAMILIES.items()]
        self.fields["kind"].choices = everything + [(k, v.label) for k, v in KINDS.items()]
        self.fields["who"].widget.choices = [("", _("Anyone")), *actors]
        self.actor_ids = {pk for pk, _name in actors}

    def clean_who(self):
        who = self.cleaned_data.get("who")
        if who is not None and who not in self.actor_ids:
            raise ValidationError(_("Choose one of the options."), code="invalid_choice")
        return who

    def _day(self, name):
        day = self.cleaned_data.get(name)
        if day is not None and not FIRST_DAY <= day <= LAST_DAY:
            raise ValidationError(_("Choose a day between 2000 and 2100."), code="range")
        return day

    def clean_since(self):
        return self._day("since")

    def clean_until(self):
        return self._day("until")

    def clean(self):
        data = super().clean()
        since, until = data.get("since"), data.get("until")
        if since and until and since > until:
            raise ValidationError(_("The first day must not be after the last."), code="dates")
        if data.get("number") and not data.get("kind"):
            self.add_error("kind", _("Choose the kind of object the number is of."))
        return data
