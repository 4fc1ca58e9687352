"""The site: the pages that read every app (home, boards across apps, dashboards) and the
demo data. It sits on top of the layers (docs/architecture.md); nothing imports it."""
