"""The chat's turns as shown, and every other version of them (what ‹ 1/2 › switches between).

The vault keeps one path through a conversation, the one shown (what the model sees next and
what search finds), and every other version in the meta of the turn where it parted
(``engine.answering.chat``): an answer's other versions (Regenerate) in its ``versions``; a
question's other versions (edit and resend), each with every turn that followed it then, in
its ``branches``. A version not shown keeps its own versions folded in its turns, to any depth.

:class:`ChatTurns` holds the shown path unfolded:

* ``history``: the turns shown, their metas without versions;
* ``versions``: every version of an answer by its place, the shown one among them as the very
  object in ``history``;
* ``branches``: every version of a question by its place, each as the turns it had (folded, as
  the vault keeps them), ``None`` where the one shown is.

:meth:`ChatTurns.load` unfolds what the vault gave; :meth:`ChatTurns.stored` folds the path
back from a place on, as the vault keeps it; :meth:`ChatTurns.switch` shows another version of
an answer or a question; :meth:`ChatTurns.edit` makes an edited question a new version of it.
"""

from __future__ import annotations

from dataclasses import replace

from engine.answering.chat import AnswerVersion, QuestionVersion, Turn, TurnMeta

Branch = tuple[Turn, ...]


def kept_meta(every: list[Turn], turn: Turn) -> TurnMeta:
    """An answer's meta as the vault keeps it: the other versions in ``every`` go with it."""
    others = tuple(AnswerVersion(v.content, v.meta) for v in every if v is not turn)
    shown = next((k for k, v in enumerate(every) if v is turn), len(others))
    return replace(turn.meta, versions=others, shown_at=shown if others else 0)


def _bare(turn: Turn) -> Turn:
    if not (turn.meta.versions or turn.meta.branches):
        return turn
    return replace(turn, meta=replace(turn.meta, versions=(), branches=(), shown_at=0))


class ChatTurns:
    def __init__(self) -> None:
        self.history: list[Turn] = []
        self.versions: dict[int, list[Turn]] = {}
        self.branches: dict[int, list[Branch | None]] = {}

    def clear(self) -> None:
        self.history, self.versions, self.branches = [], {}, {}

    def load(self, turns: list[Turn]) -> None:
        """Show the path the vault keeps, with the versions its turns carry."""
        self.clear()
        self._unfold(turns, 0)

    def _unfold(self, turns: Branch | list[Turn], at: int) -> None:
        for pos, turn in enumerate(turns, at):
            meta, bare = turn.meta, _bare(turn)
            if turn.role == "assistant" and meta.versions:
                others = [Turn("assistant", v.text, v.meta) for v in meta.versions]
                self.versions[pos] = [*others[:meta.shown_at], bare, *others[meta.shown_at:]]
            elif turn.role == "user" and meta.branches and pos not in self.branches:
                paths: list[Branch | None] = [b.turns for b in meta.branches]
                paths.insert(meta.shown_at, None)
                self.branches[pos] = paths
            self.history.append(bare)

    def _cut(self, at: int, *, keep_own: bool) -> None:
        """Drop the turns from ``at`` on (and their versions; those of the question at ``at``
        too unless ``keep_own``)."""
        self.history = self.history[:at]
        self.versions = {i: v for i, v in self.versions.items() if i < at}
        self.branches = {i: b for i, b in self.branches.items() if i < at or (keep_own and i == at)}

    # -- as the vault keeps it -----------------------------------------------------------------

    def kept(self, at: int, *, siblings: bool = True) -> Turn:
        """The turn at ``at`` as the vault keeps it: with its other versions (a question's only
        with ``siblings``: inside one of those versions it carries none)."""
        turn = self.history[at]
        if turn.role == "assistant":
            return replace(turn, meta=kept_meta(self.versions.get(at) or [], turn))
        paths = self.branches.get(at) if siblings else None
        if not paths or len(paths) < 2:
            return turn
        others = tuple(QuestionVersion(p) for p in paths if p is not None)
        return replace(turn, meta=replace(turn.meta, branches=others, shown_at=paths.index(None)))

    def stored(self, at: int, *, siblings: bool = True) -> list[Turn]:
        """The turns from ``at`` on as the vault keeps them."""
        return [self.kept(i, siblings=siblings or i != at) for i in range(at, len(self.history))]

    # -- versions ------------------------------------------------------------------------------

    def version(self, at: int) -> tuple[int, int]:
        """Which version of the turn at ``at`` is shown, of how many (1-based)."""
        if self.history[at].role == "user":
            paths = self.branches.get(at) or [None]
            return paths.index(None) + 1, len(paths)
        every = self.versions.get(at) or []
        if len(every) < 2:
            return 1, 1
        now = next((k for k, v in enumerate(every) if v is self.history[at]), len(every) - 1)
        return now + 1, len(every)

    def switch(self, at: int, step: int) -> bool:
        """Show the version ``step`` away of the turn at ``at`` (a question's with what followed
        it then); False when there is none."""
        if at >= len(self.history):
            return False
        now, count = self.version(at)
        pick = min(max(now - 1 + step, 0), count - 1)
        if pick == now - 1:
            return False
        if self.history[at].role == "assistant":
            self.history[at] = self.versions[at][pick]
            return True
        paths = self.branches[at]
        paths[now - 1] = tuple(self.stored(at, siblings=False))
        chosen = paths[pick]
        paths[pick] = None
        self._cut(at, keep_own=True)
        self._unfold(chosen or (), at)
        return True

    def edit(self, at: int, question: str) -> Turn:
        """Ask ``question`` in place of the one at ``at``: what was there stays as a version."""
        old = tuple(self.stored(at, siblings=False))
        paths = self.branches.get(at) or [None]
        paths[paths.index(None)] = old
        paths.append(None)
        self._cut(at, keep_own=False)
        self.branches[at] = paths
        self.history.append(Turn("user", question))
        return self.kept(at)
