# Swift toolchain for Linux CI: a Debian trixie chroot with trixie's `swiftlang` package, kept in
# a folder outside the clone so later runs reuse it. Sourced by ci/test-swift and by the
# conformance runner's launcher (bindings/swift/conformance/runner.sh).
#
# Why a chroot: Debian 12 (bookworm) has no Swift package, and the swift.org tarballs need a
# newer glibc; trixie's swiftlang 6.0.3 runs as-is under chroot. Notes and measurements:
# docs in bindings/swift/README.md (Development).
#
#   SWIFT_ROOT   the chroot (default /var/cache/edgelite/swift-trixie)
#   trixie_ensure            build the chroot unless its marker file exists (2-4 min, ~0.6 GB)
#   trixie_run DIR CMD...    run CMD inside the chroot with cwd DIR; DIR, /tmp and every
#                            path in TRIXIE_BIND (colon-separated) are bind-mounted at the same
#                            path, and the variables named in TRIXIE_PASS are passed through;
#                            TRIXIE_EXEC=1 replaces the shell (the caller's pid becomes CMD's).

SWIFT_ROOT=${SWIFT_ROOT:-/var/cache/edgelite/swift-trixie}
TRIXIE_MARKER=etc/edgelite-swift-chroot-ready

trixie_run() {
  local dir=$1
  shift
  local pass=() name
  for name in ${TRIXIE_PASS:-}; do
    [[ -n ${!name+x} ]] && pass+=("$name=${!name}")
  done
  # A private mount namespace: /proc, /dev and the bind mounts vanish when the command exits,
  # even if it is killed, so nothing is left mounted on the host. env -i keeps the host's
  # variables (cargo's PATH, RUSTFLAGS...) out.
  local run=()
  [[ ${TRIXIE_EXEC:-} == 1 ]] && run=(exec)
  ROOT=$SWIFT_ROOT DIR=$dir BINDS="$dir:/tmp:${TRIXIE_BIND:-}" "${run[@]}" unshare --mount --propagation private bash -c '
    set -e
    mount -t proc proc "$ROOT/proc"
    mount --rbind /dev "$ROOT/dev"
    IFS=: read -ra binds <<<"$BINDS"
    for b in "${binds[@]}"; do
      [[ -n $b && $b != / && -e $b ]] || continue
      if [[ -d $b ]]; then mkdir -p "$ROOT$b"; else mkdir -p "$(dirname "$ROOT$b")"; touch "$ROOT$b"; fi
      mount --bind "$b" "$ROOT$b"
    done
    exec chroot "$ROOT" /usr/bin/env -i "$@"' _ PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root LANG=C.UTF-8 \
    DEBIAN_FRONTEND=noninteractive "${pass[@]}" sh -c 'cd "$0" && exec "$@"' "$dir" "$@"
}

trixie_ensure() {
  # Test the marker, not $SWIFT_ROOT/usr/bin/swift: that is an absolute symlink, which the host
  # would resolve against its own root.
  if [[ -f $SWIFT_ROOT/$TRIXIE_MARKER ]]; then
    trixie_packages
    return 0
  fi
  echo "trixie: building the Swift chroot in $SWIFT_ROOT (first run on this machine)" >&2
  local sudo_cmd=()
  [[ $(id -u) -eq 0 ]] || sudo_cmd=(sudo)
  if ! command -v debootstrap >/dev/null; then
    "${sudo_cmd[@]}" apt-get update -qq
    DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq debootstrap >/dev/null
  fi
  local mirror
  mirror=$(awk '/^URIs:/{print $2; exit}' /etc/apt/sources.list.d/debian.sources 2>/dev/null || true)
  mirror=${mirror:-http://deb.debian.org/debian}
  local partial=$SWIFT_ROOT.partial
  mkdir -p "$(dirname "$SWIFT_ROOT")"
  rm -rf --one-file-system "$partial"
  # debootstrap mounts /proc itself: keep that in a private namespace too.
  unshare --mount --propagation private debootstrap --variant=minbase trixie "$partial" "$mirror" >/dev/null
  cp /etc/resolv.conf "$partial/etc/resolv.conf"
  # --no-install-recommends drops libc6-dev, but Swift needs glibc's headers (CDispatch).
  SWIFT_ROOT=$partial TRIXIE_BIND= trixie_run / sh -c 'apt-get update -qq &&
    apt-get install -y -qq --no-install-recommends swiftlang libc6-dev >/dev/null && apt-get clean'
  SWIFT_ROOT=$partial TRIXIE_BIND= trixie_packages
  touch "$partial/$TRIXIE_MARKER" # written last: a half-built chroot is never used
  rm -rf --one-file-system "$SWIFT_ROOT"
  mv "$partial" "$SWIFT_ROOT"
}

# Packages added after a chroot was first built are installed into it here, so a cached chroot
# catches up without being rebuilt. ca-certificates: the core loads the system's CA roots when
# it sets up a remote or replica connection (even for http:// URLs).
trixie_packages() {
  [[ -f $SWIFT_ROOT/etc/ssl/certs/ca-certificates.crt ]] && return 0
  echo "trixie: installing ca-certificates into $SWIFT_ROOT" >&2
  TRIXIE_BIND= trixie_run / sh -c 'apt-get update -qq &&
    apt-get install -y -qq --no-install-recommends ca-certificates >/dev/null && apt-get clean'
}
