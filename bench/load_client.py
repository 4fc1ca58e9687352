"""The virtual people of `make loadtest`: a small HTTP client on the standard library (a
cookie jar, the CSRF token read from the page, multipart photos) and what residents and
staff do with it. No Django here: this is the outside of the portal, as a phone sees it.

Each virtual person comes from an address of their own (`X-Forwarded-For`, read by a
server started with TRUSTED_PROXY_COUNT=1, as behind the production proxy), so the
sign-in limits see residents, not one load generator.
"""

from __future__ import annotations

import http.client
import io
import random
import re
import threading
import time
import uuid
from dataclasses import dataclass, field
from urllib.parse import urlencode, urlsplit

TIMEOUT = 60.0
_TOKEN = re.compile(r'(?:name="csrfmiddlewaretoken" value="|"X-CSRFToken": ")([^"]+)"')


@dataclass
class Outcome:
    action: str
    status: int  # 0: no answer (connection refused, reset or timed out)
    ms: float
    marker: str = ""
    detail: str = ""
    started: float = 0.0  # time.monotonic() when sent


@dataclass
class Shared:
    """What the virtual people learn from each other while the run goes on: the requests
    filed (for neighbours to follow and staff to triage), and every outcome."""

    outcomes: list[Outcome] = field(default_factory=list)
    filed: list[int] = field(default_factory=list)
    to_triage: list[int] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def record(self, outcome: Outcome) -> None:
        with self.lock:
            self.outcomes.append(outcome)


class Browser:
    """One person's phone: cookies kept, redirects not followed (a 302 is the answer)."""

    def __init__(self, base: str, address: str):
        parts = urlsplit(base)
        self.host, self.port = parts.hostname, parts.port
        self.address = address
        self.cookies: dict[str, str] = {}
        self.token = ""

    def request(self, method: str, path: str, body: bytes = b"", ctype: str = ""):
        headers = {
            "X-Forwarded-For": self.address,
            "Accept-Language": "zh-hans",
            "Connection": "close",  # as a proxy opens them (see bench/run.py)
        }
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if body or method == "POST":
            headers["Content-Type"] = ctype or "application/x-www-form-urlencoded"
            headers["X-CSRFToken"] = self.token
            headers["Origin"] = f"http://{self.host}:{self.port}"
            headers["Referer"] = f"http://{self.host}:{self.port}{path}"
        connection = http.client.HTTPConnection(self.host, self.port, timeout=TIMEOUT)
        try:
            connection.request(method, path, body=body or None, headers=headers)
            response = connection.getresponse()
            content = response.read()
        finally:
            connection.close()
        for header in response.headers.get_all("Set-Cookie") or []:
            name, _sep, rest = header.partition("=")
            value = rest.split(";", 1)[0]
            if value and "max-age=0" not in header.lower():
                self.cookies[name.strip()] = value
            else:
                self.cookies.pop(name.strip(), None)
        return response.status, response.headers.get("Location", ""), content

    def get(self, path: str):
        status, location, content = self.request("GET", path)
        found = _TOKEN.search(content.decode("utf-8", "replace"))
        if found:
            self.token = found.group(1)
        return status, location, content

    def post(self, path: str, data: dict, files: dict | None = None):
        if files:
            body, ctype = multipart(data | {"csrfmiddlewaretoken": self.token}, files)
        else:
            body = urlencode(data | {"csrfmiddlewaretoken": self.token}, doseq=True).encode()
            ctype = "application/x-www-form-urlencoded"
        return self.request("POST", path, body, ctype)


def multipart(data: dict, files: dict) -> tuple[bytes, str]:
    boundary = uuid.uuid4().hex
    out = io.BytesIO()
    for name, value in data.items():
        for one in value if isinstance(value, list) else [value]:
            head = f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'
            out.write(head.encode())
            out.write(f"{one}\r\n".encode())
    for name, (filename, content, ctype) in files.items():
        out.write(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; '
            f'filename="{filename}"\r\nContent-Type: {ctype}\r\n\r\n'.encode()
        )
        out.write(content + b"\r\n")
    out.write(f"--{boundary}--\r\n".encode())
    return out.getvalue(), f"multipart/form-data; boundary={boundary}"


def timed(shared: Shared, action: str, call, marker: str = "") -> tuple[int, str, bytes]:
    started_at = time.monotonic()
    started = time.perf_counter()
    try:
        status, location, content = call()
    except (OSError, http.client.HTTPException) as exc:
        status, location, content = 0, "", str(exc).encode()
    ms = (time.perf_counter() - started) * 1000
    detail = location if status in (301, 302, 303) else ""
    if status >= 500 or status == 0:
        detail = content[:200].decode("utf-8", "replace")
    shared.record(Outcome(action, status, ms, marker, detail, started=started_at))
    return status, location, content


def sign_in(browser: Browser, shared: Shared, phone: str, password: str) -> bool:
    timed(shared, "sign-in page", lambda: browser.get("/accounts/login/"))
    status, location, _ = timed(
        shared,
        "sign in",
        lambda: browser.post("/accounts/login/", {"login": phone, "password": password}),
    )
    if status != 302 or "sessionid" not in browser.cookies:
        return False
    browser.get("/")  # the token rotates at sign-in: read the new one from a page
    return True


@dataclass
class Plan:
    """What the seed told the virtual people (bench/load_seed.py's dict)."""

    world: dict
    photo: bytes
    think: float  # mean seconds between two actions of one person
    deadline: float


class Resident:
    """An owner on a phone: reads home, notices, the disclosure, the vote; files a repair
    with a photo; follows a neighbour's request; comments on the proposal; votes once —
    one in ten presses the button twice at once, one in ten changes their mind later."""

    WEIGHTS = {
        "home": 20,
        "notices": 8,
        "disclosure": 8,
        "vote page": 6,
        "file": 14,
        "follow": 10,
        "comment": 6,
        "vote": 14,
        "my request": 8,
        "notifications": 6,
    }

    def __init__(self, browser: Browser, shared: Shared, plan: Plan, me: dict, rng):
        self.browser, self.shared, self.plan, self.me, self.rng = browser, shared, plan, me, rng
        self.voted = False
        self.mine: list[int] = []
        self.building = None

    def run(self) -> None:
        actions, weights = zip(*self.WEIGHTS.items(), strict=True)
        time.sleep(self.rng.uniform(0, self.plan.think))  # people arrive over the first pause
        while time.monotonic() < self.plan.deadline:
            action = self.rng.choices(actions, weights)[0]
            getattr(self, "do_" + action.replace(" ", "_"))()
            pause = self.rng.expovariate(1 / self.plan.think)
            time.sleep(max(0.0, min(pause, self.plan.deadline - time.monotonic())))

    def _get(self, action: str, path: str) -> None:
        timed(self.shared, action, lambda: self.browser.get(path))

    def do_home(self):
        self._get("home", "/")

    def do_notices(self):
        self._get("notices", "/notices/")

    def do_disclosure(self):
        self._get("disclosure", f"/finance/disclosures/{self.plan.world['disclosures'][-1]}/")

    def do_vote_page(self):
        self._get("vote page", f"/deliberation/votes/{self.plan.world['vote']}/")

    def do_notifications(self):
        self._get("notifications", "/notifications/")

    def do_my_request(self):
        if self.mine:
            self._get("my request", f"/requests/{self.rng.choice(self.mine)}/")
        else:
            self._get("my requests", "/requests/")

    def do_file(self):
        world = self.plan.world
        building = self.rng.choice(world["buildings"])
        self._get("filing page", f"/requests/new/?building={building}")
        marker = uuid.uuid4().hex[:12]
        data = {
            "kind": "repair",
            "category": world["category"],
            "where": f"building:{building}",
            "place": "",
            "description": f"楼道灯不亮了，晚上看不见台阶。load:{marker}",
            "urgency": "normal",
        }
        photo = {"photos": ("灯.jpg", self.plan.photo, "image/jpeg")}
        status, location, _ = timed(
            self.shared, "file", lambda: self.browser.post("/requests/new/", data, photo), marker
        )
        found = re.match(r"/requests/(\d+)/$", location) if status == 302 else None
        if found:
            pk = int(found.group(1))
            self.mine.append(pk)
            with self.shared.lock:
                self.shared.filed.append(pk)
                self.shared.to_triage.append(pk)

    def do_follow(self):
        with self.shared.lock:
            others = [pk for pk in self.shared.filed[-200:] if pk not in self.mine]
        if not others:
            return self.do_home()
        pk = self.rng.choice(others)
        self._get("request page", f"/requests/{pk}/")
        timed(
            self.shared,
            "follow",
            lambda: self.browser.post(f"/requests/{pk}/follow/", {}),
            marker=f"{pk}:{self.me['phone']}",
        )

    def do_comment(self):
        proposal = self.plan.world["proposal"]
        self._get("proposal page", f"/deliberation/proposals/{proposal}/")
        marker = uuid.uuid4().hex[:12]
        data = {"op": "comment", "text": f"支持，建议晚上十点后停止充电。load:{marker}"}
        timed(
            self.shared,
            "comment",
            lambda: self.browser.post(f"/deliberation/proposals/{proposal}/act/", data),
            marker,
        )

    def do_vote(self):
        world = self.plan.world
        if self.voted and self.rng.random() > 0.1:  # one in ten changes their mind later
            return self.do_vote_page()
        self._get("vote page", f"/deliberation/votes/{world['vote']}/")
        choice = self.rng.choice(["for", "for", "for", "against", "abstain"])
        data = {"unit": self.me["unit"], f"topic_{world['topic']}": choice}
        path = f"/deliberation/votes/{world['vote']}/ballot/"
        marker = str(self.me["unit"])

        def cast():
            timed(self.shared, "vote", lambda: self.browser.post(path, data), marker)

        if not self.voted and self.rng.random() < 0.1:  # the button pressed twice at once
            twice = threading.Thread(target=cast)
            twice.start()
            cast()
            twice.join()
        else:
            cast()
        self.voted = True


class Staff:
    """A property-company clerk at the workbench: opens the queue, accepts the newest
    request filed and dispatches it to a colleague."""

    def __init__(self, browser: Browser, shared: Shared, plan: Plan, me: dict, rng):
        self.browser, self.shared, self.plan, self.me, self.rng = browser, shared, plan, me, rng

    def run(self) -> None:
        time.sleep(self.rng.uniform(0, self.plan.think))
        while time.monotonic() < self.plan.deadline:
            timed(self.shared, "queue", lambda: self.browser.get("/requests/queue/"))
            with self.shared.lock:
                pk = self.shared.to_triage.pop(0) if self.shared.to_triage else None
            if pk is not None:
                self.triage(pk)
            pause = self.rng.expovariate(1 / self.plan.think)
            time.sleep(max(0.0, min(pause, self.plan.deadline - time.monotonic())))

    def triage(self, pk: int) -> None:
        act = f"/requests/{pk}/act/"
        who = self.rng.choice([s["pk"] for s in self.plan.world["staff"]])
        timed(self.shared, "request page (staff)", lambda: self.browser.get(f"/requests/{pk}/"))
        accept = {"action": "accept"}
        timed(self.shared, "accept", lambda: self.browser.post(act, accept), str(pk))
        assign = {"action": "assign", "assignee": who}
        timed(self.shared, "dispatch", lambda: self.browser.post(act, assign), str(pk))


def small_jpeg() -> bytes:
    """A phone-like photo, small: 640×480 JPEG of a few kilobytes."""
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (640, 480), (90, 90, 100))
    draw = ImageDraw.Draw(image)
    for n in range(0, 640, 40):
        draw.line([(n, 0), (640 - n, 480)], fill=(200, 190, 120), width=3)
    out = io.BytesIO()
    image.save(out, "JPEG", quality=70)
    return out.getvalue()


def people(base: str, shared: Shared, plan: Plan, seed: int = 16) -> list:
    """One virtual person per resident and staff member, each from an address of their own."""
    rng = random.Random(seed)  # noqa: S311 - people's whims, not secrets
    out = []
    for n, me in enumerate(plan.world["residents"]):
        address = f"127.{16 + n // 65536}.{n // 256 % 256}.{n % 256}"
        who = Resident(Browser(base, address), shared, plan, me, random.Random(rng.random()))  # noqa: S311
        out.append(who)
    for n, me in enumerate(plan.world["staff"]):
        rng_n = random.Random(n)  # noqa: S311
        who = Staff(Browser(base, f"127.99.0.{n + 1}"), shared, plan, me, rng_n)
        out.append(who)
    return out
