"""Countries, which a text about one may call "the country" ("from all over the country" for "from
around China")."""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache

from caseqa.language.terms import without_possessive

# The countries of the world by their common English names (UN members and observers, with the
# short forms people write: "the US", "UK", "South Korea").
COUNTRIES = frozenset(name.lower() for name in (
    "Afghanistan", "Albania", "Algeria", "Andorra", "Angola", "Argentina", "Armenia", "Australia", "Austria",
    "Azerbaijan", "Bahamas", "Bahrain", "Bangladesh", "Barbados", "Belarus", "Belgium", "Belize", "Benin",
    "Bhutan", "Bolivia", "Bosnia", "Botswana", "Brazil", "Brunei", "Bulgaria", "Burkina Faso", "Burundi",
    "Cambodia", "Cameroon", "Canada", "Chile", "China", "Colombia", "Congo", "Costa Rica", "Croatia",
    "Cuba", "Cyprus", "Czechia", "Czech Republic", "Denmark", "Djibouti", "Dominican Republic", "Ecuador",
    "Egypt", "El Salvador", "Eritrea", "Estonia", "Eswatini", "Ethiopia", "Fiji", "Finland", "France", "Gabon",
    "Gambia", "Germany", "Ghana", "Greece", "Guatemala", "Guinea", "Guyana", "Haiti", "Honduras",
    "Hungary", "Iceland", "India", "Indonesia", "Iran", "Iraq", "Ireland", "Israel", "Italy", "Jamaica", "Japan",
    "Kazakhstan", "Kenya", "Kuwait", "Kyrgyzstan", "Laos", "Latvia", "Lebanon", "Lesotho", "Liberia",
    "Libya", "Liechtenstein", "Lithuania", "Luxembourg", "Madagascar", "Malawi", "Malaysia", "Maldives", "Mali",
    "Malta", "Mauritania", "Mauritius", "Mexico", "Moldova", "Monaco", "Mongolia", "Montenegro", "Morocco",
    "Mozambique", "Myanmar", "Namibia", "Nepal", "Netherlands", "New Zealand", "Nicaragua", "Niger", "Nigeria",
    "North Korea", "North Macedonia", "Norway", "Oman", "Pakistan", "Panama", "Papua New Guinea", "Paraguay",
    "Peru", "Philippines", "Poland", "Portugal", "Qatar", "Romania", "Russia", "Rwanda", "Saudi Arabia",
    "Senegal", "Serbia", "Sierra Leone", "Singapore", "Slovakia", "Slovenia", "Somalia", "South Africa",
    "South Korea", "Korea", "South Sudan", "Spain", "Sri Lanka", "Sudan", "Suriname", "Sweden", "Switzerland",
    "Syria", "Taiwan", "Tajikistan", "Tanzania", "Thailand", "Togo", "Trinidad and Tobago", "Tunisia", "Turkey",
    "Turkmenistan", "Uganda", "Ukraine", "United Arab Emirates", "UAE", "United Kingdom", "UK", "Britain",
    "Great Britain", "United States", "U.S.", "USA", "America", "Uruguay", "Uzbekistan", "Venezuela",
    "Vietnam", "Yemen", "Zambia", "Zimbabwe",
))

# How a text about one country speaks of it without its name.
_THE_COUNTRY = re.compile(r"\b(?:the|this|our|its|their|whole|entire)\s+(?:whole\s+|entire\s+)?country\b|"
                          r"\b(?:nationwide|countrywide|across the nation|domestically)\b", re.IGNORECASE)


_ANY_COUNTRY = re.compile(r"\b(?:" + "|".join(re.escape(c) for c in sorted(COUNTRIES, key=len, reverse=True)) + r")\b",
                          re.IGNORECASE)


# A filing with the U.S. Securities and Exchange Commission ("UNITED STATES SECURITIES AND EXCHANGE
# COMMISSION ... FORM 10-K" on its cover) reports from the United States, whatever country it names most
# ("MGM China", 215 times in MGM Resorts' 10-K).
_SEC_COVER = re.compile(r"securities\s+and\s+exchange\s+commission", re.IGNORECASE)
_COVER_CHARS = 3000


@lru_cache(maxsize=64)
def home_country(doc_text: str) -> str | None:
    """The country a document's "the country" and "domestically" mean (lower case): a U.S. filing's is the
    United States, another document's the one it names most; None if it names none."""
    if _SEC_COVER.search(doc_text[:_COVER_CHARS]):
        return "united states"
    counts = Counter(m.group().lower() for m in _ANY_COUNTRY.finditer(doc_text))
    return counts.most_common(1)[0][0] if counts else None


def said_as_the_country(name: str, text: str, doc_text: str) -> bool:
    """Is ``name`` the document's home country (:func:`home_country`), which ``text`` speaks of as
    "the country" or "nationwide" ("from all over the country" for "from around China", not for
    "to Italy")?"""
    bare = without_possessive(name.strip()).lower()
    return bare in COUNTRIES and bare == home_country(doc_text) and _THE_COUNTRY.search(text) is not None


def country_named(name: str, text: str) -> bool:
    """Is ``name`` an adjective of nationality whose country ``text`` names ("its Japanese business" /
    "the Company's retail operations in Japan")?"""
    country = country_of_adjective(name)
    return country is not None and re.search(rf"\b{re.escape(country)}\b", text, re.IGNORECASE) is not None


@lru_cache(maxsize=1024)
def country_of_adjective(word: str) -> str | None:
    """The country a capitalised adjective of nationality names ("Russian" -> "russia", "Canadian" ->
    "canada", "Chinese" -> "china"), read from the shared start of the two words; None for other words."""
    low = word.lower()
    if not word[:1].isupper() or low in COUNTRIES or len(low) < 5:
        return None
    for country in COUNTRIES:
        if " " in country or "." in country or len(country) < 4:
            continue
        shared = len(country) - 1 if len(country) <= 6 else 6
        if low[:shared] == country[:shared] and low.endswith(("an", "ese", "ian", "ish", "i")):
            return country
    return None
