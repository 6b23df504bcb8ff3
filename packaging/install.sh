#!/usr/bin/env bash
# Installs the built Hearth bundle for the current user, or removes it.
#
#   packaging/install.sh [BUNDLE_DIR]      install (default BUNDLE_DIR: dist/hearth, or
#                                          the bundle this script was shipped in)
#   packaging/install.sh --uninstall       remove what an install put in place
#
# Install puts the bundle in ~/.local/opt/hearth, links ~/.local/bin/hearth to it,
# and installs the desktop entry, the AppStream metainfo and the icons into
# ~/.local/share (XDG_DATA_HOME). Nothing outside $HOME is touched and no root is
# needed. Uninstall leaves the vault and settings (~/.local/share/Hearth) alone.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/.." && pwd)"
data_home="${XDG_DATA_HOME:-$HOME/.local/share}"
opt_dir="$HOME/.local/opt/hearth"
bin_link="$HOME/.local/bin/hearth"
apps_dir="$data_home/applications"
icons_dir="$data_home/icons/hicolor"
metainfo_dir="$data_home/metainfo"
desktop_id="hearth.desktop"
metainfo_id="io.hearth.Hearth.metainfo.xml"
sizes=(16 22 24 32 48 64 128 256 512)

say() { printf 'hearth install: %s\n' "$*"; }

refresh_caches() {
    # Desktops pick up new entries and icons without these; they only speed it up.
    command -v update-desktop-database >/dev/null && update-desktop-database -q "$apps_dir" 2>/dev/null || true
    # A per-user icon cache goes stale when other apps add icons without refreshing
    # it, so only an existing one is updated, never a new one made.
    if [ -f "$icons_dir/icon-theme.cache" ] && command -v gtk-update-icon-cache >/dev/null; then
        gtk-update-icon-cache -q -t "$icons_dir" 2>/dev/null || true
    fi
}

uninstall() {
    if [ -L "$bin_link" ] && [ "$(readlink "$bin_link")" = "$opt_dir/hearth" ]; then
        rm -f "$bin_link"
    fi
    rm -rf "$opt_dir"
    rm -f "$apps_dir/$desktop_id" "$metainfo_dir/$metainfo_id" "$icons_dir/scalable/apps/hearth.svg"
    for size in "${sizes[@]}"; do
        rm -f "$icons_dir/${size}x${size}/apps/hearth.png"
    done
    refresh_caches
    say "removed Hearth (your vault in $data_home/Hearth is kept)"
}

default_bundle() {
    # Run from inside a bundle (hearth/_internal/packaging/install.sh): install that one.
    if [ "$(basename "$root")" = "_internal" ] && [ -x "$root/../hearth" ]; then
        (cd "$root/.." && pwd)
    else
        printf '%s\n' "$root/dist/hearth"
    fi
}

do_install() {
    local bundle="${1:-$(default_bundle)}"
    if [ ! -x "$bundle/hearth" ] || [ ! -d "$bundle/_internal" ]; then
        say "no built bundle at $bundle (build it with scripts/build-bundle)" >&2
        exit 1
    fi
    bundle="$(cd "$bundle" && pwd)"
    if [ "$bundle" != "$opt_dir" ]; then
        # Copied beside and swapped in, so a failed copy never leaves a half install.
        mkdir -p "$(dirname "$opt_dir")"
        rm -rf "$opt_dir.new"
        cp -a "$bundle" "$opt_dir.new"
        rm -rf "$opt_dir"
        mv "$opt_dir.new" "$opt_dir"
    fi
    mkdir -p "$(dirname "$bin_link")" "$apps_dir" "$metainfo_dir" "$icons_dir/scalable/apps"
    ln -sfn "$opt_dir/hearth" "$bin_link"

    # Exec= points at the installed executable: launchers often start without
    # ~/.local/bin on PATH.
    sed -e "s|^Exec=hearth\\b|Exec=$opt_dir/hearth|" \
        -e "s|^TryExec=.*||" \
        "$here/hearth.desktop" > "$apps_dir/$desktop_id.tmp"
    chmod 0644 "$apps_dir/$desktop_id.tmp"
    mv "$apps_dir/$desktop_id.tmp" "$apps_dir/$desktop_id"
    install -m 0644 "$here/$metainfo_id" "$metainfo_dir/$metainfo_id"

    local icons="$root/assets/icons"
    [ -d "$icons" ] || icons="$opt_dir/_internal/assets/icons"
    install -m 0644 "$icons/hearth.svg" "$icons_dir/scalable/apps/hearth.svg"
    for size in "${sizes[@]}"; do
        if [ -f "$icons/hearth-$size.png" ]; then
            mkdir -p "$icons_dir/${size}x${size}/apps"
            install -m 0644 "$icons/hearth-$size.png" "$icons_dir/${size}x${size}/apps/hearth.png"
        fi
    done
    refresh_caches
    say "installed Hearth in $opt_dir"
    case ":$PATH:" in
        *":$HOME/.local/bin:"*) ;;
        *) say "add ~/.local/bin to PATH to run 'hearth' from a terminal" ;;
    esac
}

case "${1:-}" in
    --uninstall) uninstall ;;
    -h|--help) sed -n '2,/^set /p' "$0" | sed -n 's/^# \{0,1\}//p' ;;
    *) do_install "$@" ;;
esac
