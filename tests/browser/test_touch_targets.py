"""Touch targets on a resident's pages at 390×844 (issue 12, item 6): every link, button,
disclosure summary and checkbox/radio label a thumb may hit is at least 44px high, in normal
text and in 长辈模式. Links inside a paragraph of running text are exempt (WCAG 2.5.8's
inline exception); a paragraph holding only links is not running text."""

import pytest

from compounds.announcements.models import Announcement
from portal.notifications.models import Notification
from tests.browser.test_compounds_journeys import _sign_in
from tests.browser.test_desk_and_vote import _large_text, _open_vote
from tests.requests.test_workflow import file

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

MIN = 44

# The small targets on the page: [{tag, text, height}], for visible targets a thumb may hit.
SMALL_TARGETS = """(min) => {
  const running = (el) => {
    const p = el.closest("p");
    if (!p) return false;
    const rest = p.cloneNode(true);
    rest.querySelectorAll("a, button, label, input, select").forEach((n) => n.remove());
    return rest.textContent.replace(/[\\s·|]/g, "") !== "";
  };
  const targets = new Set(document.querySelectorAll("a[href], button, summary"));
  document.querySelectorAll("input[type=checkbox], input[type=radio]").forEach((input) => {
    (input.labels || []).forEach((label) => targets.add(label));
  });
  const small = [];
  for (const el of targets) {
    const box = el.getBoundingClientRect();
    const style = getComputedStyle(el);
    const shown = box.width > 0 && box.height > 0 && box.right > 0 && style.visibility !== "hidden";
    if (!shown || running(el)) continue;
    if (box.height < min - 0.5) {
      small.push({tag: el.tagName.toLowerCase(), text: el.textContent.trim().slice(0, 40),
                  height: Math.round(box.height * 10) / 10});
    }
  }
  return small;
}"""


def _resident_world(place, committee_chair, resident):
    for i in range(3):
        Announcement.objects.create(
            publisher=committee_chair, compound=place.compound, title=f"第{i}号通知：停水", body="x"
        )
    for description in ("楼梯口灯坏了", "电梯按钮失灵"):
        file(place, resident, description=description)
    vote = _open_vote(place, committee_chair)
    # More than one page of notifications, so the inbox shows its page links.
    Notification.objects.bulk_create(
        Notification(recipient=resident, event="residency.verified", params={"place": "301"})
        for _ in range(25)
    )
    return vote


@pytest.mark.parametrize("large", [False, True], ids=["normal", "large-text"])
def test_every_target_on_a_residents_pages_is_at_least_44px_high(
    page, place, committee_chair, resident, large
):
    vote = _resident_world(place, committee_chair, resident)
    _sign_in(page, resident)
    _large_text(page, large)
    offenders = []
    for path in (
        "/",
        "/requests/",
        "/notices/",
        "/notifications/",
        f"/deliberation/compound/{place.compound.pk}/",
        f"/deliberation/votes/{vote.pk}/",
    ):
        page.goto(path)
        offenders += [
            f"{path} <{t['tag']}> {t['text']!r}: {t['height']}px"
            for t in page.evaluate(SMALL_TARGETS, MIN)
        ]
    assert not offenders, f"targets under {MIN}px high:\n" + "\n".join(offenders)
