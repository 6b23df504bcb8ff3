"""A model file's chat template is code: rendered in a sandbox, with limits, and stoppable.

llama-cpp-python renders a GGUF's ``tokenizer.chat_template`` with jinja2's
``ImmutableSandboxedEnvironment`` (``Jinja2ChatFormatter``, built for every
template in the file while the model loads). The sandbox refuses the code-execution
payloads (``__class__.__mro__``, ``cycler.__init__.__globals__``), but puts no
bound on what a template computes: ``'x' * 300000000``, ``tojson(indent=100000000)``
or nested ``range(100000)`` loops take gigabytes or minutes, and nothing stops them.
The runtime (``engine.running.runtime``) keeps llama-cpp-python from compiling the
templates itself and renders them here instead, in :class:`ChatTemplate`:

* output: at most :data:`MAX_OUTPUT` characters, and no string, list or number
  made on the way bigger (checked on ``*``, ``+``, ``%``, ``**``, every attribute or
  item read, every call's and filter's result);
* numbers: a call argument above :data:`MAX_CALL_NUMBER` (a filter's above
  :data:`MAX_FILTER_NUMBER`, ``tojson``'s indent above :data:`MAX_INDENT`) is refused
  before the call runs;
* loops: every ``for`` step is counted, at most :data:`MAX_ITERATIONS` per render;
* time: a wall-clock deadline (:data:`RENDER_SECONDS`) and the caller's cancel,
  checked at every loop step, call, attribute read and output piece, so Cancel
  reaches a render that is running.

The globals no chat template needs (``lipsum``, ``cycler``, ``joiner``) are gone. A
syntax error is :class:`~engine.errors.ModelLoadFailed` at load, with its line; a
limit is :class:`~engine.errors.TemplateRefused` saying which; a cancel is
:class:`TemplateCancelled`.
"""

from __future__ import annotations

import functools
import itertools
import json
import re
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from datetime import datetime
from typing import Any

import jinja2
import jinja2.ext
from jinja2 import nodes
from jinja2.compiler import CodeGenerator, Frame
from jinja2.nodes import EvalContext
from jinja2.runtime import Context
from jinja2.sandbox import ImmutableSandboxedEnvironment

from engine.errors import EngineError, ModelLoadFailed, TemplateRefused

MAX_OUTPUT = 1 << 20
MAX_ITERATIONS = 200_000
MAX_CALL_NUMBER = 100_000
MAX_FILTER_NUMBER = 10_000
MAX_INDENT = 64
MAX_INT_BITS = 4096
RENDER_SECONDS = 3.0
_WIDE_FORMAT = re.compile(r"\d{6,}")      # a width or precision of a million or more
_LOOP_FILTER = "hearth_loop"


class TemplateCancelled(EngineError):
    """The caller cancelled while the template was rendering."""

    code = "cancelled"


class _Budget:
    def __init__(self, seconds: float, cancelled: Callable[[], bool] | None) -> None:
        self.deadline = time.monotonic() + seconds
        self.seconds = seconds
        self.cancelled = cancelled
        self.iterations = 0


_current = threading.local()


def _tick() -> None:
    budget: _Budget | None = getattr(_current, "budget", None)
    if budget is None:
        return
    if budget.cancelled is not None and budget.cancelled():
        raise TemplateCancelled("cancelled while the chat template was rendering")
    if time.monotonic() > budget.deadline:
        raise TemplateRefused(f"the model's chat template ran longer than {budget.seconds:g} s")


def _check_size(value: Any) -> Any:
    """``value``, unless it is bigger than anything a prompt needs."""
    if isinstance(value, str | bytes | list | tuple | dict) and len(value) > MAX_OUTPUT:
        raise TemplateRefused(f"the model's chat template made a value of {len(value):,} items "
                              f"(at most {MAX_OUTPUT:,})")
    if isinstance(value, int) and not isinstance(value, bool) and value.bit_length() > MAX_INT_BITS:
        raise TemplateRefused("the model's chat template made a number too large to use")
    return value


def _check_numbers(args: Iterable[Any], limit: int, what: str) -> None:
    for arg in args:
        if isinstance(arg, int) and not isinstance(arg, bool) and abs(arg) > limit:
            raise TemplateRefused(f"the model's chat template passed {arg:,} to {what} "
                                  f"(at most {limit:,})")


def _size(value: Any) -> int:
    return len(value) if isinstance(value, str | bytes | list | tuple | dict) else 32


def _listed(value: Any) -> Any:
    """A lazy sequence as a list (so its size can be judged before a join), bounded."""
    if isinstance(value, str | bytes | list | tuple | dict):
        return value
    items = list(itertools.islice(value, MAX_OUTPUT + 1))
    if len(items) > MAX_OUTPUT:
        raise TemplateRefused(f"the model's chat template joined more than {MAX_OUTPUT:,} items")
    return items


def _estimate(text: str, method: str, args: tuple[Any, ...], kwargs: dict[str, Any]) -> int:
    """How long ``text.method(*args, **kwargs)`` (or the filter of that name) will be, for the
    string operations that can multiply a string's length; 0 when it cannot grow much."""
    if method == "replace" and len(args) >= 2 and isinstance(args[0], str):
        times = len(text) + 1 if args[0] == "" else text.count(args[0])
        return len(text) + times * _size(args[1])
    if method == "join" and args:
        return len(text) * len(args[0]) + sum(_size(x) for x in args[0])
    if method in ("format", "format_map", "%"):
        values = [*args, *kwargs.values()]
        if method == "format_map" and args and isinstance(args[0], dict):
            values = list(args[0].values())
        return len(text) + (text.count("{") + text.count("%")) * max(map(_size, values), default=0)
    if method == "expandtabs":
        tab = args[0] if args else kwargs.get("tabsize", 8)
        return len(text) + text.count("\t") * tab if isinstance(tab, int) else 0
    if method == "indent":
        width = args[0] if args else kwargs.get("width", 4)
        return len(text) + (text.count("\n") + 1) * _size(width if isinstance(width, str) else
                                                            " " * min(int(width), MAX_OUTPUT))
    return 0


def _check_estimate(text: Any, method: str, args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
    if isinstance(text, str) and _estimate(text, method, args, kwargs) > MAX_OUTPUT:
        raise TemplateRefused(f"the model's chat template would make a string of more than "
                              f"{MAX_OUTPUT:,} characters ({method})")


def _loop(iterable: Any) -> Iterator[Any]:
    """Every ``for`` of a template iterates through here: counted and interruptible."""
    budget: _Budget | None = getattr(_current, "budget", None)
    for item in iterable:
        if budget is not None:
            budget.iterations += 1
            if budget.iterations > MAX_ITERATIONS:
                raise TemplateRefused(f"the model's chat template looped more than "
                                      f"{MAX_ITERATIONS:,} times")
        _tick()
        yield item


def _limited_filter(name: str, func: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(func)  # keeps jinja's pass_context/pass_eval_context marks
    def run(*args: Any, **kwargs: Any) -> Any:
        _tick()
        values = [a for a in args if not isinstance(a, EvalContext | Context)]
        # The filter's parameters (a width, a count), not the value it filters (a timestamp).
        _check_numbers([*values[1:], *kwargs.values()], MAX_FILTER_NUMBER, f"the filter '{name}'")
        if name == "format" and values and isinstance(values[0], str) and _WIDE_FORMAT.search(values[0]):
            raise TemplateRefused("the model's chat template asked for a huge format width")
        if name == "join" and values:   # join(value, d): the separator times the items
            items = _listed(values[0])
            args = tuple(items if a is values[0] else a for a in args)
            separator = values[1] if len(values) > 1 else kwargs.get("d", "")
            _check_estimate(separator, "join", (items,), {})
        elif name in ("replace", "format", "indent") and values:
            _check_estimate(values[0], "%" if name == "format" else name, tuple(values[1:]), kwargs)
        return _check_size(func(*args, **kwargs))
    return run


def _tojson(value: Any, ensure_ascii: bool = False, indent: int | str | None = None,
            separators: tuple[str, str] | None = None, sort_keys: bool = False) -> str:
    """What Transformers' chat templates expect of ``tojson``, with a bounded indent."""
    width = len(indent) if isinstance(indent, str) else indent
    if isinstance(width, int) and width > MAX_INDENT:
        raise TemplateRefused(f"the model's chat template asked for a JSON indent above {MAX_INDENT}")
    return json.dumps(value, ensure_ascii=ensure_ascii, indent=indent, separators=separators,
                      sort_keys=sort_keys)


class _CountingCodeGenerator(CodeGenerator):
    """Compiles every ``for`` loop's iterable through the counting filter."""

    def visit_Template(self, node: nodes.Template, frame: Frame | None = None) -> None:
        for loop in node.find_all(nodes.For):
            loop.iter = nodes.Filter(loop.iter, _LOOP_FILTER, [], [], None, None,
                                     lineno=loop.lineno)
        super().visit_Template(node, frame)


class _IgnoreGenerationTags(jinja2.ext.Extension):
    """Pass-through for Hugging Face's ``{% generation %}`` tag (as llama-cpp-python does)."""

    tags = {"generation"}  # noqa: RUF012 (jinja's Extension declares it so)

    def parse(self, parser: Any) -> Any:
        parser.stream.skip(1)
        return parser.parse_statements(("name:endgeneration",), drop_needle=True)


class _LimitedSandbox(ImmutableSandboxedEnvironment):
    intercepted_binops = frozenset({"*", "**", "+", "%", "//", "/", "-"})
    code_generator_class = _CountingCodeGenerator

    def __init__(self) -> None:
        super().__init__(loader=jinja2.BaseLoader(), trim_blocks=True, lstrip_blocks=True,
                         extensions=[_IgnoreGenerationTags, jinja2.ext.loopcontrols])
        for name in ("lipsum", "cycler", "joiner"):
            self.globals.pop(name, None)
        self.filters["tojson"] = _tojson
        self.filters = {name: _limited_filter(name, f) for name, f in self.filters.items()}
        self.filters[_LOOP_FILTER] = _loop

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        _tick()
        sized = (str, bytes, list, tuple)
        if operator == "*":
            for seq, times in ((left, right), (right, left)):
                if isinstance(seq, sized) and isinstance(times, int) and len(seq) * times > MAX_OUTPUT:
                    raise TemplateRefused(f"the model's chat template repeats a value {times:,} "
                                          "times")
        elif operator == "**":
            if isinstance(left, int) and isinstance(right, int) and \
                    abs(left) > 1 and right * max(abs(left).bit_length(), 1) > MAX_INT_BITS:
                raise TemplateRefused("the model's chat template made a number too large to use")
        elif operator == "+":
            if isinstance(left, sized) and isinstance(right, sized) and \
                    len(left) + len(right) > MAX_OUTPUT:
                raise TemplateRefused("the model's chat template joined values past "
                                      f"{MAX_OUTPUT:,} items")
        elif operator == "%" and isinstance(left, str):
            values = right if isinstance(right, tuple) else (right,)
            _check_numbers(values, MAX_CALL_NUMBER, "'%'")
            if _WIDE_FORMAT.search(left):
                raise TemplateRefused("the model's chat template asked for a huge format width")
            _check_estimate(left, "%", values, {})
        return _check_size(super().call_binop(context, operator, left, right))

    def getattr(self, obj: Any, attribute: str) -> Any:
        _tick()
        if attribute in ("format", "format_map") and isinstance(obj, str) and _WIDE_FORMAT.search(obj):
            raise TemplateRefused("the model's chat template asked for a huge format width")
        return _check_size(super().getattr(obj, attribute))

    def getitem(self, obj: Any, argument: Any) -> Any:
        _tick()
        return _check_size(super().getitem(obj, argument))

    def call(__self, __context: Any, __obj: Any, *args: Any, **kwargs: Any) -> Any:
        _tick()
        for arg in (*args, *kwargs.values()):
            _check_size(arg)      # a macro calling itself with a doubled string
        method = getattr(__obj, "__wrapped__", __obj)      # the sandbox wraps str.format
        text = getattr(method, "__self__", None)
        name = getattr(method, "__name__", "")
        if isinstance(text, str) or name in ("range", "safe_range"):  # widths, counts
            _check_numbers([*args, *kwargs.values()], MAX_CALL_NUMBER, f"'{name}'")
        if isinstance(text, str):
            if name == "join" and args:
                args = (_listed(args[0]), *args[1:])
            _check_estimate(text, name, args, kwargs)
        return _check_size(super().call(__context, __obj, *args, **kwargs))


def _raise_exception(message: str) -> None:
    raise TemplateRefused(f"the model's chat template refused the conversation: {message}"[:500])


def _strftime_now(fmt: str) -> str:
    return datetime.now().strftime(fmt)


class ChatTemplate:
    """One compiled chat template. ``render`` is safe to call with hostile templates."""

    def __init__(self, source: str, *, model: str = "the model") -> None:
        self.source = source
        try:
            self._template = _LimitedSandbox().from_string(source)
        except jinja2.TemplateSyntaxError as exc:
            raise ModelLoadFailed(f"the chat template of {model} has an error on line "
                                  f"{exc.lineno}: {exc.message}") from None
        except (jinja2.TemplateError, RecursionError, MemoryError, ValueError) as exc:
            raise ModelLoadFailed(f"the chat template of {model} cannot be used: {exc}") from None

    def render(self, *, seconds: float = RENDER_SECONDS,
               cancelled: Callable[[], bool] | None = None, **variables: Any) -> str:
        """The prompt: the template rendered with ``variables`` (messages, bos_token…)."""
        previous = getattr(_current, "budget", None)
        _current.budget = _Budget(seconds, cancelled)
        out: list[str] = []
        size = 0
        try:
            for piece in self._template.generate(raise_exception=_raise_exception,
                                                 strftime_now=_strftime_now, **variables):
                size += len(piece)
                if size > MAX_OUTPUT:
                    raise TemplateRefused(f"the model's chat template wrote more than "
                                          f"{MAX_OUTPUT:,} characters")
                out.append(piece)
                _tick()
        except EngineError:
            raise
        except jinja2.exceptions.SecurityError as exc:
            raise TemplateRefused(f"the model's chat template tried something unsafe: {exc}") from None
        except RecursionError:
            raise TemplateRefused("the model's chat template recursed too deep") from None
        except MemoryError:
            raise TemplateRefused("the model's chat template ran out of memory") from None
        except Exception as exc:  # a template's own runtime error (undefined, type): said plainly
            raise TemplateRefused(f"the model's chat template failed: {exc}"[:500]) from None
        finally:
            _current.budget = previous
        return "".join(out)
