#!/usr/bin/env bash
# Builds whisper.cpp (libwhisper + ggml, shared, Release) from the pinned PyPI sdist and installs it
# under $VTRANS_PREFIX (default /opt/vtrans), with a pkg-config file and a loader path, so that
# `pkg-config --cflags --libs whisper` and the linked binaries work with no environment variables.
#
#   install-whisper.sh [--force]
#
#   VTRANS_PREFIX     install prefix (default /opt/vtrans): lib/, lib/ggml/, include/, bin/
#   VTRANS_CACHE_DIR  where the downloaded sdist is kept (default /var/cache/vtrans)
#   VTRANS_JOBS       parallel compile jobs (default 2)
#   VTRANS_PKGCONFIG_DIR  where whisper.pc goes (default /usr/local/lib/pkgconfig)
#   VTRANS_WHISPER_CPU    all (default): one CPU backend per x86 feature level, the best loaded at
#                         run time; native: a single backend tuned to this machine (builds in about
#                         a quarter of the time; for a developer's own machine, not for images)
#
# Idempotent: when the library of this version and build configuration is installed, it only makes
# sure the pkg-config file and the loader path are in place, and says so. --force rebuilds.
#
# Source: the sdist of pywhispercpp 1.5.1 holds the complete whisper.cpp 1.8.5 tree; it is fetched
# with pip by exact version and checked against its sha256. Nothing of it is kept in the repository.
#
# Build choices (measured on a 2-core AMD EPYC with AVX-512, Whisper base, beam 5, 2 threads):
#  - GGML_BACKEND_DL + GGML_CPU_ALL_VARIANTS, GGML_NATIVE off: the CPU backend is built once per x86
#    feature level (x64 ... haswell, skylakex, icelake, zen4, sapphirerapids) as a module in
#    $PREFIX/lib/ggml; at run time ggml_backend_load_all() scores them against the CPU and loads the
#    best, so one build runs fast on any x86-64 host (the Docker image) instead of being tuned to,
#    or crashing off, the build machine. The AVX-512 variants encode ~25% faster than AVX2 here.
#    Cost: ~4 minutes of compiling on 2 cores instead of ~1.5.
#  - No BLAS: OpenBLAS made the encoder slower, not faster (zen4 variant: 922 ms with BLAS vs
#    753 ms without for 25 s of audio; AVX2 variant: 1010 vs 963 ms).
#  - OpenMP on (the default): ggml's own spinning thread pool degrades badly when other processes
#    compete for the 2 cores. Run time needs libgomp1 (Debian pulls it in with libswresample4).
set -euo pipefail

WHISPER_CPP_VERSION=1.8.5
SDIST_NAME=pywhispercpp
SDIST_VERSION=1.5.1
SDIST_FILE="pywhispercpp-${SDIST_VERSION}.tar.gz"
SDIST_SHA256=5df897e5dd9d9f16804fc937bd85b9f5880a0b29a55f8843585e0e03d76195e5

PREFIX="${VTRANS_PREFIX:-/opt/vtrans}"
CACHE_DIR="${VTRANS_CACHE_DIR:-/var/cache/vtrans}"
JOBS="${VTRANS_JOBS:-2}"
PKGCONFIG_DIR="${VTRANS_PKGCONFIG_DIR:-/usr/local/lib/pkgconfig}"
LDCONF_FILE=/etc/ld.so.conf.d/vtrans.conf
BACKEND_DIR="${PREFIX}/lib/ggml"
STAMP="${PREFIX}/share/vtrans/whisper.cpp.stamp"

case "${VTRANS_WHISPER_CPU:-all}" in
  all) CPU_OPTIONS=(-DGGML_NATIVE=OFF -DGGML_CPU_ALL_VARIANTS=ON) ;;
  native) CPU_OPTIONS=(-DGGML_NATIVE=ON -DGGML_CPU_ALL_VARIANTS=OFF) ;;
  *) echo "install-whisper: error: VTRANS_WHISPER_CPU must be 'all' or 'native'" >&2; exit 64 ;;
esac
CMAKE_OPTIONS=(
  -DCMAKE_BUILD_TYPE=Release
  -DCMAKE_INSTALL_LIBDIR=lib
  -DBUILD_SHARED_LIBS=ON
  "${CPU_OPTIONS[@]}"
  -DGGML_BACKEND_DL=ON
  "-DGGML_BACKEND_DIR=${BACKEND_DIR}"
  -DGGML_BLAS=OFF
  -DGGML_OPENMP=ON
  -DGGML_CCACHE=OFF
  -DWHISPER_BUILD_TESTS=OFF
  -DWHISPER_BUILD_EXAMPLES=ON
  -DWHISPER_BUILD_SERVER=OFF
  -DWHISPER_CURL=OFF
  -DWHISPER_SDL2=OFF
  -DWHISPER_FFMPEG=OFF
)

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
say() { echo "install-whisper: $*"; }
die() { echo "install-whisper: error: $*" >&2; exit 1; }

force=0
for arg in "$@"; do
  case "$arg" in
    --force) force=1 ;;
    -h|--help) sed -n '2,19p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) die "unknown argument '$arg' (use --force or --help)" ;;
  esac
done

# What this build is: a change of version or options makes the stamp differ and forces a rebuild.
build_id="whisper.cpp ${WHISPER_CPP_VERSION} from ${SDIST_FILE} sha256:${SDIST_SHA256}; ${CMAKE_OPTIONS[*]}"

write_pkgconfig() {
  mkdir -p "${PKGCONFIG_DIR}"
  local pc="${PKGCONFIG_DIR}/whisper.pc" tmp
  tmp="$(mktemp "${pc}.XXXXXX")"
  cat > "$tmp" <<EOF
# Written by vtrans scripts/install-whisper.sh
prefix=${PREFIX}
libdir=\${prefix}/lib
includedir=\${prefix}/include
ggml_backend_dir=${BACKEND_DIR}

Name: whisper
Description: whisper.cpp ${WHISPER_CPP_VERSION} speech recognition (libwhisper + ggml, CPU backends loaded at run time)
Version: ${WHISPER_CPP_VERSION}
Libs: -L\${libdir} -lwhisper -lggml -lggml-base
Cflags: -I\${includedir}
EOF
  chmod 0644 "$tmp"
  if [[ -f "$pc" ]] && cmp -s "$tmp" "$pc"; then rm -f "$tmp"; else mv -f "$tmp" "$pc"; say "wrote $pc"; fi
}

write_ldconfig() {
  local want="${PREFIX}/lib"
  if [[ ! -f "$LDCONF_FILE" ]] || ! grep -qxF "$want" "$LDCONF_FILE"; then
    { [[ -f "$LDCONF_FILE" ]] && cat "$LDCONF_FILE"; echo "$want"; } | awk 'NF && !seen[$0]++' > "${LDCONF_FILE}.tmp"
    mv -f "${LDCONF_FILE}.tmp" "$LDCONF_FILE"
    say "wrote $LDCONF_FILE"
  fi
  local cache
  cache="$(ldconfig -p)"
  if ! grep -q "libwhisper.so.1 .*=> ${PREFIX}/lib/" <<< "$cache"; then
    ldconfig
  fi
}

installed() {
  [[ -f "$STAMP" ]] && [[ "$(cat "$STAMP")" == "$build_id" ]] &&
    [[ -f "${PREFIX}/lib/libwhisper.so.${WHISPER_CPP_VERSION}" ]] &&
    [[ -f "${PREFIX}/include/whisper.h" && -f "${PREFIX}/include/ggml-backend.h" ]] &&
    [[ -x "${PREFIX}/bin/whisper-cli" && -x "${PREFIX}/bin/whisper-quantize" ]] &&
    compgen -G "${BACKEND_DIR}/libggml-cpu*.so" > /dev/null
}

# Compile and run a few lines against the installed library through pkg-config alone: proves the
# headers, the link line, the loader path and the run-time CPU backend selection.
smoke_test() {
  local dir
  dir="$(mktemp -d)"
  cat > "$dir/t.c" <<'EOF'
#include <stdio.h>
#include <whisper.h>
#include <ggml-backend.h>
int main(void) {
    ggml_backend_load_all();
    ggml_backend_dev_t cpu = ggml_backend_dev_by_type(GGML_BACKEND_DEVICE_TYPE_CPU);
    if (cpu == NULL) { fprintf(stderr, "no CPU backend could be loaded\n"); return 1; }
    printf("whisper %s, %s: %s\n", whisper_version(), ggml_backend_dev_name(cpu), whisper_print_system_info());
    return 0;
}
EOF
  # shellcheck disable=SC2046
  if ! cc -o "$dir/t" "$dir/t.c" $(env -u PKG_CONFIG_PATH pkg-config --cflags --libs whisper) ||
     ! env -u LD_LIBRARY_PATH "$dir/t"; then
    rm -rf "$dir"
    die "the installed library does not compile, link or load (see above)"
  fi
  rm -rf "$dir"
}

if [[ $force -eq 0 ]] && installed; then
  write_pkgconfig
  write_ldconfig
  say "whisper.cpp ${WHISPER_CPP_VERSION} already installed in ${PREFIX} (pkg-config whisper: $(pkg-config --cflags --libs whisper)); nothing to do (--force rebuilds)"
  exit 0
fi

[[ $(id -u) -eq 0 ]] || die "run as root: it writes ${PREFIX}, ${PKGCONFIG_DIR} and ${LDCONF_FILE}"

"${here}/install-system-packages.sh" build

# 1. The sdist, by exact version and checksum.
mkdir -p "$CACHE_DIR"
sdist="${CACHE_DIR}/${SDIST_FILE}"
if [[ ! -f "$sdist" ]] || ! echo "${SDIST_SHA256}  ${sdist}" | sha256sum --check --status; then
  rm -f "$sdist"
  say "downloading ${SDIST_NAME}==${SDIST_VERSION} (sdist)"
  python3 -m pip download --quiet --no-deps --no-binary "${SDIST_NAME}" --dest "$CACHE_DIR" \
    "${SDIST_NAME}==${SDIST_VERSION}" || die "pip download of ${SDIST_NAME}==${SDIST_VERSION} failed"
  [[ -f "$sdist" ]] || die "pip did not leave ${sdist}"
fi
echo "${SDIST_SHA256}  ${sdist}" | sha256sum --check --status ||
  die "${sdist}: sha256 is $(sha256sum "$sdist" | cut -d' ' -f1), expected ${SDIST_SHA256}"
say "sdist ${SDIST_FILE} verified (sha256 ${SDIST_SHA256:0:12}...)"

# 2. Extract the whisper.cpp tree and build.
work="$(mktemp -d "${TMPDIR:-/var/tmp}/vtrans-whisper.XXXXXX")"
trap 'rm -rf "$work"' EXIT
tar -xzf "$sdist" -C "$work" "pywhispercpp-${SDIST_VERSION}/whisper.cpp"
src="${work}/pywhispercpp-${SDIST_VERSION}/whisper.cpp"
grep -q "project(\"whisper.cpp\" VERSION ${WHISPER_CPP_VERSION})" "${src}/CMakeLists.txt" ||
  die "the sdist does not contain whisper.cpp ${WHISPER_CPP_VERSION}"

say "configuring whisper.cpp ${WHISPER_CPP_VERSION} for ${PREFIX}"
cmake -S "$src" -B "${work}/build" -DCMAKE_INSTALL_PREFIX="${PREFIX}" "${CMAKE_OPTIONS[@]}" > "${work}/configure.log" 2>&1 ||
  { tail -n 40 "${work}/configure.log" >&2; die "cmake configure failed"; }

say "building with ${JOBS} jobs (libwhisper, ggml, CPU backends: ${VTRANS_WHISPER_CPU:-all}, whisper-cli, whisper-quantize; 'all' takes 4 to 8 minutes on 2 cores)"
start=$SECONDS
cmake --build "${work}/build" --parallel "$JOBS" > "${work}/build.log" 2>&1 ||
  { grep -E "error|Error" "${work}/build.log" | head -n 20 >&2; tail -n 20 "${work}/build.log" >&2; die "build failed"; }
say "built in $((SECONDS - start)) s"

# 3. Install: drop what an earlier build left, then the new tree.
rm -f "$STAMP"
rm -rf "${BACKEND_DIR}"
cmake --install "${work}/build" > "${work}/install.log" 2>&1 ||
  { tail -n 20 "${work}/install.log" >&2; die "cmake --install failed"; }
ln -sfn whisper-quantize "${PREFIX}/bin/quantize"
# whisper.cpp installs its own ${PREFIX}/lib/pkgconfig/whisper.pc; make it the same file as ours so
# a PKG_CONFIG_PATH pointing there (as in the Dockerfile) gives the same answer.
PKGCONFIG_DIR="${PREFIX}/lib/pkgconfig" write_pkgconfig
write_pkgconfig
write_ldconfig
ldconfig
smoke_test
mkdir -p "$(dirname "$STAMP")"
echo "$build_id" > "$STAMP"
say "installed whisper.cpp ${WHISPER_CPP_VERSION} in ${PREFIX}: $(ls "${PREFIX}/lib"/libwhisper.so.* | head -n 1), $(ls "${BACKEND_DIR}" | wc -l) CPU backend variants in ${BACKEND_DIR}, bin/whisper-cli, bin/whisper-quantize"
say "pkg-config whisper: $(pkg-config --cflags --libs whisper)"
