from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from compounds import registry
from compounds.models import Building, Compound, Residency, Unit
from portal.forms import IdField, id_from

RELATION_CHOICES = [
    (Residency.Relation.OWNER, _("I own it")),
    (Residency.Relation.CO_OWNER, _("I own it together with others")),
    (Residency.Relation.TENANT, _("I rent it")),
    (Residency.Relation.HOUSEHOLD_MEMBER, _("I live with the owner's family")),
]


class HomePlaceForm(forms.Form):
    """join_home's first steps, plain GET choices that work without JavaScript: a compound,
    then one of its buildings. A value that is no valid choice counts as not chosen."""

    compound = forms.ModelChoiceField(
        queryset=Compound.objects.select_related("community").order_by("community__name", "name"),
        required=False,
    )
    building = forms.ModelChoiceField(queryset=Building.objects.none(), required=False)

    def __init__(self, data) -> None:
        super().__init__(data)
        compound_id = id_from(data, "compound")
        if compound_id is not None:
            self.fields["building"].queryset = Building.objects.filter(compound_id=compound_id)

    def chosen(self) -> tuple[Compound | None, Building | None]:
        self.is_valid()  # what is invalid is simply not chosen
        compound = self.cleaned_data.get("compound")
        return compound, (self.cleaned_data.get("building") if compound else None)


class JoinHomeForm(forms.Form):
    unit = forms.ModelChoiceField(
        queryset=Unit.objects.none(),
        label=_("Which home?"),
        error_messages={
            "required": _("Choose your home."),
            "invalid_choice": _("Choose your home from the list."),
        },
    )
    relation = forms.ChoiceField(
        choices=RELATION_CHOICES,
        label=_("How do you live there?"),
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose how you live in this home.")},
    )
    evidence = forms.ImageField(
        label=_("Photo of your proof"),
        help_text=_(
            "Owners: the property certificate (不动产权证书), or the purchase contract "
            "and delivery record. Tenants: the lease. JPEG, PNG or WebP, at most 10 MB."
        ),
        error_messages={
            "required": _("Please add a photo of your proof."),
            "invalid_image": _(
                "This file is not a photo. Please choose a JPEG, PNG or WebP picture."
            ),
        },
        widget=forms.ClearableFileInput(attrs={"accept": "image/*", "capture": "environment"}),
    )

    def __init__(self, *args, building=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if building is not None:
            self.fields["unit"].queryset = building.units.select_related("building").order_by(
                "entrance", "floor", "door"
            )


class RejectForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for rejection"),
        max_length=200,
        error_messages={"required": _("Please say why the request is rejected.")},
        widget=forms.TextInput(attrs={"placeholder": _("For example: the photo is unreadable")}),
    )


class CommitmentForm(forms.Form):
    text = forms.CharField(
        label=_("My commitment this month"),
        max_length=200,
        error_messages={"required": _("Write what you commit to do.")},
    )


class DeedForm(forms.Form):
    deed = forms.CharField(
        label=_("What was done"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Write what was done.")},
    )


class RegistryUploadForm(forms.Form):
    """The dry run of a registry file: too big, unreadable or without the columns it is
    refused here; problems in its rows are its `dry_run`, kept with the file to be shown."""

    file = forms.FileField(
        label=_("Registry file"),
        help_text=_(
            "CSV or Excel (.xlsx), first row naming the columns: 楼栋, 单元, 门牌号, "
            "专有部分面积 (or 面积), 面积来源, 业主姓名, 手机号, 关系. At most 10 MB."
        ),
        error_messages={"required": _("Choose the file to check.")},
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx"}),
    )

    def __init__(self, *args, compound: Compound, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.compound = compound
        self.content = b""
        self.dry_run: registry.Check | None = None

    def clean_file(self):
        upload = self.cleaned_data["file"]
        limit = settings.PORTAL_MAX_IMPORT_BYTES
        if upload.size > limit:  # before reading it into memory
            raise forms.ValidationError(
                _("The file is larger than %(mb)s MB. Split it into smaller files.")
                % {"mb": limit // 2**20}
            )
        content = upload.read()
        try:
            self.dry_run = registry.check_table(
                self.compound, registry.read_table(content, upload.name)
            )
        except registry.RegistryFileError as error:
            raise forms.ValidationError(str(error)) from error
        self.content = content
        return upload


class SwitchCompoundForm(forms.Form):
    compound = IdField()


class MarkForm(forms.Form):
    fulfilled = forms.TypedChoiceField(
        choices=[("1", _("Fulfilled")), ("0", _("Not fulfilled"))],
        coerce=lambda value: value == "1",
        error_messages={"required": _("Say whether the commitment was fulfilled.")},
    )


class DeployedForm(forms.Form):
    employer = forms.CharField(
        label=_("The unit you come from"),
        max_length=100,
        help_text=_(
            "For example, the city housing bureau (市住建局). Deployed party members serve in "
            "the community they report to."
        ),
        error_messages={"required": _("Write the unit you come from.")},
    )
