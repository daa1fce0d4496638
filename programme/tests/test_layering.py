"""Programme sits above courses and events and below certificates (which
listens to its signals): it never imports certificates, evaluation's
listeners or monitoring, and it imports the lower apps at module level, not
hidden inside functions. The team page still lists members' certificates,
which the certificates app hands over through ``members_certificates``."""

import ast
from pathlib import Path

import pytest

from certificates.tests.factories import certificate_create

from ..selectors import team_overview
from .factories import member_add, team_create

APP = Path(__file__).resolve().parents[1]
ABOVE = ("certificates", "monitoring")


def _imports(path: Path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            yield node, node.module
        elif isinstance(node, ast.Import):
            for alias in node.names:
                yield node, alias.name


def _sources():
    return [p for p in APP.rglob("*.py") if "tests" not in p.parts]


def test_programme_never_imports_the_apps_above_it():
    found = [
        f"{path.relative_to(APP)}: {module}"
        for path in _sources()
        for _node, module in _imports(path)
        if module.split(".")[0] in ABOVE
    ]
    assert found == []


def test_selectors_import_the_lower_apps_at_module_level():
    tree = ast.parse((APP / "selectors.py").read_text(encoding="utf-8"))
    nested = [
        node.module
        for function in ast.walk(tree)
        if isinstance(function, ast.FunctionDef)
        for node in ast.walk(function)
        if isinstance(node, ast.ImportFrom) and node.module
    ]
    assert nested == []


@pytest.mark.django_db
def test_the_team_page_lists_the_members_certificates(settings, tmp_path):
    settings.CERTIFICATES_PRIVATE_ROOT = str(tmp_path / "private")
    team = team_create()
    member = member_add(team)
    certificate = certificate_create(user=member)

    overview = team_overview(team=team, detailed=True)

    [row] = [r for r in overview["members"] if r.member.user_id == member.pk]
    assert [c["number"] for c in row.certificates] == [certificate.number]
    assert row.certificates[0]["title"] == certificate.title
