#!/usr/bin/env bash
# Lighthouse accessibility scores of a resident's pages at phone size (issue 12: ≥ 96).
# Run from the project root after `make install`:
#   bench/lighthouse.sh [PHONE] [PATH...]        e.g. bench/lighthouse.sh 13800000001
# Serves a fresh SQLite copy of the demo on a free port (like ../shared/checks/screens), signs in
# with the demo password, runs Lighthouse (accessibility only, mobile, 390x844) on each path, then
# turns 长辈模式 on for the account (POST /settings/large-text/) and measures / and the open vote
# again. Prints a table path → score, then every failing audit with its id and elements.
# Needs: node ≥ 18 and Lighthouse (`npm install --prefix /tmp/lh lighthouse`; set LIGHTHOUSE to
# another binary), /usr/bin/chromium (CHROME_PATH to override). Reports stay in $OUT (default
# ${TMPDIR:-/tmp}/lighthouse). Exit status 1 when any page scores below $MIN (default 96).
set -euo pipefail
phone=${1:-13800000001}; [ $# -gt 0 ] && shift
min=${MIN:-96}
out=${OUT:-${TMPDIR:-/tmp}/lighthouse}
lighthouse=${LIGHTHOUSE:-/tmp/lh/node_modules/.bin/lighthouse}
export CHROME_PATH=${CHROME_PATH:-/usr/bin/chromium}
[ -x .venv/bin/python ] || { echo "run 'make install' in the project root first"; exit 2; }
[ -x "$CHROME_PATH" ] || { echo "apt-get install chromium fonts-noto-cjk"; exit 2; }
[ -x "$lighthouse" ] || { echo "npm install --prefix /tmp/lh lighthouse (or set LIGHTHOUSE)"; exit 2; }
mkdir -p "$out"
db=$(mktemp -d)
export DEBUG=1 PORTAL_DEMO=1 DATABASE_URL="sqlite:///$db/db.sqlite3"
unset REDIS_URL
.venv/bin/python manage.py migrate --noinput >/dev/null 2>&1
.venv/bin/python manage.py seed_demo >/dev/null 2>&1
port=$(.venv/bin/python -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
.venv/bin/python manage.py runserver "127.0.0.1:$port" --noreload >"$db/server.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null; rm -rf "$db"' EXIT
for _ in $(seq 1 60); do curl -s -o /dev/null "http://127.0.0.1:$port/" && break; sleep 0.5; done
base="http://127.0.0.1:$port"

# Sign in (stdlib only); print the session id and the first of the person's requests.
# With "large" as 3rd argument, turn 长辈模式 on for the account instead.
web() {
  .venv/bin/python - "$base" "$phone" "$@" <<'PY'
import http.cookiejar, re, sys, urllib.parse, urllib.request
base, phone, mode = sys.argv[1], sys.argv[2], sys.argv[3]
jar = http.cookiejar.CookieJar()
op = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
def csrf(path):
    html = op.open(base + path).read().decode()
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
def post(path, data):
    data["csrfmiddlewaretoken"] = csrf(path if path.startswith("/accounts") else "/")
    return op.open(urllib.request.Request(base + path, urllib.parse.urlencode(data).encode(),
                                          headers={"Referer": base + "/"})).read().decode()
if mode == "login":
    post("/accounts/login/", {"login": phone, "password": "demo12345"})
    sid = {c.name: c.value for c in jar}.get("sessionid")
    if not sid:
        sys.exit("sign-in failed for " + phone)
    ids = re.findall(r'href="/requests/(\d+)/"', op.open(base + "/requests/").read().decode())
    print(sid, ids[0] if ids else "")
else:  # large SID: same session, turn large text on
    jar.set_cookie(http.cookiejar.Cookie(0, "sessionid", sys.argv[4], None, False, "127.0.0.1", False,
                   False, "/", True, False, None, False, None, None, {}))
    post("/settings/large-text/", {"enabled": "1", "next": "/"})
PY
}
read -r sid req < <(web login)
cookie="sessionid=$sid; django_language=zh-hans"
if [ $# -eq 0 ]; then
  set -- / /requests/ /requests/new/ ${req:+/requests/$req/} /deliberation/votes/2/ /deliberation/votes/1/ \
         /notices/ /notifications/ /compounds/homes/
fi
large_paths=(/ /deliberation/votes/2/)

measure() {  # mode path → writes $out/<phone>-<name>-<mode>.json
  local mode=$1 p=$2 name
  name=$(printf %s "$p" | sed 's/[^A-Za-z0-9]\+/_/g; s/^_//; s/_$//'); name=${name:-home}
  "$lighthouse" "$base$p" --quiet --only-categories=accessibility --form-factor=mobile \
    --screenEmulation.mobile --screenEmulation.width=390 --screenEmulation.height=844 \
    --screenEmulation.deviceScaleFactor=3 --locale=en-US \
    --chrome-flags="--headless --no-sandbox --disable-gpu" \
    --extra-headers "{\"Cookie\":\"$cookie\"}" \
    --output=json --output-path="$out/$phone-$name-$mode.json" >/dev/null 2>"$db/lh.log" \
    || { echo "lighthouse failed on $p:"; tail -5 "$db/lh.log"; }
  echo "$mode $p $out/$phone-$name-$mode.json" >>"$db/runs"
}
: >"$db/runs"
for p in "$@"; do measure normal "$p"; done
web large "$sid"
for p in "${large_paths[@]}"; do measure large "$p"; done

node - "$db/runs" "$min" <<'JS'
const fs = require("fs");
const [runs, min] = [process.argv[2], Number(process.argv[3])];
let worst = 100; const fails = [];
console.log("mode    score  path");
for (const line of fs.readFileSync(runs, "utf8").trim().split("\n")) {
  const [mode, path, file] = line.split(" ");
  let r; try { r = JSON.parse(fs.readFileSync(file, "utf8")); } catch { console.log(`${mode.padEnd(7)} ERR    ${path}`); worst = 0; continue; }
  const final = r.finalDisplayedUrl || r.finalUrl;
  const cat = r.categories.accessibility;
  const score = Math.round(cat.score * 100); worst = Math.min(worst, score);
  const moved = new URL(final).pathname !== path ? `  (→ ${new URL(final).pathname})` : "";
  console.log(`${mode.padEnd(7)} ${String(score).padStart(5)}  ${path}${moved}`);
  for (const ref of cat.auditRefs) {
    const a = r.audits[ref.id];
    if (ref.weight > 0 && a.score !== null && a.score < 1) fails.push({ mode, path, a });
  }
}
if (fails.length) console.log("\nfailing audits:");
for (const { mode, path, a } of fails) {
  console.log(`- [${mode} ${path}] ${a.id}: ${a.title}`);
  for (const it of (a.details && a.details.items) || []) {
    const n = it.node || {};
    console.log(`    ${n.selector || ""}  ${(n.snippet || "").slice(0, 160)}`);
    if (n.explanation) console.log(`      ${n.explanation.split("\n").slice(1).join(" ").slice(0, 200)}`);
  }
}
process.exitCode = worst < min ? 1 : 0;
JS
