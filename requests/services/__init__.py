"""Writes of the requests app, shared by views, commands and tasks, by entity. State
changes of a request happen only in requests/workflow.py."""

from requests.services.departments import department_register, department_staff_add
from requests.services.filing import request_file, request_follow, route_for
from requests.services.hours import service_hours_record
from requests.services.rules import (
    categories_customise,
    categories_save,
    service_levels_set,
)

__all__ = [
    "categories_customise",
    "categories_save",
    "department_register",
    "department_staff_add",
    "request_file",
    "request_follow",
    "route_for",
    "service_hours_record",
    "service_levels_set",
]
