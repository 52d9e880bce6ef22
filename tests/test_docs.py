"""The editors' guide and the --help texts stay true to the code."""

from pathlib import Path

from build_scripts.cli import make_parser
from build_scripts.content.reference import START, reference_markdown

REPO = Path(__file__).resolve().parent.parent


def test_editing_guide_holds_the_reference_the_code_writes() -> None:
    guide = (REPO / "EDITING.md").read_text()
    assert START in guide
    assert reference_markdown() in guide, "EDITING.md is out of date: run `make reference`"


def test_readme_quick_start_and_help_commands() -> None:
    readme = (REPO / "README.md").read_text()
    assert "make site" in readme and "make test" in readme
    help_text = make_parser().format_help()
    for command in ("check", "build", "status", "serve"):
        assert command in help_text
        assert f"links {command}" in readme or f"`links {command}" in readme


def test_readme_and_guide_cover_every_command_and_option() -> None:
    import argparse
    readme = (REPO / "README.md").read_text()
    guide = (REPO / "EDITING.md").read_text()
    parser = make_parser()
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    for name, command in sub.choices.items():
        assert f"links {name}" in readme, name
        for action in command._actions:
            for flag in action.option_strings:
                if flag.startswith("--") and flag != "--help":
                    assert flag in readme or flag in guide, f"links {name} {flag} is not documented"
    new = next(a for a in sub.choices["new"]._actions if isinstance(a, argparse._SubParsersAction))
    for what in new.choices:
        assert f"links new {what}" in guide, what
    for section in ("Edit a page", "Add a catalogue entry", "Translate a document", "Add a language", "Preview",
                    "Read the status table"):
        assert section.lower() in guide.lower(), section


def test_workflows_and_hooks_run_the_checks() -> None:
    import yaml
    check = yaml.safe_load((REPO / ".github/workflows/check.yml").read_text())
    steps = " ".join(step.get("run", "") for step in check["jobs"]["check"]["steps"])
    assert "pull_request" in check[True]  # YAML reads the key 'on' as true
    for command in ("links check", "links status", "make test"):
        assert command in steps, command
    publish = yaml.safe_load((REPO / ".github/workflows/publish.yml").read_text())
    build = publish["jobs"]["build"]
    assert publish[True]["push"]["branches"] == ["main"]
    assert any("SITE_URL" in (s.get("env") or {}) for s in build["steps"])
    assert any(s.get("uses", "").startswith("actions/deploy-pages") for s in publish["jobs"]["deploy"]["steps"])
    hooks = yaml.safe_load((REPO / ".pre-commit-config.yaml").read_text())
    assert any("check" in h["entry"] for r in hooks["repos"] for h in r["hooks"])
