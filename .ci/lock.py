"""The lock files: every package the site and the tests install, pinned with hashes.

    python3 .ci/lock.py compile [--upgrade] [--uv PATH]   write requirements.lock and requirements-test.lock
    python3 .ci/lock.py check                             exit 1 when pyproject.toml changed since

`make lock` runs `compile`: it keeps every pin that pyproject.toml still allows, so adding a
dependency changes only what it brings; `make lock-upgrade` (`--upgrade`) takes the newest
versions of everything. `check` compares a hash of pyproject.toml's dependency lists with the
one recorded in each lock's header (and that the two locks agree): `make site`, `make test` and
tests/test_lock.py run it, so CI fails when someone edits the dependencies and forgets `make lock`.

The locks are universal (any OS, any Python allowed by requires-python) with one version of each
package for all of them, so Debian 12's Python 3.11.2 and a newer Python build the same site.
After a merge conflict in a lock, run `make lock` again: it reads the left side of the conflict
as the pins to keep.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import subprocess
import sys
import tempfile
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYPROJECT = ROOT / "pyproject.toml"
SITE_LOCK = ROOT / "requirements.lock"
TEST_LOCK = ROOT / "requirements-test.lock"
#: The installers are locked too: pip, and the setuptools that builds our editable install.
INSTALLERS = ["pip"]
HASH_LINE = "# pyproject-sha256: "


def pyproject_hash(path: Path = PYPROJECT) -> str:
    """A hash of everything in pyproject.toml that decides what the locks contain, and of nothing else.

    The order of a list and spacing inside a requirement do not matter (they change no resolution);
    a version bound, a new package or a new extra does.
    """
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    project = data.get("project", {})

    def norm(reqs: list[str]) -> list[str]:
        return sorted(re.sub(r"\s+", "", r).lower() for r in reqs)

    decisive = {
        "requires-python": project.get("requires-python", ""),
        "dependencies": norm(project.get("dependencies", [])),
        "optional-dependencies": {k: norm(v) for k, v in sorted(project.get("optional-dependencies", {}).items())},
        "build-system.requires": norm(data.get("build-system", {}).get("requires", [])),
        "installers": INSTALLERS,
    }
    return hashlib.sha256(json.dumps(decisive, sort_keys=True).encode()).hexdigest()


def recorded_hash(lock: Path) -> str | None:
    """The pyproject hash written in a lock's header, or None."""
    if not lock.is_file():
        return None
    for line in lock.read_text(encoding="utf-8").splitlines():
        if line.startswith(HASH_LINE):
            return line[len(HASH_LINE):].strip()
        if line and not line.startswith("#"):
            break
    return None


def pins(lock: Path) -> dict[str, str]:
    """Package name -> version(s) of every pin in a lock (markers aside)."""
    found: dict[str, set[str]] = {}
    for line in lock.read_text(encoding="utf-8").splitlines():
        m = re.match(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s;\\]+)", line)
        if m:
            found.setdefault(re.sub(r"[-_.]+", "-", m.group(1)).lower(), set()).add(m.group(2))
    return {name: " ".join(sorted(versions)) for name, versions in found.items()}


def problems() -> list[str]:
    """Why the locks do not match pyproject.toml (empty when they do)."""
    found = []
    want = pyproject_hash()
    for lock in (SITE_LOCK, TEST_LOCK):
        got = recorded_hash(lock)
        if lock.is_file() and "\n<<<<<<< " in "\n" + lock.read_text(encoding="utf-8"):
            found.append(f"{lock.name} has merge conflicts")
        elif got is None:
            found.append(f"{lock.name} is missing or has no '{HASH_LINE.strip()}' line")
        elif got != want:
            found.append(f"{lock.name} was locked from another pyproject.toml (its dependencies changed since)")
    if not found:
        site, test = pins(SITE_LOCK), pins(TEST_LOCK)
        for name, ver in sorted(site.items()):
            if test.get(name) != ver:
                found.append(f"{name} is {ver} in {SITE_LOCK.name} but {test.get(name)} in {TEST_LOCK.name}")
    return found


def _preferences(lock: Path, tmp: Path) -> Path | None:
    """The current lock as a file uv can read (the left side of any merge conflict), or None."""
    if not lock.is_file():
        return None
    text = lock.read_text(encoding="utf-8")
    if "\n<<<<<<< " not in "\n" + text:
        return lock
    kept, side = [], "both"
    for line in text.splitlines():
        if line.startswith("<<<<<<< "):
            side = "ours"
        elif line.startswith("=======") and side == "ours":
            side = "theirs"
        elif line.startswith(">>>>>>> ") and side == "theirs":
            side = "both"
        elif side != "theirs":
            kept.append(line)
    copy = tmp / lock.name
    copy.write_text("\n".join(kept) + "\n", encoding="utf-8")
    print(f"{lock.name} has merge conflicts: keeping the pins of its first side", file=sys.stderr)
    return copy


def compile_locks(uv: str, upgrade: bool) -> None:
    data = tomllib.loads(PYPROJECT.read_text(encoding="utf-8"))
    python = re.search(r"\d+\.\d+", data["project"].get("requires-python", ">=3.11"))
    common = [uv, "pip", "compile", "--quiet", "--generate-hashes", "--universal", "--fork-strategy", "fewest",
              "--python-version", python.group(0) if python else "3.11", "--custom-compile-command", "make lock"]
    if upgrade:
        common.append("--upgrade")
    header = [
        "# Locked by `make lock` (.ci/lock.py) from pyproject.toml; do not edit by hand. Installed with",
        "# `pip install --require-hashes`: pip refuses any file whose hash is not listed here.",
        "# Also locked: pip, and setuptools (build-system.requires), which builds the editable install.",
        f"{HASH_LINE}{pyproject_hash()}",
    ]
    installers = "\n".join([*INSTALLERS, *data.get("build-system", {}).get("requires", [])]) + "\n"
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        # The test lock first (every extra); the site lock is then its subset: the same versions.
        for lock, extra in ((TEST_LOCK, ["--all-extras"]), (SITE_LOCK, ["-c", TEST_LOCK.name])):
            out = tmp / lock.name
            prefs = _preferences(lock, tmp)
            if prefs is not None and not upgrade:
                out.write_text(prefs.read_text(encoding="utf-8"), encoding="utf-8")
            cmd = [*common, "pyproject.toml", "-", *extra, "-o", str(out)]
            subprocess.run(cmd, cwd=ROOT, input=installers, text=True, check=True)
            body = out.read_text(encoding="utf-8")
            body = "\n".join(line for line in body.splitlines() if not line.startswith(HASH_LINE))
            lock.write_text("\n".join(header) + "\n" + body + "\n", encoding="utf-8")
    for lock in (SITE_LOCK, TEST_LOCK):
        print(f"{lock.name}: {len(pins(lock))} packages")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    c = sub.add_parser("compile", help="write both locks from pyproject.toml")
    c.add_argument("--upgrade", action="store_true", help="take the newest allowed version of every package")
    c.add_argument("--uv", default="uv", help="the uv executable")
    sub.add_parser("check", help="exit 1 when the locks do not match pyproject.toml")
    args = parser.parse_args(argv)
    if args.command == "compile":
        compile_locks(args.uv, args.upgrade)
        return 0
    found = problems()
    for p in found:
        print(f"lock: {p}", file=sys.stderr)
    if found:
        print("Run `make lock` and commit requirements.lock and requirements-test.lock.", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
