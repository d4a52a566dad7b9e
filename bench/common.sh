# Shared by the bench scripts (sourced, not run).

# need TOOL PACKAGE: installs PACKAGE with apt-get when TOOL is missing and we are root,
# else stops naming the package to install.
need() {
  if ! command -v "$1" >/dev/null; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
      DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$2" >/dev/null
    else
      echo "bench: $1 is missing; install the '$2' package" >&2; exit 1
    fi
  fi
}
