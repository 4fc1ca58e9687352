"""A proposal's versions side by side: what each changed from the one before, character by
character (Chinese has no spaces to split words on)."""

from __future__ import annotations

from difflib import SequenceMatcher

from django.utils.translation import gettext as _

from deliberation.models import Proposal


def version_diffs(proposal: Proposal) -> list[dict]:
    """Each version with what changed from the one before, character by character (Chinese
    has no spaces to split words on): a list of (kind, text) runs per field, kind being
    "same", "ins" or "del"."""
    labels = {"title": _("Title"), "background": _("Background"), "options": _("Options")}
    versions = list(proposal.versions.select_related("author"))
    result = []
    for previous, version in zip([None, *versions], versions, strict=False):
        changes = []
        for name, label in labels.items():
            old = getattr(previous, name, "") if previous else ""
            new = getattr(version, name)
            if previous is not None and old == new:
                continue
            changes.append({"label": label, "runs": _runs(old, new)})
        if previous is not None and previous.budget_estimate != version.budget_estimate:
            changes.append(
                {
                    "label": _("Budget"),
                    "runs": [
                        ("del", f"{previous.budget_estimate or ''}"),
                        ("ins", f"{version.budget_estimate or ''}"),
                    ],
                }
            )
        result.append({"version": version, "changes": changes})
    return result


def _runs(old: str, new: str) -> list[tuple[str, str]]:
    runs = []
    for op, a1, a2, b1, b2 in SequenceMatcher(None, old, new, autojunk=False).get_opcodes():
        if op == "equal":
            runs.append(("same", new[b1:b2]))
            continue
        if a2 > a1:
            runs.append(("del", old[a1:a2]))
        if b2 > b1:
            runs.append(("ins", new[b1:b2]))
    return runs
