"""The project's own contracts: the README's commands, --help everywhere, the layers."""

from __future__ import annotations

import pkgutil
import re
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

import papercat
from papercat.cli import app

ROOT = Path(__file__).resolve().parents[1]


def _shell_blocks(markdown: str) -> list[str]:
    return re.findall(r"```sh\n(.*?)```", markdown, flags=re.DOTALL)


def test_ci_runs_exactly_the_readme_test_command():
    readme = (ROOT / "README.md").read_text()
    blocks = _shell_blocks(readme)
    test_command = next(block.strip() for block in blocks if "pytest" in block)
    ci_lines = [line.strip() for line in (ROOT / ".ci" / "run").read_text().splitlines()]
    assert test_command in ci_lines


def test_the_readme_install_command_checks_the_shipped_list():
    readme = (ROOT / "README.md").read_text()
    install = next(block.strip() for block in _shell_blocks(readme) if "pip install ." in block)
    assert "papercat lint" in install and "papercat render --check README.md" in install


def _command_names() -> list[str]:
    from typer.main import get_command

    return sorted(get_command(app).commands)


@pytest.mark.parametrize("name", _command_names())
def test_every_command_has_help_with_an_example(name):
    result = CliRunner().invoke(app, [name, "--help"])
    assert result.exit_code == 0, result.output
    assert re.search(r"examples?:?", result.output, flags=re.IGNORECASE), result.output
    # The usage line names the command once; an example names it again.
    assert result.output.count(f"papercat {name}") >= 2, result.output


def test_the_commands_the_issues_name_all_exist():
    assert {"import", "render", "add", "refresh", "dedupe", "move", "remove", "lint"} <= set(_command_names())


def test_version_and_module_entry_point():
    completed = subprocess.run([sys.executable, "-m", "papercat", "--version"], capture_output=True, text=True, timeout=60)
    assert completed.returncode == 0
    assert completed.stdout.strip() == f"papercat {papercat.__version__}"


def _library_modules() -> list[str]:
    names = []
    for module in pkgutil.walk_packages(papercat.__path__, "papercat."):
        if not module.name.startswith("papercat.cli") and module.name != "papercat.__main__":
            names.append(module.name)
    return names


def test_the_library_never_imports_the_terminal_or_the_network_at_import_time():
    """typer and rich belong to papercat.cli; httpx is imported lazily, only inside sources."""
    modules = _library_modules()
    code = (
        "import importlib, sys\n"
        f"for name in {modules!r}: importlib.import_module(name)\n"
        "print(sorted(m for m in ('typer', 'rich', 'httpx', 'click') if m in sys.modules))\n"
    )
    completed = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert completed.returncode == 0, completed.stderr
    assert completed.stdout.strip() == "[]"


def test_only_sources_import_httpx():
    offenders = []
    for path in (ROOT / "src" / "papercat").rglob("*.py"):
        relative = path.relative_to(ROOT / "src" / "papercat").as_posix()
        if relative.startswith("sources/"):
            continue
        if re.search(r"^\s*(import httpx|from httpx)", path.read_text(), flags=re.MULTILINE):
            offenders.append(relative)
    assert offenders == []


def test_import_linter_contracts_hold():
    """The layers in pyproject.toml's [tool.importlinter], checked by import-linter itself."""
    import shutil

    executable = shutil.which("lint-imports", path=str(Path(sys.executable).parent))
    assert executable, "import-linter is part of the test extra"
    completed = subprocess.run([executable], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert completed.returncode == 0, completed.stdout[-2000:]


def test_no_module_of_the_package_is_over_500_lines():
    """A module that long holds more than one concept (issue 13): split it where the concepts part."""
    package = Path(__file__).resolve().parents[1] / "src" / "papercat"
    long = {str(path.relative_to(package)): n for path in package.rglob("*.py") if (n := len(path.read_text(encoding="utf-8").splitlines())) > 500}
    assert long == {}
