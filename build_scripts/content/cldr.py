"""Locale data from CLDR, through Babel and ICU: plural rules, names, collation and territories.

Nothing here is written by editors: the names of countries and languages, the
plural forms a language needs and the order a reader expects a list in all
come from the Unicode CLDR, which Babel and ICU keep up to date.
"""

from __future__ import annotations

import functools
from typing import Callable, Iterable, TypeVar

from babel import Locale, UnknownLocaleError
from babel.languages import get_territory_language_info

T = TypeVar("T")

#: CLDR's plural categories, in CLDR's order.
PLURAL_CATEGORIES: tuple[str, ...] = ("zero", "one", "two", "few", "many", "other")


@functools.cache
def _locale(lang: str) -> Locale | None:
    try:
        return Locale.parse(lang)
    except (UnknownLocaleError, ValueError):
        return None


def is_known_language(lang: str) -> bool:
    """True when CLDR has locale data for ``lang``."""
    return _locale(lang) is not None


def plural_categories(lang: str) -> tuple[str, ...]:
    """The plural categories ``lang`` needs, in CLDR order: ('one', 'other') for Finnish."""
    loc = _locale(lang)
    tags = set(loc.plural_form.tags) if loc else {"one"}
    return tuple(c for c in PLURAL_CATEGORIES if c in tags or c == "other")


def plural_category(lang: str, count: int | float) -> str:
    """The category CLDR's plural rule of ``lang`` gives ``count``: 'one', 'few', 'other' …"""
    loc = _locale(lang) or _locale("en")
    assert loc is not None
    return str(loc.plural_form(count))


def direction(lang: str) -> str:
    """The direction of the script of ``lang``: 'ltr' or 'rtl'."""
    loc = _locale(lang)
    return "rtl" if loc and loc.character_order == "right-to-left" else "ltr"


def language_name(lang: str, code: str) -> str:
    """The name of the language ``code`` in ``lang`` (CLDR), or the code itself."""
    loc = _locale(lang)
    name = loc.languages.get(code) if loc else None
    return name or code


@functools.cache
def _territories(lang: str) -> dict[str, str]:
    loc = _locale(lang) or _locale("en")
    assert loc is not None
    return dict(loc.territories)


@functools.cache
def country_codes() -> frozenset[str]:
    """The codes of every country and territory CLDR names (FR, XK …), and EU for the European Union.

    Groupings other than the EU (EZ, UN), "unknown region" (ZZ) and private-use codes are left out.
    """
    import icu

    codes = set()
    for code in _territories("en"):
        if len(code) != 2 or not code.isalpha():
            continue
        try:
            region = icu.Region.getInstance(code)
        except icu.ICUError:
            continue
        if region.getType() == icu.URegionType.TERRITORY and str(region.getRegionCode()) == code:
            codes.add(code)
    return frozenset(codes | {"EU"})


def is_country_code(code: str) -> bool:
    """True for a territory code CLDR names, such as FR, or EU for the European Union."""
    return code in country_codes()


def country_code_of(name: str, languages: Iterable[str] = ("en",)) -> str | None:
    """The code of the country CLDR calls ``name`` in one of ``languages`` ('France' -> FR), or None."""
    wanted = name.casefold()
    for lang in languages:
        for code, local in _territories(lang).items():
            if local.casefold() == wanted and is_country_code(code):
                return code
    return None


def country_name(lang: str, code: str) -> str:
    """The name of the country or territory ``code`` in ``lang`` (CLDR), e.g. 'Saksa' for DE in Finnish."""
    return _territories(lang).get(code) or _territories("en").get(code) or code


def join_list(lang: str, items: Iterable[str]) -> str:
    """Texts joined as ``lang`` lists them: "Austria, Finland and Germany", "Itävalta, Saksa ja Suomi"."""
    from babel.lists import format_list

    return format_list(list(items), locale=_locale(lang) or "en")


@functools.cache
def _collator(lang: str) -> object:
    import icu

    collator = icu.Collator.createInstance(icu.Locale(lang))
    # Numbers in names sort by their value ("Tool 2" before "Tool 10").
    collator.setAttribute(icu.UCollAttribute.NUMERIC_COLLATION, icu.UCollAttributeValue.ON)
    return collator


def sort_key(lang: str) -> Callable[[str], bytes]:
    """A key for :func:`sorted` that orders texts as readers of ``lang`` expect (ICU collation).

    Finnish sorts å, ä and ö after z; French ignores accents before it looks at them.
    """
    return _collator(lang).getSortKey  # type: ignore[attr-defined,no-any-return]


def collated(lang: str, items: Iterable[T], key: Callable[[T], str] = str) -> list[T]:
    """``items`` sorted by ``key`` in the order of ``lang``."""
    text_key = sort_key(lang)
    return sorted(items, key=lambda item: text_key(key(item)))


@functools.cache
def _eu_members() -> tuple[str, ...]:
    import icu

    return tuple(sorted(str(code) for code in icu.Region.getInstance("EU").getContainedRegions()))


@functools.cache
def og_locale(lang: str) -> str:
    """The Open Graph locale of ``lang``, language_TERRITORY: fi_FI, hr_HR, ga_IE, pt_PT.

    The territory is the one CLDR finds most likely for the language, unless
    that lies outside the European Union and a member state speaks the language
    (these are the publications of European projects): then the member state
    whose main language it is (en_IE, pt_PT), or where it is official (ga_IE).
    """
    import icu

    likely = str(icu.Locale(lang).addLikelySubtags().getCountry())
    members = _eu_members()
    if likely in members or not is_known_language(lang):
        return f"{lang}_{likely}" if likely else lang
    homes = [t for t in members if str(icu.Locale(f"und_{t}").addLikelySubtags().getLanguage()) == lang]
    official = [t for t in members
                if str(get_territory_language_info(t).get(lang, {}).get("official_status") or "").endswith("official")]
    for candidates in (homes, official):
        if candidates:
            return f"{lang}_{candidates[0]}"
    return f"{lang}_{likely}" if likely else lang
