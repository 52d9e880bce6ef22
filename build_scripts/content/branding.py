"""The project's art as files for the themes: its logo, the funder's emblem and the brand colours.

The settings name the files (checked by the loader); the site and the PDFs
both take them from here, so that a project without funding shows no emblem
anywhere, and a project's colours reach every page and cover.
"""

from __future__ import annotations

from pathlib import Path

from build_scripts.content.model import Project
from build_scripts.sources.sourcefile import read_project_bytes

#: Art that ships with the generator.
ART = Path(__file__).resolve().parent.parent / "art"
EU_EMBLEM = ART / "eu-emblem.svg"
#: Cover icons that ship with the generator (Material Design Icons, Apache 2.0: see its LICENSE.txt).
ICONS = ART / "icons"


def shipped_icons() -> list[str]:
    """The names of the shipped cover icons, for the messages that list them."""
    return sorted(p.stem for p in ICONS.glob("*.svg"))


def icon_file(project: Project, icon: str) -> Path | None:
    """The SVG file of an item's cover icon (checked by the loader), or None when it names none."""
    if not icon:
        return None
    return project.root / icon if icon.endswith(".svg") else ICONS / f"{icon}.svg"


def icon_name(icon: str) -> str:
    """The file name an icon has in a theme's art folder: icons/<name>.svg."""
    return "icons/" + (Path(icon).name if icon.endswith(".svg") else f"{icon}.svg")


def emblem_file(project: Project) -> Path | None:
    """The funder's emblem (an SVG file), or None when the project declares no funding or no emblem."""
    funding = project.settings.funding
    if funding is None or not funding.emblem:
        return None
    return EU_EMBLEM if funding.emblem == "eu" else project.root / funding.emblem


def logo_file(project: Project) -> Path | None:
    """The project's logo, or None."""
    logo = project.settings.brand.logo
    return project.root / logo if logo else None


def art_files(project: Project, folder: str, icons: bool = False) -> dict[str, bytes]:
    """The logo and the emblem as files under ``folder`` (e.g. assets/images), by name; with ``icons``, the cover
    icons the items name too, as ``icons/<name>.svg``."""
    out: dict[str, bytes] = {}
    for coll in project.collections if icons else []:
        for item in coll.items:
            path = icon_file(project, item.icon)
            if path is not None:
                # The project's own SVG under the path policy; a shipped icon as it is.
                data = path.read_bytes() if path.parent == ICONS else read_project_bytes(project.root, path)
                out[f"{folder}/{icon_name(item.icon)}"] = data
    emblem = emblem_file(project)
    if emblem is not None:
        out[f"{folder}/emblem.svg"] = emblem.read_bytes()
    logo = logo_file(project)
    if logo is not None:
        out[f"{folder}/logo{logo.suffix.lower()}"] = logo.read_bytes()
    return out


def mix(colour: str, other: str, share: float) -> str:
    """``colour`` with ``share`` (0–1) of ``other`` mixed in, as #rrggbb."""
    a = [int(colour[i:i + 2], 16) for i in (1, 3, 5)]
    b = [int(other[i:i + 2], 16) for i in (1, 3, 5)]
    return "#" + "".join(f"{round(x + (y - x) * share):02x}" for x, y in zip(a, b))


def luminance(colour: str) -> float:
    """The relative luminance of a #rrggbb colour (WCAG 2.1)."""
    def channel(v: int) -> float:
        c = v / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4
    r, g, b = (channel(int(colour[i:i + 2], 16)) for i in (1, 3, 5))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(one: str, two: str) -> float:
    """The WCAG 2.1 contrast ratio of two #rrggbb colours."""
    hi, lo = sorted((luminance(one), luminance(two)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def brand_css(project: Project) -> str:
    """CSS custom properties from the brand colours: main, accent and highlight colours, and each series colour."""
    brand = project.settings.brand
    lines = [":root {", f"  --brand-primary: {brand.primary};",
             f"  --brand-primary-light: {mix(brand.primary, '#ffffff', 0.15)};",
             f"  --brand-primary-dark: {mix(brand.primary, '#000000', 0.4)};",
             f"  --brand-primary-darker: {mix(brand.primary, '#000000', 0.55)};",
             f"  --brand-accent: {brand.accent};", f"  --brand-highlight: {brand.highlight};"]
    for coll in project.collections:
        for item in coll.items:
            lines.append(f"  --series-{coll.spec.id}-{item.name}: {brand.colour(coll.spec.id, item.position)};")
    lines.append("}")
    return "\n".join(lines) + "\n"
