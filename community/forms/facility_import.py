"""Forms of the register's import: the file (too big, not a table, unreadable: refused
here, before any row is looked at) and the confirmation of a preview."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from community.services.facility_rows import MAX_BYTES
from compounds.registry import RegistryFileError, read_table
from portal.uploads import EXECUTABLE_MAGIC

NOT_A_TABLE = _("This file is not a spreadsheet. Upload the register as CSV or Excel (.xlsx).")


class FacilityImportForm(forms.Form):
    file = forms.FileField(
        label=_("The register as a spreadsheet"),
        help_text=_(
            "CSV (UTF-8 or GBK, as Excel and WPS save it) or Excel (.xlsx); at most 2 MB "
            "and 1000 rows."
        ),
        error_messages={
            "required": _("Choose the file of the register."),
            "empty": _("The file is empty."),
        },
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx"}),
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.table: list[list] = []

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_BYTES:  # before reading it into memory
            raise forms.ValidationError(
                _("The file is larger than %(mb)s MB. Split it into smaller files.")
                % {"mb": MAX_BYTES // 2**20},
                code="too_big",
            )
        content = upload.read()
        if content.startswith(EXECUTABLE_MAGIC) or content.lstrip()[:1] == b"<":
            raise forms.ValidationError(NOT_A_TABLE, code="type")
        try:
            self.table = read_table(content, upload.name)
        except RegistryFileError as error:
            raise forms.ValidationError(str(error), code="unreadable") from error
        return upload


class FacilityImportConfirmForm(forms.Form):
    token = forms.CharField(widget=forms.HiddenInput, max_length=2_000_000)
