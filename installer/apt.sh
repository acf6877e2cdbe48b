# Installing the Debian packages a check needs, sourced (from the repository's root) by
# .ci/run, installer/check_linux.sh and installer/check_wine.sh:
#   apt_install PACKAGE...     true if they are (now) installed. As root, or through sudo
#                              when it needs no password; otherwise false, saying why.
#   skip_or_fail CHECK WHY TEXT
#                              shows what apt-get or pip said, then exits: 1 in CI (CI=true,
#                              as CI services set it: "CHECK FAILED: TEXT (in CI, CI=true,
#                              WHY)"), else 0 ("CHECK SKIPPED: TEXT").
# What apt-get (or a caller's pip) says goes to $TOOL_LOG, removed when the script ends.

TOOL_LOG=$(mktemp)
trap 'rm -f "$TOOL_LOG"' EXIT

APT_SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  APT_SUDO="none"
  if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then APT_SUDO="sudo -n"; fi
fi

apt_install() {
  local missing=""
  for package in "$@"; do
    dpkg -s "$package" >/dev/null 2>&1 || missing="$missing $package"
  done
  [ -z "$missing" ] && return 0
  if [ "$APT_SUDO" = "none" ]; then
    echo "apt-get needs root, and sudo -n is not available to $(id -un) (missing:$missing)" \
      >"$TOOL_LOG"
    return 1
  fi
  if ! command -v apt-get >/dev/null 2>&1; then
    echo "apt-get is not on this machine (missing:$missing)" >"$TOOL_LOG"
    return 1
  fi
  export DEBIAN_FRONTEND=noninteractive
  : >"$TOOL_LOG"
  $APT_SUDO apt-get install -y -qq --no-install-recommends $missing >>"$TOOL_LOG" 2>&1 &&
    return 0
  $APT_SUDO apt-get update -qq >>"$TOOL_LOG" 2>&1 || return 1
  $APT_SUDO apt-get install -y -qq --no-install-recommends $missing >>"$TOOL_LOG" 2>&1
}

show_tool_log() {
  if [ -s "$TOOL_LOG" ]; then
    echo "----- what apt-get or pip said:"
    cat "$TOOL_LOG"
    echo "-----"
  fi
}

skip_or_fail() {
  local check=$1 why=$2
  shift 2
  show_tool_log
  if [ "${CI:-}" = "true" ]; then
    echo "$check FAILED: $* (in CI, CI=true, $why)"
    exit 1
  fi
  echo "$check SKIPPED: $*"
  exit 0
}
