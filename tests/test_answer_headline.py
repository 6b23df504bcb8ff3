"""What a small model's answer leads with, read as a person reads it: the value from the quote,
the model's sentence only when it agrees, honest uncertainty, and requests that are not about
the person's files. Real text, a real vault for keyword search."""

from __future__ import annotations

from pathlib import Path

from engine.answering.headline import (
    ADVICE_TEXT,
    NOT_FOUND_TEXT,
    UNSURE_TEXT,
    WRITING_TEXT,
    about_own_life,
    closest_quotes,
    needs_bigger_model,
    said_earlier,
    sentence_adds,
    small_model_lead,
    value_of,
)
from engine.answering.quotes import Quote
from tests.retrieval_fixtures import vault_fixture  # noqa: F401 - fixture
from vault import Vault

FLIGHT = "- Out: Thursday 1 April, TP1359, London Heathrow 06:40 → Lisbon 09:15"
PLANT = "The big plant by the window needs a drink every nine days; the small ones once a week."
PREMIUM = ("Last year you paid £548.10. Your renewal premium for the coming year is £612.40, "
           "including Insurance Premium Tax at 12%.")
POLICY = ("Your new policy number: HMI-40277815 (this replaces your previous policy number "
          "HMI-39120464, which should no longer be quoted).")
PLUMBER = "The repair will cost 340 euros including parts, and he can come on Tuesday at 8:30."


def test_the_headline_is_the_value_asked_for_word_for_word() -> None:
    assert value_of("What's our flight number to Lisbon?", FLIGHT) == "TP1359"
    assert value_of("How often does the big plant need water?", PLANT) == "nine days"
    assert value_of("How much will the plumber charge?", PLUMBER) == "340 euros"
    assert value_of("What time is the plumber coming?", PLUMBER) == "8:30"
    # Of two values of the kind, the one the question's words point to; not last year's, not
    # the number the file says is replaced.
    assert value_of("How much is the car insurance renewal premium this year?", PREMIUM) == "£612.40"
    assert value_of("What's our new car insurance policy number?", POLICY) == "HMI-40277815"
    cover = "Period of cover: 19 April 2027 to 18 April 2028."
    assert value_of("When does the new car insurance cover start?", cover) == "19 April 2027"
    assert value_of("When does the car insurance run out?", cover) == "18 April 2028"
    bill = "Council Tax: £2,618.40 Scottish Water charges: £1,254.60 Total to pay: £3,873.00"
    assert value_of("What's the whole council tax bill, water included?", bill) == "£3,873.00"
    assert value_of("How much is the council tax?", bill) == "£2,618.40"
    meeting = "Event: Parents' evening When: 2027-03-11T16:40+00:00 to 2027-03-11T16:50+00:00"
    assert value_of("What time is the parents' evening?", meeting) == "16:40"  # not the "+00:00"
    assert value_of("When does the deposit mature?", "It matures on September 12, 2027.") == \
        "September 12, 2027"
    assert value_of("How much does Priya charge?", "Fridays, £12 an hour, walks home.") == "£12 an hour"
    assert value_of("Where is our boat moored?", "Our sailing boat Marigold is moored at pier 7 in "
                    "Harbour Bay.") == "pier 7"
    assert value_of("Which room is the meeting in?", "With Ms. Dunphy in Room 4.") == "Room 4"
    assert value_of("Who is repairing the car?", "An approved repairer, Verulam Motors, will call "
                    "you.") == "Verulam Motors"
    # Nothing of the kind asked for, or several the question does not tell apart (two people,
    # two door codes): no value, and the quote itself is the answer.
    assert value_of("Where's the water stopcock?", "The stopcock is under the kitchen sink.") == ""
    assert value_of("What are the door codes?", "Front door 4471, back door 9902.") == ""
    assert value_of("Who's the new Year 4 teacher?", "We welcome Mrs. Adebayo, who takes over "
                    "Year 4 from Mr. Carr after half-term.") == ""


def test_the_models_sentence_is_shown_only_when_the_quote_holds_all_it_says() -> None:
    question = "What's our flight number to Lisbon?"
    # The wrong sentences: a number the quote does not hold, an echo of the question.
    assert not sentence_adds("The flight number is 1352.", FLIGHT, question, "TP1359")
    assert not sentence_adds("The flight number to Lisbon is TP1359 [1].", FLIGHT, question, "TP1359")
    assert not sentence_adds("The plumber quoted 20 euros for the kitchen sink.", PLUMBER,
                             "How much will the plumber charge?", "340 euros")
    # Without the value, a sentence beside it says something else.
    assert not sentence_adds("The tradesman wants to fix the drain under the sink.", PLUMBER,
                             "How much will the plumber charge?", "340 euros")
    # Agreeing and adding something the quote says: shown.
    assert sentence_adds("Your flight TP1359 leaves Heathrow at 06:40 [1].", FLIGHT, question, "TP1359")


def _quote(text: str, n: int = 1, *, similarity: float = 0.7, shared: int = 1) -> Quote:
    return Quote(text, n, f"/files/{n}.md", f"file {n}", "", similarity, similarity, shared)


def test_a_small_model_leads_with_the_value_the_quote_or_an_honest_hedge() -> None:
    lead = small_model_lead("What's our flight number to Lisbon?", grounding="personal", request="",
                            quotes=[_quote(FLIGHT)])
    assert lead.headline == "TP1359" and lead.generate and lead.check_sentence
    alone = small_model_lead("Where's the water stopcock?", grounding="personal", request="",
                             quotes=[_quote("The stopcock is under the kitchen sink.", 2)])
    assert alone.headline == "“The stopcock is under the kitchen sink.” [2]" and not alone.generate
    unsure = small_model_lead("What can't my pup eat?", grounding="unsure", request="",
                              quotes=[_quote("Biscuit is allergic to chicken.")])
    assert unsure.headline == UNSURE_TEXT and not unsure.generate
    for question in ("Who's the family doctor?", "What is my passport number?"):
        nothing = small_model_lead(question, grounding="not_found", request="", quotes=[])
        assert nothing.headline == NOT_FOUND_TEXT and not nothing.generate
    # A general question that finds nothing is the model's to answer.
    assert small_model_lead("What is the capital of France?", grounding="not_found", request="",
                            quotes=[]).headline == ""


def test_writing_and_explaining_are_not_questions_about_the_files() -> None:
    note = "Write a short thank-you note to my neighbour for watering my plants"
    assert needs_bigger_model(note) == "writing"
    assert needs_bigger_model("Explain the difference between a cash ISA and Premium Bonds.") == "advice"
    assert needs_bigger_model("How does a knee replacement operation work?") == "advice"
    assert needs_bigger_model("How does a sailboat sail against the wind?") == "writing"
    # Asking for one of the person's facts is neither.
    assert needs_bigger_model("Give me Ingrid's phone number") == ""
    assert needs_bigger_model("What's our flight number to Lisbon?") == ""
    lead = small_model_lead(note, grounding="general", request="writing", quotes=[])
    assert lead.headline == WRITING_TEXT and "bigger model" in lead.headline and lead.generate
    advice = small_model_lead("Explain what a mortgage is", grounding="general", request="advice", quotes=[])
    assert advice.headline == ADVICE_TEXT and not advice.generate


def test_questions_about_the_persons_life_need_no_my() -> None:
    assert about_own_life("Who's the family doctor?")
    assert about_own_life("When do the bins go out?")
    assert about_own_life("What is my passport number?")
    assert not about_own_life("What is the capital of France?")
    # A clock time, a phone number, an e-mail address or a code is the person's own to ask for.
    assert about_own_life("What time does the pottery class start?")
    assert about_own_life("What's the alarm panel's e-mail for alerts?")
    assert not about_own_life("When did the Berlin Wall fall?")


def test_a_how_question_about_the_persons_life_is_looked_up_first() -> None:
    from engine.answering.headline import looked_up_first

    assert needs_bigger_model("How do we get hold of the spare key?") == "writing"
    assert looked_up_first("How do we get hold of the spare key?")
    assert looked_up_first("Why does my boiler keep losing pressure?")
    assert not looked_up_first("How does a sailboat sail against the wind?")
    assert not looked_up_first("Write a short thank-you note to my neighbour")


def test_what_the_person_said_earlier_in_the_chat_is_not_nothing() -> None:
    said = ["My cat is called Pixel.", "I'm flying to Lisbon on Friday."]
    assert said_earlier("What is my cat called?", said)
    assert said_earlier("When is my flight to Lisbon?", said)
    # The question's frame ("called") is not what it is about: the dog was never mentioned.
    assert not said_earlier("What is my dog called?", said)
    assert not said_earlier("What is my passport number?", said)
    # Found nothing in the files, but told in this chat: the model answers from the chat.
    assert small_model_lead("What is my cat called?", grounding="not_found", request="", quotes=[],
                            said=said).generate
    lead = small_model_lead("What is my passport number?", grounding="not_found", request="",
                            quotes=[], said=said)
    assert (lead.headline, lead.generate) == (NOT_FOUND_TEXT, False)


def test_the_closest_passages_are_related_ones_one_per_file() -> None:
    found = [_quote("Biscuit is allergic to chicken.", 1, similarity=0.5, shared=0),
             _quote("Biscuit had his jabs in May.", 1, similarity=0.45, shared=0),
             _quote("Walk him twice a day.", 2, similarity=0.42, shared=0),
             _quote("The car is due its MOT.", 3, similarity=0.1, shared=0)]
    pup = "What can't my pup eat?"
    assert [q.text for q in closest_quotes(pup, found)] == ["Biscuit is allergic to chicken.",
                                                            "Walk him twice a day."]
    assert closest_quotes(pup, [_quote("The car is due its MOT.", 3, similarity=0.1, shared=0)]) == []
    # A question that asks for a kind of thing (a passport number: a code) is not answered by a
    # passage that holds none, however close (a phone number).
    phone = _quote("Mobile phone: +47 912 34 567", 2, similarity=0.39, shared=0)
    assert closest_quotes("What is my passport number?", [phone]) == []


def test_keyword_search_reads_abbreviations_as_their_words(vault: Vault, tmp_path: Path) -> None:
    from engine.search.retrieval import keyword_search
    from vault.sources import import_paths

    folder = tmp_path / "files"
    folder.mkdir()
    (folder / "kids.md").write_text("# Minders\n\nOur GP is Dr. Kavanagh at the Parade Medical Centre.\n")
    (folder / "car.md").write_text("# Car\n\nThe MOT is due in May at the garage on Mill Rd.\n")
    import_paths(vault, sorted(folder.iterdir()))
    hits = keyword_search(vault, "Who's the family doctor?", limit=3)
    assert hits and Path(hits[0].path).name == "kids.md"
    assert [Path(h.path).name for h in keyword_search(vault, "Which road is the garage on?")] == ["car.md"]


def test_a_best_quote_that_another_file_rivals_is_shown_as_not_sure() -> None:
    from engine.answering.headline import maybe_quotes, sure_of

    question = "How much is the house insurance this year?"
    this_year = Quote("Your premium for 2027 is €684.50.", 1, "/files/1.md", "House insurance", "", 0.7,
                      0.7, 1)
    rival = _quote("Last year's premium was €629.00.", 2, similarity=0.68)
    far = Quote("The bins go out on Tuesday.", 3, "/files/3.md", "file 3", "", 0.2, 0.2, 0)
    assert sure_of(question, this_year, [this_year, far])
    assert not sure_of(question, this_year, [this_year, rival, far])
    assert maybe_quotes(question, this_year, [this_year, rival, far]) == [this_year, rival]
    # A best quote with nothing of the kind asked for (no amount) does not lead either.
    assert not sure_of(question, _quote("The house insurance renews in May.", 1), [far])


def test_not_sure_shows_up_to_three_related_sentences_of_one_or_two_excerpts() -> None:
    from engine.answering.headline import maybe_quotes

    question = "When do the kids finish school for the summer?"
    best = _quote("Sports day is on the 12th of July.", 1, similarity=0.62)
    rival = _quote("The summer fete is on the 5th of July.", 2, similarity=0.6)
    same_file = _quote("Term ends on the 18th of July, at noon.", 1, similarity=0.55)
    third_file = _quote("Swimming lessons restart on the 2nd of September.", 3, similarity=0.58)
    unrelated = _quote("The bins go out on Tuesday.", 1, similarity=0.1, shared=0)
    found = [best, rival, third_file, unrelated, same_file]
    shown = maybe_quotes(question, best, found)
    # The best first, then the others best first; the answer (the same file's "Term ends") is
    # among them, a third file's sentence and an unrelated one are not.
    assert shown == [best, rival, same_file]
    assert maybe_quotes(question, best, [best, unrelated]) == [best]


def test_only_a_rival_that_could_be_the_answer_makes_a_value_unsure() -> None:
    from engine.answering.headline import sure_of

    question = "What time is the car test?"
    # (It holds "time", and its file's title "car" and "test": all three of the question's words.)
    best = Quote("Time: 14:40", 1, "/files/nct.eml", "Your car test booking", "", 0.60, 0.5, 3)
    # Close behind, but with no time in it: it cannot be the answer instead.
    near = Quote("Your National Car Test appointment is confirmed.", 2, "/files/b.eml", "b", "", 0.55, 0.5, 2)
    assert sure_of(question, best, [best, near])
    # One that holds another time, as close: either could be it.
    other_time = Quote("The B group leaves the car park at 9:30 sharp.", 3, "/files/c.md", "c", "", 0.55,
                       0.5, 1)
    assert not sure_of(question, best, [best, near, other_time])


def test_a_quote_that_shares_few_words_and_is_not_close_in_meaning_does_not_lead() -> None:
    from engine.answering.headline import CLOSE_SIMILARITY, sure_of

    # Asked in other words than the file's: the best sentence holds a date and one of the
    # question's words, but nothing says it is the date asked about.
    question = "When's the little one's jab?"
    guess = Quote("The little one's swimming class restarts on 14 March.", 1, "/files/kids.md", "kids", "",
                  0.9, 0.5, 1)
    assert not sure_of(question, guess, [guess])
    # Close in meaning, or holding the question's words, it may lead.
    close = Quote(guess.text, 1, "/files/kids.md", "kids", "", 0.9, CLOSE_SIMILARITY, 1)
    assert sure_of(question, close, [close])
    booster = Quote("Little one's jab (MMR booster) is on 14 March at 10:20.", 1, "/files/kids.md", "kids",
                    "", 0.9, 0.5, 3)
    assert sure_of(question, booster, [booster])


def test_a_value_said_to_leave_out_what_is_asked_about_is_not_sure() -> None:
    from engine.answering.headline import sure_of

    question = "How much did we pay for the ferry?"
    total = Quote("About $3,200 US all in, not counting the ferry.", 1, "/files/trip.md", "trip", "",
                  1.1, 0.8, 1)
    assert not sure_of(question, total, [total])
    fare = Quote("The ferry came to $458.60 return.", 1, "/files/ferry.eml", "ferry", "", 1.1, 0.8, 1)
    assert sure_of(question, fare, [fare])


def test_a_place_asked_for_leads_only_when_written_as_a_place() -> None:
    from engine.answering.headline import sure_of, value_of

    question = "Where is the hurling blitz on?"
    title = Quote("Event: U9 hurling blitz – Abbey Gaels", 1, "/files/cal.ics", "cal", "", 1.1, 0.8, 2)
    assert value_of(question, title.text) == "Abbey Gaels"  # a team's name, not where it is
    assert not sure_of(question, title, [title])
    where = Quote("Event: U9 hurling blitz … Where: St. Canice's Park, pitch 2", 1, "/files/cal.ics",
                  "cal", "", 1.1, 0.8, 2)
    assert sure_of(question, where, [where])


def test_values_as_files_write_them() -> None:
    from engine.answering.headline import holds_kind, value_of

    # A UK mobile's six-digit group; a date asked for as "the date of"; a lab result's unit.
    assert value_of("What's Jo Pemberton's mobile number?",
                    "Contact: Jo Pemberton Mobile phone: 07700 900305") == "07700 900305"
    assert value_of("What's the date of the quarterly review?", "Event: Quarterly review When: "
                    "2027-03-25T10:00+00:00 to 2027-03-25T12:00+00:00") == "2027-03-25T10:00"
    assert value_of("What was Pepper's T4 result?", "Her T4 is 2.8 µg/dL, in the normal range.") \
        == "2.8 µg/dL"
    assert value_of("How much buttermilk goes into the bread?", "- 500 ml buttermilk, maybe more") == "500 ml"
    # Names in any Latin alphabet, whole.
    assert value_of("Who is the ride captain for my group?",
                    "- Ride captain for the B group this year is Gráinne Lacey.") == "Gráinne Lacey"
    # Of several names, the one labelled with the role asked about.
    assert value_of("Who is the captain of our pickleball team?",
                    "Team: Net Gains. Captain: Marcy Dufresne (text her by noon).") == "Marcy Dufresne"
    assert value_of("Who is Gus's doctor?", "Gus's doctor: Dr. Amelia Nguyen, Intermed, Yarmouth.") \
        == "Dr. Amelia Nguyen"
    # A place said without a name is a place: the quote answers "Where's …?".
    assert holds_kind("Where's the water stopcock?",
                      "The water stopcock is in the cupboard under the kitchen sink, behind the bin.")


def test_two_values_of_the_kind_asked_for_close_together_are_shown_as_not_sure() -> None:
    from engine.answering.headline import maybe_quotes, sure_of

    question = "What's Mr. Lindqvist's mobile number?"
    mobile = Quote("Contact: Mr. Lars Lindqvist Mobile phone: 07700 900418", 1, "/files/c.vcf", "c", "",
                   1.08, 0.8, 2)
    work = Quote("Contact: Mr. Lars Lindqvist … Work phone: 01727 960 552", 1, "/files/c.vcf", "c", "",
                 0.97, 0.8, 2)
    assert not sure_of(question, mobile, [mobile, work])
    assert maybe_quotes(question, mobile, [mobile, work]) == [mobile, work]
    assert sure_of(question, mobile, [mobile])


def test_a_value_of_the_right_shape_about_something_else_never_leads() -> None:
    from engine.answering.headline import sure_of

    # No file mentions a passport; the closest line is a doctor's phone number (shares no word).
    phone = Quote("Mobile phone: 07700 900418", 1, "/files/contacts.vcf", "Dr. Okafor", "", 0.9, 0.7, 0)
    assert not sure_of("What is my passport number?", phone, [phone])
    passport = Quote("Passport number: 533380006", 1, "/files/documents.md", "documents", "", 0.9, 0.7, 1)
    assert sure_of("What is my passport number?", passport, [passport])


def test_a_models_sentence_with_details_of_its_own_is_not_shown() -> None:
    quote = "Our sailing boat Marigold is moored at pier 7 in Harbour Bay."
    invented = "The boat is moored at the pier 7 in the harbor of the marina."
    assert not sentence_adds(invented, quote, "Where is Marigold moored?", "pier 7")
    assert sentence_adds("Marigold, our sailing boat, is at pier 7 in Harbour Bay.", quote,
                         "Where is Marigold moored?", "pier 7")


def test_a_greeting_is_not_looked_up_in_the_files() -> None:
    from engine.answering.headline import small_talk

    assert small_talk("Hello! How can you help me?") and small_talk("Good morning! What can I ask?")
    assert not small_talk("History of the boiler repairs?") and not small_talk("Who's the family doctor?")
