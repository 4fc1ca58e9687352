"""The portal's URLs plus the floor view, which only the bench's settings mount."""

from django.urls import include, path

from bench.views import floor

urlpatterns = [
    path("bench/floor/", floor, name="bench_floor"),
    path("", include("portal.urls")),
]
