"""Persistent identifiers a project may declare for its documents: the syntax of DOIs and ISBNs.

Nothing here makes an identifier up: a DOI is minted by a registration agency (Zenodo, Crossref …) and an ISBN
is given by the national ISBN agency; editors copy them into the item's metadata, and these checks catch the
typing mistakes (a missing prefix, a wrong check digit) before they reach a citation.
"""

from __future__ import annotations

import re

#: A DOI as Crossref recommends matching modern DOIs: 10.<registrant>/<suffix>, no spaces.
_DOI = re.compile(r"^10\.\d{4,9}/\S+$")
_DOI_PREFIXES = ("https://doi.org/", "http://doi.org/", "https://dx.doi.org/", "http://dx.doi.org/", "doi:")


def doi_problem(doi: str) -> tuple[str, str] | None:
    """What is wrong with a DOI (message, hint), or None when it is well formed."""
    low = doi.lower()
    for prefix in _DOI_PREFIXES:
        if low.startswith(prefix):
            return (f"write the DOI without '{doi[:len(prefix)]}'",
                    f"e.g. doi: {doi[len(prefix):]}; the site writes the https://doi.org/ link itself")
    if not _DOI.match(doi):
        return (f"'{doi}' is not a DOI", "a DOI starts with 10., four to nine digits and a slash, e.g. "
                "10.5281/zenodo.1234567, with no spaces")
    return None


def isbn_digits(isbn: str) -> str:
    """The 13 digits of an ISBN written with hyphens or spaces."""
    return re.sub(r"[\s-]", "", isbn)


def isbn_problem(isbn: str) -> tuple[str, str] | None:
    """What is wrong with an ISBN-13 (message, hint), or None when its check digit is right."""
    digits = isbn_digits(isbn)
    if not re.fullmatch(r"\d{13}", digits):
        hint = ("an ISBN-10 must be written in its 13-digit form (978 and the first nine digits, with a new check "
                "digit), as printed under the barcode" if re.fullmatch(r"\d{9}[\dXx]", digits)
                else "an ISBN has 13 digits, with or without hyphens, e.g. 978-3-16-148410-0")
        return f"'{isbn}' is not an ISBN-13", hint
    if not digits.startswith(("978", "979")):
        return f"'{isbn}' is not an ISBN", "every ISBN-13 starts with 978 or 979"
    total = sum(int(d) * (1 if i % 2 == 0 else 3) for i, d in enumerate(digits[:12]))
    check = (10 - total % 10) % 10
    if int(digits[12]) != check:
        return (f"the check digit of the ISBN '{isbn}' is wrong (it should be {check})",
                "copy the ISBN again from the agency's record: one digit is probably mistyped")
    return None
