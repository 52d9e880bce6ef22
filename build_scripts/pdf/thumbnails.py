"""Cover thumbnails of the published PDFs: the first page as a small WebP picture for the publication cards.

Each thumbnail is made from the PDF in the PDF cache with pypdfium2 and kept
there beside it, keyed by the hash of the PDF's bytes: an unchanged PDF keeps
its picture without opening it again. The pictures are published beside their
PDF (``<lang>/downloads/<name>.webp``).
"""

from __future__ import annotations

import hashlib
import os
import shutil
from dataclasses import replace
from pathlib import Path
from typing import Any, Callable, Sequence

from build_scripts.pdf.render import PdfResult
from build_scripts.sources.manifest import read_manifest, write_manifest

#: The width of the picture in pixels: about twice the width a card shows it at (180 CSS pixels).
THUMB_WIDTH = 360
#: WebP quality: covers are flat colours and text, which stay sharp at this setting.
QUALITY = 82


def _digest(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def render_thumbnail(pdf: Path, out: Path, width: int = THUMB_WIDTH) -> tuple[int, int]:
    """Write the first page of ``pdf`` as a WebP picture ``width`` pixels wide; return its width and height."""
    import pypdfium2

    doc = pypdfium2.PdfDocument(str(pdf))
    try:
        page = doc[0]
        scale = width / page.get_width()  # points to pixels
        image = page.render(scale=scale).to_pil().convert("RGB")
        page.close()
    finally:
        doc.close()
    tmp = out.with_name(f"{out.name}.{os.getpid()}.part")
    image.save(tmp, "WEBP", quality=QUALITY, method=6)
    os.replace(tmp, out)
    return image.width, image.height


def thumb_site_path(site_path: str) -> str:
    """Where a PDF's thumbnail is published: beside it, with the same name."""
    return str(Path(site_path).with_suffix(".webp").as_posix())


def _thumbnail(manifest: dict[str, Any], folder: Path, name: str, pdf: Path) -> bool:
    """Make the thumbnail of ``pdf`` (published as ``name``) unless the manifest has it for these very bytes;
    True when it was made (the manifest then holds its new entry)."""
    thumb = folder / Path(name).with_suffix(".webp").name
    digest = _digest(pdf)
    if (manifest.get(name) or {}).get("pdf") == digest and thumb.is_file():
        return False
    width, height = render_thumbnail(pdf, thumb)
    manifest[name] = {"pdf": digest, "width": width, "height": height}
    return True


def thumbnail_maker(cache_dir: Path) -> Callable[[str, Path], None]:
    """A callback for ``build_pdfs(on_rendered=...)``: the thumbnail of each PDF made as soon as a worker has
    written it (the others still rendering), and entered in the manifest, where :func:`add_thumbnails` finds it."""
    folder = cache_dir / "thumbs"
    manifest_path = folder / "manifest.json"

    def make(name: str, pdf: Path) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        manifest = read_manifest(manifest_path)
        if _thumbnail(manifest, folder, name, pdf):
            write_manifest(manifest_path, manifest)

    return make


def add_thumbnails(results: Sequence[PdfResult], cache_dir: Path) -> list[PdfResult]:
    """The results with their cover thumbnails, made where the PDF changed since the last one."""
    files = cache_dir / "files"
    folder = cache_dir / "thumbs"
    folder.mkdir(parents=True, exist_ok=True)
    manifest_path = folder / "manifest.json"
    manifest = read_manifest(manifest_path)
    out: list[PdfResult] = []
    changed = False
    for res in results:
        name = Path(res.site_path).name
        pdf = files / name
        if not pdf.is_file():
            out.append(res)
            continue
        changed = _thumbnail(manifest, folder, name, pdf) or changed
        entry = manifest[name]
        out.append(replace(res, thumb_site_path=thumb_site_path(res.site_path),
                           thumb_width=int(entry["width"]), thumb_height=int(entry["height"])))
    if changed:
        write_manifest(manifest_path, manifest)
    return out


def publish_thumbnails(results: Sequence[PdfResult], cache_dir: Path, out: Path) -> None:
    """Copy the thumbnails from the cache into the site, beside their PDFs."""
    for res in results:
        if not res.thumb_site_path:
            continue
        dest = out / res.thumb_site_path
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(cache_dir / "thumbs" / Path(res.thumb_site_path).name, dest)
