"""Every surface gives the same grounded answer: CLI ask, CLI chat, the pipeline, the gateway.

A real vault with real imported files (Markdown, an .ics calendar, a .vcf card); the real bundled
model through llama.cpp; the real CLI in a child process; the real gateway on its Unix socket with
the official OpenAI SDK. The window and quick ask are checked in tests/test_gui_chat.py.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.conftest import PASSPHRASE, run_cli
from tests.identity_fixtures import PluginClient, granted_plugin
from tests.identity_fixtures import gateway as gateway
from tests.identity_fixtures import vault as vault
from vault import Keychain, Vault

BOILER = ("# Boiler\n\nNotes about the boiler in the\ncellar. The annual service was done by Mr. Okafor "
          "on 3 March; he said the pressure valve will need replacing next year.\n\n"
          "The service reference code is BX-4471 and the invoice came to €212.40, paid by card.\n")
VCF = ("BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ingrid Solberg\r\nTEL;TYPE=CELL:+47 912 34 567\r\n"
       "EMAIL:ingrid.solberg@example.no\r\nNOTE:Landlord. Rent is due on the 5th.\r\nEND:VCARD\r\n")
ICS = ("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//EN\r\nBEGIN:VEVENT\r\nUID:1@t\r\n"
       "SUMMARY:Dentist check-up\r\nDTSTART:20270312T093000\r\nDTEND:20270312T100000\r\n"
       "LOCATION:Smile Clinic\\, 4 Rua Augusta\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n")
QUESTION = "What is the boiler service reference code?"
FACT = "BX-4471"
GREEDY = {"temperature": 0.0, "max_tokens": 40}


def write_files(folder: Path) -> list[Path]:
    folder.mkdir()
    (folder / "boiler.md").write_text(BOILER)
    (folder / "people.vcf").write_text(VCF)
    (folder / "dentist.ics").write_text(ICS)
    return sorted(folder.iterdir())


@pytest.fixture
def world(vault: Vault, tmp_path: Path) -> Vault:
    from engine.search.retrieval import retriever_for

    report = retriever_for(vault).ingest(write_files(tmp_path / "files"))
    assert report.count("added") == 3, report
    return vault


def _pipeline(vault: Vault, question: str, **options: Any) -> Any:
    from app.services import Hearth

    with Hearth(vault) as hearth:
        return hearth.ask(question, **(GREEDY | options)).result()


def test_the_answer_streams_and_stops_when_cancelled(world: Vault) -> None:
    # Text reaches the person while the model is still writing: cancelled at its first piece,
    # the answer ends there ("cancelled"), not after the model has written all it would.
    from app.services import Hearth

    with Hearth(world) as hearth:
        stream = hearth.ask("Tell me everything about lighthouse keepers.", use_context=False,
                            temperature=0.0, max_tokens=200)
        for event in stream:
            if event.kind == "token":
                stream.cancel()
        reply = stream.reply
    assert reply is not None and reply.stopped == "cancelled", reply
    assert reply.answer is not None and reply.answer.completion_tokens < 200


def test_pipeline_quotes_the_fact_and_checks_the_text(world: Vault) -> None:
    reply = _pipeline(world, QUESTION)
    # On the small model the answer leads with the value asked for, taken from the quote.
    assert reply.grounding == "personal" and reply.headline == FACT and reply.text.startswith(FACT)
    assert FACT in reply.quotes[0].text and reply.quotes[0].path.endswith("boiler.md")
    assert reply.sources[0].path.endswith("boiler.md") and reply.quotes[0].n == reply.sources[0].n
    assert reply.stopped in ("stop", "length")
    out = reply.as_dict()
    for key in ("text", "headline", "sources", "quotes", "unsupported", "stopped", "model", "route",
                "timings", "tokens"):
        assert key in out
    assert {"path", "title", "location", "n"} <= set(out["sources"][0])
    assert {"text", "path", "location", "n"} <= set(out["quotes"][0])
    assert out["timings"]["ttft_s"] > 0 and out["tokens"]["prompt"] > 0
    # The model's sentence is shown only when it states the value and nothing the quote does not.
    from engine.answering.support import unknown_citations, unsupported

    sentence = reply.text[len(FACT):].strip()
    if sentence:
        assert FACT in sentence and not unsupported(sentence, [reply.quotes[0].text, QUESTION])
    assert list(reply.unsupported) == (unsupported(sentence, [s.text for s in reply.sources] + [QUESTION])
                                       + unknown_citations(sentence, [s.n for s in reply.sources]))

    phone = _pipeline(world, "What is Ingrid Solberg's phone number?")
    assert phone.headline == "+47 912 34 567" and any("+47 912 34 567" in q.text for q in phone.quotes)
    when = _pipeline(world, "When is my dentist check-up?")
    assert "2027-03-12T09:30" in when.headline and any("2027-03-12T09:30" in q.text for q in when.quotes)
    nothing = _pipeline(world, "What is my passport number?")
    assert nothing.grounding == "not_found" and nothing.quotes == () and nothing.sources == ()
    assert nothing.text == nothing.headline == "I found nothing in your files that answers this."


def test_unsure_is_said_and_nothing_is_said_only_when_nothing_is_related(world: Vault,
                                                                        tmp_path: Path) -> None:
    from engine.search.retrieval import retriever_for

    dog = tmp_path / "dog.md"
    dog.write_text("# Biscuit\n\nBiscuit gets two walks a day. He is allergic to chicken, so no "
                   "chicken treats and no leftovers from the roast.\n")
    retriever_for(world).ingest([dog])
    pup = _pipeline(world, "What can't my pup eat?")
    # The dog's file came back: never "nothing in your files"; its sentence is shown.
    assert "nothing in your files" not in pup.text
    assert any("allergic to chicken" in q.text and q.path.endswith("dog.md") for q in pup.quotes), pup
    assert pup.text.startswith(("“", "I'm not sure; this may be it:"))
    # About the person's own life without "my", nothing related: not found, no invented doctor.
    doctor = _pipeline(world, "Who's the family doctor?")
    assert doctor.text == "I found nothing in your files that answers this.", doctor.text
    assert doctor.answer is None  # the model was not asked to make one up
    # Even in a long conversation.
    history = [{"role": "user", "content": "Hello"},
               {"role": "assistant", "content": "Hello! How can I help?"}]
    passport = _pipeline(world, "What is my passport number?", history=history)
    assert passport.text == "I found nothing in your files that answers this."


def test_a_how_question_about_the_persons_life_is_answered_from_the_files(world: Vault,
                                                                         tmp_path: Path) -> None:
    from engine.search.retrieval import retriever_for

    key = tmp_path / "key.md"
    key.write_text("# Spare key\n\nThe spare key is with Mrs Duffy at number 12; ring her bell any "
                   "time after nine.\n")
    retriever_for(world).ingest([key])
    # It reads as a request for explaining, but the files answer it.
    spare = _pipeline(world, "How do we get hold of the spare key?")
    assert spare.grounding in ("personal", "unsure"), spare
    assert any("Mrs Duffy" in q.text and q.path.endswith("key.md") for q in spare.quotes), spare
    assert "very small model" not in spare.text
    # With nothing related in the files it is the request it reads as, the model's to try.
    pancakes = _pipeline(world, "How do I make fluffy pancakes?", max_tokens=30)
    assert pancakes.grounding == "general" and pancakes.quotes == () and pancakes.sources == ()
    assert pancakes.headline.startswith("I'm a very small model"), pancakes.headline


def test_writing_is_not_answered_from_the_files(world: Vault) -> None:
    from app.services import Hearth

    note = _pipeline(world, "Write a short thank-you note to my neighbour for watering my plants",
                     max_tokens=60)
    assert note.quotes == () and note.sources == () and note.grounding == "general"
    assert note.headline.startswith("I'm a very small model") and "bigger model" in note.headline
    assert note.text.startswith(note.headline)
    # Stopped as the headline is shown: the answer is the headline, and it says it was stopped.
    with Hearth(world) as hearth:
        stream = hearth.ask("Write a poem about the sea.", use_context=False)
        for event in stream:
            if event.kind == "token":
                stream.cancel()
    assert stream.reply is not None and stream.reply.stopped == "cancelled"
    assert stream.reply.text == stream.reply.headline and stream.reply.answer is None
    advice = _pipeline(world, "Explain the difference between a cash ISA and Premium Bonds.")
    assert advice.text == advice.headline and "not good at explaining money" in advice.text
    assert advice.answer is None and advice.quotes == ()


def test_cli_ask_and_chat_give_the_same_grounded_answer(world: Vault, home: Path,
                                                        no_keychain: Keychain) -> None:
    reply = _pipeline(world, QUESTION)
    world.lock()
    env = {"HEARTH_PASSPHRASE": PASSPHRASE}
    proc = run_cli("ask", QUESTION, "--json", "--temperature", "0", "--max-tokens", "40", env=env)
    assert proc.returncode == 0, proc.stderr
    out = json.loads(proc.stdout)
    assert [q["text"] for q in out["quotes"]] == [q.text for q in reply.quotes]
    assert out["text"] == reply.text and out["unsupported"] == list(reply.unsupported)
    # The terminal prints exactly that text first (the headline, the value from the quote), then
    # the quote and where it is from, then the sources.
    assert out["headline"] == FACT and out["text"].startswith(FACT)
    shown = run_cli("ask", QUESTION, "--temperature", "0", "--max-tokens", "40", env=env)
    assert shown.returncode == 0, shown.stderr
    assert shown.stdout.startswith(out["text"] + "\n\nFrom your files:\n  “")
    assert "Sources:\n  [1] Boiler" in shown.stdout
    chat = run_cli("chat", "--temperature", "0", "--max-tokens", "40", env=env, input=QUESTION + "\n")
    assert chat.returncode == 0, chat.stderr
    assert FACT in chat.stdout and reply.text in chat.stdout
    from vault.conversations import list_conversations, messages

    with Vault.unlock(home=home, passphrase=PASSPHRASE, keychain=no_keychain) as v:
        [conv] = list_conversations(v)
        answer = messages(v, conv.id)[-1]
        assert answer.content == reply.text
        assert answer.meta["quotes"][0]["text"] == reply.quotes[0].text
        assert answer.meta["stopped"] == reply.stopped and "sources" in answer.meta


def _sdk(client: PluginClient) -> Any:
    import openai

    return openai.OpenAI(api_key=client.token, base_url="http://hearth/v1", max_retries=0,
                         http_client=httpx.Client(transport=httpx.HTTPTransport(uds=str(client.socket_path))))


def test_gateway_returns_the_same_answer_with_quotes(world: Vault, gateway: Any) -> None:
    reply = _pipeline(world, QUESTION)
    client, _ = granted_plugin(gateway, ["assistant.personal", "documents.search"])
    done = _sdk(client).chat.completions.create(
        model="default+personal", temperature=0, max_tokens=40,
        messages=[{"role": "user", "content": QUESTION}])
    hearth = done.model_extra["hearth"]
    assert [q["text"] for q in hearth["quotes"]] == [q.text for q in reply.quotes]
    assert done.choices[0].message.content == reply.text and hearth["headline"] == reply.headline == FACT
    assert hearth["unsupported"] == list(reply.unsupported) and hearth["stopped"] == reply.stopped
    # Streamed: the same text, and the quotes ride on the last chunk.
    chunks = list(_sdk(client).chat.completions.create(
        model="default+personal", temperature=0, max_tokens=40, stream=True,
        messages=[{"role": "user", "content": QUESTION}]))
    assert "".join(c.choices[0].delta.content or "" for c in chunks if c.choices) == reply.text
    last = next(c for c in reversed(chunks) if c.choices and c.choices[0].finish_reason)
    assert last.model_extra["hearth"]["quotes"][0]["text"] == reply.quotes[0].text
    # Search gives each hit its best sentence, verbatim.
    searcher, _ = granted_plugin(gateway, ["documents.search"])
    hits = searcher.post("/v1/hearth/search", json={"query": QUESTION, "limit": 3}).json()["data"]
    assert FACT in hits[0]["quote"] and hits[0]["quote"] in " ".join(hits[0]["text"].split())
    # An app without the documents class gets no quotes from documents.
    other, _ = granted_plugin(gateway, ["assistant.personal", "contacts.read"])
    confined = _sdk(other).chat.completions.create(
        model="default+personal", temperature=0, max_tokens=40,
        messages=[{"role": "user", "content": QUESTION}])
    assert all(FACT not in q["text"] for q in confined.model_extra["hearth"]["quotes"])
