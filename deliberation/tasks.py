"""Periodic work on votes: close and count those past their deadline (beat, every 5 min;
safe to run twice — the close locks the vote and checks its state again)."""

from deliberation import services
from deliberation.results import publish_vote_result
from portal.celery import app

__all__ = [
    "chase_suggestions",
    "close_due_votes",
    "election_reminders",
    "publish_vote_result",  # defined beside the result notice it publishes
    "remind_minutes",
]


@app.task(name="deliberation.close_due_votes", ignore_result=True)
def close_due_votes() -> int:
    return services.close_due()


@app.task(name="deliberation.remind_minutes", ignore_result=True)
def remind_minutes() -> int:
    return services.minutes_remind()


@app.task(name="deliberation.chase_suggestions", ignore_result=True)
def chase_suggestions() -> tuple[int, int]:
    return services.suggestions_chase()


@app.task(name="deliberation.election_reminders", ignore_result=True)
def election_reminders() -> int:
    return services.election_reminders()
