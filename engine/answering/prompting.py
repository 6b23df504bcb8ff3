"""The prompt and the sampling for one answer (the pipeline's ``engine.answering.answer`` decides when).

* :func:`build_prompt`: a short, truthful system prompt, then only what answers the question. On
  a small model, the quotes themselves (and a second source's best sentence, ``Source.glimpse``):
  a tiny model copies best from little, and a short prompt is a quick first token. On a capable
  model, the excerpts around their quotes up to a character budget (:func:`focus`).
* :func:`settings_for`: sampling by model size and kind of request: near-greedy with no
  repetition penalty for answers from the person's excerpts (a penalty garbles copied numbers),
  the model card's own defaults (:func:`sampling_card`) for open requests, length limits.
* :func:`is_open_request`: plans, essays, letters, code, which a tiny model cannot do well.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from engine.answering.quotes import Quote, header
from engine.answering.request import AskOptions, Source
from engine.running.generate import GenerationSettings, Message

SYSTEM = ("You are Hearth, a private assistant that runs entirely on this computer. You can answer "
          "questions, explain, summarise and draft text, and you can read the person's own notes and "
          "imported files when they are given to you below. You cannot browse the web, make calls, "
          "send messages or change their calendar. Answer briefly and plainly, in the language of "
          "the question. Never make up personal facts.")
GROUNDED_INSTRUCTION = ("Answer the question from these excerpts of my own files, in one or two "
                        "sentences. Copy names, numbers, dates and codes exactly as they are written. "
                        "Cite the excerpt like [1]. If the excerpts do not say, answer: not in my files.")
#: Characters of excerpts sent to a small / a capable model.
SMALL_CONTEXT_CHARS = 700
#: A second source's sentence is context, not the answer: kept short (every token is prompt time).
GLIMPSE_CHARS = 200
CONTEXT_CHARS = 3200
_OPEN_REQUEST = re.compile(
    r"\b(?:plan|itinerary|essay|poem|story|stories|letter|cover letter|speech|article|blog|code|"
    r"program|script|function|write|draft|compose|design|outline|recipe|lyrics|song|novel|"
    r"explain in detail|step[- ]by[- ]step|compare|analy[sz]e)\b", re.IGNORECASE)
PERSONAL_QUESTION = re.compile(r"\b(?:my|mine|me|i|our|we|us)\b", re.IGNORECASE)

def _clip(text: str, limit: int) -> str:
    """``text`` cut at a word within ``limit`` characters (marked with " …")."""
    return text if len(text) <= limit else text[:limit].rsplit(" ", 1)[0] + " …"


def is_open_request(question: str) -> bool:
    """Plans, essays, poems, letters, code: what a tiny model cannot do well."""
    return bool(_OPEN_REQUEST.search(question)) or len(question) > 400


def focus(text: str, quotes: Sequence[Quote], *, budget: int) -> str:
    """The part of ``text`` around its quotes, within ``budget`` characters."""
    flat = " ".join(text.split())
    if len(flat) <= budget:
        return flat
    spans = [(i, i + len(" ".join(q.text.split()))) for q in quotes
             if (i := flat.find(" ".join(q.text.split()))) >= 0]
    if not spans:
        return flat[:budget].rsplit(" ", 1)[0] + " …"
    start = max(0, min(s for s, _ in spans) - budget // 4)
    end = min(len(flat), start + budget)
    piece = flat[start:end]
    return ("… " if start else "") + piece + (" …" if end < len(flat) else "")


def build_prompt(question: str, opts: AskOptions, sources: Sequence[Source], quotes: Sequence[Quote],
                 *, small: bool, grounding: str) -> tuple[list[Message], list[Source]]:
    """The messages for the model, and the sources actually put in them."""
    system = SYSTEM if opts.system is None else opts.system
    messages: list[Message] = [{"role": "system", "content": system}] if system else []
    for turn in opts.history:
        if turn.get("role") in ("user", "assistant"):
            messages.append({"role": turn["role"], "content": str(turn.get("content", ""))})
    if grounding != "personal":
        content = question
        if grounding == "not_found" and PERSONAL_QUESTION.search(question):
            content = (f"{question}\n\n(My own files have nothing on this. If the question is about "
                       "my personal life, say you do not know; otherwise answer from general knowledge.)")
        if small and is_open_request(question):
            content += "\n\nReply in at most three short sentences."
        messages.append({"role": "user", "content": content})
        return messages, []
    budget = SMALL_CONTEXT_CHARS if small else CONTEXT_CHARS
    cited = {q.n for q in quotes}
    # Small model: only the sources the quotes come from (and a second source's best sentence).
    chosen = (sorted((s for s in sources if s.n in cited or s.glimpse), key=lambda s: s.n not in cited)
              if small else list(sources))
    parts: list[str] = []
    used: list[Source] = []
    spent = 0
    for s in chosen:
        room = budget - spent
        if room < 120:
            break
        mine = [q for q in quotes if q.n == s.n]
        # A tiny model copies best from little: give it the quotes themselves.
        if small:
            piece = " … ".join(q.text for q in mine) if mine else _clip(s.glimpse, GLIMPSE_CHARS)
        else:
            piece = focus(s.text, mine, budget=room)
        label = prompt_label(s)
        parts.append(f"{label}\n{piece}")
        used.append(s)
        spent += len(piece) + len(label)
    content = f"{GROUNDED_INSTRUCTION}\n\n" + "\n\n".join(parts) + f"\n\nQuestion: {question}"
    messages.append({"role": "user", "content": content})
    return messages, used


def prompt_header(s: Source) -> str:
    """What names a source in the prompt's label: "Spring Newsletter — Staff news"."""
    return header(s.title or s.path or "excerpt", s.location, trim=False)


def prompt_label(s: Source) -> str:
    """How a source is labelled in the prompt: "[2] Spring Newsletter — Staff news"."""
    return f"[{s.n}] {prompt_header(s)}"


_LABEL_START = re.compile(r"\[(\d{1,2})\] ")
_MAYBE_START = re.compile(r"\[\d{0,2}|\[\d{1,2}\]")


class EchoFilter:
    """Takes out what a small model copies of the prompt's labels as it streams ("[2] Spring
    Newsletter — Staff news" before the sentence it read there), leaving the citation: the
    label's own number, whatever number the model put in front of it.

    Text that may be the start of a label is held back until it is known not to be one, so what
    is shown and what is kept are the same."""

    def __init__(self, labels: Sequence[tuple[int, str]]) -> None:
        # (number, header); longest header first: "Trip — Budget" is taken whole, not as "Trip".
        self._labels = sorted({(n, h) for n, h in labels if h}, key=lambda x: (-len(x[1]), x[0]))
        self._pending = ""
        self._drop_space = False

    def feed(self, delta: str) -> str:
        """The part of the text so far that can be shown now."""
        self._pending += delta
        return self._release(final=False)

    def flush(self) -> str:
        """Whatever was held back, at the end of the answer."""
        return self._release(final=True)

    def _label_at(self, text: str) -> tuple[int, int] | bool | None:
        """At a "[": (label's number, length of the copied label), True while it may still
        become one, None when it is not one."""
        m = _LABEL_START.match(text)
        if m is None:
            return True if self._labels and _MAYBE_START.fullmatch(text) else None
        rest = text[m.end():]
        wrote = int(m.group(1))
        found = [(n, h) for n, h in self._labels if rest.startswith(h)]
        if found:
            longest = max(len(h) for _, h in found)
            n = next((n for n, h in found if len(h) == longest and n == wrote),
                     next(n for n, h in found if len(h) == longest))
            return n, m.end() + longest
        return True if any(h.startswith(rest) for _, h in self._labels) else None

    def _release(self, *, final: bool) -> str:
        out: list[str] = []
        text = self._pending
        while text:
            if self._drop_space:
                stripped = text.lstrip(" \n")
                if not stripped and not final:
                    break  # only spaces so far: the next piece says whether a sentence follows
                text, self._drop_space = stripped, False
                if text:
                    out.append(" ")
                continue
            at = text.find("[")
            if at < 0:
                out.append(text)
                text = ""
                break
            out.append(text[:at])
            text = text[at:]
            found = self._label_at(text)
            if isinstance(found, tuple):
                out.append(f"[{found[0]}]")
                text = text[found[1]:]
                self._drop_space = True
                continue
            if found is True and not final:
                break  # may still become a label: wait for more
            out.append("[")
            text = text[1:]
        self._pending = text
        if final:
            out.append(self._pending)
            self._pending = ""
        return "".join(out)


#: The GGUF keys where a model's card publishes its recommended sampling (llama.cpp's names).
CARD_KEYS = {"temperature": "general.sampling.temp", "top_p": "general.sampling.top_p",
             "repeat_penalty": "general.sampling.penalty_repeat"}


def sampling_card(metadata: dict[str, Any]) -> dict[str, float]:
    """The sampling defaults a GGUF declares for itself (empty when its card gives none)."""
    out: dict[str, float] = {}
    for name, key in CARD_KEYS.items():
        value = metadata.get(key)
        if isinstance(value, int | float) and not isinstance(value, bool):
            out[name] = float(value)
    return out


def settings_for(question: str, opts: AskOptions, *, small: bool, grounding: str,
                 card: dict[str, float] | None = None) -> GenerationSettings:
    """Sampling by model size and kind of request (the caller's explicit options win).

    A model's own card (``sampling_card``) sets temperature, top-p and the repetition penalty for
    open answers; answers from the person's excerpts stay near-greedy whatever the card says,
    and carry no repetition penalty (it garbles copied numbers; the loop guard stands in)."""
    card = card or {}
    if grounding == "personal":
        limit = 120 if small else 400
    elif small and is_open_request(question):
        limit = 110
    else:
        limit = 220 if small else 700
    grounded = grounding == "personal"
    temperature = 0.2 if grounded else card.get("temperature", 0.2)
    penalty = 1.0 if grounded else card.get("repeat_penalty", 1.15 if small else 1.05)
    return GenerationSettings(
        temperature=min(max(temperature, 0.0), 2.0) if opts.temperature is None else opts.temperature,
        top_p=min(max(card.get("top_p", 0.9), 0.05), 1.0) if opts.top_p is None else opts.top_p,
        seed=opts.seed,
        max_tokens=opts.max_tokens or limit,
        # A small model tends to echo the prompt's layout after its answer.
        stop=opts.stop or (("\nQuestion:", "Question:") if grounding == "personal" else ()),
        # Copying a number or a code from an excerpt repeats its digits: a penalty garbles them
        # ("212.40" became "21.40"), so grounded answers rely on the loop guard alone.
        repeat_penalty=min(max(penalty, 1.0), 2.0))


__all__ = [
    "CONTEXT_CHARS",
    "GROUNDED_INSTRUCTION",
    "PERSONAL_QUESTION",
    "SMALL_CONTEXT_CHARS",
    "SYSTEM",
    "EchoFilter",
    "build_prompt",
    "focus",
    "is_open_request",
    "prompt_header",
    "prompt_label",
    "sampling_card",
    "settings_for",
]
