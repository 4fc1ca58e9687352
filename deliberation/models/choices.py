"""The choices shared by proposals, votes and ballots."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class MatterItem(models.IntegerChoices):
    """The nine matters of 民法典 第二百七十八条, and 0 for an ordinary compound affair."""

    ORDINARY = 0, _("an ordinary compound affair (not reserved to the owners)")
    RULES_OF_PROCEDURE = 1, _("(1) the rules of procedure of the owners' assembly")
    COVENANT = 2, _("(2) the management covenant")
    COMMITTEE = 3, _("(3) electing or replacing owners' committee members")
    PROPERTY_COMPANY = 4, _("(4) hiring or dismissing the property company")
    USE_FUND = 5, _("(5) using the maintenance fund")
    RAISE_FUND = 6, _("(6) raising the maintenance fund")
    REBUILD = 7, _("(7) rebuilding or altering buildings and facilities")
    CHANGE_USE = 8, _("(8) changing the use of common parts or using them for business")
    OTHER_MAJOR = 9, _("(9) another major matter of common ownership")


class Choice(models.TextChoices):
    """For, against or abstain: an owner's ballot and a committee member's review vote."""

    FOR = "for", pgettext_lazy("ballot choice", "for")
    AGAINST = "against", _("against")
    ABSTAIN = "abstain", _("abstain")
