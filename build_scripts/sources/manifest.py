"""The JSON manifests of the build's caches (PDFs, thumbnails, site pages): what was made from which inputs.

A manifest that is missing, unreadable or not a JSON object reads as empty (everything is made again), and one is
written whole or not at all, under a name unique to the process, so that two builds never leave half a file.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any


def read_manifest(path: Path) -> dict[str, Any]:
    """The manifest at ``path``, or an empty one."""
    try:
        data = json.loads(path.read_text())
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def write_manifest(path: Path, data: dict[str, Any]) -> None:
    """Write the manifest at ``path`` in one step (its folder is made when missing)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    tmp.write_text(json.dumps(data, indent=1, sort_keys=True))
    os.replace(tmp, path)
