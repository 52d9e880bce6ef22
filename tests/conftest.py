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
              en: >-
                Scientix promotes teaching materials from STEM research projects. It is the community for science
                education in Europe: it gathers the results of projects funded by the European Union and by national
                programmes, and makes them available to teachers, researchers and policy makers in many languages.
                Teachers find lesson plans, guides and online courses, and take part in workshops and conferences
                where they meet the authors of the materials. The network of national contact points and ambassadors
                carries the work into schools. It shows how a European platform can give teachers lasting access to
                the outcomes of research.
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


def load_unchecked(root: Path, theme=None):  # type: ignore[no-untyped-def]
    """Load a project as the loader does, but keep going past its errors: for testing that safety does not
    depend on the check (what the sanitizer, the escaping and the path policy do on their own)."""
    from build_scripts.content.loader import Loader

    loader = Loader(root.resolve(), theme)
    return loader.load(), loader.diags


@pytest.fixture
def unchecked(monkeypatch: pytest.MonkeyPatch) -> None:
    """Builds in this test skip the check's refusals (see load_unchecked)."""
    import build_scripts.build

    monkeypatch.setattr(build_scripts.build, "load_project", load_unchecked)


def live_code(html: str) -> list[str]:
    """What in a page could run code or load from elsewhere: event attributes, javascript: addresses, scripts that
    are not the theme's files, <base>, refresh, and images or styles from other sites."""
    from html.parser import HTMLParser

    found: list[str] = []

    class Finder(HTMLParser):
        data_block = False  # inside <script type="application/ld+json">: data that browsers never run

        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            a = {k: v or "" for k, v in attrs}
            if tag == "script":
                self.data_block = a.get("type", "").lower() in ("application/ld+json", "application/json")
            for k, v in a.items():
                squeezed = "".join(v.split()).lower()
                if k.startswith("on"):
                    found.append(f"<{tag} {k}=")
                if k in ("href", "src", "action", "formaction", "data") and squeezed.startswith(("javascript:", "vbscript:", "data:text")):
                    found.append(f"<{tag} {k}={v}>")
            if tag == "script" and "src" in a and not a["src"].split("?")[0].endswith(".js"):
                found.append(f"<script src={a['src']}>")
            theme_search = tag == "form" and a.get("class") == "md-search__form" and "action" not in a
            if (tag in ("base", "iframe", "object", "embed", "form") and not theme_search) or (tag == "meta" and a.get("http-equiv", "").lower() == "refresh"):
                found.append(f"<{tag}>")
            if tag in ("img", "link", "script", "source") and any(a.get(k, "").startswith(("http:", "https:", "//"))
                                                                    for k in ("src", "href")) and a.get("rel") not in ("canonical", "alternate"):
                found.append(f"<{tag} from another site>")

        def handle_data(self, data: str) -> None:
            if "alert(" in data and self.lasttag == "script" and not self.data_block:
                found.append("inline script with alert(")

    Finder().feed(html)
    return found


def png_bytes(width: int = 40, height: int = 20, rgb: tuple[int, int, int] = (200, 30, 30)) -> bytes:
    """A real PNG image (one colour), written with zlib and struct."""
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    rows = b"".join(b"\x00" + bytes(rgb) * width for _ in range(height))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b""))


SVG = ('<svg xmlns="http://www.w3.org/2000/svg" width="60" height="30" viewBox="0 0 60 30">'
       '<rect width="60" height="30" fill="#1a3f73"/><circle cx="15" cy="15" r="10" fill="#fc0"/></svg>\n')


def add_images(root: Path) -> None:
    """A PNG and an SVG next to the schools brochure (in a sub-folder for the SVG), used as EDITING.md says."""
    folder = root / "guidance_tools/01-schools"
    (folder / "chart.png").write_bytes(png_bytes())
    (folder / "images").mkdir(exist_ok=True)
    (folder / "images/diagram.svg").write_text(SVG, encoding="utf-8")
    brochure = folder / "brochure.en.md"
    brochure.write_text(brochure.read_text(encoding="utf-8")
                        + "\n![A red bar chart](chart.png)\n\n![A blue diagram with a yellow dot](images/diagram.svg)\n",
                        encoding="utf-8")
