"""A statement's lines as HTML in one call: a busy quarter has hundreds, and the same in
template tags cost several times the page's other work (issue 14's street-scale bench).
The markup is the one the disclosure page had in its template, built with format_html so
every value is escaped."""

from __future__ import annotations

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext, pgettext

from finance.models import Category
from portal.templatetags.portal_extras import money, path

register = template.Library()


@register.simple_tag
def statement_lines(lines) -> SafeString:
    labels = {code: str(label) for code, label in Category.choices}
    words = {
        "resolution": gettext("Under resolution #%(n)s"),
        "campaign": gettext("Under campaign #%(n)s"),
        "emergency": gettext("Emergency use"),
        "ratified": gettext("Ratified by resolution #%(n)s"),
        "unratified": gettext("To be ratified at the next owners' vote"),
        "reverses": gettext("Reverses"),
        "receipt": pgettext("finance", "Receipt"),
    }
    if not lines:
        empty = gettext("No income or expense in this period.")
        return format_html('<li class="empty-state">{}</li>', empty)
    return mark_safe("\n".join(_line(line, labels, words) for line in lines))  # noqa: S308


def _line(line: dict, labels: dict, words: dict) -> str:
    sign = "+" if line["direction"] == "income" else "−"
    parts = [
        format_html(
            '<a href="{}"><strong>{} {}</strong></a>',
            path(line["entry"], "finance:entry"),
            line["date"],
            labels.get(line["category"], line["category"]),
        ),
        format_html(
            '<span class="amount {}">{}{}</span>', line["direction"], sign, money(line["amount"])
        ),
        format_html(
            "<span>{}{}</span>",
            line["counterparty"],
            f" · {line['description']}" if line["description"] else "",
        ),
    ]
    if line.get("mandate"):
        said = words["resolution"] % {"n": line["mandate"]}
        parts.append(format_html("<span>{} {}</span>", said, line["mandate_title"]))
    if line.get("campaign"):
        said = words["campaign"] % {"n": line["campaign"]}
        parts.append(format_html("<span>{} {}</span>", said, line["campaign_title"]))
    if line.get("emergency"):
        ratified = line.get("ratified_by")
        state = words["ratified"] % {"n": ratified} if ratified else words["unratified"]
        parts.append(
            format_html(
                '<span data-testid="emergency">'
                '<span class="tag state-returned">{}</span> {}</span>',
                words["emergency"],
                state,
            )
        )
    if line.get("reverses"):
        parts.append(
            format_html('<span class="tag">{} #{}</span>', words["reverses"], line["reverses"])
        )
    parts.append(
        format_html_join(
            "",
            '<a href="{}">{} {}</a>',
            (
                (path(receipt, "finance:receipt"), words["receipt"], n)
                for n, receipt in enumerate(line["receipts"], 1)
            ),
        )
    )
    return format_html('<li class="card ledger-line">{}</li>', mark_safe("\n".join(parts)))  # noqa: S308
