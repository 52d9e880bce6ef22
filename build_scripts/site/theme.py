"""The website's theme for one build: the generator's default theme with the project's overrides laid over it.

The default (templates, styles, scripts, fonts) ships in ``build_scripts/site/theme``.
A project's ``overrides/`` (everything but ``overrides/pdf``) replaces or adds
files; its logo and the funder's emblem, named in content/site.yml, and a
stylesheet of its brand colours are added as files. The result is the one
folder MkDocs is given as its custom theme folder.
"""

from __future__ import annotations

import re

from pathlib import Path
from typing import Any

import yaml

from build_scripts.content.branding import art_files, brand_css, icon_file, icon_name
from build_scripts.content.model import Project
from build_scripts.sources.overlay import materialise
from build_scripts.sources.sourcefile import read_project_text

#: The generator's default site theme.
DEFAULT = Path(__file__).resolve().parent / "theme"


def theme_dir(project: Project) -> Path:
    """Where this project's merged site theme is written."""
    return project.root / ".links-cache" / "theme" / "site"


#: The one style sheet a page loads for the generator's styles and the project's colours: every render-blocking
#: request costs a phone a round trip before the first paint, so the files of the theme are sent as one.
BUNDLE = "assets/stylesheets/site.css"


def theme_stylesheets() -> list[str]:
    """The generator's own style sheets, in the order they apply (the site theme's mkdocs.yml)."""
    base = yaml.safe_load((DEFAULT / "mkdocs.yml").read_text(encoding="utf-8")) or {}
    return [str(p) for p in base.get("extra_css", [])]


def build_theme(project: Project) -> Path:
    """Write the merged theme (only files that changed) and return its folder."""
    extra = art_files(project, "assets/images", icons=True)  # the series icons of the cards and pages too
    brand = (brand_css(project) + series_css(project)).encode()
    extra["assets/stylesheets/brand.css"] = brand
    parts = []
    for rel in theme_stylesheets():
        own = project.root / "overrides" / rel  # a project may replace one of them, as any theme file
        text = read_project_text(project.root, own) if own.is_file() else (DEFAULT / rel).read_text(encoding="utf-8")
        parts.append(f"/* {rel} */\n{text.rstrip()}\n")
    extra[BUNDLE] = ("\n".join(parts) + "\n/* assets/stylesheets/brand.css */\n").encode() + brand
    out = theme_dir(project)
    materialise([(DEFAULT, DEFAULT), (project.root / "overrides", project.root)], out, extra,
                skip=("pdf",))
    (out / "mkdocs.yml").unlink(missing_ok=True)  # the default settings, not a theme file
    return out


def series_css(project: Project) -> str:
    """One class per item (``links-series-<collection>-<item>``, on its cards and pages) that sets ``--links-series``
    to the item's series colour (brand.css), as the print covers have it, and, where the item names an icon, the
    icon its cover carries (``--links-icon``: drawn in that colour before the kicker, portal.css)."""
    rules = []
    for coll in project.collections:
        for item in coll.items:
            name = icon_name(item.icon) if icon_file(project, item.icon) is not None else ""
            # A file name goes into a CSS string: one that would need escaping is not drawn on the site.
            icon = (f' --links-icon: url("../images/{name}"); --links-icon-content: "";'
                    if re.fullmatch(r"icons/[\w.-]+\.svg", name) else "")
            rules.append(f".links-series-{coll.spec.id}-{item.name} {{ --links-series: "
                         f"var(--series-{coll.spec.id}-{item.name});{icon} }}")
    return "\n".join(rules) + "\n" if rules else ""


def base_config(project: Project) -> dict[str, Any]:
    """The MkDocs settings shared by every language: the generator's defaults, then the project's mkdocs.yml."""
    base: dict[str, Any] = yaml.safe_load((DEFAULT / "mkdocs.yml").read_text(encoding="utf-8")) or {}
    own_path = project.root / "mkdocs.yml"
    own: dict[str, Any] = {}
    if own_path.is_file():
        loaded = yaml.safe_load(read_project_text(project.root, own_path))
        own = loaded if isinstance(loaded, dict) else {}
    for key, value in own.items():
        if isinstance(value, dict) and isinstance(base.get(key), dict):
            base[key] = {**base[key], **value}  # theme:, extra: … merge one level deep
        else:
            base[key] = value
    theme = base.setdefault("theme", {})
    if art_files(project, "assets/images"):
        logo = project.settings.brand.logo
        if logo:
            theme["logo"] = f"assets/images/logo{Path(logo).suffix.lower()}"
    # The generator's style sheets and the brand colours as one file (BUNDLE); a project's own sheets follow it.
    own_sheets = [str(p) for p in base.get("extra_css", []) if str(p) not in theme_stylesheets()
                  and str(p) not in (BUNDLE, "assets/stylesheets/brand.css")]
    base["extra_css"] = [BUNDLE, *own_sheets]
    return base
