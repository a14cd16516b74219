#!/bin/sh
# Installs followup on Linux or macOS from the project's released binaries,
# without root and without a Rust toolchain. Run `sh install.sh --help`, or
# `curl ... | sh -s -- --help`, for its settings.
set -eu

# The project's repository: Cargo.toml's `repository`, which a test keeps
# this line equal to.
repo="followup-dossiers/followup"

usage() {
	cat <<EOF
Installs followup on Linux or macOS from its released binaries, without root
and without a Rust toolchain:

    curl --proto '=https' --tlsv1.2 -fsSL https://raw.githubusercontent.com/$repo/main/install.sh | sh
    curl --proto '=https' --tlsv1.2 -fsSL https://raw.githubusercontent.com/$repo/main/install.sh | sh -s -- --version 0.1.0 --to ~/bin

It picks the archive for this machine, checks it against its published
SHA-256 checksum, checks that it runs, and puts followup in ~/.local/bin
(or --to DIR).

Settings (each also as an environment variable, for CI):
  --version V   FOLLOWUP_VERSION       a release such as 0.1.0 (default: the latest)
  --to DIR      FOLLOWUP_INSTALL_DIR   where to put followup (default: ~/.local/bin)
                FOLLOWUP_DOWNLOAD_URL  where releases are (default: https://github.com/$repo/releases,
                                       over HTTPS only; the tests use a local server)
EOF
}

version="${FOLLOWUP_VERSION:-latest}"
dir="${FOLLOWUP_INSTALL_DIR:-${HOME:-}/.local/bin}"
# Over HTTPS only, redirects included, unless another address is given
# (the tests' local server is plain HTTP).
if [ -n "${FOLLOWUP_DOWNLOAD_URL:-}" ]; then
	download="$FOLLOWUP_DOWNLOAD_URL"
	protocols="=https,http"
else
	download="https://github.com/$repo/releases"
	protocols="=https"
fi

say() { printf '%s\n' "$*" >&2; }
fail() {
	say "error: $1"
	[ -n "${2:-}" ] && say "help: $2"
	exit 1
}

while [ $# -gt 0 ]; do
	case "$1" in
	--version) [ $# -ge 2 ] || fail "--version needs a value, such as 0.1.0"; version="$2"; shift 2 ;;
	--to) [ $# -ge 2 ] || fail "--to needs a folder"; dir="$2"; shift 2 ;;
	-h | --help) usage; exit 0 ;;
	*) fail "unknown argument: $1" "the arguments are --version V and --to DIR" ;;
	esac
done
version="${version#v}"

# The release archive built for this system and processor.
os="$(uname -s)"
cpu="$(uname -m)"
case "$cpu" in
x86_64 | amd64) cpu=x86_64 ;;
aarch64 | arm64) cpu=aarch64 ;;
esac
case "$os/$cpu" in
Linux/x86_64 | Linux/aarch64) target="$cpu-unknown-linux-musl" ;;
Darwin/x86_64 | Darwin/aarch64) target="$cpu-apple-darwin" ;;
*)
	fail "no followup release is built for this machine ($os, $cpu)" \
		"releases are built for Linux and macOS on x86_64 and aarch64 (install.ps1 for Windows); elsewhere, build from source: cargo install --locked --git https://github.com/$repo"
	;;
esac
archive="followup-$target.tar.gz"
if [ "$version" = latest ]; then
	url="$download/latest/download/$archive"
else
	url="$download/download/v$version/$archive"
fi

# Downloads $1 into $2 with curl or wget, whichever the machine has; on
# failure, says why in $problem: the server's answer (404: no such file) or
# the network's own error (the name not found, no connection, TLS).
fetch() {
	problem=""
	if command -v curl >/dev/null 2>&1; then
		code=0
		status="$(curl --proto "$protocols" --tlsv1.2 -sSL -w '%{http_code}' "$1" -o "$2" 2>"$tmp/error")" || code=$?
		case "$code" in
		0) ;;
		6) problem="the server's name could not be found (DNS): is this machine online?" ;;
		7) problem="no connection could be made to the server" ;;
		28) problem="the server did not answer in time" ;;
		1) problem="it redirects to an address that is not HTTPS, which is refused" ;;
		35 | 51 | 53 | 54 | 58 | 59 | 60 | 64 | 66 | 77 | 80 | 82 | 83 | 90 | 91)
			problem="no secure (TLS) connection could be made: $(cat "$tmp/error")" ;;
		*) problem="$(cat "$tmp/error")" ;;
		esac
	elif command -v wget >/dev/null 2>&1; then
		code=0
		wget -q -S "$1" -O "$2" 2>"$tmp/error" || code=$?
		status="$(sed -n 's/^ *HTTP\/[0-9.]* \([0-9][0-9][0-9]\).*/\1/p' "$tmp/error" | tail -n 1)"
		case "$code" in
		0 | 8) ;;
		4) problem="the network failed: the server's name could not be found (DNS) or no connection could be made" ;;
		5) problem="no secure (TLS) connection could be made" ;;
		*) problem="wget failed (status $code)" ;;
		esac
	else
		fail "neither curl nor wget is installed" "install one of them and run this again"
	fi
	if [ -z "$problem" ]; then
		case "$status" in
		2??) return 0 ;;
		404) problem="not found (404)" ;;
		*) problem="the server answered ${status:-nothing}" ;;
		esac
	fi
	return 1
}
sha256() {
	if command -v sha256sum >/dev/null 2>&1; then
		sha256sum "$1" | cut -d ' ' -f 1
	elif command -v shasum >/dev/null 2>&1; then
		shasum -a 256 "$1" | cut -d ' ' -f 1
	else
		fail "no SHA-256 tool (sha256sum or shasum) to check the download with"
	fi
}

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT INT TERM

say "Downloading followup $version for $target"
if ! fetch "$url" "$tmp/$archive"; then
	case "$problem" in
	"not found"*) fail "followup $version was not found at $url (404)" \
		"the released versions are listed at https://github.com/$repo/releases" ;;
	*) fail "followup $version could not be downloaded from $url: $problem" \
		"check the network connection (and any proxy), then try again" ;;
	esac
fi
fetch "$url.sha256" "$tmp/$archive.sha256" ||
	fail "the checksum of followup $version could not be downloaded from $url.sha256: $problem" \
		"a release always has one: try again, or report it at https://github.com/$repo/issues"
expected="$(cut -d ' ' -f 1 <"$tmp/$archive.sha256")"
actual="$(sha256 "$tmp/$archive")"
if [ "$expected" != "$actual" ]; then
	fail "the download's SHA-256 checksum is $actual, but the release says $expected: nothing was installed" \
		"the file was damaged or altered on its way; try again, and if it persists report it at https://github.com/$repo/issues"
fi

tar -xzf "$tmp/$archive" -C "$tmp"
[ -f "$tmp/followup" ] || fail "the archive has no followup program in it: nothing was installed"
# It must run here before it replaces anything.
chmod 755 "$tmp/followup"
if ! installed="$("$tmp/followup" --version 2>"$tmp/error")"; then
	fail "the followup downloaded for $target does not run on this machine: nothing was installed ($(head -c 300 "$tmp/error"))" \
		"report it, with the output of uname -a, at https://github.com/$repo/issues"
fi
mkdir -p "$dir"
# Put in place in one step, so a followup that is running keeps working.
cp "$tmp/followup" "$dir/.followup.new"
chmod 755 "$dir/.followup.new"
mv -f "$dir/.followup.new" "$dir/followup"

say "Installed $installed in $dir"
case ":${PATH:-}:" in
*":$dir:"*) ;;
*) say "note: $dir is not on your PATH; add this line to your shell's profile (~/.profile, ~/.zshrc):"
	say "    export PATH=\"$dir:\$PATH\"" ;;
esac
