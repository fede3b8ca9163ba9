#!/usr/bin/env bash
# Benchmarks loadbench-engine as a load generator, in one run, against nginx on loopback (a fixed 200):
#   throughput: the engine's requests/s (50 VUs, 10 s, http.get + check) against wrk's (50 connections, 10 s),
#               and the ratio;
#   CPU:        CPU time per request (user and system, from the process's rusage through GNU time) of wrk and
#               of the engine in those runs, and the ratio: far less sensitive than requests/s to a busy machine;
#   instances:  the same load as two engine processes splitting it by execution segments (--instances 2):
#               their requests/s and CPU per request against one process's;
#   memory:     resident memory per VU at 1,000 VUs running a script shaped like k6/payment-confirm.js
#               (JSON POST with headers, checks, a custom Trend, sleep), from the peak VmRSS of 1,000 VUs
#               minus that of 1 VU;
#   start-up:   how long 1,000 VUs of a script importing three modules take to run one iteration each;
#   SharedArray: peak resident memory of 1,000 VUs reading a 10 MB k6/data SharedArray against 1,000 VUs of
#               the same script without it, and the difference per VU (one copy for all VUs: near 0).
# Usage: tests/benchmarks/bench_engine_load.sh [path/to/loadbench-engine]   (needs nginx-light, wrk and GNU
#        time: scripts/install-deps.sh --bench). Prints figures; passes or fails nothing.
set -euo pipefail
cd "$(dirname "$0")/../.."
engine=$(realpath "${1:-build/app/engine/loadbench-engine}")
for tool in nginx wrk /usr/bin/time; do
  command -v "$tool" >/dev/null || { echo "bench_engine_load: $tool is missing; run scripts/install-deps.sh --bench" >&2; exit 2; }
done

work=$(mktemp -d)
nginx_pid=""
cleanup() { [[ -n "$nginx_pid" ]] && kill "$nginx_pid" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT

port=$((20000 + RANDOM % 20000))
mkdir -p "$work/logs"
cat > "$work/nginx.conf" <<CONF
worker_processes 1;
error_log $work/logs/error.log;
pid $work/nginx.pid;
events { worker_connections 4096; }
http {
  access_log off;
  client_body_temp_path $work;
  server {
    listen 127.0.0.1:$port;
    keepalive_requests 1000000;
    location / { return 200 'ok'; }
  }
}
CONF
nginx -c "$work/nginx.conf" -p "$work" -g 'daemon off;' &
nginx_pid=$!
for _ in $(seq 50); do
  curl -fs "http://127.0.0.1:$port/" >/dev/null 2>&1 && break
  sleep 0.1
done
url="http://127.0.0.1:$port/"

echo "== throughput: 50 connections/VUs for 10 s against nginx at $url"
# `time -f '%U %S'` writes the process's user and system CPU seconds (its rusage) to the file given by -o.
/usr/bin/time -f '%U %S' -o "$work/wrk.cpu" wrk -t2 -c50 -d10s "$url" > "$work/wrk.out"
wrk_rps=$(awk '/Requests\/sec/ { print $2 }' "$work/wrk.out")
wrk_requests=$(awk '/requests in/ { print $1 }' "$work/wrk.out")
cat > "$work/get.js" <<'JS'
import http from 'k6/http';
import { check } from 'k6';
export default function () {
    const r = http.get(__ENV.URL);
    check(r, { 'status is 200': (res) => res.status === 200 });
}
export function handleSummary(data) {
    const reqs = data.metrics.http_reqs.values;
    return { stdout: 'engine_rps ' + reqs.rate + '\nengine_requests ' + reqs.count + '\n' };
}
JS
/usr/bin/time -f '%U %S' -o "$work/engine.cpu" "$engine" run "$work/get.js" --vus 50 --duration 10s -e URL="$url" \
  --quiet > "$work/engine.out"
engine_rps=$(awk '/^engine_rps/ { print $2 }' "$work/engine.out")
engine_requests=$(awk '/^engine_requests/ { print $2 }' "$work/engine.out")
echo "wrk:              $wrk_rps requests/s"
echo "loadbench-engine: $engine_rps requests/s"
awk -v e="$engine_rps" -v w="$wrk_rps" 'BEGIN { printf "ratio:            %.1f %% of wrk (target: at least 30 %%)\n", 100 * e / w }'
echo "== CPU per request in those runs (user + system, rusage; the engine's includes its start-up)"
cpu_per_request() { # CPU file, requests -> "total user system" in microseconds per request
  awk -v n="$2" '{ printf "%.2f %.2f %.2f", ($1 + $2) * 1e6 / n, $1 * 1e6 / n, $2 * 1e6 / n }' "$1"
}
read -r wrk_cpu wrk_user wrk_sys <<< "$(cpu_per_request "$work/wrk.cpu" "$wrk_requests")"
read -r engine_cpu engine_user engine_sys <<< "$(cpu_per_request "$work/engine.cpu" "$engine_requests")"
echo "wrk:              $wrk_cpu µs per request (user $wrk_user, system $wrk_sys; $wrk_requests requests)"
echo "loadbench-engine: $engine_cpu µs per request (user $engine_user, system $engine_sys; $engine_requests requests)"
awk -v e="$engine_cpu" -v w="$wrk_cpu" 'BEGIN { printf "ratio:            %.1f times wrk'"'"'s CPU per request\n", e / w }'

echo "== instances: the same 50 VUs for 10 s as 2 processes with execution segments (loadbench run --instances 2)"
halves=()
for half in 1 2; do
  segment=$([[ $half == 1 ]] && echo "0:1/2" || echo "1/2:1")
  /usr/bin/time -f '%U %S' -o "$work/half$half.cpu" "$engine" run "$work/get.js" --vus 50 --duration 10s \
    -e URL="$url" --execution-segment "$segment" --execution-segment-sequence 0,1/2,1 --quiet > "$work/half$half.out" &
  halves+=($!)
done
wait "${halves[@]}" # not nginx, which runs in the background too
halves_rps=$(awk '/^engine_rps/ { sum += $2 } END { print sum }' "$work/half1.out" "$work/half2.out")
halves_requests=$(awk '/^engine_requests/ { sum += $2 } END { print sum }' "$work/half1.out" "$work/half2.out")
halves_cpu=$(awk -v n="$halves_requests" '{ cpu += $1 + $2 } END { printf "%.2f", cpu * 1e6 / n }' "$work/half1.cpu" "$work/half2.cpu")
echo "1 process:   $engine_rps requests/s, $engine_cpu µs CPU per request"
echo "2 instances: $halves_rps requests/s, $halves_cpu µs CPU per request ($halves_requests requests)"
awk -v a="$engine_rps" -v b="$halves_rps" 'BEGIN { printf "ratio:       %.2f times the requests/s of one process\n", b / a }'

echo "== memory: resident memory per VU, script shaped like k6/payment-confirm.js"
cat > "$work/payment.js" <<'JS'
import http from 'k6/http';
import { check, sleep } from 'k6';
import { Trend } from 'k6/metrics';
const confirmTime = new Trend('payment_confirm_time', true);
export default function () {
    const body = JSON.stringify({ amount: 6540, currency: 'USD', confirm: true, capture_method: 'automatic',
                                  payment_method: 'card', payment_method_data: { card: { card_number: '4242424242424242',
                                  card_exp_month: '10', card_exp_year: '35', card_holder_name: 'John Doe', card_cvc: '123' } } });
    const r = http.post(__ENV.URL, body, { headers: { 'Content-Type': 'application/json', 'api-key': 'key-123' } });
    check(r, { 'payment accepted': (res) => res.status === 200 });
    confirmTime.add(r.timings.duration);
    sleep(1);
}
JS
peak_rss() { # peak VmRSS in KiB of `loadbench-engine run ARGUMENTS…`
  "$engine" run "$@" --quiet > /dev/null &
  local pid=$! peak=0 rss
  while kill -0 "$pid" 2>/dev/null; do
    rss=$(awk '/^VmRSS/ { print $2 }' "/proc/$pid/status" 2>/dev/null || echo 0)
    [[ -n "$rss" && "$rss" -gt "$peak" ]] && peak=$rss
    sleep 0.2
  done
  wait "$pid" || true
  echo "$peak"
}
one=$(peak_rss "$work/payment.js" --vus 1 --duration 5s -e URL="$url")
many=$(peak_rss "$work/payment.js" --vus 1000 --duration 20s -e URL="$url")
echo "1 VU:      $((one / 1024)) MiB resident at peak"
echo "1,000 VUs: $((many / 1024)) MiB resident at peak"
awk -v a="$one" -v b="$many" 'BEGIN { printf "per VU:    %.2f MB (target: at most 1 MB)\n", (b - a) * 1024 / 999 / 1e6 }'

echo "== start-up: 1,000 VUs of a script importing three modules, one iteration each, no requests"
mkdir -p "$work/startup/lib"
for name in clock format pick; do
  cat > "$work/startup/lib/$name.js" <<JS
export function $name(value) { return [value, '$name'].join(':'); }
export const ${name}Table = Array.from({ length: 200 }, (_, i) => ({ id: i, name: '$name' + i }));
JS
done
cat > "$work/startup/script.js" <<'JS'
import { clock } from './lib/clock.js';
import { format } from './lib/format.js';
import { pick } from './lib/pick.js';
export const options = { scenarios: { once: { executor: 'per-vu-iterations', vus: 1000, iterations: 1 } } };
export default function () { clock(format(pick(__VU))); }
JS
# The best of three wall times: init of 1,000 VUs (compile, module loading, runtime set-up) dominates.
best=""
for _ in 1 2 3; do
  start=$(date +%s.%N)
  "$engine" run "$work/startup/script.js" --quiet > /dev/null
  end=$(date +%s.%N)
  best=$(awk -v s="$start" -v e="$end" -v b="$best" 'BEGIN { t = e - s; print (b == "" || t < b) ? t : b }')
done
awk -v t="$best" 'BEGIN { printf "start-up:  %.2f s for 1,000 VUs to run their one iteration (best of 3)\n", t }'

echo "== SharedArray: 1,000 VUs over a 10 MB SharedArray against 1,000 VUs of the same script without it"
# 10 MB of JSON: 50,000 records of about 200 bytes.
python3 -c '
import json
print(json.dumps([{"id": i, "name": "user%06d" % i, "email": "user%06d@example.com" % i, "note": "x" * 120}
                  for i in range(50000)]))' > "$work/records.json"
for variant in shared plain; do
  if [[ "$variant" == shared ]]; then
    head="import { SharedArray } from 'k6/data';
const records = new SharedArray('records', () => JSON.parse(open('./records.json')));"
  else
    head="const records = [{ id: 1, name: 'user000001' }];"
  fi
  cat > "$work/$variant.js" <<JS
$head
import { sleep } from 'k6';
export const options = { scenarios: { hold: { executor: 'constant-vus', vus: 1000, duration: '15s' } } };
export default function () {
    const record = records[(__VU * 7919 + __ITER) % records.length];
    if (record.id < 0) throw new Error('never');
    sleep(1);
}
JS
done
(cd "$work" && shared=$(peak_rss shared.js) && plain=$(peak_rss plain.js) &&
  echo "SharedArray (10 MB): $((shared / 1024)) MiB resident at peak" &&
  echo "plain script:        $((plain / 1024)) MiB resident at peak" &&
  awk -v s="$shared" -v p="$plain" 'BEGIN { printf "difference per VU:   %.3f MB (one copy for all: near 10 MB / 1,000 = 0.01 MB)\n", (s - p) * 1024 / 1000 / 1e6 }')
