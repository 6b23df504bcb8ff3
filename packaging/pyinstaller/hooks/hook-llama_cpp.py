"""llama_cpp loads ``libllama``/``libggml*`` with ctypes from ``llama_cpp/lib``: ship them there."""

from PyInstaller.utils.hooks import collect_dynamic_libs

binaries = collect_dynamic_libs("llama_cpp")
# The OpenAI-compatible server (fastapi, uvicorn) is a development extra, not part of Hearth.
excludedimports = ["llama_cpp.server"]
