"""A compound's own request categories, routing and time limits, set by its committee."""

from __future__ import annotations

import uuid

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import ProtectedError
from django.utils.translation import gettext as _

from compounds.models import Compound
from compounds.permissions import require
from portal.audit import audit
from requests.models import Category, Request, ServiceLevel


def categories_customise(compound: Compound, *, by) -> list[Category]:
    """Give the compound its own copy of the default categories to edit (once)."""
    require(by, "request.rules", compound)
    with transaction.atomic():
        Compound.objects.select_for_update().get(pk=compound.pk)
        if not Category.objects.filter(compound=compound).exists():
            audit(
                actor=by, code="requests.categories.customise", target=compound, compound=compound
            )
            Category.objects.bulk_create(
                Category(
                    compound=compound,
                    code=c.code,
                    name=c.name,
                    route=c.route,
                    hotline=c.hotline,
                    order=c.order,
                )
                for c in Category.objects.filter(compound__isnull=True)
            )
    return list(Category.objects.filter(compound=compound))


def categories_save(
    *, compound: Compound, by, changed: list[Category], deleted: list[Category]
) -> None:
    """Save the committee's edits to the compound's own categories, all or nothing. A
    category that requests already use cannot be deleted (they keep their history)."""
    require(by, "request.rules", compound)
    stored = {
        c.pk: _category_values(c)
        for c in Category.objects.filter(pk__in=[c.pk for c in [*changed, *deleted] if c.pk])
    }
    try:
        with transaction.atomic():
            for category in deleted:
                if category.compound_id != compound.pk:
                    raise ValidationError(_("Choose a category of this compound."))
                audit(
                    actor=by,
                    code="requests.category.delete",
                    target=category,
                    old=stored.get(category.pk),
                    compound=compound,
                )
                category.delete()
            for category in changed:
                category.compound = compound
                if not category.code:
                    category.code = f"custom-{uuid.uuid4().hex[:12]}"
                old = stored.get(category.pk)
                category.save()
                new = _category_values(category)
                if old != new:
                    code = "requests.category.change" if old else "requests.category.add"
                    audit(actor=by, code=code, target=category, old=old, new=new, compound=compound)
    except ProtectedError as exc:
        raise ValidationError(
            _("A category that requests already use cannot be deleted."), code="used"
        ) from exc


def service_levels_set(compound: Compound, levels: dict[str, tuple[int, int]], *, by) -> None:
    """The compound's time limits in minutes per urgency (accept, resolve). They apply to
    requests filed from now on; deadlines already stored stay as they are."""
    require(by, "request.rules", compound)
    for urgency, (accept, resolve) in levels.items():
        if urgency not in Request.Urgency.values:
            raise ValidationError(_("Unknown urgency."), code="urgency")
        if not 0 < accept <= resolve:
            raise ValidationError(
                _("The time to accept must be positive and no longer than the time to resolve."),
                code="levels",
            )
    with transaction.atomic():
        Compound.objects.select_for_update().get(pk=compound.pk)
        before = {
            s.urgency: [s.accept_minutes, s.resolve_minutes]
            for s in ServiceLevel.objects.filter(compound=compound)
        }
        for urgency, (accept, resolve) in levels.items():
            ServiceLevel.objects.update_or_create(
                compound=compound,
                urgency=urgency,
                defaults={"accept_minutes": accept, "resolve_minutes": resolve},
            )
        after = {u: [a, r] for u, (a, r) in levels.items()}
        changed = sorted(u for u in after if before.get(u) != after[u])
        if changed:
            audit(
                actor=by,
                code="requests.service_levels.set",
                target=compound,
                old={u: before.get(u) for u in changed},
                new={u: after[u] for u in changed},
                compound=compound,
            )


def _category_values(category: Category) -> dict:
    return {
        "name": category.name,
        "route": category.route,
        "hotline": category.hotline,
        "order": category.order,
    }
