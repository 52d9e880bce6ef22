"""Reading editor files."""

from pathlib import Path

from build_scripts.sources.diagnostics import Diagnostics
from build_scripts.sources.sourcefile import MAX_SOURCE_BYTES, read_source, split_front_matter


def test_crlf_is_normalised_and_front_matter_split(tmp_path: Path) -> None:
    p = tmp_path / "a.md"
    p.write_bytes(b"---\r\ntitle: x\r\n---\r\n\r\nBody\r\n")
    src = read_source(p, Diagnostics(tmp_path))
    assert src and "\r" not in src.text
    md = split_front_matter(src)
    assert md.front_matter == "title: x\n" and md.body_line == 4 and md.body.strip() == "Body"


def test_huge_file(tmp_path: Path) -> None:
    p = tmp_path / "big.md"
    p.write_bytes(b"a" * (MAX_SOURCE_BYTES + 1))
    d = Diagnostics(tmp_path)
    assert read_source(p, d) is None and "too large" in d.items[0].message


def test_nul_byte(tmp_path: Path) -> None:
    p = tmp_path / "bin.md"
    p.write_bytes(b"text\n\x00")
    d = Diagnostics(tmp_path)
    assert read_source(p, d) is None and d.items[0].location.line == 2


def test_one_path_policy(tmp_path: Path) -> None:
    from build_scripts.sources.sourcefile import OutsideProject, project_path, read_project_bytes

    root = tmp_path / "proj"
    (root / "content").mkdir(parents=True)
    (root / "content/a.md").write_text("a")
    (root / ".git").mkdir()
    (root / ".git/config").write_text("token")
    (tmp_path / "secret").write_text("s")
    (root / "content/link").symlink_to(tmp_path / "secret")
    (root / "content/inside").symlink_to(root / "content/a.md")
    assert project_path(root, root / "content/a.md") == (root / "content/a.md").resolve()
    assert project_path(root, root / "content/inside") is not None
    for bad in (root / "content/link", root / ".git/config", root / "content/../../secret", Path("/etc/hostname")):
        assert project_path(root, bad) is None, bad
    import pytest

    with pytest.raises(OutsideProject):
        read_project_bytes(root, root / "content/link")
