"""Themes in layers: the generator's default theme, with a project's own files laid over it.

A project's ``overrides/`` holds only what it changes. Every file is read
under the one path policy of :mod:`build_scripts.sources.sourcefile`: a file
whose real path (symlinks resolved) lies outside its layer's project is
refused, with its path, before anything is written.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from build_scripts.sources.diagnostics import BuildFailed, Diagnostics
from build_scripts.sources.sourcefile import inside


def layer_files(layer: Path, root: Path, diags: Diagnostics, skip: tuple[str, ...] = ()) -> dict[str, Path]:
    """The files of one layer by their path inside it; files reaching outside ``root`` are reported."""
    out: dict[str, Path] = {}
    if not layer.is_dir():
        return out
    for dirpath, dirnames, filenames in os.walk(layer, followlinks=False):
        base = Path(dirpath)
        rel_dir = base.relative_to(layer).as_posix()
        dirnames[:] = sorted(d for d in dirnames if not d.startswith(".")
                             and (rel_dir + "/" + d if rel_dir != "." else d) not in skip)
        for d in list(dirnames):
            if (base / d).is_symlink() and not inside(root, base / d):
                diags.error(base / d, 1, 1, "this folder is a link to a place outside the project; "
                            "copy its files into the project instead")
                dirnames.remove(d)
        for name in sorted(filenames):
            path = base / name
            if name.startswith("."):
                continue
            if not inside(root, path):
                diags.error(path, 1, 1, "this file is a link to a place outside the project; "
                            "copy the file into the project instead")
                continue
            out[path.relative_to(layer).as_posix()] = path
    return out


def materialise(layers: list[tuple[Path, Path]], out: Path, extra: dict[str, bytes] | None = None,
                skip: tuple[str, ...] = ()) -> list[Path]:
    """Lay ``layers`` (folder, project root) over each other into ``out``, later ones winning.

    ``extra`` adds generated files (name -> bytes). Only files whose bytes changed are written, so
    that timestamps and caches keyed on them stay put; files no longer in any layer are removed.
    Raises :class:`BuildFailed` when a layer reaches outside its project. Returns the files of ``out``.
    """
    diags = Diagnostics(layers[-1][1] if layers else out)
    files: dict[str, Path] = {}
    for layer, root in layers:
        files.update(layer_files(layer, root, diags, skip))
    if diags.errors:
        raise BuildFailed(diags.sorted())
    wanted: dict[str, bytes] = {rel: path.read_bytes() for rel, path in files.items()}
    wanted.update(extra or {})
    out.mkdir(parents=True, exist_ok=True)
    for rel, data in wanted.items():
        dest = out / rel
        if dest.is_file() and not dest.is_symlink() and dest.read_bytes() == data:
            continue
        dest.parent.mkdir(parents=True, exist_ok=True)
        tmp = dest.with_name(f".{dest.name}.{os.getpid()}.part")
        tmp.write_bytes(data)
        os.replace(tmp, dest)
    for path in sorted(out.rglob("*"), reverse=True):
        rel = path.relative_to(out).as_posix()
        if path.is_file() and rel not in wanted:
            path.unlink()
        elif path.is_dir() and not any(path.iterdir()):
            shutil.rmtree(path, ignore_errors=True)
    return [out / rel for rel in sorted(wanted)]
