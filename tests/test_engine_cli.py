"""`hearth ask`, `hearth chat` and `hearth models` end to end, in real child processes."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from engine.models.registry import bundled_model_path
from tests.conftest import PASSPHRASE, TEST_KDF, run_cli
from vault import Keychain, Vault
from vault.conversations import list_conversations, messages

GREEDY = ["--temperature", "0", "--max-tokens", "12", "--ctx", "512"]


def test_ask_json_works_with_no_vault(home: Path) -> None:
    proc = run_cli("ask", "What is the capital of France?", "--json", *GREEDY)
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr == ""  # llama.cpp's own logging is silenced
    out = json.loads(proc.stdout)
    assert out["text"].strip() and out["model"] == "default" and out["stopped"] in ("stop", "length")
    assert out["quotes"] == [] and out["unsupported"] == [] and out["grounding"] == "general"
    assert out["tokens"]["prompt"] > 0 and 0 < out["tokens"]["completion"] <= 12
    assert out["timings"]["ttft_s"] > 0 and out["timings"]["generation_tokens_per_s"] > 0
    assert out["sources"] == []
    assert not (home / "vault.db").exists()

    # The streamed text is the same answer (greedy), followed by a newline.
    streamed = run_cli("ask", "What is the capital of France?", *GREEDY)
    assert streamed.returncode == 0, streamed.stderr
    assert streamed.stdout == out["text"] + "\n"


def test_ask_options_reach_the_model(home: Path) -> None:
    proc = run_cli("ask", "Say hello.", "--json", "--system", "Answer in French.", "--stop", "o",
                   "--model", "smollm2-135m-instruct", *GREEDY)
    assert proc.returncode == 0, proc.stderr
    out = json.loads(proc.stdout)
    assert out["model"] == "smollm2-135m-instruct" and out["text"] and "o" not in out["text"]
    assert out["stopped"] == "stop"


def test_ask_reports_bad_models_in_one_line(home: Path, tmp_path: Path) -> None:
    junk = tmp_path / "junk.gguf"
    junk.write_text("not a model")
    for model, expected in ((str(junk), "not a usable GGUF model"), ("nosuch", "no model named")):
        proc = run_cli("ask", "hi", "--model", model, *GREEDY)
        assert proc.returncode == 1
        assert expected in proc.stderr and proc.stderr.count("\n") == 1, proc.stderr
        assert "Traceback" not in proc.stderr
    proc = run_cli("ask", "hi", "--temperature", "-2")
    assert proc.returncode == 1 and "temperature" in proc.stderr


def test_models_commands(home: Path, tmp_path: Path) -> None:
    bundled = bundled_model_path()
    assert bundled is not None
    copy = tmp_path / "Mine.gguf"
    shutil.copyfile(bundled, copy)
    proc = run_cli("models", "add", str(copy), "--name", "mine")
    assert proc.returncode == 0 and "Added mine" in proc.stdout, proc.stderr
    listed = json.loads(run_cli("models", "list", "--json").stdout)
    # gemma3-270m is built in too where its packages are installed (the dev extras).
    assert [m["name"] for m in listed if m["name"] != "gemma3-270m"] == [
        "default", "smollm2-135m-instruct", "mine"]
    assert all(m["present"] for m in listed)
    info = json.loads(run_cli("models", "info", "mine", "--json").stdout)
    assert info["architecture"] == "llama" and info["quantization"] == "Q4_1"
    assert info["context_length"] == 8192 and "<|im_start|>" in info["chat_template"]
    text = run_cli("models", "info").stdout
    assert "parameters:      134.5M" in text and "chat template:" in text
    assert run_cli("models", "remove", "mine").returncode == 0
    gone = run_cli("models", "info", "mine")
    assert gone.returncode == 1 and "no model named 'mine'" in gone.stderr
    devices = json.loads(run_cli("models", "devices", "--json").stdout)
    assert isinstance(devices["offload_supported"], bool) and devices["devices"]


def test_chat_stores_and_resumes_a_conversation(home: Path, no_keychain: Keychain) -> None:
    Vault.create(PASSPHRASE, home=home, keychain=no_keychain, kdf_log2_n=TEST_KDF).lock()
    env = {"HEARTH_PASSPHRASE": PASSPHRASE}
    first = run_cli("chat", *GREEDY, env=env, input="My cat is called Pixel.\n/exit\n")
    assert first.returncode == 0, first.stderr
    assert "Conversation 1" in first.stderr
    second = run_cli("chat", "--conversation", "1", *GREEDY, env=env,
                     input="What is my cat called?\n")  # end of input also leaves
    assert second.returncode == 0, second.stderr
    with Vault.unlock(home=home, passphrase=PASSPHRASE, keychain=no_keychain) as vault:
        [conv] = list_conversations(vault)
        assert conv.title == "My cat is called Pixel." and conv.model == "default"
        turns = messages(vault, conv.id)
        assert [m.role for m in turns] == ["user", "assistant", "user", "assistant"]
        assert turns[2].content == "What is my cat called?"
        assert first.stdout.strip() == turns[1].content.strip()
        assert turns[3].meta["tokens"]["completion"] > 0
