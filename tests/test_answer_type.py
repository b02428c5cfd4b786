"""The kind of answer a question asks for, and whether a sentence offers one (small real sentences)."""

from __future__ import annotations

import pytest

from caseqa.language.answer_type import (
    AnswerType,
    actor_next,
    asked,
    explains_previous,
    figure_asked,
    gives_figure,
    named_before,
    offering,
    offers,
    said_next,
)


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("How many hotlines did Cainiao set up?", AnswerType.QUANTITY),
        ("How much sleep did the team get each night?", AnswerType.QUANTITY),
        ("What percentage of orders came from Wuhan?", AnswerType.QUANTITY),
        ("What weighted-average discount rate applied to the operating leases?", AnswerType.QUANTITY),
        ("What interest rate do the convertible notes carry?", AnswerType.QUANTITY),
        ("What did Alibaba share with its partners?", AnswerType.OTHER),
        ("How long did it take to launch the insurance product?", AnswerType.DURATION),
        ("In how many days was the hospital built?", AnswerType.DURATION),
        ("In what year did the Normans conquer England?", AnswerType.DATE),
        ("When did the truck reach Wuhan?", AnswerType.DATE),
        ("Why did Taobao warn mask sellers?", AnswerType.CAUSE),
        ("Who was the product owner of the insurance team?", AnswerType.PERSON),
        ("Which company did Ele.me bring in to store fresh food?", AnswerType.ORGANISATION),
        ("What is the name of the local cold-chain company?", AnswerType.ORGANISATION),
        ("The Normans came from which country?", AnswerType.PLACE),
        ("Where did the first donation of masks set off from?", AnswerType.PLACE),
        ("How did the warehouse make deliveries faster?", AnswerType.METHOD),
        ("What did Taobao tell mask sellers?", AnswerType.OTHER),
        # The first question word decides; "who", "when" and "where" after a noun open a clause.
        ("Who was Alibaba's CEO when the outbreak began?", AnswerType.PERSON),
        ("What did Fliggy staff do for healthcare workers who could not get home?", AnswerType.OTHER),
        ("What happened when the truck arrived?", AnswerType.OTHER),
        ("When did the man who founded the company retire?", AnswerType.DATE),
        ("The Normans were led by whom?", AnswerType.PERSON),
        ("Jesus was born where?", AnswerType.PLACE),
        ("What was the maximum payout per medical worker?", AnswerType.QUANTITY),
        # "the main reason", "the key drivers": a cause, whatever adjective comes before it.
        ("What was the main reason Lyft's cost of revenue rose in 2021?", AnswerType.CAUSE),
        ("What were the key drivers of Delivery's growth?", AnswerType.CAUSE),
        ("What explains Uber's much smaller net loss in 2021?", AnswerType.CAUSE),
        ("What was wrong with the usual way of giving insurance through a name list?", AnswerType.CAUSE),
    ],
)
def test_the_kind_of_answer_a_question_asks_for(question: str, kind: AnswerType) -> None:
    assert asked(question) is kind


def test_a_figure_is_offered_only_when_the_question_does_not_state_it_already() -> None:
    sentence = "Cainiao dedicated 400 hotlines to collect the requests for resources."
    assert offers(AnswerType.QUANTITY, sentence, "How many hotlines did Cainiao set up?")
    assert not offers(AnswerType.QUANTITY, sentence, "How many of the 400 hotlines were in Hubei?")
    assert not offers(AnswerType.QUANTITY, "Cainiao set up hotlines for requests.", "How many hotlines?")


def test_a_duration_a_date_and_a_cause() -> None:
    assert offers(AnswerType.DURATION, "It took the staff only 13 hours to launch it online.", "How long did it take?")
    assert not offers(AnswerType.DURATION, "It was launched online on 26th January.", "How long did it take?")
    assert offers(AnswerType.DATE, "It was launched online on 26th January.", "When was it launched?")
    assert offers(AnswerType.CAUSE, "Sellers were warned because prices of masks had soared.", "Why were they warned?")
    assert not offers(AnswerType.CAUSE, "Sellers were warned about the prices of masks.", "Why were they warned?")
    # A filing's way of giving a cause.
    assert offers(AnswerType.CAUSE, "Revenue increased $843.6 million, or 36%, driven primarily by the increase in "
                  "the number of Active Riders.", "Why did revenue go up?")


def test_a_name_the_question_already_uses_is_not_the_answer() -> None:
    sentence = "According to Ben Tan, the product owner of the team, the work never stopped."
    assert offers(AnswerType.PERSON, sentence, "Who was the product owner of the insurance team?")
    assert not offers(AnswerType.PERSON, sentence, "What did Ben Tan say about the work?")
    assert offers(AnswerType.ORGANISATION, "Ele.me found a local company called WanDunTong.",
                  "Which company did Ele.me find?")


def test_a_place_is_a_name_where_a_place_goes_that_the_question_does_not_name() -> None:
    question = "Where did Alibaba's first mask donation to Wuhan set off from?"
    assert offers(AnswerType.PLACE, "They left Anhui at 7pm the day before.", question)
    assert not offers(AnswerType.PLACE, "These masks were the first donation Alibaba Group sent to Wuhan.", question)


def test_a_possessive_in_the_question_still_names_what_is_asked_about() -> None:
    question = "What was the name of the cold-chain company that Ele.me's fresh department brought in?"
    assert not offers(AnswerType.ORGANISATION, "It met the expectation of Ele.me.", question)
    assert offers(AnswerType.ORGANISATION, "Ele.me found a local company called WanDunTong.", question)


@pytest.mark.parametrize(("question", "label"), [
    ("What percentage of orders came from Wuhan?", "a percentage or rate"),
    ("What was Uber's employee attrition rate in 2021?", "a percentage or rate"),
    ("What interest rate did MYBANK charge on the loans?", "a percentage or rate"),
    ("What was Lyft's share of the U.S. ridesharing market?", "a percentage or rate"),
    ("How many self-pickup points did Eleme open in Wuhan?", "a figure for “self-pickup points”"),
    # Any count may stand for people.
    ("How many people signed up in the first hour?", "a figure"),
    ("How much did Uber spend on research and development in 2021?", "an amount of money"),
    ("What was the average fare per ride?", "an amount of money"),
    ("How much did Hema's orders grow?", "a figure"),  # a change: a multiple or a percentage answers it
    ("What was Alibaba's revenue in 2020?", "an amount of money"),
    ("What hourly wage did Hema pay the borrowed employees?", "an amount of money"),
    # "In how many" counts what follows it; only "in how many days" asks how long.
    ("In how many U.S. cities does Lyft's ridesharing service operate?", "a figure for “U.S. cities”"),
    # A money noun after a long possessive, and a filing's measures of money.
    ("What was CEO Logan Green's total compensation for 2021?", "an amount of money"),
    ("What were Lyft's Gross Bookings for 2021?", "an amount of money"),
    ("What net loss did Lyft report for fiscal 2021?", "an amount of money"),
    # An amount per share of stock is money, no share of a whole.
    ("What was Lyft's net loss per share in 2021?", "an amount of money"),
])
def test_the_figure_a_question_asks_for(question: str, label: str) -> None:
    wanted = figure_asked(question)
    assert wanted is not None and wanted.label == label


@pytest.mark.parametrize("question", ["What did Taobao tell mask sellers?", "When was Alipay created?",
                                      "What was the rate of growth of the city?",
                                      # A currency's name that is a dynasty's, a price compared in words.
                                      "What was the Yuan's Persian ally?",
                                      "What is the comparison in price between private schools and public?",
                                      # "What costs does it create" asks which costs, not how much.
                                      "What extra costs does Proposition 22 create for Lyft in California?",
                                      # How fast: "rapidly" answers it as often as a figure does.
                                      "At what rate is Orange County developing its business centers?"])
def test_a_question_that_asks_for_no_figure(question: str) -> None:
    assert figure_asked(question) is None


def test_a_figure_counting_something_else_does_not_answer() -> None:
    sentence = "The next day, more than 200 deliverymen from another eCommerce platform joined Hema."
    assert not gives_figure(figure_asked("How many masks did the platform send?"), sentence, "How many masks?")
    # The counted word may sit inside a longer one.
    question = "How many delivery workers joined Hema?"
    assert gives_figure(figure_asked(question), sentence, question)
    question = "How many holders of record of Class A common stock were there?"
    assert gives_figure(figure_asked(question), "There were approximately 231 stockholders of record.", question)
    # Those who work somewhere are counted under any of their names, but not as riders.
    question = "How many workers had joined Hema by February 10th?"
    assert gives_figure(figure_asked(question), "More than 1800 employees joined Hema.", question)
    assert not gives_figure(figure_asked(question), "More than 1800 riders joined Hema.", question)
    # A length of time does not count people ("5.8 million hours of learning" for how many employees); it
    # does answer how many hours.
    question = "How many employees did Boeing have?"
    assert not gives_figure(figure_asked(question), "Boeing employees completed 5.8 million hours of learning.",
                            question)
    assert gives_figure(figure_asked(question), "Boeing had 156,000 employees.", question)
    # "How big is the workforce" counts people, not a share of them.
    question = "Roughly how big is Pfizer's workforce?"
    assert not gives_figure(figure_asked(question), "Women compose approximately 49% of our global workforce.",
                            question)
    assert gives_figure(figure_asked(question), "We employed approximately 79,000 people worldwide.", question)
    question = "How many nurses' hours did the hospital staff complete?"
    assert gives_figure(figure_asked(question), "The staff completed 5.8 million hours of nursing.", question)


def test_a_share_is_not_answered_by_a_count() -> None:
    question = "What share of Hema's orders came from Wuhan?"
    assert not gives_figure(figure_asked(question), "Hema delivered 10,000 orders in Wuhan.", question)
    assert gives_figure(figure_asked(question), "Wuhan gave 12% of Hema's orders.", question)


def test_money_is_an_amount_of_money_or_a_bare_figure_of_a_table() -> None:
    question = "How much were the borrowed staff paid per hour?"
    wanted = figure_asked(question)
    assert not gives_figure(wanted, "More than 1,800 employees joined Hema.", question)
    assert gives_figure(wanted, "They were paid RMB 30 an hour.", question)
    question = "How much did Uber spend on research and development in 2021?"
    assert gives_figure(figure_asked(question), "Research and development | 4,836 | 2,205", question)


def test_years_in_a_cell_are_no_money() -> None:
    wanted = figure_asked("What was Uber's revenue in Brazil?")
    assert wanted is not None and wanted.money
    assert not gives_figure(wanted, "Brazil | 2016 - 2021", "What was Uber's revenue in Brazil?")
    assert gives_figure(wanted, "Revenue | 17,455 | 11,139", "What was Uber's revenue in Brazil?")


def test_a_sentence_that_explains_the_one_before_answers_why() -> None:
    stated = "Cost of revenue increased $202.0 million, or 14%, in 2021 as compared to the prior year."
    explained = "The increase was due primarily to an increase of $160.6 million in insurance costs."
    assert explains_previous(AnswerType.CAUSE, stated, explained)
    assert explains_previous(AnswerType.CAUSE, "The usual model required a name list.",
                             "This model had two problems: one, there is no way to reach the medical staff.")
    # Not when the sentence gives its own cause, nor for another kind of question, nor for any sentence.
    assert not explains_previous(AnswerType.CAUSE, "Costs rose because of insurance.", explained)
    assert not explains_previous(AnswerType.QUANTITY, stated, explained)
    assert not explains_previous(AnswerType.CAUSE, stated, "Revenue increased 36% in 2021.")


def test_a_sentence_referring_back_gives_way_to_the_one_naming_what_is_asked() -> None:
    question = "Which company with cold storage did Ele.me team up with?"
    previous = "The Fresh Department under Ele.me found a local company called WanDunTong."
    sentence = "It had its own cold storage, which met the expectation of Ele.me."
    assert named_before(AnswerType.ORGANISATION, sentence, previous, question)
    # Not when the sentence names something itself, nor for another kind of question.
    assert not named_before(AnswerType.ORGANISATION, "It worked with Hema on cold storage.", previous, question)
    assert not named_before(AnswerType.QUANTITY, sentence, previous, question)


def test_a_figure_asked_is_read_from_the_row_under_a_header_line() -> None:
    q = "What weighted-average discount rate applied to Lyft's operating leases?"
    lines = ["Weighted-average remaining lease term (years)", "Operating leases | 5.6 | 6.3",
             "Weighted-average discount rate", "Operating leases | 6.3 % | 6.4 %", "Finance leases | 2.8 % | 4.7 %"]
    logits = [0.1, 0.2, 0.9, 0.5, 0.3]
    assert offering(AnswerType.QUANTITY, lines, 2, logits, q) == 3
    # A row above the header is another measure's; the header line stands when no row under it has a figure.
    assert offering(AnswerType.QUANTITY, lines[:3], 2, logits[:3], q) == 2
    # A prose sentence the model chose stands, figure or not; so does a header line for a question of another kind.
    prose = ["The Company leases office space.", "Its leases carry a discount rate of 6.3%."]
    assert offering(AnswerType.QUANTITY, prose, 0, [0.9, 0.1], q) == 0
    assert offering(AnswerType.OTHER, lines, 2, logits, q) == 2


def test_a_named_rate_is_money_only_when_it_is_a_price() -> None:
    question = "What interest rate did MYBANK charge on its loans to small businesses?"
    loans = "MYBANK provided loans of RMB 50-100 billion to small and medium-sized enterprises."
    assert not gives_figure(figure_asked(question), loans, question)
    hourly = "What hourly rate did Hema pay the borrowed staff?"
    assert gives_figure(figure_asked(hourly), "Hema paid the borrowed staff RMB 25 an hour.", hourly)
    assert asked("In how many days did Eleme launch the service?") == AnswerType.DURATION


def test_a_sentence_referring_back_gives_what_the_one_before_does_not() -> None:
    question = "Where did Alibaba's first mask donation to Wuhan set out from?"
    sentence, following = "These masks were the first donation Alibaba Group sent to Wuhan.", \
        "They left Anhui at 7pm the day before."
    assert said_next(AnswerType.PLACE, sentence, following, question)
    # Not when the sentence chosen gives a place itself, nor when the next one does not refer back.
    assert not said_next(AnswerType.PLACE, "The masks were sent from Anhui to Wuhan.", following, question)
    assert not said_next(AnswerType.PLACE, sentence, "Trucks left Anhui at 7pm the day before.", question)


def test_a_sentence_setting_the_scene_gives_way_to_the_next_that_says_what_the_one_asked_about_did() -> None:
    question = "What did Fliggy staff do for healthcare workers who couldn't get home between shifts?"
    scene = "Some of the healthcare staff could not get back to home as they take around the clock shifts."
    deed = ("The Fliggy employees would contact the nearby local hotels to provide free accommodations to the "
            "healthcare staff.")
    assert actor_next(AnswerType.OTHER, scene, deed, question)
    how = "How did Fliggy respond to travel cancellations?"
    assert actor_next(AnswerType.METHOD, "The turn of events saw many people cancelling their travel plans including "
                      "flight tickets.", "Fliggy was the first to issue the refund notices on multiple channels "
                      "including Alipay on 21st January.", how)
    # Not when the sentence chosen already names who is asked about, nor when the next refers back (it
    # continues the sentence chosen), nor when the question names no one, nor for a figure asked for.
    assert not actor_next(AnswerType.OTHER, "Fliggy staff drove the healthcare staff home.", deed, question)
    assert not actor_next(AnswerType.OTHER, scene, "They were offered rooms by Fliggy employees.", question)
    assert not actor_next(AnswerType.OTHER, scene, deed, "what did the staff do for healthcare workers?")
    assert not actor_next(AnswerType.QUANTITY, scene, deed, "How many hotels did Fliggy contact?")
    # Nor when the question asks for a thing, not what an actor did, or the sentence chosen refers back.
    libraries = ("Cabot Science Library, Lamont Library, and Widener Library are three of the most popular "
                 "libraries for undergraduates to use.")
    special = "There are rare books and other special collections throughout Harvard's libraries."
    assert not actor_next(AnswerType.OTHER, libraries, special,
                          "What are the most popular libraries for undergraduates in the Harvard system?")
    assert not actor_next(AnswerType.OTHER, "It suffered about 30% loss in 2008-09.",
                          "In December 2008, Harvard announced that its endowment had lost 22%.",
                          "How did Harvard's endowment fare in the financial crisis?")


def test_shares_of_stock_are_no_share_of_a_whole() -> None:
    """"share count", "share-based compensation" speak of shares of stock: a count or an amount, not a percentage."""
    from caseqa.language.answer_type import figure_asked
    from caseqa.language.quantities import Kind

    count = figure_asked("What weighted-average share count did Lyft use to compute its 2021 net loss per share?")
    assert count is not None and Kind.COUNT in count.kinds and Kind.PERCENT not in count.kinds
    stock = figure_asked("What was the share-based compensation expense?")
    assert stock is not None and Kind.PERCENT not in stock.kinds
    share = figure_asked("What share of revenue came from Mobility?")
    assert share is not None and Kind.PERCENT in share.kinds


def test_two_sentences_setting_the_scene_give_way_to_the_one_that_says_what_the_actor_did() -> None:
    from caseqa.language.answer_type import actor_ahead

    question = "What did Fliggy do for customers who had to call off their Chinese New Year travel?"
    sentences = ["The outbreak happened during the Chinese New Year festival when most people had booked tickets.",
                 "The turn of events saw many people cancelling their travel plans including flight tickets.",
                 "Fliggy was the first to issue the refund notices on multiple channels including Alipay.",
                 "Fliggy also helped healthcare staff find hotels."]
    assert actor_ahead(AnswerType.OTHER, sentences, 0, question) == 2
    assert actor_ahead(AnswerType.OTHER, sentences, 1, question) == 2
    # Not past a sentence between that names someone else (it is another actor's scene) ...
    other = [sentences[0], "Airlines like China Eastern cancelled flights.", sentences[2]]
    assert actor_ahead(AnswerType.OTHER, other, 0, question) == 0
    # ... nor further than two sentences on.
    far = [sentences[0], sentences[1], "Many trains were cancelled too.", sentences[2]]
    assert actor_ahead(AnswerType.OTHER, far, 0, question) == 0


def test_why_something_could_not_be_done_is_answered_by_the_obstacle_met_next() -> None:
    from caseqa.language.answer_type import explains_previous

    question = "Why couldn't Eleme simply rely on convenience stores as self-pickup points in Wuhan?"
    tried = ("At that time, the first thing that came to Eleme team's mind was contacting the local partners, "
             "starting from the convenience store.")
    obstacle = "But then the team found that there are not many convenience stores open during the Spring Festival."
    assert explains_previous(AnswerType.CAUSE, tried, obstacle, question)
    # Not for a question that asks why something happened, nor for a next sentence that only goes on.
    assert not explains_previous(AnswerType.CAUSE, tried, obstacle, "Why did Eleme contact convenience stores?")
    assert not explains_previous(AnswerType.CAUSE, tried, "But then the team called the bakeries.", question)


def test_what_was_done_once_something_failed_is_the_next_step_not_the_failure() -> None:
    from caseqa.language.answer_type import next_step

    question = ("How did the Eleme team try to get self-pickup points once convenience stores and bakeries turned "
                "out to be closed?")
    failure = "After that, Eleme team tried to find some bakery stores, but still ended up with the same problem."
    step = "Later, Eleme tried to contact the local government, hoping it could open its offices as pickup points."
    assert next_step(AnswerType.METHOD, failure, step, question)
    # Not when the sentence chosen is no part of the failure, nor when the next does not go on to a step,
    # nor for a question with no failure before it.
    assert not next_step(AnswerType.METHOD, "Eleme served fresh food in Wuhan.", step, question)
    assert not next_step(AnswerType.METHOD, failure, "Eleme contacted the local government.", question)
    assert not next_step(AnswerType.METHOD, failure, step, "How did the Eleme team get self-pickup points?")


def test_a_portion_or_a_rate_asked_with_how_much_is_answered_by_a_percentage() -> None:
    from caseqa.language.answer_type import figure_asked
    from caseqa.language.quantities import Kind
    portion = figure_asked("What portion of the company's total sales came from its biggest customer?")
    assert Kind.PERCENT in portion.kinds
    asked = figure_asked("How much input cost inflation does management anticipate for fiscal 2023?")
    assert {Kind.PERCENT, Kind.MONEY} <= asked.kinds
    assert figure_asked("How much did General Mills spend on research in fiscal 2022?").money
    # "net of the current portion" asks an amount, not a share.
    assert figure_asked("How much long-term debt, net of the current portion, did Uber carry at the end of 2021?").money


def test_he_or_she_asked_who_holds_an_office_is_the_person_named_before() -> None:
    previous = ("Matthew Friend, Executive Vice President and Chief Financial Officer — Mr. Friend, 45, joined NIKE in "
                "2009 and leads the Company's finance organizations.")
    sentence = ("He joined NIKE as Senior Director of Corporate Strategy and Development, and was appointed Chief "
                "Financial Officer of Emerging Markets in 2011.")
    assert named_before(AnswerType.PERSON, sentence, previous, "Who is Nike's chief financial officer?")
    # Not for a question about a company: the offices it names are new names there.
    assert not named_before(AnswerType.ORGANISATION, sentence, previous, "Which company did Nike buy?")


def test_an_incident_rate_is_a_bare_number_not_only_a_share() -> None:
    """Corning: "a Company-wide TRIR of just 0.46 in 2022" answers "What was Corning's workplace injury rate?"."""
    from caseqa.language.answer_type import figure_asked, gives_figure
    from caseqa.language.quantities import Kind
    injury = figure_asked("What was Corning's workplace injury rate in 2022?")
    assert injury is not None and Kind.COUNT in injury.kinds
    assert gives_figure(injury, "Corning's Total Recordable Incident Rate is at world class levels with a "
                                "Company-wide TRIR of just 0.46 in 2022.", "What was Corning's injury rate?")
    interest = figure_asked("What was the average interest rate on Acme's debt in 2022?")
    assert interest is not None and Kind.COUNT not in interest.kinds
