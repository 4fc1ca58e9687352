"""The pages of the requests app, one module per page or group of pages."""

from requests.views.boards import hours_ranking, mine, resolved
from requests.views.departments import departments
from requests.views.detail import act, detail, follow, photo, record_hours
from requests.views.filing import file_for_neighbour, file_request
from requests.views.queue import bulk_dispatch, claim, help_orders, work_queue
from requests.views.rules import rules

__all__ = [
    "act",
    "bulk_dispatch",
    "claim",
    "departments",
    "detail",
    "file_for_neighbour",
    "file_request",
    "follow",
    "help_orders",
    "hours_ranking",
    "mine",
    "photo",
    "record_hours",
    "resolved",
    "rules",
    "work_queue",
]
