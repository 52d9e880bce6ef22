"""How problems are reported."""

import json
from pathlib import Path

from build_scripts.sources.diagnostics import Diagnostics, format_report


def test_format_and_sorting(tmp_path: Path) -> None:
    d = Diagnostics(tmp_path)
    d.error(tmp_path / "b.yml", 3, 1, "second")
    d.error(tmp_path / "a.yml", 9, 2, "first", "a hint")
    d.warning(tmp_path / "a.yml", 1, 1, "careful")
    d.error(tmp_path / "a.yml", 9, 2, "first", "a hint")  # duplicates are reported once
    lines = format_report(d.sorted()).splitlines()
    assert lines == ["a.yml:1:1: warning: careful", "a.yml:9:2: first (a hint)", "b.yml:3:1: second", "2 error(s), 1 warning(s)"]


def test_json_report(tmp_path: Path) -> None:
    d = Diagnostics(tmp_path)
    d.error(tmp_path / "x.md", 2, 5, "bad")
    data = json.loads(format_report(d.sorted(), "json"))
    assert data == [{"path": "x.md", "line": 2, "column": 5, "severity": "error", "message": "bad", "hint": ""}]
