"""The shape of the house (docs/architecture.md): the import contract of `make lint`, and
files and views a reader can hold."""

import ast
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ["portal", "compounds", "requests", "deliberation", "finance", "community"]
MAX_MODULE_LINES = 450
MAX_VIEW_LINES = 40


def _contracts() -> list[dict]:
    with (ROOT / "pyproject.toml").open("rb") as config:
        return tomllib.load(config)["tool"]["importlinter"]["contracts"]


def test_every_child_of_portal_but_the_site_is_held_to_the_infrastructure_contract():
    """The forbidden contract lists portal's infrastructure module by module (portal.site,
    on top of every app, is a child of portal too); a new module must join the list."""
    (contract,) = [c for c in _contracts() if c["type"] == "forbidden"]
    children = {
        f"portal.{path.stem}"
        for path in (ROOT / "portal").iterdir()
        if (path.suffix == ".py" and path.stem != "__init__")
        or (path.is_dir() and (path / "__init__.py").exists())
    }
    assert set(contract["source_modules"]) == children - {"portal.site"}


def _lint_imports(folder: Path) -> subprocess.CompletedProcess:
    command = Path(sys.executable).with_name("lint-imports")
    return subprocess.run(
        [str(command), "--no-cache"], cwd=folder, capture_output=True, text=True, timeout=120
    )


@pytest.fixture
def scratch(tmp_path) -> Path:
    """A copy of the project's packages and their import contract."""
    for name in PACKAGES:
        shutil.copytree(ROOT / name, tmp_path / name, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    return tmp_path


def test_the_import_contract_fails_on_an_upward_import_and_on_a_cycle(scratch):
    assert _lint_imports(scratch).returncode == 0, _lint_imports(scratch).stdout
    (scratch / "compounds" / "scratch_up.py").write_text("import requests.models\n")
    upward = _lint_imports(scratch)
    assert upward.returncode != 0
    assert "compounds is not allowed to import requests" in upward.stdout
    (scratch / "compounds" / "scratch_up.py").unlink()
    (scratch / "requests" / "scratch_a.py").write_text(
        "def f():\n    from requests import scratch_b\n"
    )
    (scratch / "requests" / "scratch_b.py").write_text("from requests import scratch_a\n")
    cycle = _lint_imports(scratch)
    assert cycle.returncode != 0
    assert "No cycles are allowed in requests" in cycle.stdout
    (scratch / "requests" / "scratch_a.py").unlink()
    (scratch / "requests" / "scratch_b.py").unlink()
    audit = scratch / "portal" / "audit.py"  # infrastructure
    audit.write_text(audit.read_text() + "\nfrom compounds import models  # noqa\n")
    infra = _lint_imports(scratch)
    assert infra.returncode != 0
    assert "portal.audit is not allowed to import compounds" in infra.stdout


def _python_files():
    for top in [*PACKAGES, "tests", "bench"]:
        for path in sorted((ROOT / top).rglob("*.py")):
            if "migrations" not in path.parts:
                yield path


def test_no_module_is_longer_than_a_reader_can_hold():
    long = [
        f"{path.relative_to(ROOT)}: {n} lines"
        for path in _python_files()
        if (n := len(path.read_text().splitlines())) > MAX_MODULE_LINES
    ]
    assert not long, "split these by entity:\n" + "\n".join(long)


def _view_modules():
    for path in _python_files():
        if path.parts[len(ROOT.parts)] == "tests":
            continue
        if path.name == "views.py" or path.parent.name == "views":
            yield path


def test_no_view_function_is_longer_than_forty_lines():
    long = []
    for path in _view_modules():
        for node in ast.parse(path.read_text()).body:
            if isinstance(node, ast.FunctionDef):
                lines = node.end_lineno - node.lineno + 1
                if lines > MAX_VIEW_LINES:
                    long.append(f"{path.relative_to(ROOT)}::{node.name}: {lines} lines")
    assert not long, "thin these views (forms, services, queries):\n" + "\n".join(long)


def test_package_init_files_import_names_explicitly():
    starred = [
        str(path.relative_to(ROOT))
        for path in _python_files()
        if path.name == "__init__.py" and "import *" in path.read_text()
    ]
    assert not starred


def test_translation_functions_keep_names_makemessages_knows():
    """makemessages extracts `_`, `gettext`, `gettext_lazy`, `pgettext` … only: a string
    marked with another alias (`gettext as _g`) silently leaves the Chinese catalogue."""
    import re

    alias = re.compile(r"import (?:n|p|np)?gettext(?:_lazy)? as (?!_\b)(\w+)")
    found = [
        f"{path.relative_to(ROOT)}: {m.group(1)}"
        for path in _python_files()
        if path.parts[len(ROOT.parts)] != "tests"
        for m in alias.finditer(path.read_text())
    ]
    assert not found
