"""The text side of claim checking: claim terms, names, negation, titles, clauses, essay splitting."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from caseqa.index.lexical import STOPWORDS, terms_with_words
from caseqa.ingest.structure import blocks_of
from caseqa.language import quantities as qty
from caseqa.language.sentences import default_tokenizer
from caseqa.types import Span

# Words that carry no claim on their own: verbs of saying/doing that paraphrase freely, and the
# words of figures (compared as quantities instead).
LIGHT_WORDS = frozenset(
    """
    make makes made take takes took taken set sets get gets got give gives gave given go goes went
    come comes came use uses used put puts say says said tell told want wants wanted become became
    also really actually still even already much many several various lot lots
    about around approximately nearly almost roughly over under within less more than least most
    percent per cent hundred thousand million billion trillion dozen half
    second seconds minute minutes hour hours day days week weeks month months year years
    rmb yuan dollar dollars usd cny euro euros pound pounds
    """.split()
) | frozenset(qty._UNITS) | frozenset(qty._TENS)

TITLES = (
    "chief executive officer", "chief executive", "chief financial officer", "chief technology officer",
    "chief operating officer", "vice president", "co-founder", "product owner", "executive chairman",
    "ceo", "cfo", "cto", "coo", "president", "chairman", "chairwoman", "chair", "founder", "director",
    "manager", "head", "owner", "secretary", "minister", "mayor", "governor", "professor", "partner",
    "designer", "engineer", "leader", "spokesperson", "spokesman", "spokeswoman", "analyst", "consultant",
)
_TITLE_RE = re.compile(r"\b(" + "|".join(re.escape(t) for t in TITLES) + r")\b", re.IGNORECASE)
_NEGATION = re.compile(r"\b(?:not|never|no longer|cannot|nobody|nothing|neither|nor)\b|n[’']t\b", re.IGNORECASE)
# "did not arrive until January 31st" says when it arrived, and "not only ... but" adds; neither denies.
_NOT_A_DENIAL = re.compile(r"\s*(?:only\b|just\b|(?:[\w’'-]+\s+){0,4}(?:until|till)\b)", re.IGNORECASE)
_ENTITY = re.compile(r"\b[A-Z][\w&\-]*(?:\.[a-z]+)?(?:[’']s)?(?:\s+[A-Z][\w&\-]*(?:\.[a-z]+)?)*")
_CLAUSE_BREAK = re.compile(r"(?<!\d)[,:]|[,:](?!\d)|[;()]|\s[–—-]\s|\b(?:and|but|while|whereas|which|who)\b")
_MONTHS = {m for m in qty._MONTHS if len(m) > 3} | {"may"}
_OPINION = re.compile(
    r"^\s*(?:i|we)\s+(?:think|believe|feel|guess|suppose|would argue|argue|agree|disagree)\b|"
    r"^\s*(?:in my (?:opinion|view)|personally|it seems to me|arguably|clearly,? (?:i|we))\b|"
    r"\b(?:should|ought to|must|had better)\b",
    re.IGNORECASE,
)
# Function words tell a language apart better than letters do for Latin-script languages ("Alibaba
# est une entreprise chinoise qui a donné des masques."): a sentence with two or more French,
# Spanish, German, Italian or Portuguese function words and fewer English ones is not English.
_ENGLISH_FUNCTION_WORDS = frozenset("""the of and to in is was for on that with by as it from at were has had be are
this its their an or which have not but he she they we""".split())
_FOREIGN_FUNCTION_WORDS = frozenset("""le la les des une est sont qui que et pour dans avec sur du au aux ces pas
el los las del por con una es lo y unos para se
der die das und ist nicht ein eine mit den dem von zu auf für sich auch
il che di per non gli della sono
não uma os às com para que""".split()) - _ENGLISH_FUNCTION_WORDS
MAX_CLAIMS = 1000
MIN_CLAIM_WORDS = 3


_NOT_NAMES = STOPWORDS | _MONTHS | frozenset(qty._UNITS) | frozenset(qty._TENS) | frozenset(
    t for title in TITLES for t in title.split()) | frozenset(qty._CURRENCIES)  # "RMB" is money, not a name


def _sentence_initial(text: str, at: int) -> bool:
    before = text[max(0, at - 8):at].rstrip(" \t“\"'‘(")
    return (not before and at < 8) or (bool(before) and before[-1] in ".!?\n:")


def entities(text: str, context: str | None = None) -> list[str]:
    """Capitalised names in text ("Cainiao", "Jack Ma", "Ele.me"), possessives removed.

    A capitalised word that starts a sentence ("Two days later", "According to") is only a name
    if ``context`` (the document) also capitalises it in mid-sentence. Titles ("CEO") are not
    names: they are compared separately.
    """
    out = []
    for match in _ENTITY.finditer(text):
        words = re.sub(r"[’']s$", "", match.group()).split()
        start = match.start()
        while words and (words[0].lower() in _NOT_NAMES or (
                start == match.start() and _sentence_initial(text, start)
                and words[0] not in _mid_sentence_capitals(context or text))):
            start += len(words[0]) + 1
            words = words[1:]
        # Inside a name a capitalised stop word is part of it ("Ban He"); titles and months are not.
        words = words[:1] + [w for w in words[1:] if w.lower() not in _NOT_NAMES or w.lower() in STOPWORDS]
        name = " ".join(words)
        if name and name not in out:
            out.append(name)
    return out


_PREPOSITIONS = frozenset("in at with by from to for of on into onto under over via through".split())


def slot(text: str, name: str) -> str:
    """The grammatical slot a name fills, roughly: its preposition ("in"), or subject/object."""
    at = text.find(name)
    if at < 0:
        return ""
    before = re.findall(r"[\w’']+|[.,;:!?]", text[max(0, at - 40):at])
    if not before or before[-1] in ".,;:!?":
        return "subject"
    word = before[-1].lower()
    if word in _PREPOSITIONS:
        return word
    if word in ("and", "or") and len(before) > 1:  # "with Hema and ShuiFeng": the slot of the list
        return slot(text[:at - 1 - len(before[-1])].rstrip(), before[-2]) if before[-2][0].isupper() else "object"
    return "object"


@lru_cache(maxsize=64)
def _mid_sentence_capitals(text: str) -> frozenset[str]:
    """Capitalised words that occur somewhere other than at the start of a sentence."""
    return frozenset(m.group() for m in re.finditer(r"\b[A-Z][\w&\-]*", text) if not _sentence_initial(text, m.start()))


def negated(text: str) -> bool:
    """Does the text deny something: a negation word, other than in "not until" or "not only"?"""
    return any(not _NOT_A_DENIAL.match(text, m.end()) for m in _NEGATION.finditer(text))


def title_near(text: str, name: str) -> str | None:
    """The job title given to ``name`` in text, as written ("Wang Lei, president of ..." -> "president")."""
    lower = text.lower()
    at = lower.find(name.lower())
    if at < 0:
        return None
    after = text[at + len(name): at + len(name) + 60]
    before = text[max(0, at - 40): at]

    def first_title(rest: str) -> str | None:
        # The title must belong to this name: no other name stands between them
        # ("the Chinese New Year, Wang Lei, president of ..." gives Wang Lei the title).
        found = _TITLE_RE.search(rest[:30])
        if found and not re.search(r"\b(?!The\b)[A-Z]", rest[:found.start()]):
            return found.group(1)
        return None

    copula = re.match(r"\s+(?:is|was|has been|had been|became|becomes|serves as|served as|acts as|acted as)"
                      r"\s+", after)
    if copula:  # "Wang Lei is the CEO of ..."
        return first_title(after[copula.end():])
    if re.match(r"\s*[,(]", after):  # "Ben Tan, the product owner of ..."
        return first_title(after)
    found = list(_TITLE_RE.finditer(before))
    if found and before[found[-1].end():].strip(" ,") == "":
        return found[-1].group(1)
    return None


# Words whose opposite in the aligned evidence contradicts the claim ("the smallest amount" where
# the case says "the largest amount"). Only clear, context-free opposites: a pair that can both be
# true of one event ("open"/"close" a store at different times) is left out.
OPPOSITES: tuple[tuple[frozenset[str], frozenset[str]], ...] = tuple(
    (frozenset(a.split()), frozenset(b.split())) for a, b in (
        ("largest biggest greatest", "smallest least lowest"),
        ("highest", "lowest"),
        ("maximum", "minimum"),
        ("first earliest", "last latest"),
        ("before", "after"),
        ("earlier", "later"),
        ("increase increased increases increasing rise rose risen rising grew grow grows growing",
         "decrease decreased decreases decreasing fall fell fallen falling shrank shrink declined decline"),
        ("profit profits profitable", "loss losses unprofitable"),
        ("success successful succeeded", "failure failed unsuccessful"),
        ("online", "offline"),
        ("domestic", "international overseas foreign"),
        ("majority", "minority"),
        ("accepted", "rejected"),
        ("allowed permitted", "banned prohibited forbade forbidden"),
        ("charged fee fees paid", "free"),
        ("import imports imported", "export exports exported"),
        ("won", "lost"),
    ))


def _synonym_stems() -> dict[str, frozenset[str]]:
    """Each side of an opposite pair is a set of words that say the same thing ("rose", "increase",
    "grew"): stem -> the stems of its set."""
    out: dict[str, frozenset[str]] = {}
    for pair in OPPOSITES:
        for side in pair:
            stems = frozenset(stem for stem, _ in terms_with_words(" ".join(side)))
            for stem in stems:
                out[stem] = out.get(stem, frozenset()) | stems
    return out


SYNONYMS = _synonym_stems()


def _neighbours(text: str, words: frozenset[str]) -> list[tuple[str, set[str]]]:
    """Each occurrence of one of ``words`` in text, with the content stems of up to three words either side."""
    tokens = re.findall(r"[\w’'-]+", text)
    out = []
    for i, token in enumerate(tokens):
        if token.lower() in words:
            around = [t for t in tokens[max(0, i - 3):i] + tokens[i + 1:i + 4]]
            out.append((token.lower(), {stem for stem, _ in terms_with_words(" ".join(around))}))
    return out


def opposite_words(claim: str, evidence: str) -> tuple[str, str] | None:
    """A word of the claim whose opposite the evidence uses instead: ("smallest", "largest"), or None.

    The evidence's word counts where it stands among the same words as the claim's ("three days
    after Wuhan's lockdown" against "three days before Wuhan's lock down"), even if the claim's
    word occurs elsewhere in the evidence ("the most sought after products"); with no shared
    neighbours, only when the claim's word is nowhere in the evidence.
    """
    claim_words = {w.lower() for w in re.findall(r"[\w’'-]+", claim)}
    evidence_words = {w.lower() for w in re.findall(r"[\w’'-]+", evidence)}
    for one, other in OPPOSITES:
        for said, case in ((one, other), (other, one)):
            claimed = claim_words & said
            if not claimed or not evidence_words & case or claim_words & case:
                continue
            near_claim = set().union(*(around for _, around in _neighbours(claim, said)))
            opposite_near = [w for w, around in _neighbours(evidence, case) if around & near_claim]
            same_near = [w for w, around in _neighbours(evidence, said) if around & near_claim]
            if opposite_near and not same_near:
                return min(claimed), opposite_near[0]
            if not evidence_words & said:
                return min(claimed), min(evidence_words & case)
    return None


def direction_swap(claim: str, evidence: str, names: list[str]) -> tuple[str, str] | None:
    """"from Wuhan to Shanghai" where the evidence says "from Shanghai to Wuhan": the two routes."""
    def route(text: str, source: str, target: str) -> bool:
        return bool(re.search(rf"\bfrom\s+(?:the\s+)?{re.escape(source)}\b[^.;]{{0,60}}?\bto\s+(?:the\s+)?"
                              rf"{re.escape(target)}\b", text, re.IGNORECASE))

    for source in names:
        for target in names:
            if target != source and route(claim, source, target) and route(evidence, target, source) \
                    and not route(evidence, source, target):
                return f"from {source} to {target}", f"from {target} to {source}"
    return None


# Prepositions that mark a role (a source, an agent): another word after
# one of them in the evidence means another source or actor, not a paraphrase ("to", "for" and
# "with" were tried: they join verbs and purposes too often, "to make online payments").
_ROLE_PREPOSITIONS = ("from", "by")


def other_filler(claim: str, evidence: str, missing: list[str]) -> tuple[str, str] | None:
    """"from hospitals" in the claim where the evidence says "from social organizations".

    Only for a claim word that the evidence lacks (``missing``), after a role preposition that the
    evidence uses with words the claim lacks.
    """
    claim_lower = claim.lower()
    for word in missing:
        found = re.search(rf"\b({'|'.join(_ROLE_PREPOSITIONS)})\s+(?:the\s+|a\s+|an\s+|its\s+|their\s+)?"
                          rf"((?:[\w-]+\s+)?{re.escape(word)})\b", claim, re.IGNORECASE)
        if not found:
            continue
        prep = found.group(1).lower()
        for other in re.finditer(rf"\b{prep}\s+(?:the\s+|a\s+|an\s+|its\s+|their\s+)?([\w-]+(?:\s+[\w-]+)?)",
                                 evidence, re.IGNORECASE):
            words = [w for w in other.group(1).split() if w.lower() not in STOPWORDS]
            if words and not any(w.lower() in claim_lower for w in words) and not words[0][0].isdigit():
                return f"{prep} {found.group(2)}", f"{prep} {' '.join(words)}"
    return None


def clause_spans(text: str) -> list[Span]:
    """Spans of the clauses of a text (split at commas, semicolons, 'and', 'which', ...)."""
    spans, pos = [], 0
    for match in _CLAUSE_BREAK.finditer(text):
        if text[pos:match.start()].strip():
            spans.append((pos, match.start()))
        pos = match.end()
    if text[pos:].strip():
        spans.append((pos, len(text)))
    return spans or [(0, len(text))]


@dataclass(frozen=True)
class Claim:
    """A claim ready for checking: its content terms (stems), names, figures and polarity."""

    text: str
    terms: tuple[str, ...]  # content stems, in order, without figures or light words
    words: dict[str, str]  # stem -> the word as written in the claim
    quantities: tuple[qty.Quantity, ...]
    negated: bool

    @classmethod
    def parse(cls, text: str) -> Claim:
        """Analyse a claim sentence."""
        quantities = tuple(qty.extract(text))
        # Words inside a figure ("sixfold", "three days") are compared as quantities, not terms.
        figure_text = " ".join(q.text for q in quantities).lower()
        figure_words = set(re.findall(r"\w+", figure_text))
        words: dict[str, str] = {}
        for stem, word in terms_with_words(text):
            if word.lower() not in LIGHT_WORDS and word.lower() not in figure_words and stem not in words:
                words[stem] = word
        return cls(text, tuple(words), words, quantities, negated(text))


_COMPOUND = re.compile(r",\s+(?:and|but|while|whereas)\s+|;\s+")
_MIN_PART_WORDS = 4


def split_compound(text: str) -> list[str]:
    """Split "X did A, and Y did B" into its parts when each part could stand as a claim.

    Only coordinations after a comma or a semicolon are split, and only when every part has at
    least four words and a content word of its own; "sold tea and coffee" stays whole.
    """
    pieces = [p.strip(" ,;") for p in _COMPOUND.split(text)]
    if len(pieces) < 2:
        return [text]
    for piece in pieces:
        if len(piece.split()) < _MIN_PART_WORDS or not terms_with_words(piece):
            return [text]
    return [p if p.endswith((".", "!")) else p + "." for p in pieces]


@dataclass(frozen=True)
class Sentence:
    """One sentence of a submitted text, and why it is not checked (None when it is)."""

    span: Span
    text: str
    skip: str | None


def skip_reason(sentence: str) -> str | None:
    """Why a sentence of an essay is not a checkable claim, or None."""
    stripped = sentence.strip()
    if stripped.endswith("?"):
        return "a question, not a claim"
    if _OPINION.search(stripped):
        return "an opinion or recommendation, not a statement of fact"
    letters = re.findall(r"[^\W\d_]", stripped)
    latin = sum(ch.isascii() for ch in letters)
    if letters and latin < 0.5 * len(letters):
        return "not in English; the cases are in English"
    words = [w.lower() for w in re.findall(r"[^\W\d_]+", stripped)]
    foreign = sum(w in _FOREIGN_FUNCTION_WORDS for w in words)
    if foreign >= 2 and foreign > sum(w in _ENGLISH_FUNCTION_WORDS for w in words):
        return "not in English; the cases are in English"
    if len(re.findall(r"[^\W\d_]+", stripped)) < MIN_CLAIM_WORDS:
        return "too short to be a claim"
    return None


def split_sentences(text: str) -> list[Sentence]:
    """Split an essay into sentences (per paragraph), each marked checkable or not.

    At most ``MAX_CLAIMS`` sentences are returned as checkable; later ones are marked skipped
    with the reason, so a pasted book cannot stall the checker.
    """
    tokenizer = default_tokenizer()
    out: list[Sentence] = []
    checkable = 0
    for block in blocks_of(text):
        first, last = block[0].start, block[-1].end
        for a, b in tokenizer.span_tokenize(text[first:last]):
            start, end = first + a, first + b
            sentence = text[start:end]
            reason = skip_reason(sentence)
            if reason is None:
                checkable += 1
                if checkable > MAX_CLAIMS:
                    reason = f"not checked: only the first {MAX_CLAIMS} sentences are checked; split the essay"
            out.append(Sentence((start, end), sentence, reason))
    return out
