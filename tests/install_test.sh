#!/usr/bin/env bash
# `cmake --install` into a temporary prefix, then everything a user gets from it:
#  - the program, libwinnow.a and libwinnow.so (with its SONAME), the headers, winnow.pc and the
#    CMake package;
#  - each installed header compiles alone with only `pkg-config --cflags winnow`;
#  - tests/install/consumer.cc built with pkg-config (shared, and --static) and with
#    find_package(winnow) (winnow::winnow and winnow::winnow_static), each run on an HTML string;
#  - the man page renders without a warning; the bash completion loads and completes;
#  - every option `winnow CMD --help` lists, for every command, is in the man page's section of
#    that command and in the completion (an option added without docs fails here);
#  - the systemd units name the installed binary.
# Usage: tests/install_test.sh BUILD_DIR   (a build of every default target)
set -euo pipefail
build=$(cd "${1:?usage: install_test.sh BUILD_DIR}" && pwd)
src=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap '[[ -n ${KEEP:-} ]] || rm -rf "$work"' EXIT
prefix=$work/prefix
failures=0
fail() { echo "FAIL: $*" >&2; failures=$((failures + 1)); }
ok() { echo "ok: $*"; }

cmake --install "$build" --prefix "$prefix" >"$work/install.log" || { cat "$work/install.log" >&2; exit 1; }
winnow=$prefix/bin/winnow
pc=$(find "$prefix" -name winnow.pc)
libdir=$(dirname "$(dirname "$pc")")
export PKG_CONFIG_PATH=$libdir/pkgconfig
CXX=${CXX:-c++}

# --- what is installed -----------------------------------------------------------------------
for f in bin/winnow include/winnow/winnow.h include/winnow/clean/cleaner.h share/man/man1/winnow.1 \
         share/bash-completion/completions/winnow lib/systemd/system/winnow-crawl.service \
         lib/systemd/system/winnow-crawl.timer; do
  [[ -e $prefix/$f ]] || fail "not installed: $f"
done
for f in libwinnow.a winnow.pc cmake/winnow/winnowConfig.cmake cmake/winnow/winnowConfigVersion.cmake; do
  [[ -e $libdir/$f || -e $libdir/pkgconfig/$f ]] || fail "not installed: $libdir/$f"
done
shared=no
if [[ -e $libdir/libwinnow.so ]]; then
  shared=yes
  version=$("$winnow" --version | awk '{print $2}')
  soname=$(readelf -d "$libdir/libwinnow.so" | sed -n 's/.*Library soname: \[\(.*\)\]/\1/p')
  [[ $soname == libwinnow.so.${version%.*} ]] && ok "SONAME $soname" || fail "SONAME '$soname' for version $version"
  [[ -e $libdir/$soname ]] || fail "$soname not installed"
fi
# Only the public API's headers: no tests, no *_internal.h, no app/.
if [[ -n $(find "$prefix/include/winnow" -name '*_test*.h' -o -name '*_internal.h') || -e $prefix/include/winnow/app ]]; then
  fail "private headers installed: $(find "$prefix/include/winnow" -name '*_test*.h' -o -name '*_internal.h')"
fi
echo "installed $(find "$prefix/include/winnow" -name '*.h' | wc -l) headers"

# --- each header alone, with only what pkg-config gives --------------------------------------
cflags=$(pkg-config --cflags winnow)
(cd "$prefix/include/winnow" && find . -name '*.h' | sed 's|^\./||' | sort) >"$work/headers"
if ! xargs -P 2 -I{} sh -c 'printf "#include \"%s\"\n" "$1" | '"$CXX"' -std=c++20 -fsyntax-only -Wall -Wextra '"$cflags"' -x c++ - 2>"$2/$(echo "$1" | tr / _).err" || { echo "$1"; cat "$2/$(echo "$1" | tr / _).err"; exit 255; }' _ {} "$work" <"$work/headers" >"$work/headers.log" 2>&1; then
  fail "a header does not compile alone:"; head -30 "$work/headers.log" >&2
else
  ok "$(wc -l <"$work/headers") headers compile alone with pkg-config --cflags winnow"
fi

# --- the consumer program ------------------------------------------------------------------------
check_consumer() {  # NAME BINARY
  local out
  if ! out=$("$2" 2>&1); then fail "$1: exit $?: $out"; return; fi
  if grep -qx 'title: Otters hold hands' <<<"$out" && grep -q 'current does not carry them apart' <<<"$out" &&
     grep -qx 'host: news.example' <<<"$out" && grep -qx 'crawl: news.example' <<<"$out" && ! grep -q 'All rights reserved' <<<"$out"; then
    ok "$1 runs: title and text"
  else
    fail "$1 printed: $out"
  fi
}
links_libwinnow_so() { [[ $(ldd "$1") == *libwinnow.so* ]]; }  # (no `| grep -q`: SIGPIPE under pipefail)

# One object file, linked both ways: with the shared library, and --static with libwinnow.a.
# shellcheck disable=SC2086
$CXX -std=c++20 -c "$src/tests/install/consumer.cc" -o "$work/consumer.o" $cflags 2>"$work/pc.err" ||
  { fail "consumer.cc does not compile with pkg-config --cflags winnow"; cat "$work/pc.err" >&2; }
if [[ $shared == yes ]]; then
  # shellcheck disable=SC2046
  $CXX "$work/consumer.o" -o "$work/consumer_pc" $(pkg-config --libs winnow) -Wl,-rpath,"$libdir" 2>"$work/pc.err" ||
    { fail "pkg-config link"; cat "$work/pc.err" >&2; }
  if [[ -x $work/consumer_pc ]]; then
    links_libwinnow_so "$work/consumer_pc" && ok "pkg-config: linked to libwinnow.so" || fail "pkg-config: not linked to libwinnow.so"
    check_consumer "pkg-config (shared)" "$work/consumer_pc"
  fi
fi
# --static: every library libwinnow.a needs. The linker prefers libwinnow.so when both are
# there, so the archive is named (docs/install.md says the same).
static_libs=$(pkg-config --static --libs winnow | sed 's/-lwinnow\b/-l:libwinnow.a/')
# shellcheck disable=SC2086
$CXX "$work/consumer.o" -o "$work/consumer_pc_static" $static_libs 2>"$work/pcs.err" ||
  { fail "pkg-config --static link"; cat "$work/pcs.err" >&2; }
if [[ -x $work/consumer_pc_static ]]; then
  links_libwinnow_so "$work/consumer_pc_static" && fail "pkg-config --static: linked to libwinnow.so" || ok "pkg-config --static: libwinnow.a"
  check_consumer "pkg-config --static" "$work/consumer_pc_static"
fi

if cmake -S "$src/tests/install" -B "$work/cmake" -G Ninja -DCMAKE_BUILD_TYPE=Release -DCMAKE_PREFIX_PATH="$prefix" \
     >"$work/cmake.log" 2>&1 && cmake --build "$work/cmake" -j 2 >>"$work/cmake.log" 2>&1; then
  if [[ $shared == yes ]]; then
    links_libwinnow_so "$work/cmake/consumer" && ok "find_package: winnow::winnow is libwinnow.so" || fail "winnow::winnow not libwinnow.so"
  fi
  links_libwinnow_so "$work/cmake/consumer_static" && fail "winnow::winnow_static linked to libwinnow.so" || ok "find_package: winnow::winnow_static is libwinnow.a"
  check_consumer "find_package winnow::winnow" "$work/cmake/consumer"
  check_consumer "find_package winnow::winnow_static" "$work/cmake/consumer_static"
else
  fail "find_package(winnow) project:"; tail -30 "$work/cmake.log" >&2
fi

# --- man page -----------------------------------------------------------------------------------
man=$prefix/share/man/man1/winnow.1
if warnings=$(groff -man -ww -z "$man" 2>&1) && [[ -z $warnings ]]; then ok "man page renders without warnings"; else fail "groff: $warnings"; fi
if command -v man >/dev/null; then
  rendered=$(MANWIDTH=80 man -l "$man" 2>"$work/man.err" | sed 's/.\x08//g') || fail "man -l: $(cat "$work/man.err")"
  grep -q 'EXIT STATUS' <<<"$rendered" && grep -q 'winnow clean' <<<"$rendered" || fail "man -l shows no EXIT STATUS or clean"
fi

# --- completion ---------------------------------------------------------------------------------
completion=$prefix/share/bash-completion/completions/winnow
complete_words() {  # WORD... (the last one is being completed): prints the candidates
  bash --norc --noprofile -c 'source "$1" && shift && COMP_WORDS=("$@") && COMP_CWORD=$(($# - 1)) && _winnow && printf "%s\n" "${COMPREPLY[@]}"' \
    _ "$completion" "$@"
}
bash --norc --noprofile -c 'source "$1" && complete -p winnow' _ "$completion" >/dev/null || fail "completion does not load"
[[ $(complete_words winnow cl) == clean ]] && ok "completion: winnow cl -> clean" || fail "completion of 'winnow cl': $(complete_words winnow cl)"
grep -qx -- --once <<<"$(complete_words winnow crawl --o)" && ok "completion: winnow crawl --o -> --once" || fail "completion of 'winnow crawl --o'"
[[ $(complete_words winnow export --format j | sort | tr '\n' ' ') == "json jsonl " ]] || fail "completion of export --format j: $(complete_words winnow export --format j)"
[[ $(complete_words winnow clean --format m) == markdown ]] || fail "completion of clean --format m"

# --- every option of every command: man page and completion ----------------------------------
# `winnow CMD --help` lists options as "  -j,--jobs UINT ..." (CLI11).
help_options() { "$winnow" "$@" --help | grep -E '^ +-' | sed -E 's/^ +//; s/ .*//' | tr ',' '\n' | grep -E '^-' | sort -u; }
# The man page's text from `.SS "winnow CMD"` (or `.SH GLOBAL OPTIONS`) to the next heading.
man_section() { awk -v h="$1" '/^\.S[SH] /{on = ($0 == h)} on' "$man"; }
# Whether roff text names an option: "--dry-run" as \-\-dry\-run, not inside \-\-dry\-runs.
names_option() {  # OPTION TEXT
  local escaped=${1//-/\\-}
  grep -qP -- "(?<![-A-Za-z0-9])\Q$escaped\E(?![A-Za-z0-9]|\\\\-)" <<<"$2"
}
global_options=$(help_options)
commands=$("$winnow" --help | awk 'tolower($0) ~ /^subcommands:/{on=1; next} on && /^ +[a-z]/{print $1}')
[[ -n $commands ]] || fail "no commands found in winnow --help"
checked=0
for o in $global_options; do
  names_option "$o" "$(man_section '.SH GLOBAL OPTIONS')" || fail "man page: global option $o not in GLOBAL OPTIONS"
done
for cmd in $commands; do
  section=$(man_section ".SS \"winnow $cmd\"")
  [[ -n $section ]] || fail "man page: no section for winnow $cmd"
  offered=$(complete_words winnow "$cmd" -)
  for o in $(help_options "$cmd"); do
    checked=$((checked + 1))
    if grep -qx -- "$o" <<<"$global_options"; then continue; fi  # in GLOBAL OPTIONS, checked above
    names_option "$o" "$section" || fail "man page: winnow $cmd $o is not in the section of winnow $cmd"
    grep -qx -- "$o" <<<"$offered" || fail "completion: winnow $cmd $o is not offered"
  done
  grep -qx "$cmd" <<<"$(complete_words winnow "${cmd:0:2}")" || fail "completion: command $cmd not completed"
done
((checked > 40)) && ok "$checked options of $(wc -w <<<"$commands") commands in the man page and the completion" ||
  fail "only $checked options found in the commands' --help"

# --- systemd units ------------------------------------------------------------------------------
service=$prefix/lib/systemd/system/winnow-crawl.service
exec_start=$(sed -n 's/^ExecStart=//p' "$service")
[[ $exec_start == "$winnow crawl "*--once* ]] && ok "service runs $winnow crawl --once" || fail "ExecStart=$exec_start"
grep -qE '@[A-Z_]+@' "$service" && fail "service keeps a placeholder: $(grep '@' "$service")"
for key in NoNewPrivileges=yes ProtectSystem=strict DynamicUser=yes StateDirectory=winnow Type=oneshot; do
  grep -qx "$key" "$service" || fail "service lacks $key"
done
grep -qx 'Persistent=true' "$prefix/lib/systemd/system/winnow-crawl.timer" || fail "timer not Persistent"
if command -v systemd-analyze >/dev/null; then
  # The syntax, the binary (it must exist and be executable) and Documentation=man:winnow(1).
  if MANPATH=$prefix/share/man systemd-analyze verify "$service" "$prefix/lib/systemd/system/winnow-crawl.timer" \
       >"$work/verify.log" 2>&1; then
    ok "systemd-analyze verify"
  else
    fail "systemd-analyze verify:"; cat "$work/verify.log" >&2
  fi
fi

# --- the Python module ---------------------------------------------------------------------------
# python/ installs it into PREFIX's site-packages (tests/python_install_test.sh checks the folders
# for /usr and /usr/local); the same install must hold it, importable by the system Python.
if compgen -G "$build/python/winnow*.so" >/dev/null; then
  module=$(find "$prefix" -name 'winnow*.so' -path '*-packages/*' | head -n 1)
  if [[ -z $module ]]; then
    fail "Python module not installed"
  elif out=$(cd "$work" && env -i PATH=/usr/bin:/bin PYTHONPATH="$(dirname "$module")" /usr/bin/python3 -c '
import winnow
print(winnow.clean("<html><head><title>Installed</title></head><body><p>Text.</p></body></html>")["title"])' 2>&1) &&
       [[ $out == Installed ]]; then
    ok "Python module imported from $module"
  else
    fail "Python module from $module: $out"
  fi
fi

echo "install test: $failures failure(s)"
((failures == 0))
