"""Every audited action reads as a sentence in the log: each code the code base writes has
its verb, and each kind of object it is written against has a name (an object with no
entry in KINDS read as "… No. 3 (deleted)" while it still existed)."""

import re
from pathlib import Path

from django.apps import apps

from portal.site.audit.targets import KINDS
from portal.site.audit.words import VERBS

ROOT = Path(__file__).resolve().parents[2]
APPS = ["compounds", "requests", "deliberation", "finance", "community", "portal"]
CODE = re.compile(r'audit\(\s*(?:[^()]*?,\s*)?code="([a-z_]+(?:\.[a-z_]+)+)"', re.S)


def _written_codes() -> set[str]:
    codes = set()
    for app in APPS:
        for path in (ROOT / app).rglob("*.py"):
            if "migrations" not in path.parts:
                codes |= set(CODE.findall(path.read_text()))
    return codes


def test_every_audit_code_written_has_a_verb():
    codes = _written_codes()
    assert len(codes) > 40  # the pattern still finds them
    assert not sorted(codes - set(VERBS))


def test_every_community_model_audited_has_a_name():
    audited = {
        f"community.{model._meta.model_name}"
        for model in apps.get_app_config("community").get_models()
    }
    named = {kind for kind in KINDS if kind.startswith("community.")}
    # The rows that are never an audit's object (events, photos, checks, links, sign-ups).
    never = {
        "community.activityevent",
        "community.activityphoto",
        "community.cleanupphoto",
        "community.facilitycheck",
        "community.facilityrequest",
        "community.shiftevent",
        "community.signup",
    }
    assert not sorted(audited - named - never)
