"""The party-member board: a member commits (承诺), records what was done (践诺), and
residents mark it (评诺)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from compounds.models import Commitment, CommitmentMark, Compound
from compounds.permissions import may_mark_commitment, may_mark_own_deed, require


def commitment_add(*, compound: Compound, member, text: str) -> Commitment:
    require(member, "commitment.add", compound)
    text = (text or "").strip()
    if not text:
        raise ValidationError(_("Write what you commit to do this month."), code="text")
    month = timezone.localdate().replace(day=1)
    return Commitment.objects.create(compound=compound, member=member, month=month, text=text)


def commitment_record_deed(*, commitment: Commitment, member, deed: str) -> Commitment:
    may_mark_own_deed(member, commitment)
    deed = (deed or "").strip()
    if not deed:
        raise ValidationError(_("Write what was done."), code="deed")
    commitment.deed = deed
    commitment.deed_recorded_at = timezone.now()
    commitment.save(update_fields=["deed", "deed_recorded_at"])
    return commitment


def commitment_mark(*, commitment: Commitment, resident, fulfilled: bool) -> CommitmentMark:
    """One mark per resident per commitment; a second attempt is refused, not counted.
    Residents of the compound mark, never the member who made the commitment."""
    may_mark_commitment(resident, commitment)
    try:
        with transaction.atomic():
            return CommitmentMark.objects.create(
                commitment=commitment, resident=resident, fulfilled=fulfilled
            )
    except IntegrityError as exc:
        raise ValidationError(
            _("You have already marked this commitment."), code="duplicate"
        ) from exc
