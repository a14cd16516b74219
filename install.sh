#!/bin/sh
# Installs followup on Linux or macOS from the project's released binaries,
# without root and without a Rust toolchain:
#
#     curl -fsSL https://raw.githubusercontent.com/OWNER/REPO/main/install.sh | sh
#     curl -fsSL .../install.sh | sh -s -- --version 0.1.0 --to ~/bin
#
# It picks the archive for this machine, checks it against its published
# SHA-256 checksum, and puts `followup` in ~/.local/bin (or --to DIR).
#
# Settings (each also as an environment variable, for CI):
#   --version V   FOLLOWUP_VERSION       a release such as 0.1.0 (default: the latest)
#   --to DIR      FOLLOWUP_INSTALL_DIR   where to put followup (default: ~/.local/bin)
#                 FOLLOWUP_DOWNLOAD_URL  where releases are (default: the repository's
#                                        GitHub releases; the tests use a local server)
set -eu

# The project's repository: Cargo.toml's `repository`, which a test keeps
# this line equal to.
repo="followup-dossiers/followup"

version="${FOLLOWUP_VERSION:-latest}"
dir="${FOLLOWUP_INSTALL_DIR:-${HOME:-}/.local/bin}"
download="${FOLLOWUP_DOWNLOAD_URL:-https://github.com/$repo/releases}"

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
	-h | --help) sed -n '2,15p' "$0" 2>/dev/null || true; exit 0 ;;
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

# curl or wget, whichever the machine has.
fetch() {
	if command -v curl >/dev/null 2>&1; then
		curl --proto '=https,http' -fsSL "$1" -o "$2"
	elif command -v wget >/dev/null 2>&1; then
		wget -q "$1" -O "$2"
	else
		fail "neither curl nor wget is installed" "install one of them and run this again"
	fi
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
fetch "$url" "$tmp/$archive" ||
	fail "followup $version was not found at $url" \
		"the released versions are listed at https://github.com/$repo/releases"
fetch "$url.sha256" "$tmp/$archive.sha256" ||
	fail "the checksum of followup $version was not found at $url.sha256" \
		"a release always has one: try again, or report it at https://github.com/$repo/issues"
expected="$(cut -d ' ' -f 1 <"$tmp/$archive.sha256")"
actual="$(sha256 "$tmp/$archive")"
if [ "$expected" != "$actual" ]; then
	fail "the download's SHA-256 checksum is $actual, but the release says $expected: nothing was installed" \
		"the file was damaged or altered on its way; try again, and if it persists report it at https://github.com/$repo/issues"
fi

tar -xzf "$tmp/$archive" -C "$tmp"
[ -f "$tmp/followup" ] || fail "the archive has no followup program in it: nothing was installed"
mkdir -p "$dir"
# Put in place in one step, so a followup that is running keeps working.
cp "$tmp/followup" "$dir/.followup.new"
chmod 755 "$dir/.followup.new"
mv -f "$dir/.followup.new" "$dir/followup"

say "Installed $("$dir/followup" --version) in $dir"
case ":${PATH:-}:" in
*":$dir:"*) ;;
*) say "note: $dir is not on your PATH; add this line to your shell's profile (~/.profile, ~/.zshrc):"
	say "    export PATH=\"$dir:\$PATH\"" ;;
esac
