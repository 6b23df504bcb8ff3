# Builds Hearth's Windows installer (run in PowerShell on Windows; see packaging/README.md).
# Needs: Python 3.11+ from python.org, Visual Studio 2022 Build Tools (C++ workload) and
# CMake for llama.cpp, Inno Setup 6 (iscc.exe on PATH), Pillow for the icon.
$ErrorActionPreference = "Stop"
Set-Location (Join-Path $PSScriptRoot "..\..")
$version = (Select-String -Path app\__init__.py -Pattern '__version__ = "(.+)"').Matches[0].Groups[1].Value
New-Item -ItemType Directory -Force .build\windows | Out-Null
# The bundle (PyInstaller turns the PNG into hearth.exe's icon when Pillow is installed).
py -3.11 packaging\build_bundle.py
# The installer's own icon.
.build\venv\Scripts\python.exe -c "from PIL import Image; Image.open('assets/icons/hearth-256.png').save('.build/windows/hearth.ico', sizes=[(16,16),(24,24),(32,32),(48,48),(64,64),(128,128),(256,256)])"
iscc /DAppVersion=$version packaging\windows\hearth.iss
Write-Host "built dist\Hearth-$version-setup.exe"
