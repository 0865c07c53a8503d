#!/usr/bin/env bash
# The Python module as `cmake --install` installs it: into the Python's package folder under the
# prefix, importable from there by the system Python with nothing of the build tree.
# Usage: tests/python_install_test.sh BUILD_DIR [PYTHON]
set -u
build=$(cd "${1:?usage: $0 BUILD_DIR [PYTHON]}" && pwd)
python=${2:-/usr/bin/python3}
here=$(cd "$(dirname "$0")" && pwd)
source "$here/lib.sh"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
version=$("$python" -c 'import sys; print(f"{sys.version_info[0]}.{sys.version_info[1]}")')

# Installs the python component into PREFIX (under DESTDIR when given); prints the module's path.
install_module() {  # PREFIX [DESTDIR]
  DESTDIR=${2:-} cmake --install "$build" --prefix "$1" --component python >"$tmp/install.log" 2>&1 || {
    cat "$tmp/install.log" >&2
    return 1
  }
  find "${2:-}$1" -name 'winnow*.so'
}

# Another prefix: lib/pythonX.Y/site-packages under it, found through PYTHONPATH.
prefix=$tmp/prefix
module=$(install_module "$prefix")
expect_eq "installed under the prefix" "$prefix/lib/python$version/site-packages" "$(dirname "$module")"
cd "$tmp"  # nothing of the source or build tree on the path
out=$(env -i PATH=/usr/bin:/bin PYTHONPATH="$prefix/lib/python$version/site-packages" "$python" -c '
import winnow
print(winnow.__file__)
page = "<html><head><title>A title</title></head><body><article><p>" + "Words of a paragraph long enough to be kept. " * 12 + "</p></article></body></html>"
print(winnow.extract(page.encode())[:27])
print(winnow.clean(page)["title"])
' 2>&1)
expect_eq "the system Python imports the installed module" "$module
Words of a paragraph long e
A title" "$out"
missing=$(ldd "$module" | grep -c 'not found')
expect_eq "the module needs no library of the build tree" 0 "$missing"

# /usr and /usr/local: the folders Debian's Python imports from by default.
usr=$(install_module /usr "$tmp/dest-usr")
expect_eq "prefix /usr: Debian's dist-packages" "$tmp/dest-usr/usr/lib/python3/dist-packages" "$(dirname "$usr")"
local_module=$(install_module /usr/local "$tmp/dest-local")
expect_eq "prefix /usr/local: its dist-packages" "$tmp/dest-local/usr/local/lib/python$version/dist-packages" "$(dirname "$local_module")"
on_path=$(env -i "$python" -c "import sys; print('/usr/lib/python3/dist-packages' in sys.path and '/usr/local/lib/python$version/dist-packages' in sys.path)")
expect_eq "both are on the Python's default path" True "$on_path"

finish_tests python_install
