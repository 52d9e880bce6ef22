"""Cover thumbnails: the first page of each PDF as a WebP picture, kept in the PDF cache by the PDF's hash."""

from __future__ import annotations

from pathlib import Path

import pikepdf
import pytest
from PIL import Image

from build_scripts.pdf import thumbnails
from build_scripts.pdf.render import PdfResult


def _pdf(path: Path, pages: int = 2, width: float = 595, height: float = 842) -> None:
    pdf = pikepdf.new()
    for _ in range(pages):
        pdf.add_blank_page(page_size=(width, height))
    path.parent.mkdir(parents=True, exist_ok=True)
    pdf.save(path)


def _result(name: str, lang: str = "en") -> PdfResult:
    return PdfResult(name, lang, "brochure", 1, "A tool", f"{lang}/downloads/{name}.pdf", 1000, 2, True)


def test_a_thumbnail_is_the_first_page_at_twice_the_card_width_and_is_published_beside_its_pdf(tmp_path: Path) -> None:
    cache = tmp_path / "pdf"
    _pdf(cache / "files" / "tool-en.pdf")
    [res] = thumbnails.add_thumbnails([_result("tool-en")], cache)
    assert res.thumb_site_path == "en/downloads/tool-en.webp"
    assert res.thumb_width == thumbnails.THUMB_WIDTH
    assert abs(res.thumb_height - thumbnails.THUMB_WIDTH * 842 / 595) <= 1  # the page's proportions
    with Image.open(cache / "thumbs" / "tool-en.webp") as im:
        assert im.format == "WEBP" and im.size == (res.thumb_width, res.thumb_height)
    site = tmp_path / "site"
    thumbnails.publish_thumbnails([res], cache, site)
    assert (site / "en" / "downloads" / "tool-en.webp").is_file()


def test_an_unchanged_pdf_keeps_its_thumbnail_and_a_changed_one_gets_a_new_one(tmp_path: Path,
                                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    cache = tmp_path / "pdf"
    pdf = cache / "files" / "tool-en.pdf"
    _pdf(pdf)
    thumbnails.add_thumbnails([_result("tool-en")], cache)
    made: list[Path] = []
    real = thumbnails.render_thumbnail
    monkeypatch.setattr(thumbnails, "render_thumbnail", lambda p, out, width=360: made.append(p) or real(p, out, width))
    [again] = thumbnails.add_thumbnails([_result("tool-en")], cache)
    assert made == [] and again.thumb_width == thumbnails.THUMB_WIDTH  # read from the cache's manifest
    _pdf(pdf, width=420, height=595)  # another PDF under the same name: A5
    [changed] = thumbnails.add_thumbnails([_result("tool-en")], cache)
    assert made == [pdf]
    assert abs(changed.thumb_height - thumbnails.THUMB_WIDTH * 595 / 420) <= 1


def test_a_result_whose_pdf_is_not_in_the_cache_has_no_thumbnail(tmp_path: Path) -> None:
    [res] = thumbnails.add_thumbnails([_result("missing-en")], tmp_path / "pdf")
    assert res.thumb_site_path == "" and res.thumb_width == 0


def test_a_thumbnail_made_while_the_others_render_is_found_by_add_thumbnails(tmp_path: Path,
                                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    cache = tmp_path / "pdf"
    part = cache / "files" / "tool-en.pdf.123.part"  # a worker's file, before the build moves it in place
    _pdf(part, width=420, height=595)
    thumbnails.thumbnail_maker(cache)("tool-en.pdf", part)
    part.rename(cache / "files" / "tool-en.pdf")
    made: list[Path] = []
    monkeypatch.setattr(thumbnails, "render_thumbnail", lambda p, out, width=360: made.append(p) or (0, 0))
    [res] = thumbnails.add_thumbnails([_result("tool-en")], cache)
    assert made == [] and res.thumb_width == thumbnails.THUMB_WIDTH
    assert abs(res.thumb_height - thumbnails.THUMB_WIDTH * 595 / 420) <= 1
