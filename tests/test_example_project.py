"""The second example project: another project publishes with data alone, and nothing of LINKS leaks into it.

tests/example_project/ has two languages LINKS does not ship (Portuguese, and Croatian, which has no search
stemmer), collections of other names and shapes (numbered criteria, a guide of translated chapters with
source-only notes, policy notes), a catalogue with other facets, another licence and no funding.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pikepdf
import pytest

from build_scripts.build import build_site
from build_scripts.content.loader import load_project

HERE = Path(__file__).resolve().parent
EXAMPLE = HERE / "example_project"
REPO = HERE.parent

#: Words of LINKS that must appear in no other project's output, nor in the generator's code.
LINKS_WORDS = re.compile(r"LINKS|Erasmus|\bSTEM\b|\bCPD\b|ISCED|[Gg]uidance tool|scientific-community|quality-impact|"
                         r"\bemployers\b|\bpartnerships\b|guidance_tools|best-practices|Scientix|Learning from Innovation")
#: And, in a project without EU funding, nothing of the funder either.
FUNDER_WORDS = re.compile(r"European Union|Union européenne|Europäischen Union|Europska unija|União Europeia|emblem\.svg",
                          re.IGNORECASE)


@pytest.fixture(scope="module")
def example(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example project, copied and built once; returns its site/ folder."""
    root = tmp_path_factory.mktemp("example") / "sala-aberta"
    shutil.copytree(EXAMPLE, root)
    result = build_site(root, jobs=2)
    return result.out


def test_the_example_project_loads_without_problems() -> None:
    model, diags = load_project(EXAMPLE)
    assert [d.format() for d in diags.items] == []
    assert model.settings.codes == ("pt", "hr") and model.settings.funding is None
    assert [c.spec.id for c in model.collections] == ["criterios", "orientacoes", "politicas"]
    guide = model.collection("orientacoes").items[0]
    assert guide.fields["publico"] == {"pt": "professores e direções de escola", "hr": "učitelji i ravnatelji škola"}
    chapters = guide.document("capitulos")
    assert chapters and chapters.languages(model.settings.codes) == ("pt",)  # chapter 2 is not translated yet


def test_pages_in_both_languages_with_other_addresses(example: Path) -> None:
    for lang in ("pt", "hr"):
        for page in ("", "criterios/", "criterios/acolhimento/", "criterios/avaliacao/", "guias/turmas-diversas/",
                     "guias/turmas-diversas/ponto-de-partida/", "guias/turmas-diversas/em-sala/",
                     "guias/turmas-diversas/notas/", "politicas/recursos-escolares/", "recursos/",
                     "recursos/guia-de-acolhimento/", "downloads/", "sobre/"):
            assert (example / lang / page / "index.html").is_file(), (lang, page)
    hr = (example / "hr/criterios/acolhimento/index.html").read_text()
    assert '<html lang="hr"' in hr and "Dobrodošlica svim učenicima" in hr and "Kriterij 1" in hr
    # A translated chapter in Croatian, the untranslated one in Portuguese under a Croatian notice.
    assert "Upoznati razred" in (example / "hr/guias/turmas-diversas/ponto-de-partida/index.html").read_text()
    fallback = (example / "hr/guias/turmas-diversas/em-sala/index.html").read_text()
    assert 'lang="pt"' in fallback and "Ova stranica još nije dostupna na ovom jeziku" in fallback
    # The source-only notes are marked as such.
    notes = (example / "hr/guias/turmas-diversas/notas/index.html").read_text()
    assert "Ovaj je dokument objavljen samo na izvornom jeziku." in notes
    catalogue = (example / "pt/recursos/index.html").read_text()
    assert 'id="filter-pais"' in catalogue and 'data-pais="PT HR"' in catalogue and "Guia de acolhimento" in catalogue


def test_pdfs_with_the_projects_names_licence_and_no_funding(example: Path) -> None:
    names = sorted(p.relative_to(example).as_posix() for p in example.rglob("*.pdf"))
    # Each booklet (criteria, policy notes) with its print-shop variant; the guide is a report, A4, without one.
    assert names == ["hr/downloads/sala-aberta-criterio-1-acolhimento-hr-print.pdf",
                     "hr/downloads/sala-aberta-criterio-1-acolhimento-hr.pdf",
                     "hr/downloads/sala-aberta-nota-recursos-escolares-hr-print.pdf",
                     "hr/downloads/sala-aberta-nota-recursos-escolares-hr.pdf",
                     "pt/downloads/sala-aberta-criterio-1-acolhimento-pt-print.pdf",
                     "pt/downloads/sala-aberta-criterio-1-acolhimento-pt.pdf",
                     "pt/downloads/sala-aberta-criterio-2-avaliacao-pt-print.pdf",
                     "pt/downloads/sala-aberta-criterio-2-avaliacao-pt.pdf",
                     "pt/downloads/sala-aberta-guia-turmas-diversas-pt.pdf",
                     "pt/downloads/sala-aberta-nota-recursos-escolares-pt-print.pdf",
                     "pt/downloads/sala-aberta-nota-recursos-escolares-pt.pdf"]
    with pikepdf.open(example / "pt/downloads/sala-aberta-guia-turmas-diversas-pt.pdf") as pdf:
        info = {str(k): str(v) for k, v in pdf.docinfo.items()}
        xmp = str(pdf.open_metadata())
    assert info["/Author"] == "Equipa do projeto Sala Aberta" and info["/Title"] == "Ensinar em turmas diversas"
    assert info["/Keywords"].startswith("sala aberta, inclusão")
    assert "CC BY-SA 4.0" in xmp and "<rdf:li>pt</rdf:li>" in xmp
    text = subprocess.run(["pdftotext", str(example / "hr/downloads/sala-aberta-criterio-1-acolhimento-hr.pdf"), "-"],
                          capture_output=True, text=True, check=True).stdout
    assert "Dobrodošlica svim učenicima" in text and "Impresum" in text and "Izdavač" in text
    assert "Imenovanje-Dijeli pod istim uvjetima" in " ".join(text.split())  # wherever the line breaks
    with pikepdf.open(example / "hr/downloads/sala-aberta-criterio-1-acolhimento-hr.pdf") as pdf:
        assert len(pdf.pages) % 4 == 0  # an A5 booklet
    guide = subprocess.run(["pdftotext", str(example / "pt/downloads/sala-aberta-guia-turmas-diversas-pt.pdf"), "-"],
                           capture_output=True, text=True, check=True).stdout
    assert "Página 3 de" in guide or "Página 4 de" in guide  # the A4 report keeps "page x of y"
    # The policy notes have a licence of their own.
    with pikepdf.open(example / "hr/downloads/sala-aberta-nota-recursos-escolares-hr.pdf") as pdf:
        xmp = str(pdf.open_metadata())
        assert pdf.docinfo["/Author"] == "Tim projekta Otvorena učionica"  # the authors' name in Croatian
    assert "CC BY 4.0. Creative Commons Imenovanje 4.0 međunarodna" in xmp and "BY-SA" not in xmp


def test_no_word_of_links_in_the_site_or_the_pdfs(example: Path) -> None:
    leaks = []
    for path in sorted(example.rglob("*")):
        if path.suffix in (".html", ".xml", ".json", ".css", ".js", ".txt"):
            text = path.read_text(errors="replace")
            for m in [*LINKS_WORDS.finditer(text), *FUNDER_WORDS.finditer(text)]:
                leaks.append(f"{path.relative_to(example)}: {m.group(0)}")
        elif path.suffix == ".pdf":
            text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
            with pikepdf.open(path) as pdf:
                text += " ".join(str(v) for v in pdf.docinfo.values()) + str(pdf.open_metadata())
            leaks += [f"{path.relative_to(example)}: {m.group(0)}"
                      for m in [*LINKS_WORDS.finditer(text), *FUNDER_WORDS.finditer(text)]]
    assert leaks == []
    assert not list(example.rglob("emblem.svg"))  # no funding: no emblem, anywhere


def test_no_module_of_the_generator_names_links() -> None:
    found = []
    for path in sorted((REPO / "build_scripts").rglob("*")):
        if path.is_file() and path.suffix in (".py", ".j2", ".html", ".yml", ".css", ".js", ".svg"):
            for n, line in enumerate(path.read_text(errors="replace").split("\n"), 1):
                found += [f"{path.relative_to(REPO)}:{n}: {m.group(0)}" for m in LINKS_WORDS.finditer(line)]
    assert found == []


def test_the_portal_pages_of_a_project_without_funding_or_audiences(example: Path) -> None:
    home = (example / "pt/index.html").read_text(encoding="utf-8")
    assert '<h1 class="links-hero__title">Sala Aberta – projeto fictício de exemplo</h1>' in home
    assert "links-audiences" not in home and "links-figures" not in home  # no such data: no such sections
    assert "links-emblem" not in home and "emblem.svg" not in home
    covers = re.findall(r'<img src="(downloads/[^"]+\.webp)" alt="[^"]+: capa" width="\d+" height="\d+"', home)
    assert covers and all((example / "pt" / src).is_file() for src in covers)
    # Portuguese and Croatian resources: the catalogue's map names the countries in Croatian.
    catalogue = (example / "hr/recursos/index.html").read_text(encoding="utf-8")
    assert re.search(r'<path class="links-map__on" d="[^"]+" role="img" aria-label="Portugal \(', catalogue)
    assert re.search(r'aria-label="Hrvatska \(', catalogue)
