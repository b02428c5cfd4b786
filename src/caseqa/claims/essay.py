"""Essays into claims: sentences, which of them are checkable, and compound claims split in parts."""

from __future__ import annotations

import re
from dataclasses import dataclass

from caseqa.claims.text import Claim
from caseqa.ingest.structure import blocks_of
from caseqa.language import quantities as qty
from caseqa.language.sentences import default_tokenizer
from caseqa.types import Span

_OPINION = re.compile(
    r"^\s*(?:i|we)\s+(?:think|believe|feel|guess|suppose|would argue|argue|agree|disagree)\b|"
    r"^\s*(?:in my (?:opinion|view)|personally|it seems to me|arguably|clearly,? (?:i|we))\b",
    re.IGNORECASE,
)
_MODAL = re.compile(r"\b(?:should|ought to|must|had better)\b", re.IGNORECASE)
# A modal someone in the case was told, ordered or announced ("sellers were told in an urgent notice
# that they must not push up prices") is reported, not the writer's recommendation: a claim to check.
_REPORTED = re.compile(
    r"\b(?:told|tells?|said|says|announced?|warned|required|requires|ordered|instructed|asked|notified|stated|"
    r"declared|insisted|stressed|reminded|urged|demanded|ruled|promised|agreed|notice|announcement|order|rules?)\b"
    r"[^.;!?]*?\b(?:should|ought to|must|had better)\b",
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
_COMPOUND = re.compile(r",\s+(?:and|but|while|whereas)\s+|;\s+")
_MIN_PART_WORDS = 4
# A part opening with one of these qualifies the part before it ("…, but only after Wuhan had been locked
# down"): it has no subject of its own and is not a claim alone.
_QUALIFYING = re.compile(r"(?:only|just|not|never|after|before|because|since|until|when|once|then|also|still|even)\b",
                         re.IGNORECASE)


# How an essay leads into what it says ("Overall, the case concludes that ...", "Remarkably, ..."): the
# writer's framing, not the claim's content, which the case is not expected to say.
_LEAD_WORDS = re.compile(
    r"^(?:(?:overall|in (?:short|sum|summary|conclusion)|to (?:sum up|conclude)|finally|first(?:ly)?|"
    r"second(?:ly)?|third(?:ly)?|moreover|furthermore|in addition|additionally|however|similarly|likewise|"
    r"meanwhile|remarkably|notably|interestingly|impressively|surprisingly|importantly|significantly|indeed|"
    r"in fact|as a result|consequently|therefore|thus|hence|in turn|nevertheless|nonetheless|by contrast|"
    r"in contrast|at the same time|on the other hand)\b\s*,?\s+)+", re.IGNORECASE)
_SOURCE_FRAME = re.compile(
    r"^(?:the|this) (?:case(?: study)?|text|article|authors?|writer|report)\s+(?:says|states|notes|concludes|"
    r"argues|explains|shows|reports|suggests|describes|points out|mentions|tells us|claims|emphasi[sz]es|"
    r"highlights|observes)\s+(?:that\s+)?", re.IGNORECASE)


def without_frame(text: str) -> str:
    """The claim without the words an essay frames it with ("Overall, the case concludes that Alibaba
    ..." is "Alibaba ..."); the text itself when nothing would be left."""
    rest = _SOURCE_FRAME.sub("", _LEAD_WORDS.sub("", text, count=1), count=1)
    if len(rest.split()) < 3 or rest == text:
        return text
    return rest


def split_compound(text: str) -> list[str]:
    """Split "X did A, and Y did B" into its parts when each part could stand as a claim.

    Only coordinations after a comma or a semicolon are split, and only when every part has at
    least four words and a content word of its own, other than its figures' ("and it passed one
    million within three days" is the first part's figure), and a later part must not open by
    qualifying the one before ("but only after ..."); "sold tea and coffee" stays whole.
    """
    shared = _shared_date(text)
    if shared:
        return shared
    pieces = [p.strip(" ,;") for p in _COMPOUND.split(text)]
    if len(pieces) < 2:
        return [text]
    for n, piece in enumerate(pieces):
        if len(piece.split()) < _MIN_PART_WORDS or not Claim.parse(piece).terms or (n and _QUALIFYING.match(piece)):
            return [text]
    return [p if p.endswith((".", "!")) else p + "." for p in pieces]


def _shared_date(text: str) -> list[str] | None:
    """"Alipay was created in 2009, the same year as the first Double 11 festival" says two events
    happened then: ["Alipay was created in 2009.", "the first Double 11 festival in 2009."], so that
    neither borrows the other's year from a case that lists both with theirs. None when the claim
    says no such thing."""
    same = _SAME_AS.search(text)
    if same is None:
        return None
    when = [q for q in qty.extract(text[:same.start()]) if q.kind in qty.WHEN]
    first, other = text[:same.start()].rstrip(" ,;:—–-"), text[same.end():].strip(" ,;:.!")
    if not when or not re.search(r"[^\W\d_]{2}", other) or not Claim.parse(first).terms:
        return None
    return [first + ".", f"{other} {'in' if when[-1].kind != qty.Kind.DATE else 'on'} {when[-1].text}."]


# "..., the same year as ...", "... on the same day that ...": a date said of a second event too.
_SAME_AS = re.compile(r"\b(?:in\s+|on\s+)?(?:the\s+)?same\s+(?:year|month|day|week|date)\s+(?:as|that|when)\b",
                      re.IGNORECASE)


@dataclass(frozen=True)
class Sentence:
    """One sentence of a submitted text, and why it is not checked (None when it is)."""

    span: Span
    text: str
    skip: str | None


def skip_reason(sentence: str, min_words: int = 3) -> str | None:
    """Why a sentence of an essay is not a checkable claim, or None."""
    stripped = sentence.strip()
    if stripped.endswith("?"):
        return "a question, not a claim"
    if _OPINION.search(stripped) or (_MODAL.search(stripped) and not _REPORTED.search(stripped)):
        return "an opinion or recommendation, not a statement of fact"
    letters = re.findall(r"[^\W\d_]", stripped)
    latin = sum(ch.isascii() for ch in letters)
    if letters and latin < 0.5 * len(letters):
        return "not in English; the cases are in English"
    words = [w.lower() for w in re.findall(r"[^\W\d_]+", stripped)]
    foreign = sum(w in _FOREIGN_FUNCTION_WORDS for w in words)
    if foreign >= 2 and foreign > sum(w in _ENGLISH_FUNCTION_WORDS for w in words):
        return "not in English; the cases are in English"
    if len(re.findall(r"[^\W\d_]+", stripped)) < min_words:
        return "too short to be a claim"
    return None


# A sentence that ends in initials ("... 89% of whom were based in the U.S.") runs on into the next
# for the tokenizer, which reads "U.S." as an abbreviation inside a sentence: a word that opens
# sentences and no name after them ("U.S. In my view, ...") starts a new one.
_INITIALS_THEN_OPENER = re.compile(
    r"\b(?:[A-Z]\.){2,}(\s+)(?=(?:In|The|This|These|That|Those|It|Its|We|Our|They|Their|However|But|And|As|At|"
    r"On|For|By|With|He|She|His|Her|A|An|Overall|Moreover|Furthermore|Also|Finally|Meanwhile|Still|Yet|So|Then|"
    r"Thus|Therefore|I|My)\b)")


def _after_initials(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The span split after initials that end a sentence (see ``_INITIALS_THEN_OPENER``)."""
    out, at = [], start
    for m in _INITIALS_THEN_OPENER.finditer(text, start, end):
        out.append((at, m.start(1)))
        at = m.end(1)
    return [*out, (at, end)]


def split_sentences(text: str, max_claims: int = 1000, min_words: int = 3) -> list[Sentence]:
    """Split an essay into sentences (per paragraph), each marked checkable or not.

    At most ``max_claims`` sentences are returned as checkable; later ones are marked skipped
    with the reason, so a pasted book cannot stall the checker.
    """
    tokenizer = default_tokenizer()
    out: list[Sentence] = []
    checkable = 0
    for block in blocks_of(text):
        first, last = block[0].start, block[-1].end
        spans = [(first + a, first + b) for a, b in tokenizer.span_tokenize(text[first:last])]
        for start, end in (piece for span in spans for piece in _after_initials(text, *span)):
            sentence = text[start:end]
            reason = skip_reason(sentence, min_words)
            if reason is None:
                checkable += 1
                if checkable > max_claims:
                    reason = f"not checked: only the first {max_claims} sentences are checked; split the essay"
            out.append(Sentence((start, end), sentence, reason))
    return out
