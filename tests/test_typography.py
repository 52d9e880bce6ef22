"""French typography on rendered HTML."""

from build_scripts.content.typography import NNBSP, fix_html, fix_text


def test_french_spaces_before_high_punctuation() -> None:
    assert fix_text("Pourquoi ? Parce que ; enfin : oui !", "fr") == f"Pourquoi{NNBSP}? Parce que{NNBSP}; enfin{NNBSP}: oui{NNBSP}!"
    assert fix_text("Remarque: voir", "fr") == f"Remarque{NNBSP}: voir"


def test_guillemets_and_digit_groups() -> None:
    assert fix_text("« texte »", "fr") == f"«{NNBSP}texte{NNBSP}»"
    assert fix_text("4 000 clubs en 2016", "fr") == f"4{NNBSP}000 clubs en 2016"


def test_times_urls_and_other_languages_untouched() -> None:
    assert fix_text("à 12:30", "fr") == "à 12:30"
    assert fix_text("Why? Because: yes!", "en") == "Why? Because: yes!"


def test_markup_code_and_other_lang_elements_are_left_alone() -> None:
    html = '<p data-x="a : b">Note : <code>x : y</code> <span lang="en">Note: this</span> fin !</p>'
    out = fix_html(html, "fr")
    assert 'data-x="a : b"' in out
    assert "<code>x : y</code>" in out
    assert '<span lang="en">Note: this</span>' in out
    assert f"Note{NNBSP}:" in out and f"fin{NNBSP}!" in out


def test_apostrophes_become_typographic_in_every_language() -> None:
    assert fix_text("l'école et l'investigation", "fr") == "l\u2019école et l\u2019investigation"
    assert fix_text("the partners' networks, Guskey's levels", "en") == "the partners\u2019 networks, Guskey\u2019s levels"
    assert fix_html("<code>it's</code> it's", "en") == "<code>it's</code> it\u2019s"


def test_character_references_are_not_punctuation() -> None:
    assert fix_html("<p>Desimone 2009.&#160;<a>&#8617;</a> R&amp;D ; fin</p>", "fr") == \
        f"<p>Desimone 2009.&#160;<a>&#8617;</a> R&amp;D{NNBSP}; fin</p>"


def test_french_spaces_after_bold_and_italic_text() -> None:
    out = fix_html("<p><strong>Note</strong> : voir <em>ceci</em>: et «<em>cela</em>» ou « <a href='x'>lien</a> »</p>", "fr")
    assert f"<strong>Note</strong>{NNBSP}: voir" in out
    assert f"<em>ceci</em>{NNBSP}: et" in out
    # No line end right after « (nor before »), and no double space when the guillemet touches the tag.
    assert f"«{NNBSP}<em>cela</em>{NNBSP}»" in out
    assert f"«{NNBSP}<a href='x'>lien</a>{NNBSP}»" in out
    # A new paragraph does not run on from the one before.
    assert fix_html("<p>fin</p><p>: début</p>", "fr") == "<p>fin</p><p>: début</p>"
    assert fix_html("<p><code>x</code> : y</p>", "fr") == f"<p><code>x</code>{NNBSP}: y</p>"


def test_texts_in_attributes_follow_the_language_of_their_element() -> None:
    out = fix_html('<img alt="Note : « x »" src="a.png"><a href="/a:b" title="Pourquoi ?" lang="fr">x</a>'
                   '<span lang="en" aria-label="Note: this">y</span>', "fr")
    assert f'alt="Note{NNBSP}: «{NNBSP}x{NNBSP}»"' in out
    assert f'title="Pourquoi{NNBSP}?"' in out and 'href="/a:b"' in out
    assert 'aria-label="Note: this"' in out
