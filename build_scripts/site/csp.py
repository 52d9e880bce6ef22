"""The Content-Security-Policy of every page: only our own scripts run, nothing is loaded from elsewhere.

Static hosting sends no headers, so the policy is a ``<meta http-equiv>`` at the
top of each page's head. It is the second line of defence behind the sanitizer:
should an injected script ever reach a page, the browser refuses to run it.

Scripts and styles come from the site's own files ('self'). The few inline
scripts of the theme are allowed by their sha256 hashes, computed at build time
from the templates that write them (never from the page they are found in, so
that an injected script is not hashed along); the alignment styles of table
cells are allowed by hash too ('unsafe-hashes' covers those three values only).
"""

from __future__ import annotations

import base64
import hashlib
import re
from typing import Iterable

_SCRIPT = re.compile(r"<script\b([^>]*)>(.*?)</script\s*>", re.S | re.I)
_STYLE = re.compile(r"<style\b[^>]*>(.*?)</style\s*>", re.S | re.I)
_SRC = re.compile(r"\bsrc\s*=", re.I)
_TYPE = re.compile(r"""\btype\s*=\s*["']?([^"'\s>]+)""", re.I)
_CHARSET = re.compile(r"<meta charset=[\"']?utf-8[\"']?\s*/?>", re.I)

#: The style attributes the sanitizer keeps: the tables extension's column alignment.
ALIGN_STYLES = ("text-align:left", "text-align:right", "text-align:center")


def sha256(text: str) -> str:
    """A CSP hash source for a script or style text."""
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode() + "'"


def inline_scripts(html: str) -> list[str]:
    """The texts of the inline scripts browsers would run (not src= scripts, not JSON data blocks)."""
    out = []
    for m in _SCRIPT.finditer(html):
        attrs, body = m.group(1), m.group(2)
        if _SRC.search(attrs):
            continue
        kind = _TYPE.search(attrs)
        if kind and kind.group(1).lower() not in ("text/javascript", "module", "application/javascript"):
            continue  # e.g. Material's __config, type="application/json": data, never run
        out.append(body)
    return out


def inline_styles(html: str) -> list[str]:
    """The texts of the ``<style>`` elements of a page."""
    return [m.group(1) for m in _STYLE.finditer(html)]


def policy(scripts: Iterable[str] = (), styles: Iterable[str] = ()) -> str:
    """The policy allowing the site's own files, the given inline scripts and styles, and nothing from elsewhere."""
    script_src = " ".join(["'self'", *sorted({sha256(s) for s in scripts})])
    style_src = " ".join(["'self'", "'unsafe-hashes'", *sorted({sha256(s) for s in [*ALIGN_STYLES, *styles]})])
    return "; ".join([
        "default-src 'none'",
        f"script-src {script_src}",
        f"style-src {style_src}",
        "img-src 'self' data:",  # data: for the theme's icons, drawn in its style sheets
        "font-src 'self'",
        "connect-src 'self'",  # the search index, the sitemap
        "worker-src 'self'",  # the search worker
        "manifest-src 'self'",
        "media-src 'self'",
        "object-src 'none'",
        "frame-src 'none'",
        "base-uri 'none'",
        "form-action 'none'",
    ])


def with_policy(html: str, csp: str) -> str:
    """The page with its policy as the first element of its head (before any script or style)."""
    tag = f'<meta http-equiv="Content-Security-Policy" content="{csp}">'
    m = _CHARSET.search(html)
    if m:
        return html[:m.end()] + "\n" + tag + html[m.end():]
    head = html.lower().find("<head>")
    if head == -1:
        raise ValueError("a page without <head>: no place for its Content-Security-Policy")
    return html[:head + 6] + "\n" + tag + html[head + 6:]


def self_hashed(html: str) -> str:
    """A page of our own templates (root, status), whose every value is escaped: its inline code is ours."""
    return with_policy(html, policy(inline_scripts(html), inline_styles(html)))
