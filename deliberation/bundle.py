"""The audit bundle of an owners' vote: a folder (or a .zip of one) that anyone can recount
with `python manage.py recount PATH` — including a committee counting a paper-only vote
that never went through the portal.

    roll.csv      unit,building,area_m2,head_key   one row per voting unit (专有部分面积)
    ballots.csv   unit,choice,channel              at most one row per unit; choice is for,
                                                   against, abstain, blank or spoiled
    matter.json   {"item": N}                      第278条 item 1–9 (0: an ordinary affair,
                                                   in bundles made before every vote had one)

matter.json may also say how the roll counted owners, "head_rule": "owner_set" (one owner
per set of owners of a unit, 法释〔2009〕7号 第九条) or "voter" (a roll frozen before, one
per person named to vote) — the head keys of roll.csv already carry it — and whether blank
and spoiled ballots count toward participation, "invalid_participate": true or false
(true when absent: the owner took part).

The portal's own bundles add `result.json` (the published tally), `voters.csv` (which units
voted, without what they chose) and `SHA256SUMS` (a hash of every file).
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
import zipfile
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path

from deliberation.tally import CHANNELS, ITEMS, MARKS, BallotRow, RollRow

ROLL_HEADER = ["unit", "building", "area_m2", "head_key"]
BALLOTS_HEADER = ["unit", "choice", "channel"]
AREA = re.compile(r"^\d{1,9}(\.\d{1,2})?$")


class BundleError(ValueError):
    """A malformed bundle; the message names the file and line."""


HEAD_RULES = ("owner_set", "voter")


@dataclass(frozen=True)
class Bundle:
    roll: list[RollRow]
    ballots: list[BallotRow]
    item: int
    invalid_participate: bool = True
    head_rule: str = ""


def _files(path: Path) -> dict[str, bytes]:
    if path.is_dir():
        return {p.name: p.read_bytes() for p in path.iterdir() if p.is_file()}
    if zipfile.is_zipfile(path):
        with zipfile.ZipFile(path) as archive:
            # A zip of a folder has its files one level down: take them by base name.
            return {
                Path(info.filename).name: archive.read(info)
                for info in archive.infolist()
                if not info.is_dir()
            }
    raise BundleError(f"{path}: not a folder or a .zip file")


def _rows(files: dict[str, bytes], name: str, header: list[str]):
    if name not in files:
        raise BundleError(f"{name}: missing")
    try:
        text = files[name].decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise BundleError(f"{name}: not UTF-8 text") from exc
    reader = csv.reader(io.StringIO(text, newline=""))
    first = next(reader, None)
    if [c.strip() for c in first or []] != header:
        raise BundleError(f"{name}:1: the header must be {','.join(header)}")
    for row in reader:
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != len(header):
            raise BundleError(f"{name}:{reader.line_num}: expected {len(header)} columns")
        yield reader.line_num, [cell.strip() for cell in row]


def read(path: str | Path) -> Bundle:
    files = _files(Path(path))
    roll, units = [], set()
    for line, (unit, building, area, key) in _rows(files, "roll.csv", ROLL_HEADER):
        where = f"roll.csv:{line}"
        if not unit or not key:
            raise BundleError(f"{where}: unit and head_key must not be empty")
        if unit in units:
            raise BundleError(f"{where}: unit {unit} is listed twice")
        if not AREA.match(area):
            raise BundleError(f"{where}: bad area {area!r} (square metres, up to 2 decimals)")
        try:
            value = Decimal(area)
        except InvalidOperation as exc:  # pragma: no cover - the pattern admits only numbers
            raise BundleError(f"{where}: bad area {area!r}") from exc
        if value <= 0:
            raise BundleError(f"{where}: area must be more than 0")
        units.add(unit)
        roll.append(RollRow(unit, building, value, key))
    ballots, voted = [], set()
    for line, (unit, choice, channel) in _rows(files, "ballots.csv", BALLOTS_HEADER):
        where = f"ballots.csv:{line}"
        if unit not in units:
            raise BundleError(f"{where}: unit {unit!r} is not in roll.csv")
        if unit in voted:
            raise BundleError(f"{where}: unit {unit} has a second ballot")
        if choice not in MARKS:
            raise BundleError(
                f"{where}: unknown choice {choice!r} (for, against, abstain, blank, spoiled)"
            )
        if channel not in CHANNELS:
            raise BundleError(f"{where}: unknown channel {channel!r}")
        voted.add(unit)
        ballots.append((line, BallotRow(unit, choice, channel)))
    _check_keys(roll, ballots)
    matter = _matter(files)
    return Bundle(
        roll,
        [b for _line, b in ballots],
        matter["item"],
        matter.get("invalid_participate", True),
        matter.get("head_rule", ""),
    )


def _check_keys(roll: list[RollRow], ballots: list[tuple[int, BallotRow]]) -> None:
    key_of = {r.unit: r.head_key for r in roll}
    choice_of_key: dict[str, str] = {}
    for line, ballot in ballots:
        key = key_of[ballot.unit]
        if choice_of_key.setdefault(key, ballot.choice) != ballot.choice:
            raise BundleError(
                f"ballots.csv:{line}: units of head key {key} carry different choices "
                "(one owner, one choice)"
            )


def _matter(files: dict[str, bytes]) -> dict:
    if "matter.json" not in files:
        raise BundleError("matter.json: missing")
    try:
        matter = json.loads(files["matter.json"].decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise BundleError(f"matter.json: not valid JSON ({exc})") from exc
    item = matter.get("item") if isinstance(matter, dict) else None
    if isinstance(item, bool) or not isinstance(item, int) or item not in ITEMS:
        raise BundleError('matter.json: "item" must be a whole number from 0 to 9')
    if not isinstance(matter.get("invalid_participate", True), bool):
        raise BundleError('matter.json: "invalid_participate" must be true or false')
    if matter.get("head_rule", "owner_set") not in HEAD_RULES:
        raise BundleError('matter.json: "head_rule" must be "owner_set" or "voter"')
    return matter


def _csv(header: list[str], rows) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue().encode()


def write(
    *,
    roll: list[RollRow],
    ballots: list[BallotRow],
    item: int,
    result: dict | None = None,
    voters: list[str] = (),
    head_rule: str = "",
    invalid_participate: bool = True,
) -> bytes:
    """A .zip of the bundle, with SHA256SUMS over every other file."""
    matter = {"item": item, "invalid_participate": invalid_participate}
    if head_rule:
        matter["head_rule"] = head_rule
    files = {
        "roll.csv": _csv(
            ROLL_HEADER, [(r.unit, r.building, f"{r.area:.2f}", r.head_key) for r in roll]
        ),
        "ballots.csv": _csv(BALLOTS_HEADER, [(b.unit, b.choice, b.channel) for b in ballots]),
        "matter.json": json.dumps(matter).encode(),
    }
    if result is not None:
        files["result.json"] = json.dumps(result, ensure_ascii=False, indent=2).encode()
    if voters:  # which homes voted — never what they chose, nor how
        files["voters.csv"] = _csv(["unit"], [(v,) for v in voters])
    sums = "".join(f"{hashlib.sha256(data).hexdigest()}  {name}\n" for name, data in files.items())
    files["SHA256SUMS"] = sums.encode()
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in files.items():
            archive.writestr(f"bundle/{name}", data)
    return out.getvalue()
