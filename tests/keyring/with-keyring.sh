#!/bin/sh
# Runs a command inside a private D-Bus session with a fresh, unlocked GNOME Keyring, so keychain tests use
# a real Secret Service and never touch the user's own keyring.
#   with-keyring.sh COMMAND [ARGS...]
# Never run this under an X display (xvfb-run): gnome-keyring would wait for a password prompt.
set -eu
for tool in dbus-run-session gnome-keyring-daemon dbus-send; do
    command -v "$tool" >/dev/null || { echo "with-keyring.sh: $tool is missing (apt install dbus-x11 gnome-keyring)" >&2; exit 1; }
done

home=$(mktemp -d)
trap 'rm -rf "$home"' EXIT
# Nothing of the caller's desktop session may leak in.
unset DBUS_SESSION_BUS_ADDRESS XDG_CURRENT_DESKTOP DESKTOP_SESSION GNOME_KEYRING_CONTROL DISPLAY WAYLAND_DISPLAY \
    KDE_FULL_SESSION KDE_SESSION_VERSION
export HOME="$home"
export XDG_DATA_HOME="$home/.local/share" XDG_CONFIG_HOME="$home/.config" XDG_CACHE_HOME="$home/.cache"
mkdir -p "$home/runtime" && chmod 700 "$home/runtime"
export XDG_RUNTIME_DIR="$home/runtime"

exec dbus-run-session -- sh -c '
    # --unlock reads the password on stdin and creates the "login" collection unlocked, without a prompt.
    eval "$(printf "hookscope-test" | gnome-keyring-daemon --unlock --components=secrets)"
    export GNOME_KEYRING_CONTROL
    tries=0
    until reply=$(dbus-send --session --dest=org.freedesktop.DBus --print-reply /org/freedesktop/DBus \
        org.freedesktop.DBus.GetConnectionUnixProcessID string:org.freedesktop.secrets 2>/dev/null); do
        tries=$((tries + 1))
        [ "$tries" -lt 100 ] || { echo "with-keyring.sh: the keyring did not come up" >&2; exit 1; }
        sleep 0.05
    done
    daemon=$(printf "%s" "$reply" | awk "/uint32/ { print \$2 }")
    status=0
    "$@" || status=$?
    [ -z "$daemon" ] || kill "$daemon" 2>/dev/null || true
    exit $status
' with-keyring "$@"
