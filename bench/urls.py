"""The portal's URLs plus the floor view, which only the bench's settings mount."""

from django.urls import include, path

from bench.views import floor
from portal.urls import handler500  # noqa: F401 - read from the root URLconf: 503 when the DB is out

urlpatterns = [
    path("bench/floor/", floor, name="bench_floor"),
    path("", include("portal.urls")),
]
