"""The editors' guide and the --help texts stay true to the code."""

from pathlib import Path

from build_scripts.cli import make_parser
from build_scripts.loader import ENTRY_FIELDS, SITE_FIELDS, STUDY_FIELDS, TOOL_FIELDS
from build_scripts.model import AUDIENCES, CATALOGUE_TYPES, ISSUES

REPO = Path(__file__).resolve().parent.parent


def test_editing_guide_names_every_field_and_value() -> None:
    guide = (REPO / "EDITING.md").read_text()
    for fields in (SITE_FIELDS, TOOL_FIELDS, STUDY_FIELDS, ENTRY_FIELDS):
        for f in fields:
            assert f"{f.name}" in guide, f.name
    for word in (*ISSUES, *CATALOGUE_TYPES, *AUDIENCES):
        assert word in guide, word


def test_readme_quick_start_and_help_commands() -> None:
    readme = (REPO / "README.md").read_text()
    assert "make site" in readme and "make test" in readme
    help_text = make_parser().format_help()
    for command in ("check", "build", "status", "serve"):
        assert command in help_text
        assert f"links {command}" in readme or f"`links {command}" in readme
