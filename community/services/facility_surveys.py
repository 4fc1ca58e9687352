"""Surveys of the facilities register (the 42-manhole survey): start one for a kind, record
each facility's condition from a phone, file a request for what is broken or blocked
(once), finish it."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from community.models import Facility, FacilityCheck, FacilityRequest, Survey, Team
from community.models.facilities import FILES_REQUEST
from community.permissions.facilities import require_keeper, require_surveyor
from community.services.facilities import facility_check, facility_link
from compounds.models import Compound
from portal.audit import audit
from portal.text import written
from requests.models import Request
from requests.queries import categories_for
from requests.services import request_file

# The default category a problem of each kind is filed under (requests/defaults.py).
CATEGORY_OF_KIND = {
    Facility.Kind.LAMP: "lighting",
    Facility.Kind.MANHOLE: "drainage",
    Facility.Kind.PIPE: "drainage",
    Facility.Kind.LIFT: "elevator",
    Facility.Kind.FIRE: "fire",
    Facility.Kind.GATE: "access",
    Facility.Kind.CAMERA: "access",
}


def category_for(compound: Compound, kind: str):
    """The compound's category for a kind of facility: by its default code, else 其他,
    else the first of the set."""
    categories = categories_for(compound)
    by_code = {c.code: c for c in categories}
    return by_code.get(CATEGORY_OF_KIND.get(kind, "other")) or by_code.get("other") or categories[0]


def survey_start(*, by, compound: Compound, kind: str, title: str, team: Team | None = None):
    require_keeper(by, compound)
    title = written(title, limit=60, code="title", blank=_("Give the survey a title."))
    if kind not in Facility.Kind.values:
        raise ValidationError(_("Choose a kind of facility."), code="kind")
    if (
        team is not None
        and compound.pk != team.compound_id
        and (team.compound_id is not None or team.community_id != compound.community_id)
    ):
        raise ValidationError(_("That team is not of this compound."), code="team")
    busy = ValidationError(
        _("A survey of this kind is already under way here: finish it first."), code="open"
    )
    if Survey.objects.filter(compound=compound, kind=kind, finished_at=None).exists():
        raise busy
    try:  # two keepers starting at once: the constraint lets one in
        with transaction.atomic():
            survey = Survey.objects.create(
                compound=compound, kind=kind, title=title, team=team, started_by=by
            )
            audit(actor=by, code="community.survey.started", target=survey, new={"kind": kind})
    except IntegrityError as exc:
        raise busy from exc
    return survey


def _locked_open_survey(survey_id: int) -> Survey:
    survey = (
        Survey.objects.select_for_update(of=("self",)).select_related("compound").get(pk=survey_id)
    )
    if not survey.is_open:
        raise ValidationError(_("This survey is finished."), code="finished")
    return survey


def survey_mark(
    *, by, survey_id: int, facility_id: int, condition: str, note: str = "", photo=None
) -> FacilityCheck:
    """Record one facility's condition in the survey. Broken or blocked files a request
    pointing at the facility — unless one about it is still open (a re-tap, or a
    neighbour's from the sticker), which the check then cites. Locks the survey (a finish
    waits for the marks in flight) and the facility (two taps are ordered)."""
    with transaction.atomic():
        survey = _locked_open_survey(survey_id)
        require_surveyor(by, survey)
        facility = (
            Facility.objects.select_for_update(of=("self",))
            .filter(pk=facility_id, compound_id=survey.compound_id, kind=survey.kind)
            .select_related("building")
            .first()
        )
        if facility is None:
            raise ValidationError(_("That facility is not part of this survey."), code="facility")
        check = facility_check(
            facility=facility, by=by, condition=condition, note=note, photo=photo, survey=survey
        )
        if condition in FILES_REQUEST:
            check.request = _open_request(facility) or _file(by, survey, facility, check, photo)
            check.save(update_fields=["request"])
    return check


def _open_request(facility: Facility) -> Request | None:
    link = (
        FacilityRequest.objects.filter(facility=facility, request__state__in=Request.OPEN_STATES)
        .select_related("request")
        .order_by("-created_at")
        .first()
    )
    return link.request if link else None


def _file(by, survey: Survey, facility: Facility, check: FacilityCheck, photo) -> Request:
    words = _("%(facility)s is %(condition)s (found by the survey “%(survey)s”).") % {
        "facility": facility,
        "condition": check.get_condition_display(),
        "survey": survey.title,
    }
    request = request_file(
        reporter=by,
        compound=survey.compound,
        category=category_for(survey.compound, facility.kind),
        description=_joined(words, check.note),
        building=facility.building,
        place=facility.place or str(facility),
        photos=[photo] if photo else [],
    )
    facility_link(facility, request)
    return request


def _joined(words: str, note: str) -> str:
    space = "" if words.endswith("。") else " "  # no space after a Chinese full stop
    return f"{words}{space}{note}".strip()


def survey_finish(*, by, survey_id: int) -> Survey:
    with transaction.atomic():
        survey = _locked_open_survey(survey_id)
        require_surveyor(by, survey)
        survey.finished_by, survey.finished_at = by, timezone.now()
        survey.save(update_fields=["finished_by", "finished_at"])
        audit(actor=by, code="community.survey.finished", target=survey, new={})
    return survey
