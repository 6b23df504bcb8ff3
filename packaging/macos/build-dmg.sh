#!/usr/bin/env bash
# Builds Hearth.app and Hearth-<version>.dmg on macOS (run on a Mac; see packaging/README.md).
#
#   packaging/macos/build-dmg.sh            # Apple silicon: Metal build of llama.cpp
#   HEARTH_CMAKE_ARGS="-DGGML_METAL=OFF" packaging/macos/build-dmg.sh   # CPU only
#
# Needs: Xcode command line tools, cmake, a python.org or Homebrew CPython 3.11+
# (framework build), iconutil and hdiutil (both part of macOS).
# Signing and notarisation are optional: set HEARTH_SIGN_ID ("Developer ID Application: ...")
# and HEARTH_NOTARY_PROFILE (a notarytool keychain profile) to do them.
set -euo pipefail
cd "$(dirname "$0")/../.."
py="${PYTHON:-python3}"
version="$(sed -n 's/^__version__ = "\(.*\)"/\1/p' app/__init__.py)"
work=".build/macos"
mkdir -p "$work"

# 1. The icon: assets/icons PNGs into an .icns (iconutil wants this exact set of names).
iconset="$work/hearth.iconset"
rm -rf "$iconset"; mkdir -p "$iconset"
for size in 16 32 128 256 512; do
    sips -z "$size" "$size" assets/icons/hearth-512.png --out "$iconset/icon_${size}x${size}.png" >/dev/null
    double=$((size * 2))
    sips -z "$double" "$double" assets/icons/hearth-512.png --out "$iconset/icon_${size}x${size}@2x.png" >/dev/null
done
iconutil -c icns "$iconset" -o "$work/hearth.icns"
export HEARTH_ICNS="$PWD/$work/hearth.icns"

# 2. llama.cpp for Macs in general, not only this one (Metal on Apple silicon).
export HEARTH_CMAKE_ARGS="${HEARTH_CMAKE_ARGS:--DGGML_NATIVE=OFF -DGGML_METAL=ON}"

# 3. The venv, the wheel and PyInstaller: the same script as on Linux, which
#    produces dist/Hearth.app on macOS through the BUNDLE step of the spec.
"$py" packaging/build_bundle.py "$@"

app="dist/Hearth.app"
if [ -n "${HEARTH_SIGN_ID:-}" ]; then
    codesign --force --deep --options runtime --timestamp --sign "$HEARTH_SIGN_ID" "$app"
fi

# 4. The disk image: the app and a link to /Applications to drag it onto.
stage="$work/dmg"
rm -rf "$stage"; mkdir -p "$stage"
cp -R "$app" "$stage/"
ln -s /Applications "$stage/Applications"
dmg="dist/Hearth-$version.dmg"
rm -f "$dmg"
hdiutil create -volname "Hearth $version" -srcfolder "$stage" -fs HFS+ -format UDZO -ov "$dmg"

if [ -n "${HEARTH_SIGN_ID:-}" ] && [ -n "${HEARTH_NOTARY_PROFILE:-}" ]; then
    codesign --sign "$HEARTH_SIGN_ID" --timestamp "$dmg"
    xcrun notarytool submit "$dmg" --keychain-profile "$HEARTH_NOTARY_PROFILE" --wait
    xcrun stapler staple "$dmg"
fi
echo "built $dmg"
