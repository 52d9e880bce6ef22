"""Which words the PDFs never hyphenate (build_scripts/pdf/hyphenation.py)."""

from __future__ import annotations

from build_scripts.pdf.hyphenation import keep_names_whole, mid_sentence_capitals


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
