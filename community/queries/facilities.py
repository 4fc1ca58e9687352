"""Reads of the facilities register, for a reader who may see the compound (the views
fetch the compound or facility as the user first). Each page's queries do not grow with
the register: rows load only what they show, history and requests are capped."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count

from community.hub import hub_section
from community.models import Facility, FacilityCheck, FacilityRequest, Survey
from community.models.facilities import PROBLEMS, Condition, condition_applies, conditions_of
from community.permissions.facilities import may_keep, may_plan, may_see
from compounds.models import Compound
from portal.paging import Counted

PER_PAGE = 50
HISTORY = 20  # checks, and requests, on a page of a facility's page
ROW_FIELDS = (
    *("pk", "compound_id", "kind", "code", "place", "plan_x", "plan_y"),
    *("condition", "checked_at", "building__name", "zone__name"),
    *("retired_at", "retired_reason"),
)


@dataclass(frozen=True)
class Filters:
    kind: str = ""
    condition: str = ""
    retired: bool = False  # the retired ones instead of those in use

    @classmethod
    def of(cls, params) -> Filters:
        kind = params.get("kind") or ""
        kind = kind if kind in Facility.Kind.values else ""
        condition = params.get("condition") or ""
        if condition not in Condition.values or (kind and not condition_applies(kind, condition)):
            condition = ""
        return cls(kind, condition, params.get("retired") == "1")


def condition_choices(kind: str = "") -> list[tuple[str, str]]:
    """The register filter's conditions: those of the kind chosen (and not checked yet),
    or every one."""
    if not kind:
        return Condition.choices
    return [(Condition.UNKNOWN, Condition.UNKNOWN.label)] + [
        (c.value, c.label) for c in conditions_of(kind)
    ]


def facility_rows(compound: Compound, filters: Filters):
    rows = Facility.objects.filter(compound=compound, retired_at__isnull=not filters.retired)
    if filters.kind:
        rows = rows.filter(kind=filters.kind)
    if filters.condition:
        rows = rows.filter(condition=filters.condition)
    return rows.select_related("building", "zone").only(*ROW_FIELDS).order_by("kind", "code")


def facility_page(compound: Compound, filters: Filters, number) -> object:
    return Counted(facility_rows(compound, filters), PER_PAGE).get_page(number)


MARKS = 400  # points drawn on the plan at most (a compound's lamps and manholes fit)


def marked_on_plan(compound: Compound, facilities=None) -> list[Facility]:
    """The facilities with a point on the plan, problems drawn last (on top)."""
    rows = facilities if facilities is not None else Facility.objects.filter(compound=compound)
    rows = rows.filter(plan_x__isnull=False, retired_at=None).only(
        "pk", "kind", "code", "plan_x", "plan_y", "condition"
    )
    marks = list(rows.order_by("kind", "code")[:MARKS])
    return sorted(marks, key=lambda f: f.condition in PROBLEMS)


def history_of(facility: Facility, number=None):
    """A page of the facility's checks, newest first (the count and the page)."""
    checks = facility.checks.select_related("by", "survey").only(
        *("pk", "facility_id", "condition", "note", "photo", "at", "request_id", "survey__title"),
        *("by__display_name", "by__phone", "survey__id"),
    )
    return Counted(checks.order_by("-at", "-pk"), HISTORY).get_page(number)


def requests_of(facility: Facility, number=None):
    """A page of the requests about the facility, newest first (the count and the page);
    the page's rows are the requests."""
    links = (
        FacilityRequest.objects.filter(facility=facility)
        .select_related("request__category")
        .order_by("-created_at", "-pk")
    )
    page = Counted(links, HISTORY).get_page(number)
    page.object_list = [link.request for link in page.object_list]
    return page


@dataclass
class SurveyRow:
    facility: Facility
    check: FacilityCheck | None  # the newest in this survey


def survey_rows(survey: Survey, number) -> object:
    """A page of the survey's facilities, each with its newest check in the survey (two
    queries and the count, whatever the size)."""
    page = Counted(facility_rows(survey.compound, Filters(kind=survey.kind)), PER_PAGE).get_page(
        number
    )
    ids = [f.pk for f in page.object_list]
    newest = _newest_checks(survey, FacilityCheck.objects.filter(facility_id__in=ids))
    page.object_list = [SurveyRow(f, newest.get(f.pk)) for f in page.object_list]
    return page


def _newest_checks(survey: Survey, checks) -> dict[int, FacilityCheck]:
    newest: dict[int, FacilityCheck] = {}
    rows = checks.filter(survey=survey).only(
        "pk", "facility_id", "condition", "note", "photo", "at", "request_id"
    )
    for check in rows.order_by("at", "pk"):
        newest[check.facility_id] = check
    return newest


def survey_result(survey: Survey) -> tuple[list[SurveyRow], dict[str, int]]:
    """The problems the survey found (the newest check of each facility, where it is a
    problem) and how many facilities it found in each condition."""
    newest = _newest_checks(survey, FacilityCheck.objects.all())
    counts = {c: 0 for c in Condition.values if c != Condition.UNKNOWN}
    for check in newest.values():
        counts[check.condition] += 1
    problem_ids = [k for k, c in newest.items() if c.condition in PROBLEMS]
    # What the survey found stays in its result, retired since or not.
    facilities = (
        Facility.objects.filter(compound=survey.compound, pk__in=problem_ids)
        .select_related("building", "zone")
        .only(*ROW_FIELDS)
        .order_by("kind", "code")
    )
    rows = [SurveyRow(f, newest[f.pk]) for f in facilities]
    return rows, counts


def surveys_of(compound: Compound) -> list[Survey]:
    return list(
        Survey.objects.filter(compound=compound)
        .select_related("team")
        .annotate(checked=Count("checks__facility", distinct=True))
        .order_by("-started_at")[:20]
    )


def condition_counts(compound: Compound) -> dict[str, int]:
    rows = (
        Facility.objects.filter(compound=compound, retired_at=None)
        .values("condition")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return {row["condition"]: row["n"] for row in rows}


@hub_section(60)
def facilities_section(user, compound: Compound) -> dict | None:
    """The community page's facilities: how many, how many with problems, the survey under
    way (two queries)."""
    if not may_see(user, compound):
        return None
    counts = condition_counts(compound)
    total = sum(counts.values())
    keeper = may_keep(user, compound)
    if not total and not keeper:
        return None
    open_surveys = list(
        Survey.objects.filter(compound=compound, finished_at=None).only("pk", "title")[:3]
    )
    return {
        "template": "community/hub/_facilities.html",
        "compound": compound,
        "total": total,
        "problems": sum(counts.get(c, 0) for c in PROBLEMS),
        "open_surveys": open_surveys,
        "keeper": keeper,
        "planner": may_plan(user, compound),
    }
