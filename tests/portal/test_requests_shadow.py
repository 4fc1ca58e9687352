"""The requests/ app folder shadows the PyPI `requests` package for the whole process.

Anything that imports `requests` would get our app instead and break (../shared/STACK.md),
so no installed distribution may depend on it.
"""

import re
from importlib import metadata
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parents[2]


def test_import_requests_is_the_app_folder():
    assert Path(requests.__file__).resolve().parent == ROOT / "requests", (
        f"`import requests` resolved to {requests.__file__}, not the app folder"
    )


def _requirement_name(requirement: str) -> str:
    return re.split(r"[\s;\[<>=!~(]", requirement.strip(), maxsplit=1)[0].lower()


def test_no_installed_distribution_depends_on_pypi_requests():
    culprits = []
    for dist in metadata.distributions():
        for requirement in dist.requires or []:
            if "extra ==" in requirement:
                continue  # an extra that is not installed is not a dependency
            if _requirement_name(requirement) == "requests":
                culprits.append(f"{dist.metadata['Name']} {dist.version} requires {requirement!r}")
    assert not culprits, (
        "These installed distributions depend on the PyPI `requests` package, which the "
        "requests/ app shadows; remove them or use an extra that avoids it: " + "; ".join(culprits)
    )


def test_pypi_requests_is_not_installed():
    try:
        dist = metadata.distribution("requests")
    except metadata.PackageNotFoundError:
        return
    raise AssertionError(f"PyPI requests {dist.version} is installed; nothing may need it")


def test_lock_file_does_not_pull_in_requests():
    lock = (ROOT / "uv.lock").read_text()
    assert not re.search(r'^name = "requests"$', lock, re.MULTILINE)
