"""Which words the PDFs never hyphenate (build_scripts/pdf/hyphenation.py)."""

from __future__ import annotations

from build_scripts.pdf.hyphenation import hyphen_runs, keep_names_whole, limit_hyphenated_lines, mid_sentence_capitals


def test_names_mid_sentence_acronyms_and_inner_capitals_are_wrapped() -> None:
    out = keep_names_whole("<p>Teachers met Desimone at Scientix, with LinkedIn and Erasmus+.</p>", "en")
    assert out == ('<p>Teachers met <span class="nohyphen">Desimone</span> at <span class="nohyphen">Scientix'
                   '</span>, with <span class="nohyphen">LinkedIn</span> and <span class="nohyphen">Erasmus+</span>.</p>')


def test_a_new_sentence_or_block_starts_without_a_name() -> None:
    out = keep_names_whole("<p>It works. Schools agree.</p><li>Networks help</li>", "en")
    assert "nohyphen" not in out


def test_german_capitals_are_nouns_only_known_names_are_kept() -> None:
    out = keep_names_whole("<p>Die Lehrkräfte lesen Desimone und Forschung.</p>", "de", {"Desimone"})
    assert out == '<p>Die Lehrkräfte lesen <span class="nohyphen">Desimone</span> und Forschung.</p>'


def test_code_headings_and_entities_are_left_alone() -> None:
    html = "<h2>Working Together</h2><p>See <code>MakeFile</code> &amp; more&nbsp;text</p>"
    assert keep_names_whole(html, "en") == html


def test_mid_sentence_capitals_of_a_plain_text() -> None:
    assert mid_sentence_capitals("Research by Desimone shows it. Teachers learn.") == {"Desimone"}


def _hyphenated_runs(document: object) -> list[int]:
    """The lengths of the runs of hyphenated line ends in each paragraph of a laid-out document."""
    from weasyprint.formatting_structure import boxes

    runs, run = [], 0
    for page in document.pages:  # type: ignore[attr-defined]
        for line in page._page_box.descendants():
            if isinstance(line, boxes.LineBox):
                texts = [b.text for b in line.descendants() if isinstance(b, boxes.TextBox)]
                run = run + 1 if texts and texts[-1].rstrip().endswith("\u2010") else 0
                runs.append(run)
    return runs


def test_no_paragraph_has_more_than_two_hyphenated_lines_in_a_row() -> None:
    from weasyprint.text.fonts import FontConfiguration

    from build_scripts.pdf.render import layout

    words = "internationalisation characteristically professionalisation understanding responsibilities " * 6
    html = (f'<html lang="en"><head><style>.nohyphen {{ hyphens: manual }}</style></head><body><p style="width: 32mm; hyphens: auto; font-size: 10pt; '
            f'hyphenate-limit-chars: 6 3 3">{words}</p></body></html>')
    import weasyprint

    plain = weasyprint.HTML(string=html).render()
    assert max(_hyphenated_runs(plain)) > 2  # the text alone makes long runs
    assert max(_hyphenated_runs(layout(html, "", None, FontConfiguration()))) <= 2
    # The rule is kept while the lines are broken, in one layout: nothing is left for a second one.
    with limit_hyphenated_lines():
        once = weasyprint.HTML(string=html).render()
    assert max(_hyphenated_runs(once)) <= 2 and not hyphen_runs(once)
    assert max(_hyphenated_runs(weasyprint.HTML(string=html).render())) > 2  # outside the block, WeasyPrint's own


def test_in_a_compound_only_the_name_or_acronym_is_kept_whole() -> None:
    out = keep_names_whole("<p>Guter MINT-Unterricht braucht Zeit.</p>", "de")
    assert out == '<p>Guter <span class="nohyphen">MINT</span>-Unterricht braucht Zeit.</p>'
    out = keep_names_whole("<p>As shown by Darling-Hammond.</p>", "en")
    assert '<span class="nohyphen">Darling</span>-<span class="nohyphen">Hammond</span>' in out
