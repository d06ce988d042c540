"""scripts/ and tests/ in one direction: the tests use the scripts' servers and load generator, never the
other way round, so `make bench` and `make bench-cluster` run without the test suite or pytest."""

from __future__ import annotations

import ast

import pytest

from tests.conftest import ROOT

SCRIPTS = sorted((ROOT / "scripts").glob("*.py"))


def imported_modules(source: str) -> set[str]:
    modules = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            modules |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            modules.add(node.module.split(".")[0])
    return modules


def test_the_check_sees_imports_inside_functions_too():
    assert imported_modules("def f():\n    import pytest\n    from tests.x import y\n") == {"pytest", "tests"}


@pytest.mark.parametrize("script", SCRIPTS, ids=[s.name for s in SCRIPTS])
def test_no_script_imports_the_tests_or_pytest(script):
    assert not imported_modules(script.read_text()) & {"tests", "pytest", "_pytest"}
