"""The lock files agree with pyproject.toml, pin every package with hashes, and are what make installs."""

from __future__ import annotations

import importlib.util
import re
import tomllib
from pathlib import Path
from types import ModuleType

from conftest import REPO


def _lock_module() -> ModuleType:
    spec = importlib.util.spec_from_file_location("ci_lock", REPO / ".ci/lock.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


lock = _lock_module()


def _name(requirement: str) -> str:
    name = re.match(r"[A-Za-z0-9._-]+", requirement)
    assert name, requirement
    return re.sub(r"[-_.]+", "-", name.group(0)).lower()


def test_the_locks_match_pyproject() -> None:
    # Fails after an edit of pyproject.toml's dependencies without `make lock`.
    assert lock.problems() == []


def test_every_package_is_pinned_with_hashes_and_every_dependency_is_there() -> None:
    project = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]
    extras = [r for reqs in project["optional-dependencies"].values() for r in reqs]
    for path, direct in ((lock.SITE_LOCK, project["dependencies"]), (lock.TEST_LOCK, project["dependencies"] + extras)):
        text = path.read_text()
        pinned = lock.pins(path)
        missing = {_name(r) for r in direct} - set(pinned)
        assert not missing, f"{path.name} lacks {missing}"
        assert {"pip", "setuptools"} <= set(pinned), "the installers are locked too"
        # Each pin is followed by its hashes (pip --require-hashes needs one per file it may download).
        blocks = re.split(r"\n(?=[A-Za-z0-9])", text)
        for block in blocks:
            if re.match(r"[A-Za-z0-9][A-Za-z0-9._-]*==", block):
                assert "--hash=sha256:" in block, block.splitlines()[0]
        assert "://" not in text, "a lock names no index or URL"


def test_the_hash_follows_the_dependency_lists_only(tmp_path: Path) -> None:
    original = (REPO / "pyproject.toml").read_text()
    base = tmp_path / "pyproject.toml"
    base.write_text(original)
    reference = lock.pyproject_hash(base)
    # Reordering, spacing, a new description: no change to what is installed, same hash.
    reordered = original.replace('description = "', 'description = "Edited. ').replace(
        '    "pyyaml>=6",\n    "jinja2>=3.1",', '    "jinja2>=3.1",\n    "pyyaml >= 6",')
    assert reordered.count("pyyaml >= 6") == 1
    base.write_text(reordered)
    assert lock.pyproject_hash(base) == reference
    for edit in ('"pyyaml>=6",\n    "babel>=2.18",', '"pyyaml>=7",'):
        base.write_text(original.replace('"pyyaml>=6",', edit))
        assert lock.pyproject_hash(base) != reference, edit
    base.write_text(original.replace('requires = ["setuptools>=77"]', 'requires = ["setuptools>=80"]'))
    assert lock.pyproject_hash(base) != reference


def test_make_installs_from_the_locks_with_hashes_required() -> None:
    makefile = (REPO / "Makefile").read_text()
    assert "--require-hashes" in makefile
    for target, lock_file in ((".installed:", "$(SITE_LOCK)"), (".installed-test:", "$(TEST_LOCK)")):
        rule = makefile.split(target, 1)[1].split("\n\n", 1)[0]
        assert f"-r {lock_file}" in rule and ".ci/lock.py check" in rule, target
    assert re.search(r"^lock:", makefile, re.M) and "--no-deps --no-build-isolation -e ." in makefile
