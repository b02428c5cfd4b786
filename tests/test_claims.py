"""Claim checking with the real model on claims we wrote ourselves (not the dev rows)."""

from __future__ import annotations

import json
import re
import time

import pytest

from caseqa.claims.antonyms import manner_adverb
from caseqa.claims.compare import _qualified_otherwise, opposite_words
from caseqa.claims.essay import skip_reason, split_compound, split_sentences
from caseqa.claims.text import Claim, entities, event_place, negated
from caseqa.errors import QueryError
from caseqa.language.quantities import Bound, extract
from caseqa.types import Label
from conftest import DATA

SUPPORTED, CONTRADICTED, NOT_FOUND, SKIPPED = Label.SUPPORTED, Label.CONTRADICTED, Label.NOT_FOUND, Label.SKIPPED


def rows(name: str) -> list[dict]:
    return [json.loads(line) for line in (DATA / name).read_text().splitlines() if line.strip()]


@pytest.mark.parametrize("name", ["claims_seed.jsonl", "claims_heldout.jsonl", "claims_probes.jsonl"])
def test_own_claim_sets(seed_engine, name: str) -> None:
    """claims_seed was used to set thresholds; claims_heldout was written afterwards and only measured;
    claims_probes came after an outside review found false supports (one-sided figures, months,
    ranks, opposites, routes, titles, "not ... until") and pins the rules written for them."""
    gold = rows(name)
    got = {r["id"]: seed_engine.check(r["claim"])[0].label for r in gold}
    false_support = [r["id"] for r in gold if r["label"] != SUPPORTED and got[r["id"]] == SUPPORTED]
    accuracy = sum(got[r["id"]] == r["label"] for r in gold) / len(gold)
    assert false_support == []
    assert accuracy >= 0.9, {r["id"]: (r["label"], got[r["id"]]) for r in gold if got[r["id"]] != r["label"]}


def _listed(reasons: tuple[str, ...], prefix: str) -> list[str]:
    return [w for r in reasons if r.startswith(prefix) for w in r[len(prefix):].split(", ")]


@pytest.mark.parametrize("name", ["claims_seed.jsonl", "claims_heldout.jsonl", "claims_probes.jsonl"])
def test_reasons_are_true(seed_engine, name: str) -> None:
    """What a reason says is missing is missing: a word 'the case never mentions' is not in the case, a word
    'not in the evidence' and a figure the evidence 'gives no figure' for are not in the quoted evidence."""
    case = next(iter(seed_engine.index.documents.values())).text.lower()
    for row in rows(name):
        verdict = seed_engine.check(row["claim"])[0]
        quoted = verdict.evidence[0].text.lower() if verdict.evidence else ""
        for word in _listed(verdict.reasons, "the case never mentions: "):
            assert not re.search(rf"\b{re.escape(word.lower())}\b", case), (row["claim"], word)
        for word in _listed(verdict.reasons, "not in the evidence: "):
            assert not re.search(rf"\b{re.escape(word.lower())}\b", quoted), (row["claim"], word)
        for figure in _listed(verdict.reasons, "the evidence gives no figure to compare with: "):
            assert figure.lower() not in quoted, (row["claim"], figure)


@pytest.mark.parametrize(
    ("claim", "label", "reason"),
    [
        ("Alibaba set up an anti-epidemic fund of RMB 10 billion.", CONTRADICTED,
         "claim says RMB 10 billion; the case says RMB 1 billion"),
        ("Alibaba set up an anti-epidemic fund of one billion yuan.", SUPPORTED, "figures match: one billion yuan"),
        ("It took Ant Financial staff 48 hours from project approval to launching online.", CONTRADICTED,
         "claim says 48 hours; the case says only 13 hours"),
        ("Ali-day is on June 10th every year.", CONTRADICTED, "claim says June 10th; the case says May 10th"),
        ("Orders on Hema increased tenfold during the epidemic.", CONTRADICTED,
         "claim says tenfold; the case says 6 times"),
        ("Hema dedicated 400 hotlines to collect the requests for COVID-19 related resources.", CONTRADICTED,
         "claim names Hema; the case names Cainiao"),
        ("Wang Lei, CEO of Alibaba local life service, asked the team to supply fresh food in Wuhan.", CONTRADICTED,
         "claim says Wang Lei is CEO; the case says president"),
        ("Ben Tan was the president of Alibaba local life service.", CONTRADICTED,
         "claim says Ben Tan is president; the case says Wang Lei is president"),
        ("With support from its HQ, Hema mobilized soap and disinfectant from Wuhan to Shanghai.", CONTRADICTED,
         "claim says from Wuhan to Shanghai; the case says from Shanghai to Wuhan"),
        ("Alibaba's anti-epidemic fund was the smallest amount among all the enterprise level donations.",
         CONTRADICTED, "claim says smallest; the case says largest"),
        ("As of February 10th, more than 18,000 borrowed employees had joined Hema.", CONTRADICTED,
         "claim says more than 18,000; the case says more than 1800"),
        ("The 25 employees worked hard to source the masks from hospitals.", NOT_FOUND,
         "claim says from hospitals; the evidence says from social organizations"),
        ("Alibaba was defeated by the SARS epidemic 17 years ago.", CONTRADICTED, "the case negates it"),
        ("Cainiao used drones to collect the requests for COVID-19 related resources.", NOT_FOUND,
         "the case never mentions: drones"),
        # Said in other words: the word alignment pairs the claim's words with the case's.
        ("More than 1,800 workers from other firms had joined Hema.", SUPPORTED, "workers ≈ employees"),
        ("Cainiao set aside 400 phone lines to gather requests for supplies from across the country.", SUPPORTED,
         "phone lines ≈ hotlines"),
        # ... and a reversed fact in other words is still contradicted, by negation or by an opposite.
        ("On 22nd January Hema raised its prices in Wuhan.", CONTRADICTED, "the case negates it"),
        ("Alibaba's first truck of masks got to Wuhan late in the evening of 26 January.", CONTRADICTED,
         "claim says late; the case says early"),
        # An opposite from WordNet that fills the claim word's slot ("modest" / "largest" amount);
        # a word alike in meaning there ("huge") is the same fact in other words.
        ("Alibaba's RMB 1 billion anti-epidemic fund was a modest sum next to other enterprise level donations.",
         CONTRADICTED, "claim says modest; the case says largest"),
        ("Alibaba's RMB 1 billion anti-epidemic fund was a huge sum next to other enterprise level donations.",
         SUPPORTED, "huge ≈ largest"),
        # What the case sets against Ant Insurance ("In contrast, ... Ant Insurance covered ...") is not
        # Ant Insurance's deed, though Ant Insurance is named in the sentences before it.
        ("Ant Insurance only compensated medical staff who lost their lives to the infection.", NOT_FOUND,
         "names not in the evidence: Ant Insurance"),
        ("Ant Insurance covered medical staff who had a confirmed diagnosis.", SUPPORTED, ""),
        # A sentence about other actors ("there were also some organizations which ...") has its own
        # subject: Ant Insurance, named just before it, did the opposite.
        ("Ant Insurance required the relevant departments or charity organizations to provide a name list.",
         NOT_FOUND, "names not in the evidence: Ant Insurance"),
        # One everyday word the case never uses, every other term in the evidence: said otherwise, and
        # the reason says so; a second unknown word, or a name, still rules support out.
        ("Every year on 10 May, Alibaba holds Ali-day, which is dedicated to employees' families.", SUPPORTED,
         "not in the evidence: holds"),
        ("Every year on 10 May, Alibaba holds Ali-day, which is dedicated to employees' families and pets.",
         NOT_FOUND, "the case never mentions: holds, pets"),
        # The same title of another organisation; a change said with a particle.
        ("Wang Lei, president of Alibaba Cloud, asked whether fresh food could be supplied to Wuhan.", CONTRADICTED,
         "claim says Wang Lei is president of Alibaba Cloud; the case says president of Alibaba local life service"),
        ("Hema's orders went down during the epidemic.", CONTRADICTED, "claim says went down"),
        # A figure said of something else is no contradiction of what the claim names: the RMB 1
        # billion is Alibaba's fund, and Jack Ma is named only after it.
        ("Jack Ma personally donated RMB 100 million to hospitals in Wuhan.", NOT_FOUND,
         "the case's RMB 1 billion is not said of Jack Ma"),
        # "used" / "provided" are opposites only of cash; a rank in "second and third-tier cities" ranks
        # cities, not weeks.
        ("Cainiao used drones to deliver medical supplies inside Wuhan.", NOT_FOUND, "the case never mentions: drones"),
        # An acronym of words the case spells out ("CDCs": "Centers for Disease Control and Prevention"),
        # and a month's middle ("mid-March": "March 13").
        ("In mid-March Alibaba Cloud said it would give research institutions and CDCs around the world free "
         "access to its COVID-19 detection technology.", SUPPORTED, "CDCs (its words spelt out)"),
        # Spans of time seven orders apart are two things, not one misreported ("17 years ago").
        ("Alibaba Cloud's AI could detect COVID-19 from CT scans in about 20 seconds.", NOT_FOUND,
         "the case never mentions: CT, scans"),
        # "300,000 units of life saving items" counts items; "February 1st" gives no word "st" to pair with.
        ("By the start of February, Cainiao had helped deliver some 300,000 life-saving items, donated by nine "
         "provinces, to Wuhan Xiehe Hospital.", SUPPORTED, "figures match: February, some 300,000, nine"),
        ("Eleme's fresh food self-pickup service served more than 100,000 households in its first week.", NOT_FOUND,
         "the evidence gives no figure to compare with: more than 100,000"),
        # A figure is compared with the one bound to the same event, in its sentence or in the next.
        ("Alibaba Cloud was established in 2004.", CONTRADICTED, "claim says 2004; the case says 2009"),
        ("Alipay was created in 2009, the same year as the first Double 11.", CONTRADICTED,
         "claim says 2009; the case says 2004"),
        ("Cainiao Smart Logistics was founded in 2013.", SUPPORTED, "figures match: 2013"),
        ("Donations sent to Xiehe hospital through a different channel on the same day arrived just one day later.",
         CONTRADICTED, "claim says just one day; the case says 5 day"),
        # Two figures of the claim side by side in the case bind each other ("a million ... three days").
        ("Within three days of launch, more than a million people had signed up for the insurance.", SUPPORTED,
         "figures match: Within three days, more than a million"),
        # ... and a figure that differs is reported against the case's figure nearest in size.
        ("Within three days of launch, more than ten million people had signed up for the insurance.",
         CONTRADICTED, "claim says more than ten million; the case says more than 1 million"),
        # People counted as "people" are the case's employees; a rate's "a day" is no figure.
        ("By February 10th, over 1,800 people from other companies had joined Hema.", SUPPORTED,
         "figures match: February 10th, over 1,800"),
        ("During that week Ban He's team slept only four or five hours a day.", SUPPORTED,
         "figures match: only four or five hours"),
        ("During that week Ban He's team slept only seven or eight hours a day.", CONTRADICTED,
         "claim says only seven or eight hours; the case says four to five hours"),
        # A name given in the sentences just before the evidence is what the evidence speaks of ...
        ("Huang Hui, an employee of a Hema store in Wuhan, delivered lunch boxes to local hospitals in his own car.",
         SUPPORTED, "found in the evidence: Huang, Hui"),
        # ... but a name the case never gives is not.
        ("Huang Hui, an employee of a Hema store in Beijing, delivered lunch boxes to local hospitals in his own "
         "car.", NOT_FOUND, "names not in the evidence: Beijing"),
        # A figure of the case that states the claim's other figure is that one's: the 5am arrival
        # does not contradict the 7pm departure, stated in another paragraph.
        ("The first truck of masks left Anhui at 7pm and reached the Dong Xi Hu district of Wuhan at 5am the next "
         "morning.", NOT_FOUND, "no figure to compare with: first, 7pm"),
        # A name the passage uses elsewhere for something else ("Tmall Supermarket joined hands ...")
        # does not hide the swap in the window.
        ("Tmall issued refund notices on multiple channels on 21st January, before the airlines issued their refund "
         "policies.", CONTRADICTED, "claim names Tmall; the case names Fliggy"),
        # Names listed in one slot are swapped together ("from Fliggy and Alihealth" / "from HEMA and Cainiao").
        ("To streamline the process, Ban He borrowed local staff from Fliggy and Alihealth to help WanDunTong.",
         CONTRADICTED, "claim names Fliggy and Alihealth; the case names HEMA"),
        # A word the case never uses, close in meaning to one of the evidence ("route" / "channel"), is
        # no new thing; a new thing ("drones", above) still is.
        ("Donations sent to Xiehe hospital by another route on the same day arrived on January 31st, 5 days later.",
         SUPPORTED, "figures match: January 31st, 5 days"),
        # A verb that only sets a figure's floor or joins it to its subject ("passed", "reached") is part
        # of the figure, and "sign-ups" count people: each figure finds its own in "10,000 people signed
        # up. 100,000 people in 4 hours, and more than 1 million people in 3 days".
        ("Within four hours of launch the insurance had reached 100,000 sign-ups, and it passed one million "
         "within three days.", SUPPORTED, "figures match: Within four hours, 100,000, passed one million"),
        ("It took around two weeks for the insurance to pass one million sign-ups.", CONTRADICTED,
         "claim says around two weeks; the case says 3 days"),
        # A change said with a particle: "scaled back" is the opposite of "increased".
        ("From 22 January Hema scaled back the stock of vegetables it sent to Wuhan.", CONTRADICTED,
         "claim says scaled back; the case says increased"),
        # A name spelt as no ordinary word is a name even where it opens the claim, and a name the case
        # never uses may stand where the case names another.
        ("JD.com was the first e-commerce platform to urge merchants to control their prices.", CONTRADICTED,
         "claim names JD.com; the case names Alibaba"),
        # Words the sentences just before the evidence hold are what it speaks of ("self-pickup points").
        ("Convenience stores were not a workable option for pickup points because few were open over the Spring "
         "Festival.", SUPPORTED, "from the sentences leading to it: pickup, points"),
        # A case about China calls it "the country"; it does not call Italy so.
        ("Cainiao set up 400 hotlines to gather requests for COVID-19 supplies from around China, especially from "
         "Hubei.", SUPPORTED, "China ≈ the country"),
        ("Cainiao set up 400 hotlines to gather requests for COVID-19 supplies from around Italy, especially from "
         "Hubei.", NOT_FOUND, "names not in the evidence: Italy"),
        # ... but what the claim says happened must be the evidence's own ("would cut" is no "would recruit").
        ("After the shared-staff model caught on, Hema announced it would cut 30,000 jobs this year.", NOT_FOUND,
         "not in the evidence: caught, cut"),
        # A denial of the claim's verb in other words ("could not inflate the price") contradicts it.
        ("Taobao told mask sellers they were free to raise prices as demand for masks surged.", CONTRADICTED,
         "the claim is affirmative; the case negates it"),
        # ... and the reason says so: the case's 50 people are not said to be in Hangzhou.
        ("About 500 Ant Financial employees gathered in the Hangzhou office to build the insurance product.",
         NOT_FOUND, "the case's about 50 is not said of Hangzhou, so nothing it says compares with About 500"),
        # A plan is what someone said they would do ("would recruit 30,000 people this year").
        ("Hema said it planned to recruit 30,000 new staff this year.", SUPPORTED, "planned ≈ would"),
        # Firms counted under another word for them are the same firms.
        ("Around 32 companies, among them hotels, theaters and car rental firms, joined Hema's staff-sharing "
         "partnership.", SUPPORTED, "figures match: Around 32"),
        ("Around 45 companies, among them hotels, theaters and car rental firms, joined Hema's staff-sharing "
         "partnership.", CONTRADICTED, "claim says Around 45; the case says 32"),
        # Half of a compound is not the compound: the case's loans are not said to be free of interest.
        ("The loans Taobao and MYBANK provided to small businesses were interest-free.", NOT_FOUND,
         "the evidence does not say “interest-free”"),
        # What the claim says happened, its verb, must be the evidence's: who paid is a fact of its own.
        ("Fliggy paid for the free hotel rooms given to healthcare workers out of its own budget.", NOT_FOUND,
         "the evidence does not say “paid”"),
        ("While working at Hema, the borrowed restaurant staff continued to be paid by their original employers.",
         NOT_FOUND, "the evidence does not say “paid”"),
        # ... but a verb near in meaning to the evidence's, with its other words there, is said otherwise.
        ("To help WanDunTong run its operations, Ban He proposed borrowing local employees from Hema and Cainiao.",
         SUPPORTED, "employees ≈ staff"),
        # A comparison the evidence does not make ("did not arrive until January 31st, 5 day later").
        ("Donations sent to Wuhan Xiehe hospital through another channel on the same day arrived just as fast as "
         "the green-channel masks.", NOT_FOUND, "the evidence does not say “as fast as”"),
        # What someone was told they must do is reported, not the writer's opinion: it is checked.
        ("Sellers of masks on both Taobao and Tmall were told in an urgent notice that they must not push up "
         "mask prices.", SUPPORTED, "found in the evidence"),
        # How an essay frames a sentence is not what it claims ("Overall, the case notes that ...",
        # "Remarkably early ..."), and "five in the morning" is 5am.
        ("Overall, the case notes that Cainiao set up 400 hotlines to collect requests for supplies.", SUPPORTED,
         "figures match: 400"),
        ("Remarkably early in the crisis, a truck carrying 100,000 masks pulled into Wuhan's Dong Xi Hu district at "
         "five in the morning on 26 January.", SUPPORTED, "five in the morning"),
        # Two weeks is half a month (a month is 28 to 31 days).
        ("Building an influential commercial insurance product usually takes somewhere between two weeks and a "
         "month.", SUPPORTED, "figures match: two weeks"),
        # What a section is about is what its later sentences speak of: the medical staff insurance
        # whose making the section tells, where they say "the product" and "launching online" ...
        ("Ten thousand people had signed up within an hour of the insurance going online.", SUPPORTED,
         "from what its section is about: insurance"),
        ("After a pre-release at 11 pm, the medical staff insurance went fully live at 2 am on 27 January.", SUPPORTED,
         "from what its section is about: medical, staff, insurance"),
        # ... but not a place the section never names.
        ("After a pre-release at 11 pm, the medical staff insurance went fully live in Hangzhou at 2 am on 27 "
         "January.", NOT_FOUND, "names not in the evidence: Hangzhou"),
    ],
)
def test_verdicts_with_reasons(seed_engine, claim: str, label: str, reason: str) -> None:
    verdict = seed_engine.check(claim)[0]
    assert verdict.label == label, verdict.reasons
    assert any(reason in r for r in verdict.reasons), verdict.reasons


def test_evidence_is_cited_and_exact(seed_engine) -> None:
    verdict = seed_engine.check("Cainiao set up 40 hotlines to collect requests for supplies.")[0]
    best = verdict.evidence[0]
    text = seed_engine.index.documents[best.doc_id].text
    assert text[best.start:best.end] == best.text and "400 hotlines" in best.text
    assert best.passage_start <= best.start < best.end <= best.passage_end
    # The citation is the quoted sentence's own: its paragraph and its characters, not the passage's.
    assert best.citation.startswith("COVID-19Mission & Vision — ") and best.citation.endswith(
        f"chars {best.start}–{best.end}")
    paragraph = next(p for p in seed_engine.index.documents[best.doc_id].paragraphs if p.start <= best.start < p.end)
    assert f"¶{paragraph.ordinal}," in best.citation


def test_a_figure_settled_by_another_window_leads_the_evidence_and_its_reasons(seed_engine) -> None:
    """The best window lacks a count of enterprises; the one stating "32 enterprises" contradicts,
    and the quote shown first, the words said to be found and the figure all come from that window."""
    verdict = seed_engine.check("Around 300 enterprises joined Hema's shared staff partnership.")[0]
    assert verdict.label == CONTRADICTED
    first = verdict.evidence[0].text
    assert "32 enterprises" in first and "the case says" in verdict.reasons[0] and "32" in verdict.reasons[0]
    found = next(r for r in verdict.reasons if r.startswith("found in the evidence: "))
    words = found.removeprefix("found in the evidence: ").split(", ")
    stems = {w.lower()[:5] for w in re.findall(r"\w+", first)}
    assert all(w.lower()[:5] in stems for w in words), (words, first)


def test_compound_claim_is_checked_part_by_part(seed_engine) -> None:
    verdict = seed_engine.check("Cainiao dedicated 400 hotlines to collect requests, and Alibaba set up a "
                                "RMB 10 billion fund.")[0]
    assert verdict.label == CONTRADICTED
    assert "RMB 10 billion" in verdict.reasons[0]


def test_essay_is_split_and_questions_and_opinions_are_skipped(seed_engine) -> None:
    essay = ("Cainiao dedicated 400 hotlines to collect requests.\n\nDo you think this was enough? "
             "I think Alibaba should have done more. Hema used drones to deliver groceries in Wuhan.")
    verdicts = seed_engine.check(essay)
    assert [v.label for v in verdicts] == [SUPPORTED, SKIPPED, SKIPPED, NOT_FOUND]
    assert verdicts[1].reasons == ("a question, not a claim",)
    for v in verdicts:
        assert essay[v.span[0]:v.span[1]] == v.claim


def test_bad_input(seed_engine) -> None:
    with pytest.raises(QueryError, match="the claim is empty"):
        seed_engine.check("   ")
    only_number = seed_engine.check("1,800")[0]
    assert only_number.label == SKIPPED and only_number.reasons == ("too short to be a claim",)
    foreign = seed_engine.check("阿里巴巴设立了十亿元的抗疫基金。")[0]
    assert foreign.label == SKIPPED and "not in English" in foreign.reasons[0]
    french = seed_engine.check("Alibaba a créé un fonds de dix milliards de yuans pour les hôpitaux.")[0]
    assert french.label != SUPPORTED


def test_a_100_kb_essay_finishes(seed_engine) -> None:
    sentence = "Cainiao dedicated 400 hotlines to collect requests for supplies. "
    essay = (sentence * (100_000 // len(sentence) + 1))[:100_000]
    started = time.perf_counter()
    verdicts = seed_engine.check(essay)
    assert len(verdicts) >= 1500
    assert sum(v.label != SKIPPED for v in verdicts) == 1000
    assert "only the first 1000 sentences" in verdicts[-1].reasons[0]
    assert time.perf_counter() - started < 120


def test_splitting_rules() -> None:
    assert skip_reason("What did Alibaba do?") == "a question, not a claim"
    assert skip_reason("In my opinion, Alibaba acted fast.").startswith("an opinion")
    assert skip_reason("Companies should prepare for crises.").startswith("an opinion")
    assert skip_reason("Sellers were told in a notice that they must not raise prices.") is None
    assert skip_reason("The rules say that sellers must not raise prices, and they should be fined.") is None
    assert skip_reason("Alibaba acted fast.") is None
    # Latin-script languages are told apart by their function words, not their letters.
    assert skip_reason("Alibaba est une entreprise chinoise qui a donné des masques.").startswith("not in English")
    assert skip_reason("Die Firma hat die Masken nicht geliefert.").startswith("not in English")
    assert skip_reason("El fondo de Alibaba es de mil millones.").startswith("not in English")
    assert skip_reason("Alibaba La Liga sponsorship was announced in Madrid.") is None
    assert skip_reason("Hema hired 30,000 temporary workers quickly.") is None
    assert split_compound("Acme sold tea and coffee in Kenya.") == ["Acme sold tea and coffee in Kenya."]
    assert split_compound("Acme sold tea in Kenya, and Beta sold bikes in Lyon.") == [
        "Acme sold tea in Kenya.", "Beta sold bikes in Lyon."]
    # "the same year as" says a second event happened then: each is checked with the date on its own.
    assert split_compound("Alipay was created in 2009, the same year as the first Double 11.") == [
        "Alipay was created in 2009.", "the first Double 11 in 2009."]
    assert split_compound("Cainiao was born in 2013, the same year as Alipay.") == [
        "Cainiao was born in 2013.", "Alipay in 2013."]
    assert split_compound("Hema and Ele.me did the same as Cainiao.") == ["Hema and Ele.me did the same as Cainiao."]
    text = "Mr. Ma founded Alibaba in 1999. It grew fast.\n\nDid it? Yes."
    sentences = split_sentences(text)
    assert [s.text for s in sentences] == ["Mr. Ma founded Alibaba in 1999.", "It grew fast.", "Did it?", "Yes."]


@pytest.mark.parametrize(("claim", "evidence", "missing", "expected"), [
    # A destination the evidence names otherwise: not support.
    ("She drove the meals to local schools.", "She drove the meals to the local hospitals.", ["schools"],
     ("to local schools", "to local hospitals")),
    # "to" before a verb is no destination.
    ("Alipay was created to make online payments safer.", "Alipay was created to provide safe payments.",
     ["online"], None),
    ("Alibaba decided to donate masks.", "Alibaba gave masks to the hospitals.", ["donate"], None),
    # The same source, then a narrower one.
    ("Supplies came from across the country.", "Supplies came from all over the country, particularly from "
     "the Hubei province.", ["across"], None),
])
def test_another_filler_of_the_same_role(claim: str, evidence: str, missing: list[str], expected) -> None:
    from caseqa.claims.compare import other_filler

    assert other_filler(claim, evidence, missing) == expected


def test_acronyms_of_words_spelt_out() -> None:
    from caseqa.language.terms import acronym_in
    text = ("research institutions, Centers for Disease Control and Prevention or others; "
            "its Advanced Technologies Group")
    assert acronym_in("CDCs", text) and acronym_in("CDC", text) and acronym_in("ATG", text)
    assert not acronym_in("CDP", text) and not acronym_in("AI", "artificial intelligence")
    assert not acronym_in("Cloud", text)



def test_names_spelt_out_that_the_text_gives_by_their_initials() -> None:
    from caseqa.language.terms import initials_in
    assert initials_in("United States", "offices in the U.S. and internationally")
    assert initials_in("United States", "sales in the US.") and initials_in("United Kingdom", "the UK market")
    assert not initials_in("United States", "USB ports") and not initials_in("United States", "its status")
    assert not initials_in("Uber", "U")  # one word has no initials



def test_none_of_negates() -> None:
    from caseqa.claims.text import negated
    assert negated("None of our employees are represented by a labor union.")
    assert not negated("Some of our employees are represented by a labor union.")



def test_no_that_states_a_price_or_a_limit_denies_nothing() -> None:
    from caseqa.claims.text import negated
    assert not negated("Alibaba Cloud offered the technology to institutions at no charge.")
    assert not negated("Drivers pay at no extra cost.") and not negated("It was due no later than March.")
    assert not negated("It took no more than ten days.")
    assert negated("There was no food in the store.") and negated("The truck did not arrive.")


def test_a_time_of_day_belongs_to_its_own_event(seed_engine) -> None:
    # The case: "They left Anhui at 7pm the day before ... arrived in Wuhan at 5am in the morning".
    departure = seed_engine.check("The truckload of masks that reached Wuhan on January 26 had set off from Anhui "
                                  "the previous evening.")[0]
    assert departure.label != CONTRADICTED, departure.reasons
    assert not any("≈ morning" in r for r in departure.reasons), departure.reasons  # opposites are no paraphrase
    arrival = seed_engine.check("The truck of masks arrived in Wuhan late in the evening of January 26.")[0]
    assert arrival.label == CONTRADICTED, arrival.reasons


def test_figure_verbs_are_part_of_the_figure() -> None:
    claim = Claim.parse("The insurance reached 100,000 sign-ups in four hours and passed one million "
                        "within three days.")
    assert set(claim.terms) == {"insur", "sign"}  # not "reach", "pass" nor the "ups" of "sign-ups"
    passed = [q for q in claim.quantities if q.text == "passed one million"]
    assert passed and passed[0].bound == Bound.LOWER and passed[0].low == 1_000_000
    assert "stood" not in Claim.parse("Equity stood at about $1.68 billion.").words.values()
    assert "reach" in Claim.parse("Sales reached new highs in 2021.").terms  # no figure after it


def test_names_that_open_a_sentence() -> None:
    doc = "Alibaba was the first platform. It worked with Cainiao."
    assert entities("JD.com was the first platform.", doc) == ["JD.com"]
    assert entities("ShuiFeng joined later.", doc) == ["ShuiFeng"]
    assert entities("According to the team, it worked.", doc) == []


def test_a_part_with_only_figures_is_not_split_off() -> None:
    assert len(split_compound("The insurance had reached 100,000 sign-ups, and it passed one million within "
                              "three days.")) == 1


def test_phrasal_changes_are_opposites() -> None:
    assert opposite_words("Hema scaled back the stock it sent.", "they increased the stock") == ("scaled back",
                                                                                             "increased")
    assert opposite_words("Lyft ramped up hiring.", "Lyft decreased hiring") == ("ramped up", "decreased")
    # A change said with a copula: "were down" is the opposite of "increasing".
    assert opposite_words("Active Riders were down by almost half.", "the number of Active Riders increasing "
                          "49.2%") == ("were down", "increasing")
    assert opposite_words("Active Riders were up by almost half.", "the number of Active Riders increasing "
                          "49.2%") is None
    # A change said by a stronger verb is one too: dropped against an increase, surged against a fall.
    assert opposite_words("Orders on Hema dropped during the epidemic.", "the orders on Hema have witness 6 times "
                          "increase") == ("dropped", "increase")
    assert opposite_words("Demand for masks surged.", "demand for masks fell") == ("surged", "fell")
    assert opposite_words("Demand for masks surged.", "demand for masks increased") is None
    # A court's ruling on the one below: upheld is the opposite of overturned.
    assert opposite_words("The UK Supreme Court overturned the tribunal's ruling.", "the Supreme Court of the UK "
                          "upheld the tribunal ruling") == ("overturned", "upheld")
    # A result said as a sign is the opposite of its profit or loss.
    assert opposite_words("Adjusted EBITDA was still negative for 2021.", "marking our first annual Adjusted EBITDA "
                          "profitability") == ("negative", "profitability")



def test_what_a_deal_was_paid_with() -> None:
    evidence = "we completed the acquisition of Transplace in an all-cash transaction, allowing us to expand"
    assert opposite_words("Uber paid for its acquisition of Transplace entirely in stock.", evidence) == ("stock",
                                                                                                     "all cash")
    assert opposite_words("Uber acquired Transplace in an all-cash deal.", evidence) is None
    # Cash and stock outside a deal are no opposites: a balance sheet holds both.
    assert opposite_words("Lyft held more stock at year end.", "Lyft held more cash at year end") is None


def test_one_shared_word_does_not_bind_a_figure_against_one_that_agrees(seed_engine) -> None:
    # "signed up" is said once for 10,000, 100,000 and more than 1 million: the million is not 10,000.
    verdict = seed_engine.check("It took around two weeks for the insurance to pass one million sign-ups.")[0]
    assert not [r for r in verdict.reasons if "10,000" in r], verdict.reasons


def test_a_place_where_the_event_happened_must_be_in_the_window() -> None:
    assert event_place("In December 2021 Lyft launched a service in Las Vegas with Ford.", "Las Vegas")
    # A place describing someone in a clause of its own may come from the sentences before the window.
    assert not event_place("Huang Hui, who works at a Hema store in Wuhan, drove lunch boxes.", "Wuhan")
    assert not event_place("Lyft partnered with Ford in 2021.", "Ford")


def test_the_word_after_a_figure_says_whose_figure_it_is() -> None:
    text = "our employee base was 59% male and 39% female"
    claim = Claim.parse("At the end of 2021, 59% of Lyft's employees were women.")
    fifty_nine, thirty_nine = [q for q in extract(text) if q.text.endswith("%")]
    assert _qualified_otherwise(text, fifty_nine, claim)
    assert not _qualified_otherwise(text, thirty_nine, claim)


def test_no_before_a_noun_negates() -> None:
    assert negated("No Lyft employees are unionized.")
    assert not negated("Lyft ranked No. 1 in the survey.")


def test_a_level_said_to_go_up_where_the_row_went_down() -> None:
    from caseqa.claims.compare import row_direction
    from caseqa.types import TableRow
    row = TableRow(0, 40, "Research and development", ("2,205", "2,054"), ("2020", "2021"), None, "millions")

    def reason(text: str) -> str | None:
        claim = Claim.parse(text)
        money = next(q for q in claim.quantities if q.text.endswith("billion"))
        return row_direction(claim, money, row)

    assert reason("Research and development spending went up in 2021, to about $2.1 billion.") == (
        "claim says went up; the case's Research and development went from 2,205 (2020) to 2,054 (2021)")
    assert reason("Research and development spending fell in 2021, to about $2.1 billion.") is None
    assert reason("Research and development spending was about $2.1 billion in 2021.") is None  # no direction
    assert reason("Research and development spending rose by about $0.2 billion in 2021.") is None  # a change


def test_what_the_question_names_may_be_said_by_its_acronym_or_spelt_out() -> None:
    from caseqa.retrieve.weak import _said_short_or_long
    question = "How much has Lyft committed to spend on Amazon Web Services?"
    assert _said_short_or_long("web", question, "Under the agreement with AWS, we committed to spend ...")
    assert not _said_short_or_long("web", question, "Under the agreement with Google, we committed ...")
    assert _said_short_or_long("ceo", "What share of the votes does CEO Logan Green control?",
                               "Logan Green, our co-founder, Chief Executive Officer and a member of our board")
    assert not _said_short_or_long("ant", "How much does the Ant Insurance policy pay?", "AI technology helped")


def test_a_part_that_qualifies_the_one_before_is_not_split_off() -> None:
    assert len(split_compound("Cainiao was the first Alibaba team to get national attention, but only after Wuhan "
                              "had been locked down.")) == 1
    assert len(split_compound("Hema hired 5,000 people, and Cainiao set up 400 hotlines.")) == 2


def test_an_amount_a_share_is_read_unscaled() -> None:
    from caseqa.claims.compare import Outcome, against_table
    from caseqa.types import TableRow
    row = TableRow(0, 40, "Diluted", ("$ (6.81)", "$ (3.86)", "$ (0.29)"), ("2019", "2020", "2021"), None, "millions")
    claim = Claim.parse("On a diluted basis, Uber lost about 29 cents a share in 2021.")
    money = next(q for q in claim.quantities if q.text.endswith("cents"))
    assert against_table(money, claim, [row]) == (Outcome.MATCH, None)
    other = Claim.parse("On a diluted basis, Uber lost about 79 cents a share in 2021.")
    wrong = next(q for q in other.quantities if q.text.endswith("cents"))
    assert against_table(wrong, other, [row])[0] == Outcome.MISMATCH


def test_the_claims_own_verb_missing_from_the_evidence_is_no_support(seed_engine) -> None:
    # The evidence says Huang Hui delivered lunch boxes to hospitals; the claim's new fact is its verb.
    verdict = seed_engine.check("Huang Hui caught the coronavirus while delivering lunch boxes to hospitals.")[0]
    assert verdict.label == NOT_FOUND, verdict.reasons
    assert "the evidence does not say “caught”" in verdict.reasons, verdict.reasons
    # Said in other words, the verb is no gap: the case's "drove his own car to deliver".
    assert seed_engine.check("Huang Hui used his own car to deliver lunch boxes to hospitals.")[0].label == SUPPORTED


def test_how_it_happened_must_be_in_the_evidence(seed_engine) -> None:
    # The case says when the other channel's donations arrived (five days later), not that they were quick.
    claim = "Donations sent to Wuhan Xiehe hospital the same day through another channel arrived just as quickly."
    verdict = seed_engine.check(claim)[0]
    assert verdict.label == NOT_FOUND, verdict.reasons
    assert "the evidence does not say “quickly”" in verdict.reasons, verdict.reasons
    # Said in other words ("rapid rise"), the adverb is no gap; a hedge ("partly") never is one.
    verdict = seed_engine.check("Taobao grew quickly during SARS because people had to stay at home but still "
                                "needed to buy things.")[0]
    assert verdict.label == SUPPORTED, verdict.reasons
    assert manner_adverb("quickly") and manner_adverb("publicly")
    assert not manner_adverb("partly") and not manner_adverb("only") and not manner_adverb("daily")
    assert not manner_adverb("early")  # "in early 2020" says when


def test_a_negation_denies_only_what_follows_it(seed_engine) -> None:
    # "In 2003, the newly-born Alibaba had to assure itself not to be defeated by the epidemic."
    verdict = seed_engine.check("Back in 2003, Alibaba was still a newly born company.")[0]
    assert verdict.label != CONTRADICTED, verdict.reasons
    from caseqa.claims.compare import negated_where_aligned
    claim = Claim.parse("Hema raised its prices in Wuhan.")
    assert negated_where_aligned(claim, "Hema promised that it would not raise the price in Wuhan.")
    assert not negated_where_aligned(claim, "Hema raised its prices in Wuhan, not to be outdone.")


def test_a_word_of_the_cases_own_phrase_is_no_reversal(seed_engine) -> None:
    # The case calls it the "shared staff" model; WordNet sets "shared" against "joined".
    verdict = seed_engine.check("Hema's 'shared staff' scheme brought in more than 1,800 borrowed workers from "
                                "restaurants, hotels and other companies by February 10.")[0]
    assert verdict.label != CONTRADICTED, verdict.reasons


def test_a_common_word_the_case_never_uses_may_say_its_words_otherwise(seed_engine) -> None:
    # "people had to stay at home": "stuck at home" says it in other words; "drones" is a new thing.
    verdict = seed_engine.check("Taobao rose rapidly partly because people were stuck at home but still needed "
                                "to buy things.")[0]
    assert verdict.label == SUPPORTED, verdict.reasons
    verdict = seed_engine.check("Taobao rose rapidly because people were stuck at home and bought drones.")[0]
    assert verdict.label == NOT_FOUND and "the case never mentions: drones" in verdict.reasons, verdict.reasons


def test_a_sentence_about_other_actors_lends_its_facts_to_no_name_around_it(seed_engine) -> None:
    # "there were also some organizations which ... required the relevant departments or charity
    # organization to provide a name list" is about others; Ant Insurance is named two sentences on.
    verdict = seed_engine.check("Ant Insurance relied on name lists supplied by government departments and "
                                "charities to reach medical staff.")[0]
    assert verdict.label != SUPPORTED, verdict.reasons


def test_a_place_is_swapped_only_for_another_place(seed_engine) -> None:
    # "These masks were the first donation Alibaba Group sent to Wuhan. They left Anhui at 7pm ...":
    # Alibaba Group fills the object slot of another verb, not the place the truck left.
    verdict = seed_engine.check("Working with Cainiao, Alibaba sent its first donation to Wuhan, a truck carrying "
                                "100,000 masks that left Anhui in the evening and arrived early on January 26.")[0]
    assert not any("the case names Alibaba Group" in r for r in verdict.reasons), verdict.reasons
    assert verdict.label != CONTRADICTED, verdict.reasons


def test_a_preposition_that_opens_a_claim_is_no_name() -> None:
    assert entities("Outside the United States, Lyft has offices in Montreal.") == ["United States", "Lyft", "Montreal"]


def test_a_name_said_word_by_word_is_no_swap() -> None:
    from caseqa.claims.compare import entity_swap
    from caseqa.claims.text import named_in
    evidence = "On February 19, 2021, the Supreme Court of the UK upheld the tribunal ruling that the Drivers using " \
               "the App in 2016 were workers."
    assert named_in("UK Supreme Court", evidence)
    from test_claims_filings import window_of
    claim = Claim.parse("In February 2021 the UK Supreme Court upheld the tribunal ruling that Uber drivers were "
                        "workers.")
    assert entity_swap(claim, window_of(evidence, claim), evidence, evidence, frozenset({"uber"})) is None


def test_a_name_with_a_hyphenated_ending_is_named_word_by_word() -> None:
    from caseqa.claims.text import named_in
    assert named_in("AI-based COVID-19", "its AI technology would open COVID-19 detection technology access")


def test_a_claim_with_figures_the_window_lacks_names_another_event_not_a_swapped_name(seed_engine) -> None:
    # The case's first donation was sent to Wuhan; it says nothing of 10 million masks shipped to Italy.
    verdict = seed_engine.check("Alibaba shipped 10 million masks to Italy in March 2020.")[0]
    assert verdict.label == NOT_FOUND, verdict.reasons


def test_evidence_holding_every_term_may_read_unlike_a_claim_it_supports(seed_engine) -> None:
    # "In the past 20 years, there were a number of key turning points in the history of Alibaba: the
    # experience of the SARS epidemic and the battle between Taobao and eBay in 2003, ...": a long list.
    verdict = seed_engine.check("Getting through the SARS epidemic became one of the key turning points in its "
                                "history.")[0]
    assert verdict.label == SUPPORTED, verdict.reasons


def test_a_sentence_ending_in_initials_ends_before_a_word_that_opens_sentences() -> None:
    text = ("Verizon ended the year with approximately 117,100 employees, 89% of whom were based in the U.S. "
            "In my view, Verizon's bet on spectrum makes it the most attractive telecom stock to own today.")
    sentences = split_sentences(text)
    assert [s.text[-10:] for s in sentences] == ["n the U.S.", "own today."]
    assert sentences[1].skip is not None  # the opinion is skipped, the fact is checked
    # Initials before a name stay inside the sentence.
    assert len(split_sentences("Sales to U.S. Steel rose by a third in 2022. We grew.")) == 2


def test_a_consequence_an_essay_draws_is_framing_not_the_claim() -> None:
    from caseqa.claims.essay import without_frame
    assert without_frame("As a result, free cash flow fell to about $12.1 billion.") == (
        "free cash flow fell to about $12.1 billion.")
    assert without_frame("Consequently, the company cut its dividend.") == "the company cut its dividend."


@pytest.mark.parametrize(("claim", "label"), [
    # "it took Ant Financial staff only 13 hours" to build it is another span than the sign-ups' hour.
    ("Within an hour of going live, Ant's insurance for medical staff had 10,000 sign-ups.", "not_found"),
    # "100,000 people in 4 hours" states the claim's two figures together.
    ("About four hours after launch, 100,000 people had signed up.", "supported"),
    ("Just one hour after launch, 100,000 people had signed up.", "contradicted"),
])
def test_a_time_span_is_read_with_the_amount_it_is_said_with(seed_engine, claim: str, label: str) -> None:
    verdict = seed_engine.check(claim)[0]
    assert verdict.label.value == label, verdict.reasons
