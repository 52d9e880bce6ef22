"""Locale data from CLDR (Babel and ICU): plural categories, names, collation and Open Graph locales."""

from __future__ import annotations

from build_scripts.content import cldr


def test_plural_categories_are_cldrs() -> None:
    assert cldr.plural_categories("fi") == ("one", "other")
    assert cldr.plural_categories("fr") == ("one", "many", "other")  # CLDR 42+: "1 000 000 de fiches"
    assert cldr.plural_categories("pl") == ("one", "few", "many", "other")
    assert cldr.plural_categories("sl") == ("one", "two", "few", "other")
    assert cldr.plural_categories("ga") == ("one", "two", "few", "many", "other")
    assert [cldr.plural_category("hr", n) for n in (1, 2, 5, 21)] == ["one", "few", "other", "one"]


def test_collation_follows_the_readers_language() -> None:
    words = ["Öljy", "Zeta", "Åland", "Ahvenanmaa", "Äiti"]
    assert cldr.collated("fi", words) == ["Ahvenanmaa", "Zeta", "Åland", "Äiti", "Öljy"]  # å ä ö after z
    assert cldr.collated("de", words) == ["Ahvenanmaa", "Äiti", "Åland", "Öljy", "Zeta"]
    # French: accents only count once the letters are equal.
    assert cldr.collated("fr", ["été", "etre", "étage", "ete"]) == ["étage", "ete", "été", "etre"]
    assert cldr.collated("en", ["Tool 10", "Tool 2"]) == ["Tool 2", "Tool 10"]


def test_names_of_countries_and_languages() -> None:
    assert cldr.country_name("fi", "DE") == "Saksa"
    assert cldr.country_name("hr", "EU") == "Europska unija"
    assert cldr.language_name("en", "mt") == "Maltese"
    assert cldr.is_country_code("XK") and cldr.is_country_code("EU")
    assert not any(cldr.is_country_code(c) for c in ("UK", "ZZ", "EZ", "fr", "FRA"))
    assert cldr.country_code_of("Allemagne", ["fr"]) == "DE"
    assert cldr.join_list("fi", ["Itävalta", "Saksa", "Suomi"]) == "Itävalta, Saksa ja Suomi"


def test_og_locale_for_any_language() -> None:
    got = {code: cldr.og_locale(code) for code in ("fi", "hr", "ga", "mt", "pt", "en", "de", "nl", "sv", "el", "ja")}
    assert got == {"fi": "fi_FI", "hr": "hr_HR", "ga": "ga_IE", "mt": "mt_MT", "pt": "pt_PT", "en": "en_IE",
                   "de": "de_DE", "nl": "nl_NL", "sv": "sv_SE", "el": "el_GR", "ja": "ja_JP"}
