"""The arrows of docs/architecture.md, checked: the import-linter contracts of ``.importlinter``
hold on the code, and they would catch each break they were written against."""

from __future__ import annotations

import copy
import re
from pathlib import Path

import pytest
from importlinter import configuration
from importlinter.application import use_cases
from importlinter.configuration import settings as linter_settings

ROOT = Path(__file__).resolve().parents[2]
CONFIG = str(ROOT / ".importlinter")

configuration.configure()
# What ``lint-imports`` does before reading contracts (no public function for it in import-linter 2).
use_cases._register_built_in_contract_types()


class _GraphWith:
    """The real import graph plus some imports that do not exist (to see a contract break)."""

    def __init__(self, builder, extra: list[tuple[str, str]]):
        self.builder, self.extra = builder, extra

    def build(self, **kwargs):
        graph = copy.deepcopy(self.builder.build(**kwargs))  # the builder may hand out a cached graph
        for importer, imported in self.extra:
            for module in (importer, imported):
                if module not in graph.modules:
                    graph.add_module(module)
            graph.add_import(importer=importer, imported=imported, line_number=1, line_contents="import")
        return graph


def _broken(monkeypatch, extra: list[tuple[str, str]] = ()) -> set[str]:
    """Ids of the contracts broken by the code plus ``extra`` imports."""
    monkeypatch.chdir(ROOT)
    monkeypatch.setattr(linter_settings, "GRAPH_BUILDER", _GraphWith(linter_settings.GRAPH_BUILDER, list(extra)))
    options = use_cases.read_user_options(CONFIG)
    report = use_cases.create_report(options, cache_dir=None)
    assert not report.could_not_run and not report.invalid_contract_options
    return {contract.name for contract, check in report.get_contracts_and_checks() if not check.kept}


def _contract_names() -> dict[str, str]:
    text = (ROOT / ".importlinter").read_text(encoding="utf-8")
    return dict(re.findall(r"^\[importlinter:contract:(\w+)\]\nname = (.+)$", text, re.M))


def test_the_code_keeps_every_contract(monkeypatch):
    # given the code as it is / when the contracts are checked / then none is broken
    assert _broken(monkeypatch) == set()
    assert set(_contract_names()) == {"layers", "edges", "domain", "acyclic"}


@pytest.mark.parametrize(
    ("importer", "imported", "contracts"),
    [
        # the breaks found when the contracts were introduced
        ("gongkai.audit.selectors", "gongkai.orgs.permissions", {"layers", "acyclic"}),
        ("gongkai.core.management.commands.serve", "gongkai.orgs.demo", {"layers", "acyclic"}),
        ("gongkai.foi.services", "gongkai.catalog.selectors", {"domain"}),
        ("gongkai.api.routers.catalog", "gongkai.portal.views_search", {"edges"}),
        ("gongkai.api.routers.catalog", "gongkai.portal.params", {"edges"}),
        # and the other arrows (an import upwards also makes indirect chains between siblings:
        # foi -> workflow -> catalog, portal -> rules -> backoffice)
        ("gongkai.workflow.services", "gongkai.catalog.models", {"layers", "acyclic", "domain"}),
        ("gongkai.rules.services", "gongkai.backoffice.links", {"layers", "acyclic", "edges"}),
        ("gongkai.opinion.services", "gongkai.foi.models", {"domain"}),
        ("gongkai.portal.views", "gongkai.backoffice.views.home", {"edges"}),
        ("gongkai.core.clock", "gongkai.audit.services", {"layers", "acyclic"}),
    ],
)
def test_each_break_is_caught(monkeypatch, importer, imported, contracts):
    names = _contract_names()
    assert _broken(monkeypatch, [(importer, imported)]) == {names[c] for c in contracts}


def test_a_domain_app_may_use_another_through_its_interface_module(monkeypatch):
    assert _broken(monkeypatch, [("gongkai.opinion.services", "gongkai.catalog.interface")]) == set()


APPS_BELOW_THE_EDGES = (
    "core",
    "audit",
    "orgs",
    "rules",
    "workflow",
    "notifications",
    "search",
    "catalog",
    "foi",
    "opinion",
)
BACKOFFICE_URL = re.compile(r"""["']backoffice:|/office/""")


def test_kernel_and_domain_code_names_no_backoffice_url():
    """Strings are beyond import-linter: links go through gongkai.core.links instead."""
    found = []
    for app in APPS_BELOW_THE_EDGES:
        for path in sorted((ROOT / "gongkai" / app).rglob("*.py")):
            for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
                if BACKOFFICE_URL.search(line):
                    found.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
    assert found == []
