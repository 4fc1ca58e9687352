"""Community life (issue 17): volunteer teams, zones, responsibilities, activities, the duty
roster and the facilities register. One list; each area's routes under its own prefix."""

from django.urls import path  # noqa: F401

app_name = "community"

urlpatterns: list = []
