#!/usr/bin/env bash
# HTTP service benchmarks, against the built `vtrans serve` on loopback:
#   1. a 1 GiB upload (multipart, streamed to disk): throughput (target >= 200 MB/s) and the
#      server's resident memory growth during it (target < 50 MB);
#   2. GET /health (the deep check) under 100 concurrent clients with wrk: p50/p99 latency and
#      requests per second;
#   3. 200 WebSocket subscribers on one job: every subscriber must receive every event
#      (bench/http/ws_subscribers.py checks the sequences are identical).
#
#   bench/http/run.sh
#
# Environment: SCRATCH_PATH (build directory, default .build-server-release), CONFIGURATION
# (release or debug, default release), BENCH_DIR (scratch files, default a temporary directory),
# UPLOAD_MIB (default 1024), HEALTH_SECONDS (default 10), SUBSCRIBERS (default 200).
# Needs curl, wrk (scripts/install-system-packages.sh test), ffmpeg and python3. MB = 10^6 bytes.
set -euo pipefail

root=$(cd "$(dirname "$0")/../.." && pwd)
configuration=${CONFIGURATION:-release}
scratch=${SCRATCH_PATH:-$root/.build-server-release}
bench=${BENCH_DIR:-$(mktemp -d -t vtrans-bench-http.XXXXXX)}
upload_mib=${UPLOAD_MIB:-1024}
health_seconds=${HEALTH_SECONDS:-10}
subscribers=${SUBSCRIBERS:-200}
mkdir -p "$bench"

echo "building vtrans and the stages it runs ($configuration)..." >&2
for product in vtrans vtrans-decoder vtrans-testsrc vtrans-passthrough; do
  swift build --package-path "$root" --scratch-path "$scratch" -c "$configuration" --product "$product" >&2
done
bin="$scratch/$configuration"

# A pipeline that finishes at once (the upload is what is measured) and a slow one for the
# WebSocket run: a tone generated at real time, progress every 0.1 s.
mkdir -p "$bench/pipelines"
cat > "$bench/pipelines/bench-quick.yaml" <<'YAML'
name: bench-quick
summary: Finishes at once
stages:
  - plugin: testsrc
    params: { duration: 0.1 }
  - plugin: passthrough
YAML
cat > "$bench/pipelines/bench-slow.yaml" <<'YAML'
name: bench-slow
summary: Five seconds of tone at real time, progress every 0.1 s
stages:
  - plugin: testsrc
    params: { duration: 5, pace: 1, chunk_seconds: 0.1 }
  - plugin: passthrough
YAML

# A WAV file of the requested size: valid media, so the upload passes the content check.
media="$bench/upload.wav"
if [ ! -f "$media" ] || [ "$(stat -c %s "$media")" -lt $((upload_mib * 1048576 - 1048576)) ]; then
  echo "making a ${upload_mib} MiB WAV file..." >&2
  seconds=$((upload_mib * 1048576 / (48000 * 2 * 2)))
  ffmpeg -v error -y -f lavfi -i "sine=frequency=440:sample_rate=48000:duration=$seconds" -ac 2 -c:a pcm_s16le "$media"
fi
bytes=$(stat -c %s "$media")

rm -rf "$bench/data"
VTRANS_PIPELINE_PATH="$bench/pipelines" VTRANS_RATE_LIMIT_PER_MINUTE=0 VTRANS_WORKERS=1 VTRANS_MIN_FREE_BYTES=0 \
  VTRANS_MAX_UPLOAD_BYTES=$((bytes + 1048576)) VTRANS_LOG_LEVEL=warning \
  "$bin/vtrans" serve --host 127.0.0.1 --port 0 --data-dir "$bench/data" > "$bench/serve.out" 2> "$bench/serve.err" &
server=$!
trap 'kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true' EXIT
for _ in $(seq 600); do grep -q listening "$bench/serve.out" 2>/dev/null && break; sleep 0.1; done
port=$(sed -n 's/.*127\.0\.0\.1:\([0-9]*\).*/\1/p' "$bench/serve.out")
[ -n "$port" ] || { echo "the server did not start:" >&2; cat "$bench/serve.err" >&2; exit 1; }
base="http://127.0.0.1:$port"
curl -sS -o /dev/null "$base/health"  # 503 is fine here: a plugin whose stage is not built makes it so
rss() { awk '/VmRSS/ {print $2 * 1024}' "/proc/$server/status"; }

echo
echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg) (other work on the machine lowers every figure)"
echo
echo "== 1. upload of $((bytes / 1048576)) MiB over loopback"
rss_before=$(rss)
peak_file="$bench/rss-peak"
echo "$rss_before" > "$peak_file"
( while kill -0 "$server" 2>/dev/null; do r=$(rss); [ "$r" -gt "$(cat "$peak_file")" ] && echo "$r" > "$peak_file"; sleep 0.05; done ) &
sampler=$!
result=$(curl -sS -o "$bench/upload-reply.json" -w '%{http_code} %{time_total} %{size_upload}' \
  -F pipeline=bench-quick -F "file=@$media;type=audio/wav" "$base/api/jobs")
kill "$sampler" 2>/dev/null || true
read -r status seconds uploaded <<< "$result"
rss_peak=$(cat "$peak_file")
[ "$status" = 202 ] || { echo "upload answered $status: $(cat "$bench/upload-reply.json")" >&2; exit 1; }
python3 - "$uploaded" "$seconds" "$rss_before" "$rss_peak" <<'PY'
import sys
uploaded, seconds, before, peak = float(sys.argv[1]), float(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
rate = uploaded / seconds / 1e6
growth = (peak - before) / 1e6
print(f"uploaded {uploaded / 2**20:.0f} MiB in {seconds:.2f} s: {rate:.0f} MB/s (target >= 200) "
      f"{'OK' if rate >= 200 else 'BELOW TARGET'}")
print(f"server RSS {before / 1e6:.1f} MB before, peak {peak / 1e6:.1f} MB during: growth {growth:.1f} MB (target < 50) "
      f"{'OK' if growth < 50 else 'ABOVE TARGET'}")
PY

echo
echo "== 2. GET /health, 100 concurrent clients, ${health_seconds} s (wrk)"
wrk -t2 -c100 -d"${health_seconds}s" --latency "$base/health" > "$bench/wrk.txt"
python3 - "$bench/wrk.txt" <<'PY'
import re, sys
text = open(sys.argv[1]).read()
def figure(label):
    match = re.search(rf"^\s+{label}%?\s+([\d.]+)(us|ms|s)\s*$", text, re.M)
    if not match: return None
    value, unit = float(match.group(1)), match.group(2)
    return value / 1000 if unit == "us" else value * 1000 if unit == "s" else value
rps = re.search(r"Requests/sec:\s+([\d.]+)", text)
errors = re.search(r"Non-2xx or 3xx responses: (\d+)", text)
print(f"p50 {figure('50'):.2f} ms, p90 {figure('90'):.2f} ms, p99 {figure('99'):.2f} ms, "
      f"{float(rps.group(1)):.0f} requests/s, non-2xx {errors.group(1) if errors else 0}")
PY

echo
echo "== 3. ${subscribers} WebSocket subscribers on one job"
ffmpeg -v error -y -f lavfi -i "sine=frequency=440:duration=1" "$bench/small.wav"
submit() { curl -fsS -F "pipeline=$1" -F "file=@$bench/small.wav;type=audio/wav" "$base/api/jobs"; }
# The one worker slot is busy with a first job while the subscribers connect to the second,
# still queued: then every subscriber is there before the second job's first event.
submit bench-slow > /dev/null
job=$(submit bench-slow | python3 -c 'import json, sys; print(json.load(sys.stdin)["id"])')
rm -f "$bench/ready"
python3 "$root/bench/http/ws_subscribers.py" 127.0.0.1 "$port" "$job" "$subscribers" "$bench/ready" > "$bench/ws.json" &
watcher=$!
for _ in $(seq 600); do [ -f "$bench/ready" ] && break; sleep 0.1; done
state=$(curl -fsS "$base/api/jobs/$job" | python3 -c 'import json, sys; print(json.load(sys.stdin)["state"])')
echo "all ${subscribers} subscribed while the job was $state"
wait "$watcher" || { echo "subscribers did not all receive the same events: $(cat "$bench/ws.json")" >&2; exit 1; }
python3 - "$bench/ws.json" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
print(f"{r['subscribers']} subscribers each received {r['events_each']} events ({r['stage_events_each']} stage events), "
      f"all identical: {r['all_identical']}, final state {r['final_state']}, "
      f"largest spread of one event across subscribers {r['max_spread_ms']} ms")
PY
echo
echo "server log: $bench/serve.err"
