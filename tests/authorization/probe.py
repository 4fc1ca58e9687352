"""What the authorization matrix and the IDOR probe share: the walk of the URL resolver,
a fingerprint of every table of the project, and a POST's data made from a world."""

from django.urls import URLPattern, URLResolver, get_resolver

from tests.authorization.expect import _Upload


def walk(patterns, prefix="", namespace=None):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            ns = namespace
            if pattern.namespace:
                ns = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
            yield from walk(pattern.url_patterns, prefix + str(pattern.pattern), ns)
        elif isinstance(pattern, URLPattern):
            name = f"{namespace}:{pattern.name}" if namespace and pattern.name else pattern.name
            yield name, prefix + str(pattern.pattern)


def all_urls():
    return list(walk(get_resolver().url_patterns))


REFUSED = {403, 404}
# Every app of the project; sessions (a sign-in, a message) are not data of the portal.
PROJECT_APPS = {
    "portal",
    "notifications",
    "announcements",
    "compounds",
    "repair_requests",
    "deliberation",
    "finance",
    "portal_site",
    "community",
}


def fingerprint() -> dict[str, list]:
    """Every row of every table of the project (the matrix's world is small)."""
    from django.apps import apps

    return {
        model._meta.label: list(model._base_manager.order_by("pk").values_list())
        for model in apps.get_models()
        if model._meta.app_label in PROJECT_APPS and not model._meta.proxy
    }


def changed_tables(before: dict, after: dict) -> list[str]:
    return [label for label, rows in after.items() if before.get(label) != rows]


def materialise(data: dict, world) -> dict:
    from django.core.files.uploadedfile import SimpleUploadedFile

    out = {}
    for key, value in data.items():
        if isinstance(value, _Upload):
            value = SimpleUploadedFile(value.name, value.content)
        elif isinstance(value, str):
            value = value.replace("{compound}", str(world.compound.pk))
        elif callable(value):  # a value taken from the world: lambda w: w.request.pk
            value = str(value(world))
        out[key] = value
    return out
