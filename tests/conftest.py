"""Tiny projects shaped like LINKS, built in tmp_path (after lektor's tests/conftest.py)."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import textwrap
from pathlib import Path
from typing import Callable

import pytest

REPO = Path(__file__).resolve().parent.parent
os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
os.environ.setdefault("SOURCE_DATE_EPOCH", "1700000000")


def git(root: Path, *args: str, date: str = "2026-10-01T12:00:00") -> None:
    """Run git in ``root`` as an editor would, at a fixed date (for 'outdated since')."""
    env = {**os.environ, "GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date}
    subprocess.run(["git", "-c", "user.email=editor@example.test", "-c", "user.name=Editor", *args], cwd=root, env=env,
                   check=True, capture_output=True)


def version(text: str) -> str:
    """The version a translation records for an English text."""
    return hashlib.sha256(text.replace("\r\n", "\n").encode()).hexdigest()[:12]


HOME_EN = """---
title: Welcome to the tiny site
description: A tiny test site.
---

## Introduction

The tiny site talks about inquiry and [the about page](/about/#the-project).
"""

ABOUT_EN = """---
title: About the project
description: About the tiny project.
---

## The project

Mitochondria is an unusual English word for this test. See [the schools tool](/tools/schools/).
"""

SUMMARY_EN = """---
title: Executive summary
description: The summary.
---

## Findings

Professional development works best when it lasts.[^1]

[^1]: Desimone 2009.
"""

FULL_EN = """---
description: The full edition.
---

## Context

The full edition is long.

## Checklist

- [ ] A first item
"""

BROCHURE_EN = """---
description: The brochure.
---

## Why this matters

Schools matter. Read [the full edition](/tools/schools/full/).
"""

CHAPTER_EN = """---
title: Why CPD matters
description: The first chapter.
---

## Inquiry

Inquiry-based teaching needs support. Back to [the summary](/studies/demo/summary/).
"""


def _fr(text_en: str, title: str | None, body: str) -> str:
    head = f"title: {title}\n" if title else ""
    return f"---\n{head}description: Une description.\nsource_hash: {version(text_en)}\n---\n\n{body}"


def write_project(root: Path) -> Path:
    """Write a complete tiny project (en source, fr partly translated, fi) into ``root``."""
    files: dict[str, str] = {
        "content/site.yml": textwrap.dedent("""\
            site_name: TINY
            site_title:
              en: Tiny test site
              fr: Petit site de test
            site_url: https://example.test/tiny/
            languages:
              - code: en
                name: English
                default: true
              - code: fr
                name: Français
              - code: fi
                name: Suomi
            publisher:
              en: The tiny partnership
            licence:
              id: CC-BY-4.0
              short: CC BY 4.0
              url: https://creativecommons.org/licenses/by/4.0/
              name:
                en: Creative Commons Attribution 4.0 International
            funding:
              programme: Erasmus+
              emblem: eu
              emblem_alt:
                en: Flag of the European Union
              notice:
                en: Co-funded by the Erasmus+ Programme of the European Union
                fr: Cofinancé par le programme Erasmus+ de l’Union européenne
              disclaimer:
                en: The European Commission’s support for this publication does not mean that it endorses its contents.
            brand:
              logo: overrides/assets/images/logo.svg
            pdf:
              prefix: links
              keywords: [LINKS, STEM]
            navigation:
              - page: home
                title: nav_home
              - section: nav_project
                items:
                  - page: about
                    title: nav_about
              - collection: studies
              - collection: tools
              - catalogue: catalogue
              - downloads: true
            footer:
              - page: about
                title: nav_about
            """),
        "content/ui/fr.yml": "untranslated_notice: Cette page n’est pas encore traduite en français.\n"
                             "nav_home: Accueil\nnav_tools: Outils d’orientation\n",
        "content/pages/home.en.md": HOME_EN,
        "content/pages/home.fr.md": _fr(HOME_EN, "Bienvenue sur le petit site", "## Introduction\n\nLe petit site parle de démarche d’investigation : "
                                        "voyez [la page](/about/#the-project).\n"),
        "content/pages/about.en.md": ABOUT_EN,
        "studies/demo/study.yml": "title:\n  en: The demo study\n  fr: L’étude de démonstration\nsummary:\n  en: A study.\n  fr: Une étude.\nauthors: [LINKS partnership]\n",
        "studies/demo/chapters/01-why-cpd-matters.en.md": CHAPTER_EN,
        "studies/demo/summary.en.md": SUMMARY_EN,
        "studies/demo/summary.fr.md": _fr(SUMMARY_EN, "Synthèse", "## Conclusions\n\nLa formation continue fonctionne mieux quand elle dure.[^1]\n\n[^1]: Desimone 2009.\n"),
        "studies/demo/catalogue/scientix.yml": textwrap.dedent("""\
            name: Scientix
            type: network
            countries: [EU]
            levels: [1, 2, 3]
            issues: [schools]
            audience: [teachers]
            source:
              seed: 004_cd591372c6f2f770
              title: European Schoolnet, STEM education
            summary:
              en: Scientix promotes teaching materials from STEM research projects.
            """),
        "guidance_tools/01-schools/tool.yml": textwrap.dedent("""\
            number: 1
            title:
              en: Working with schools
              fr: Travailler avec les écoles
              fi: Yhteistyö koulujen kanssa
            summary:
              en: How to work with schools.
            """),
        "guidance_tools/01-schools/full.en.md": FULL_EN,
        "guidance_tools/01-schools/brochure.en.md": BROCHURE_EN,
        "guidance_tools/01-schools/brochure.fi.md": _fr(BROCHURE_EN, None, "## Miksi tämä on tärkeää\n\nKoulut ovat tärkeitä. Lue [koko versio](/tools/schools/full/).\n").replace("Une description.", "Esite."),
    }
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    # The interface texts, the kinds of document, the vocabularies and the theme overrides are part of a
    # project: take the real ones (the catalogue lives in the tiny study's folder).
    shutil.copy(REPO / "content/ui/en.yml", root / "content/ui/en.yml")
    vocabularies = (REPO / "content/vocabularies.yml").read_text(encoding="utf-8").split("\n")
    (root / "content/vocabularies.yml").write_text(  # the tiny project has no German or Italian
        "\n".join(ln for ln in vocabularies if not ln.startswith(("    de:", "    it:"))), encoding="utf-8")
    kinds = (REPO / "content/collections.yml").read_text(encoding="utf-8")
    (root / "content/collections.yml").write_text(kinds.replace("studies/best-practices/catalogue", "studies/demo/catalogue"),
                                                 encoding="utf-8")
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    shutil.copytree(REPO / "overrides", root / "overrides")
    return root


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A fresh tiny project to mutate."""
    return write_project(tmp_path / "proj")


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The tiny project built once for the whole session; returns its site/ folder."""
    from build_scripts.build import build_site

    root = write_project(tmp_path_factory.mktemp("built") / "proj")
    result = build_site(root, jobs=2)
    assert not result.renderer_warnings or not any(result.renderer_warnings.values()), result.renderer_warnings
    return result.out


Edit = Callable[[Path], None]
