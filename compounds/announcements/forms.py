from django import forms
from django.conf import settings
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _

from compounds.announcements.permissions import NOT_THAT_PLACE, PublishPlace
from compounds.models import Building
from portal.forms import IdChoicesField, MomentField, MultipleFileField


class AnnouncementForm(forms.Form):
    place = forms.ChoiceField(label=_("To whom"))
    buildings = IdChoicesField(
        queryset=Building.objects.none(),
        required=False,
        label=_("Only these buildings"),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Leave empty to send to the whole compound."),
        error_messages={"invalid_choice": _("That building is not in your area.")},
    )
    owners_only = forms.BooleanField(
        required=False, label=_("Owners only (for example a notice of an owners' vote)")
    )
    title = forms.CharField(
        label=_("Title"),
        max_length=100,
        error_messages={"required": _("The notice needs a title.")},
    )
    body = forms.CharField(
        label=_("Text"),
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"required": _("The notice needs some text.")},
    )
    urgent = forms.BooleanField(required=False, label=_("Urgent (also sent by SMS)"))
    pinned = forms.BooleanField(required=False, label=_("Pin to the top"))
    expires_at = MomentField(
        required=False,
        label=_("Expires"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
    )
    files = MultipleFileField(
        accept="image/*,.pdf",
        required=False,
        label=_("Attachments"),
        # Formatted when shown, so it is in the reader's language (not the first reader's).
        help_text=lazy(
            lambda: (
                _("Photos or PDF, at most %(n)s files of %(mb)s MB each.")
                % {
                    "n": settings.PORTAL_MAX_ATTACHMENTS,
                    "mb": settings.PORTAL_MAX_ATTACHMENT_BYTES // 2**20,
                }
            ),
            str,
        )(),
    )

    def __init__(self, *args, places: list[PublishPlace], **kwargs) -> None:
        """`places`: where the user may publish (announcements.permissions); the buildings
        offered are those of these compounds."""
        super().__init__(*args, **kwargs)
        self.places = {place.value: place for place in places}
        self.fields["place"].choices = [(place.value, place.label) for place in places]
        self.fields["place"].error_messages["invalid_choice"] = NOT_THAT_PLACE
        compound_ids = [place.compound.pk for place in places if place.compound]
        self.fields["buildings"].queryset = Building.objects.filter(
            compound_id__in=compound_ids
        ).select_related("compound")

    def clean_place(self) -> PublishPlace:
        return self.places[self.cleaned_data["place"]]

    def clean_files(self):
        files = self.cleaned_data["files"]
        if len(files) > settings.PORTAL_MAX_ATTACHMENTS:
            raise forms.ValidationError(
                _("Attach at most %(n)s files.") % {"n": settings.PORTAL_MAX_ATTACHMENTS}
            )
        return files
