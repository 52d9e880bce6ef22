"""The site's address space: which site path holds which document, and the check of every link against it.

The loader runs :func:`check_links` once everything is loaded; the site plan and
the PDF stage share :func:`split_target` and the URL functions.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Callable
from urllib.parse import unquote

from build_scripts.content.model import Document, Project
from build_scripts.sources.diagnostics import Diagnostics, Location
from build_scripts.sources.images import image_problems
from build_scripts.sources.schema import did_you_mean
from build_scripts.sources.sourcefile import project_path, read_project_bytes

def url_documents(project: Project) -> dict[str, Callable[[str], Document | None]]:
    """Every site path with a function giving its Markdown document in a language (for anchors)."""
    urls: dict[str, Callable[[str], Document | None]] = {}
    none: Callable[[str], Document | None] = lambda lang: None
    for pub in project.documents():
        urls[pub.url] = pub.text.get
    for coll in project.collections:
        if coll.spec.index:
            urls.setdefault(coll.spec.index.url, none)
        for item in coll.items:
            urls.setdefault(item.url, none)  # the item's overview page, when no document lives there
    for cat in project.catalogues:
        urls[cat.spec.url] = none
        for entry in cat.entries:
            urls[entry.url] = none
    urls["downloads/"] = none
    return urls


def _all_documents(project: Project) -> list[Document]:
    docs: list[Document] = []
    for pub in project.documents():
        docs += [pub.text.source, *pub.text.translations.values()]
    return docs


def split_target(target: str) -> tuple[str, str]:
    """``/tools/x/#a`` -> ("tools/x/", "a"), with the trailing slash made explicit."""
    path, _, anchor = target.partition("#")
    path = path.lstrip("/")
    if path and not path.endswith("/"):
        path += "/"
    return path, anchor


def check_links(project: Project, diags: Diagnostics, known_paths: set[str] | None = None) -> None:
    """Check every link and image of every document against the planned site.

    ``known_paths`` are pages whose sources exist but failed to load; their
    own errors are reported already, so links to them are not.
    """
    urls = url_documents(project)
    shown_in = _fallback_languages(project)
    images: dict[Path, bool] = {}  # each image file is checked once
    for path in known_paths or ():
        urls.setdefault(path, lambda lang: None)
    for doc in _all_documents(project):
        for link in doc.links:
            t = link.target
            if link.is_image:
                _check_image(project, doc, link.target, link.alt, link.location, diags, images)
                continue
            if re.match(r"^(https?:|mailto:|tel:)", t, re.I):
                if t.lower().startswith(("mailto:", "tel:")):
                    diags.at(link.location, "e-mail links are not allowed in content" if t.lower().startswith("mailto:")
                             else "telephone links are not allowed in content",
                             "publish no personal e-mail addresses or numbers; point readers to a page instead")
                elif t.lower().startswith("http:"):
                    diags.at(link.location, f"the link '{t}' is not secure", "write https:// instead of http://")
                continue
            if t.lower().startswith("javascript:"):
                continue  # already reported as unsafe HTML by the scanner
            if t.startswith("#"):
                if t[1:] and t[1:] not in doc.anchors:
                    diags.at(link.location, f"there is no heading with the anchor '{t}' on this page",
                             _anchor_hint(t[1:], doc.anchors))
                continue
            if not t.startswith("/"):
                diags.at(link.location, f"the link '{t}' is not a site path",
                         "write links to other pages as site paths such as /about/")
                continue
            path, anchor = split_target(t)
            if path.split("/")[0] in project.settings.codes and path.count("/") >= 1:
                diags.at(link.location, f"the link '{t}' points into one language",
                         "leave the language out: /about/ leads each reader to the page in their own language")
                continue
            if path not in urls:
                diags.at(link.location, f"the link '{t}' leads to a page that does not exist",
                         did_you_mean("/" + path, tuple("/" + u for u in urls)))
                continue
            if anchor:
                target_doc = urls[path](doc.lang) or urls[path](project.settings.default)
                if target_doc is not None and anchor not in target_doc.anchors:
                    diags.at(link.location, f"the page /{path} has no heading with the anchor '#{anchor}'",
                             _anchor_hint(anchor, target_doc.anchors if target_doc else set()))
                    continue
                # Where this text stands in for a missing translation, the link leads into that language.
                for lang in shown_in.get(id(doc), ()):
                    other = urls[path](lang)
                    if other is not None and other.lang == lang and anchor not in other.anchors:
                        name = project.settings.language(lang).name
                        diags.at(link.location, f"in {name}, this text is shown untranslated and the link '{t}' leads "
                                 f"to the {name} page /{path}, which has no heading with the anchor '#{anchor}'",
                                 f"give the heading the same id in every language, e.g. '## … {{#{anchor}}}'")


def _fallback_languages(project: Project) -> dict[int, tuple[str, ...]]:
    """For each source document (by id), the languages whose readers see it untranslated."""
    codes = project.settings.codes[1:]
    return {id(pub.text.source): tuple(c for c in codes if pub.text.get(c) is None) for pub in project.documents()}


def _anchor_hint(anchor: str, anchors: set[str]) -> str:
    return did_you_mean(anchor, tuple(sorted(anchors))) or ("anchors on that page: " + ", ".join(sorted(anchors))[:200] if anchors else "")


def _check_image(project: Project, doc: Document, target: str, alt: str, loc: object, diags: Diagnostics,
                 seen: dict[Path, bool] | None = None) -> None:
    assert isinstance(loc, Location)
    if not alt:
        diags.at(loc, "this image has no alternative text", "describe the image between the brackets: ![a chart of …](file.png)")
    if re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:", target) or target.startswith("//"):
        diags.at(loc, f"the image '{target}' is not a file of the project", "images must be files next to the Markdown file")
        return
    path = image_path(doc, target)
    if project_path(project.root, path) is None:
        diags.at(loc, f"the image '{target}' is outside the project", "copy the image into the project")
        return
    if not path.is_file():
        diags.at(loc, f"the image '{target}' does not exist")
        return
    if not _IMAGE_NAME.match(target.split("#")[0].split("?")[0]):
        diags.at(loc, f"the image '{target}' must be next to the Markdown file or in a folder below it",
                 "write its name without '..', such as chart.png or images/chart.png")
        return
    real = path.resolve()
    if seen is not None and real in seen:
        return
    problems = image_problems(path, read_project_bytes(project.root, path))
    for p in problems:
        diags.error(path, p.line, p.column, p.message, "save the image again from a drawing program, without scripts or links")
    if seen is not None:
        seen[real] = not problems


#: An image path as the site copies it next to the page: a file name, in sub-folders at most.
_IMAGE_NAME = re.compile(r"^(?:(?!\.\.?/)[\w.-]+/)*(?!\.\.?$)[\w.-]+$")


def image_path(doc: Document, target: str) -> Path:
    """The file an image of ``doc`` refers to: relative to the Markdown file, without ?query or #fragment."""
    name = unquote(target.split("#")[0].split("?")[0])
    return doc.path.parent / name


def entry_point_url(project: Project, link: str) -> str | None:
    """The site path an entry point of the home page leads to (``audiences`` in content/site.yml), or None.

    ``link`` names a page ("about"), a collection or a catalogue by its id, or one item of a
    collection as ``collection/item``. A collection leads to its index page, or to its only item.
    """
    if link == "home":
        return ""
    if link in project.pages:
        return f"{link}/"
    coll_id, _, item_name = link.partition("/")
    coll = project.collection(coll_id)
    if coll is not None:
        if item_name:
            return next((item.url for item in coll.items if item.name == item_name), None)
        if coll.spec.index:
            return coll.spec.index.url
        return coll.items[0].url if coll.items else None
    cat = project.catalogue(link)
    return cat.spec.url if cat is not None else None
