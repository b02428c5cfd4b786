"""Content terms of English text: lower case, stop words out, Snowball stems; numbers keep their digits."""

from __future__ import annotations

import re
from functools import lru_cache

import Stemmer

# A general English stop list plus question words: "how", "why", "which" say what kind of
# answer is wanted, not which passage holds it.
STOPWORDS = frozenset(
    """
    a about above after again against all also am an and any are aren as at be because been before
    being below between both but by can cannot could couldn did didn do does doesn doing don down
    during each either else ever few for from further get gets got had hadn has hasn have haven
    having he her here hers herself him himself his how however i if in into is isn it its itself
    just let me more most much must mustn my myself neither nor now of off on once only or other
    ought our ours ourselves out over own per same shall shan she should shouldn so some such than
    that the their theirs them themselves then there these they this those through thus to too under
    until up upon us very was wasn we were weren what when where whether which while who whom whose
    why will with won would wouldn yet you your yours yourself yourselves s t d ll m o re ve y
    """.split()
)
_TOKEN = re.compile(r"\d+(?:[.,]\d+)*|\w+", re.UNICODE)
_STEMMER = Stemmer.Stemmer("english")
# Stems of at least this many letters join their derivations by prefix ("creat" and "creation").
PREFIX = 5


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """The Snowball stem of a lower-case word."""
    return _STEMMER.stemWord(word)


def terms_with_words(text: str) -> list[tuple[str, str]]:
    """(stem, original word) for each content word, numbers excluded.

    A word whose stem is a stop word is none either: the "ups" of "sign-ups" is "up".
    """
    out = []
    for match in _TOKEN.finditer(text):
        word = match.group()
        low = word.lower()
        ordinal_suffix = low in ("st", "nd", "rd", "th") and match.start() > 0 and text[match.start() - 1].isdigit()
        if not word[0].isdigit() and low not in STOPWORDS and len(low) > 1 and not ordinal_suffix \
                and stem(low) not in STOPWORDS:
            out.append((stem(low), word))
    return out


def tokenize(text: str) -> list[str]:
    """Lower-cased, stemmed content tokens; numbers keep their digits ("1,800" -> "1800")."""
    out = []
    for match in _TOKEN.finditer(text.lower()):
        tok = match.group()
        if tok[0].isdigit():
            out.append(tok.replace(",", ""))
        elif tok not in STOPWORDS and len(tok) > 1:
            out.append(stem(tok))
    return out


def related(a: str, b: str) -> bool:
    """Two stems of one word family: equal, or (from ``PREFIX`` letters on) one starts the other."""
    if a == b:
        return True
    short, long_ = (a, b) if len(a) <= len(b) else (b, a)
    return len(short) >= PREFIX and long_.startswith(short)


_JOINERS = frozenset({"for", "of", "and", "the", "&"})


def acronym_in(word: str, text: str) -> bool:
    """Is ``word`` an acronym ("CDC", "CDCs", "ATG") of capitalised words the text spells out
    ("Centers for Disease Control and Prevention", "Advanced Technologies Group")?"""
    letters = word[:-1] if word.endswith("s") and word[:-1].isupper() else word
    if not (2 <= len(letters) <= 6 and letters.isupper() and letters.isalpha()):
        return False
    tokens = re.findall(r"[A-Za-z&]+", text)
    for i, token in enumerate(tokens):
        if token[0] != letters[0]:
            continue
        initials = ""
        for t in tokens[i:]:
            if t.lower() in _JOINERS and initials:
                continue
            if not t[0].isupper():
                break
            initials += t[0]
            if len(initials) == len(letters):
                break
        if initials == letters:
            return True
    return False


def initials_in(name: str, text: str) -> bool:
    """Does the text give a name of two or more capitalised words by its initials, dotted or not
    ("U.S." or "US" for "United States", "UK" for "United Kingdom")? The reverse of :func:`acronym_in`."""
    words = [w for w in name.split() if w.lower() not in _JOINERS]
    if len(words) < 2 or not all(w[:1].isupper() for w in words):
        return False
    # A word that is initials itself gives them all ("U.S. Consumer Services" is "USCS").
    letters = [c for w in words for c in (w.replace(".", "") if re.fullmatch(r"(?:[A-Z]\.){2,}", w) else w[0])]
    dotted = r"\.?".join(letters)
    return re.search(rf"(?<![\w.]){dotted}\.?(?![\w])", text) is not None


@lru_cache(maxsize=1)
def _whole_words() -> frozenset[str]:
    """The whole words (not word pieces) of the packaged model's English vocabulary, lower case; empty
    when the model is not installed."""
    from caseqa.errors import ModelNotFoundError
    from caseqa.index.encoder import packaged_model_path
    try:
        lines = (packaged_model_path() / "vocab.txt").read_text(encoding="utf-8").splitlines()
    except (ModelNotFoundError, OSError):
        return frozenset()
    return frozenset(w for w in (line.strip() for line in lines) if w.isalpha())


def common_word(word: str) -> bool:
    """Is the word an everyday English one ("Shipped", "Using", "Thirty-two": each part a whole word of
    the model's 30,000-word vocabulary), rather than a rare name ("Deloitte", "Sodiaal")? Every word is
    common when the vocabulary cannot be read."""
    vocabulary = _whole_words()
    return not vocabulary or all(p.lower() in vocabulary for p in re.split(r"[-’']", word) if p)


def without_possessive(word: str) -> str:
    """The word or name without its possessive ("Alibaba's" -> "Alibaba", "McDONALD’S" -> "McDONALD")."""
    return re.sub(r"[’']s$", "", word)
