"""The answer pipeline's parts, on real text: sentence units, quotes, the support check, the loop guard."""

from __future__ import annotations

import pytest

from engine.answering.quotes import Passage, best_quotes, is_verbatim, split_sentences, units
from engine.answering.support import specifics, unsupported
from engine.running.loops import LoopGuard, repeated_phrase


def test_sentences_survive_titles_and_abbreviations() -> None:
    text = ("The service was done by Dr. Heat Ltd. on 3 March. Mr. Okafor checked plot No. 14 at "
            "St. Anne's. J. R. Smith paid €212.40, i.e. the full amount. Next year it is due again.")
    assert split_sentences(text) == [
        "The service was done by Dr. Heat Ltd. on 3 March.",
        "Mr. Okafor checked plot No. 14 at St. Anne's.",
        "J. R. Smith paid €212.40, i.e. the full amount.",
        "Next year it is due again."]


def test_units_join_wrapped_lines_and_keep_headings_and_headers_apart() -> None:
    text = ("# Boiler\n\nNotes about the boiler in the\ncellar. The reference code is\nBX-4471.\n\n"
            "From: Ruth <ruth@example.org>\nSubject: Rent\n\nThe rent is 45 pounds.\n- bring the key\n"
            "- pay by April")
    got = [(u.text, u.heading, u.field) for u in units(text)]
    assert got == [("Boiler", True, False),
                   ("Notes about the boiler in the cellar.", False, False),
                   ("The reference code is BX-4471.", False, False),
                   ("From: Ruth <ruth@example.org>", False, True),
                   ("Subject: Rent", False, True),
                   ("The rent is 45 pounds.", False, False),
                   ("- bring the key", False, False),
                   ("- pay by April", False, False)]


def test_calendar_fields_are_units() -> None:
    text = "Event: Dentist check-up\nWhen: 2027-03-12T09:30 to 2027-03-12T10:00\nWhere: Smile Clinic"
    assert [u.text for u in units(text)] == ["Event: Dentist check-up",
                                             "When: 2027-03-12T09:30 to 2027-03-12T10:00",
                                             "Where: Smile Clinic"]


def test_units_keep_list_rows_and_their_wrapped_lines_together() -> None:
    # A dot-leader list whose values wrap onto the next line, and a payslip's short rows.
    text = ("Subscriptions (checked Jan 2027)\n\n"
            "Spotify Family ............ £19.99/month, renews on the 9th\n"
            "PureGym St Albans ......... £24.99/month, Elena, membership no.\n"
            "8825 4410 19\n"
            "RAC breakdown ............. £11.25/month, membership 5417 772, renews\n"
            "3 May 2027\n\n"
            "1. March: *Klara and the Sun*, at Jo's\n"
            "5. May: *Demon Copperhead*, at Anita's\n\n"
            "Employee: Elena Marsh Employee no. CF-01872 Tax code: 1257L NI number: QQ 12 34 56\n"
            "DEDUCTIONS Income tax £892.40 National Insurance £271.33 Pension (5%) £262.50\n"
            "Cycle to work £41.67\n"
            "Total payments £5,250.00 Total deductions £1,467.90 NET PAY £3,782.10")
    assert [u.text for u in units(text)] == [
        "Subscriptions (checked Jan 2027)",
        "Spotify Family ............ £19.99/month, renews on the 9th",
        "PureGym St Albans ......... £24.99/month, Elena, membership no. 8825 4410 19",
        "RAC breakdown ............. £11.25/month, membership 5417 772, renews 3 May 2027",
        "1. March: *Klara and the Sun*, at Jo's",
        "5. May: *Demon Copperhead*, at Anita's",
        # One unit per labelled value of the row.
        "Employee: Elena Marsh Employee no. CF-01872", "Tax code: 1257L", "NI number: QQ 12 34 56",
        "DEDUCTIONS Income tax £892.40 National Insurance £271.33 Pension (5%) £262.50 Cycle to work £41.67",
        "Total payments £5,250.00 Total deductions £1,467.90 NET PAY £3,782.10"]


def test_html_definition_lists_read_as_labelled_values(tmp_path) -> None:
    from vault.importers import parse_file

    page = (b"<html><body><h1>Your table is booked</h1><dl><dt>Time</dt><dd>19:45</dd>"
            b"<dt>Booking reference</dt><dd>WK-6620</dd><dt>Notes</dt><dd>Anniversary.</dd>"
            b"<dd>One vegetarian.</dd></dl></body></html>")
    parsed = parse_file(tmp_path / "booking.html", page)
    text = "\n".join(c.text for d in parsed.documents for c in d.chunks)
    assert "Time: 19:45" in text and "Booking reference: WK-6620" in text
    assert "Notes: Anniversary." in text and "One vegetarian." in text
    assert text.count("19:45") == 1 and text.count("Anniversary") == 1
    assert [u.text for u in units(text) if u.field][:2] == ["Time: 19:45", "Booking reference: WK-6620"]


@pytest.fixture(scope="module")
def embedder():
    from engine.search.embeddings import MiniLMEmbedder

    return MiniLMEmbedder()


def test_best_quote_is_verbatim_and_holds_the_fact(embedder) -> None:
    boiler = ("# Boiler\n\nNotes about the boiler in the\ncellar. The annual service was done on 3 March;"
              " the engineer, Mr. Okafor, said the valve needs replacing.\n\nThe service reference code is"
              " BX-4471 and the invoice came to €212.40, paid by card.")
    rent = "Marigold is our allotment plot at St. Anne's gardens. The yearly rent is 45 pounds."
    passages = [Passage(boiler, 1, "boiler.md", "Boiler"), Passage(rent, 2, "marigold.txt", "Marigold")]
    for question, fact, n in (("What was the boiler service reference code?", "BX-4471", 1),
                              ("How much is the allotment rent?", "45 pounds", 2),
                              ("Who serviced the boiler?", "Okafor", 1)):
        quotes = best_quotes(question, passages, embedder, limit=2)
        assert fact in quotes[0].text and quotes[0].n == n, (question, quotes)
        assert quotes[0].answers
        assert all(is_verbatim(q.text, passages[q.n - 1].text) for q in quotes)
    # Something the files do not hold is not "answered" by a resemblance.
    miss = best_quotes("What is my passport number?", passages, embedder, limit=1)
    assert not miss or not miss[0].answers


def test_quotes_follow_the_kind_month_and_phrase_asked_about(embedder) -> None:
    notes = ("Biscuit the spaniel is due his booster; the booster costs £64.00 with a health check.\n\n"
             "Weight at the last check: 14.2 kg (the vet would like him under 14).")
    books = ("Subject: Book club – March at mine\n\n"
             "1. March: *Klara and the Sun* (Kazuo Ishiguro), at Jo's\n"
             "5. May: *Demon Copperhead* (Barbara Kingsolver), at Anita's")
    passages = [Passage(notes, 1, "biscuit.txt", "Biscuit"), Passage(books, 2, "book-club.md", "Book club")]
    for question, fact in (("How much did Biscuit weigh at his last check?", "14.2 kg"),
                           ("Which book are we reading for book club in May?", "Demon Copperhead")):
        quotes = best_quotes(question, passages, embedder, limit=2)
        assert fact in quotes[0].text, (question, quotes)


def test_answer_kinds_see_names_not_days_titles_or_labels() -> None:
    from engine.answering.support import specific_kinds

    who = "Who teaches Leo's swimming lessons?"
    assert "name" not in specific_kinds("Thank you for reporting the damage on Saturday.", who)
    assert "place" not in specific_kinds("We met Tom in March.", who) - {"name"}
    assert "name" not in specific_kinds("Event: Swimming – Leo When: 2027-03-06T09:15", who)
    assert "name" in specific_kinds("Teacher: Coach Imogen. Assessment week: 12 June.", who)
    assert "name" in specific_kinds("Anita keeps it.", who)
    assert {"name", "place"} <= specific_kinds("A repairer, Verulam Motors on Hatfield Road, will call.",
                                               "Which garage is repairing the car?")


def test_questions_ask_for_the_kind_of_thing_they_name() -> None:
    from engine.answering.support import specific_kinds, wanted_kinds

    # Any thing's number is a code; a phone's is a phone number; "the number for" may be either.
    assert wanted_kinds("What's my staff number at the council?") == {"code"}
    assert wanted_kinds("What's the project number for the junction upgrade?") == {"code"}
    assert wanted_kinds("What number do I ring for the GP?") == {"phone"}
    assert wanted_kinds("What's my number for the sportive?") == {"code", "phone"}
    assert wanted_kinds("How much was the engagement ring insured for?") == {"amount"}
    assert wanted_kinds("What should the tyres be pumped to?") == {"quantity"}
    assert wanted_kinds("Which contractor is building the road?") == {"name", "place"}
    # A price or a decimal is no clock time; a time is.
    assert "time" not in specific_kinds("Fee: €55.00, paid online")
    assert "time" not in specific_kinds("Weight: 36.75 kg")
    assert "time" in specific_kinds("Time: 14:40") and "time" in specific_kinds("from 7.30")
    assert "quantity" in specific_kinds("Pressure 36 psi front and back")


def test_an_abbreviation_answers_for_its_word(embedder) -> None:
    # "Dr." is the doctor: the GP's sentence shares the question's word, as the sentence about
    # "the doctor on call" does (in a longer note the surgeon's sentence used to win).
    kids = Passage("Our GP is Dr. Kavanagh at the Parade Medical Centre, 056 772 4410. Out of hours, "
                   "ring the GP's number and it diverts to the doctor on call. St. Luke's Hospital is "
                   "ten minutes away.", 1, "the-kids.md", "The kids — notes for minders",
                   "If someone is sick")
    mail = Passage("Niamh, the hospital rang this morning and they have me down for the cataract on "
                   "Tuesday the 27th of April. I'm to be in for half seven, fasting from midnight, in the "
                   "Day Ward. The surgeon is Mr. Hennessy, the same man who did Peggy's.", 2, "family.mbox",
                   "the eye")
    quotes = best_quotes("Who's the family doctor?", [kids, mail], embedder, limit=1)
    assert "Kavanagh" in quotes[0].text, quotes
    assert quotes[0].shared == 1  # "doctor", which it says only as "Dr."


def test_a_line_is_read_under_its_files_title(embedder) -> None:
    # Two files end with the same kind of line; which total answers depends on whose file it is
    # (the titles share no word with the question: only their meaning tells them apart).
    vet = Passage("Thank you for visiting.\n\nTotal: £64.00", 1, "vet.eml", "Booster vaccination for Biscuit")
    garage = Passage("Thank you for visiting.\n\nTotal: £412.80", 2, "garage.eml",
                     "Invoice: brake pads and discs replaced on the Skoda")
    quotes = best_quotes("How much did the car repair cost?", [vet, garage], embedder, limit=2)
    assert quotes[0].text == "Total: £412.80" and quotes[0].n == 2, quotes


def test_support_check_flags_invented_specifics_only() -> None:
    evidence = ["Event: Dentist check-up\nWhen: 2027-03-12T09:30 to 2027-03-12T10:00\n"
                "Where: Smile Clinic, 4 Rua Augusta", "Code AB 7731, cost 1,240.50 EUR",
                "When is my dentist appointment?"]
    right = ("Your dentist check-up is on Friday, March 12 at 9:30 at the Smile Clinic [1]; "
             "the code is AB-7731 and it cost 1240.50.")
    assert unsupported(right, evidence) == []
    wrong = "It is on March 14 at 10:45 in Porto with Dr. Lindqvist; code AB-7713, cost €1,420.50."
    assert unsupported(wrong, evidence) == ["March 14", "AB-7713", "10:45", "€1,420.50", "Porto",
                                           "Dr. Lindqvist"]
    # Whole specifics, not loose parts: a date, a numbered place, an e-mail address, a name.
    evidence2 = ["Verulam Motors on Hatfield Road will call. Rent is due on 30 November 2027 "
                 "(last year: 30/10/2026). Court 3 is booked; write to dave@hartley.example."]
    assert unsupported("Verulam Motors, 30 Nov 2027, Court 3, dave@hartley.example", evidence2) == []
    assert unsupported("Hatfield Motors, 30 October 2027, Court 2, info@hartley.example",
                       evidence2) == ["info@hartley.example", "30 October 2027", "Court 2",
                                      "Hatfield Motors"]
    flagged = unsupported("Marigold is a private boat owned by the Ocean's Edge Group.",
                          ["Marigold is the name of our allotment plot."])
    assert flagged == ["Ocean's Edge Group"]


def test_a_citation_of_a_source_not_shown_is_flagged() -> None:
    from engine.answering.support import unknown_citations

    text = "The boat is Marigold [1], moored at Harbour 3 [4]; see also [2] and [4]."
    assert unknown_citations(text, [1, 2]) == ["[4]"]
    assert unknown_citations(text, [1, 2, 4]) == []
    assert unknown_citations("No citations here.", []) == []


def test_labels_the_model_copies_from_the_prompt_are_taken_out_as_it_streams() -> None:
    from engine.answering.prompting import EchoFilter

    labels = [(2, "St. Michael's Primary — Spring Newsletter — Staff news"), (1, "contacts — Dave Hartley")]
    text = ("[2] St. Michael's Primary — Spring Newsletter — Staff news\nWe are delighted to welcome "
            "Mrs. Adebayo [2]. Write to [4] contacts — Dave Hartley [3] or [1].")
    # A copied label is its citation, with the label's number even where the model wrote another.
    want = "[2] We are delighted to welcome Mrs. Adebayo [2]. Write to [1] [3] or [1]."
    whole = EchoFilter(labels)
    assert whole.feed(text) + whole.flush() == want
    # Streamed in pieces of any size, the same text comes out, and a piece that may be the start
    # of a label is held back until it is known.
    for size in (1, 2, 3, 5, 8, 13):
        echo = EchoFilter(labels)
        pieces = [echo.feed(text[i:i + size]) for i in range(0, len(text), size)]
        assert "".join(pieces) + echo.flush() == want, size
        assert "Spring" not in "".join(pieces)
    echo = EchoFilter(labels)
    assert echo.feed("Write to [1] con") == "Write to "
    assert echo.feed("sult the leaflet") == "[1] consult the leaflet"
    # No labels: nothing is held back.
    assert EchoFilter([]).feed("[2] Title") == "[2] Title"


def test_specifics_skip_ordinary_capitalised_words() -> None:
    assert specifics("Sure! Your appointment is at 9:30. Please bring the X-ray.") == ["9:30"]
    assert specifics("Ingrid Solberg's number is +47 912 34 567.")[-1] == "Ingrid Solberg"


def _feed(text: str) -> tuple[int | None, int]:
    guard = LoopGuard()
    shown = 0
    for i in range(1, len(text) + 1):
        cut = guard.feed(text[:i])
        if cut is not None:
            return cut, shown
        shown = max(shown, guard.safe_length(text[:i]))
    return None, shown


def test_loop_guard_cuts_where_the_repeat_began_before_showing_it() -> None:
    looped = ("I can help you plan. I can even help with personal projects, like building a treehouse "
              "or creating a business plan. I can even help with personal projects, like building a")
    cut, shown = _feed(looped)
    assert cut is not None and looped[:cut].rstrip().endswith("a business plan.")
    assert looped[:cut].count("I can even help") == 1 and shown <= cut
    cut, _ = _feed("Eu estes ao 3 dúvidos, ao que é ao que é ao que é ao que é ao que é")
    assert cut is not None
    assert repeated_phrase("Eu estes ao 3 dúvidos, ao que é ao que é ao que é"[:cut], words=3) is None
    cut, _ = _feed("Sure. You can do it. You can do it. Yes")
    assert cut is not None
    fine = ("Spring brings rain and blossom. Summer is hot and long. Autumn turns the leaves red and "
            "gold. Winter is cold, and in the north it snows.")
    assert _feed(fine)[0] is None


def test_sampling_follows_the_model_card_except_for_grounded_answers() -> None:
    from engine.answering.answer import AskOptions
    from engine.answering.prompting import sampling_card, settings_for

    card = sampling_card({"general.sampling.temp": 0.6, "general.sampling.top_p": 0.95,
                          "general.sampling.penalty_repeat": 1.05, "general.sampling.top_k": 20,
                          "general.name": "Qwen3"})
    assert card == {"temperature": 0.6, "top_p": 0.95, "repeat_penalty": 1.05}
    assert sampling_card({"general.sampling.temp": "hot"}) == {}
    open_ = settings_for("Write a poem about the sea.", AskOptions(), small=False, grounding="general",
                         card=card)
    assert (open_.temperature, open_.top_p, open_.repeat_penalty) == (0.6, 0.95, 1.05)
    grounded = settings_for("What is my boiler code?", AskOptions(), small=False, grounding="personal",
                            card=card)
    assert grounded.temperature == 0.2 and grounded.repeat_penalty == 1.0 and "Question:" in grounded.stop
    tiny = settings_for("Plan a three-day trip to Lisbon.", AskOptions(), small=True, grounding="general")
    assert tiny.repeat_penalty == 1.15 and tiny.max_tokens <= 110
    mine = settings_for("Plan a trip.", AskOptions(temperature=0.0, max_tokens=9), small=True,
                        grounding="general", card=card)
    assert mine.temperature == 0.0 and mine.max_tokens == 9


def test_loop_guard_stops_a_phrase_said_a_third_time() -> None:
    letter = ("Dear Mr. Lindqvist, I would like to ask about the tap. I would like to know when you can "
              "come. I would like to thank you in advance. Best wishes")
    cut, shown = _feed(letter)
    assert cut is not None and shown <= cut
    kept = letter[:cut].rstrip()
    assert kept.endswith("when you can come.") and repeated_phrase(kept, words=4, times=3) is None
