"""keyring finds its backends through entry points: ship its metadata and the backends."""

from PyInstaller.utils.hooks import collect_submodules, copy_metadata

datas = copy_metadata("keyring")
hiddenimports = collect_submodules("keyring.backends")
