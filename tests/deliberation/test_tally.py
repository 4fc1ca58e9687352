"""The 第278条 count with hand-computed cases, a plain reference implementation checked by
hypothesis, the bundle format and `manage.py recount`."""

import io
import json
import subprocess
import sys
import zipfile
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from deliberation import bundle
from deliberation.tally import BallotRow, RollRow, TallyError, count

ROOT = Path(__file__).resolve().parents[2]


def roll(*rows):
    """rows: (unit, area, key[, building])"""
    return [RollRow(r[0], r[3] if len(r) > 3 else "1栋", Decimal(r[1]), r[2]) for r in rows]


def ballots(**choices):
    return [BallotRow(unit, choice) for unit, choice in choices.items()]


THREE = roll(("a", "100", "A"), ("b", "100", "B"), ("c", "100", "C"))


def test_exactly_two_thirds_participation_passes():
    t = count(THREE, ballots(a="for", b="for"), item=4)
    assert (t.participating_area, t.total_area) == (20000, 30000)
    assert t.quorum_met and t.approved


def test_one_square_metre_short_of_two_thirds_fails():
    r = roll(("a", "99.00", "A"), ("b", "100.00", "B"), ("c", "101.00", "C"))
    t = count(r, ballots(a="for", b="for"), item=4)
    assert t.quorum_heads_met and not t.quorum_area_met
    assert not t.quorum_met and not t.approved
    assert t.gap_to_quorum() == (100, 0)  # one square metre more would do it


def test_headcount_met_but_area_not():
    r = roll(("a", "50", "A"), ("b", "50", "B"), ("c", "200", "C"))
    t = count(r, ballots(a="for", b="for"), item=1)
    assert t.quorum_heads_met and not t.quorum_area_met and not t.approved


def test_multi_unit_owner_and_developer_units_count_once_each_but_with_all_their_area():
    r = roll(
        ("u1", "100", "person:X"),
        ("u2", "100", "person:X"),
        ("d1", "100", "developer"),
        ("d2", "100", "developer"),
        ("d3", "100", "developer"),
        ("u3", "100", "person:3"),
        ("u4", "100", "person:4"),
    )
    t = count(r, ballots(u1="for", u2="for", d1="against", d2="against", d3="against"), 4)
    assert (t.total_heads, t.participating_heads) == (4, 2)
    assert not t.quorum_heads_met  # 2 of 4 is less than 2/3
    t = count(r, ballots(u1="for", u2="for", d1="against", d2="against", d3="against", u3="for"), 4)
    assert t.quorum_met and (t.participating_area, t.participating_heads) == (60000, 3)
    assert (t.for_area, t.for_heads, t.against_area, t.against_heads) == (30000, 2, 30000, 1)
    # Half the participating area is not more than half: not approved, though heads are 2/3.
    assert t.approval_heads_met and not t.approval_area_met and not t.approved


FOUR = roll(("a", "100", "A"), ("b", "100", "B"), ("c", "100", "C"), ("d", "100", "D"))


def test_special_matters_need_three_quarters_ordinary_more_than_half():
    three_of_four = ballots(a="for", b="for", c="for", d="against")
    assert count(FOUR, three_of_four, item=6).approved  # exactly 3/4: 以上 includes it
    assert count(FOUR, three_of_four, item=5).approved
    half = ballots(a="for", b="for", c="against", d="abstain")
    assert not count(FOUR, half, item=5).approved  # exactly half is not 过半数
    assert not count(FOUR, half, item=7).approved
    just_short = roll(
        ("a", "100", "A"), ("b", "100", "B"), ("c", "99.99", "C"), ("d", "100.01", "D")
    )
    t = count(just_short, three_of_four, item=8)
    assert t.approval_heads_met and not t.approval_area_met  # 299.99 of 400 < 3/4


def test_abstentions_participate_but_are_not_for():
    t = count(THREE, ballots(a="for", b="abstain", c="abstain"), item=4)
    assert t.quorum_met and t.abstain_heads == 2 and not t.approved


def test_a_vote_scoped_to_one_building_counts_only_its_roll():
    whole = roll(("a", "100", "A", "1栋"), ("b", "100", "B", "1栋"), ("c", "300", "C", "2栋"))
    building = [r for r in whole if r.building == "1栋"]
    assert not count(whole, ballots(a="for", b="for"), item=5).quorum_met
    assert count(building, ballots(a="for", b="for"), item=5).approved


def test_ordinary_affairs_have_no_quorum():
    t = count(THREE, ballots(a="for"), item=0)
    assert t.quorum_met and t.approved
    assert not count(THREE, [], item=0).approved  # nobody voted: nothing is decided


def test_nonvoters_are_never_for_and_nothing_passes_without_ballots():
    for item in range(10):
        assert not count(THREE, [], item=item).approved


@pytest.mark.parametrize(
    ("rows", "votes", "message"),
    [
        (THREE, [BallotRow("z", "for")], "not on the roll"),
        (THREE, [BallotRow("a", "for"), BallotRow("a", "against")], "two ballots"),
        (THREE, [BallotRow("a", "yes")], "unknown choice"),
        (roll(("a", "1.005", "A")), [], "two decimal"),
        (roll(("a", "10", "K"), ("b", "10", "K")), ballots(a="for", b="against"), "different"),
    ],
)
def test_malformed_input_is_refused(rows, votes, message):
    with pytest.raises(TallyError, match=message):
        count(rows, votes, item=4)


# A plain reference implementation, written from the statute with Fractions ---------------


def reference(rows, votes, item):
    area = {r.unit: Fraction(str(r.area)) for r in rows}
    key = {r.unit: r.head_key for r in rows}
    total_area, total_heads = sum(area.values()), len(set(key.values()))
    part_area = sum(area[b.unit] for b in votes)
    part_heads = len({key[b.unit] for b in votes})
    for_area = sum(area[b.unit] for b in votes if b.choice == "for")
    for_heads = len({key[b.unit] for b in votes if b.choice == "for"})
    if item == 0:
        quorum = True
    else:
        quorum = (
            part_area >= Fraction(2, 3) * total_area and part_heads >= Fraction(2, 3) * total_heads
        )
    if item in (6, 7, 8):
        ok = (
            for_area >= Fraction(3, 4) * part_area
            and for_heads >= Fraction(3, 4) * part_heads
            and for_heads > 0
        )
    else:
        ok = for_area > part_area / 2 and for_heads > Fraction(part_heads, 2)
    return quorum, quorum and ok, part_area, for_heads


@st.composite
def rolls_and_ballots(draw):
    n = draw(st.integers(min_value=1, max_value=25))
    keys = draw(
        st.lists(
            st.sampled_from(["K0", "K1", "K2", "dev"] + [f"P{i}" for i in range(n)]),
            min_size=n,
            max_size=n,
        )
    )
    areas = draw(st.lists(st.integers(min_value=1, max_value=30_000), min_size=n, max_size=n))
    rows = [RollRow(f"u{i}", "1栋", Decimal(a) / 100, keys[i]) for i, a in enumerate(areas)]
    choice_of_key = {k: draw(st.sampled_from(["for", "against", "abstain"])) for k in set(keys)}
    voting = draw(st.lists(st.booleans(), min_size=n, max_size=n))
    votes = [
        BallotRow(r.unit, choice_of_key[r.head_key]) for r, v in zip(rows, voting, strict=True) if v
    ]
    return rows, votes, draw(st.integers(min_value=0, max_value=9))


@settings(max_examples=400, deadline=None)
@given(rolls_and_ballots())
def test_the_tally_agrees_with_the_reference(case):
    rows, votes, item = case
    t = count(rows, votes, item)
    quorum, approved, part_area, for_heads = reference(rows, votes, item)
    assert (t.quorum_met, t.approved) == (quorum, approved)
    assert Fraction(t.participating_area, 100) == part_area and t.for_heads == for_heads


# The bundle and the command ----------------------------------------------------------------


def write_bundle(folder: Path, roll_csv: str, ballots_csv: str, matter: str = '{"item": 4}'):
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "roll.csv").write_text(roll_csv, encoding="utf-8")
    (folder / "ballots.csv").write_text(ballots_csv, encoding="utf-8")
    (folder / "matter.json").write_text(matter, encoding="utf-8")
    return folder


ROLL_CSV = (
    "unit,building,area_m2,head_key\n1-101,1栋,100.00,p1\n1-102,1栋,100,p2\n1-201,1栋,100.5,p3\n"
)


def recount(path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", "recount", str(path)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={"DEBUG": "1", "PATH": "/usr/bin:/bin"},
        timeout=60,
    )


def test_recount_of_a_paper_only_bundle_prints_the_tally(tmp_path):
    folder = write_bundle(
        tmp_path / "paper",
        ROLL_CSV,
        "unit,choice,channel\n1-101,for,paper\n1-201,against,paper\n",
    )
    done = recount(folder)
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert result["total_area"] == "300.50" and result["total_heads"] == 3
    assert result["participating_area"] == "200.50" and result["participating_heads"] == 2
    assert result["for_area"] == "100.00" and result["against_area"] == "100.50"
    assert result["quorum_met"] is True and result["approved"] is False
    # The same bundle as a .zip of its folder gives the same answer.
    archive = tmp_path / "paper.zip"
    with zipfile.ZipFile(archive, "w") as z:
        for name in ("roll.csv", "ballots.csv", "matter.json"):
            z.write(folder / name, f"paper/{name}")
    assert json.loads(recount(archive).stdout) == result


@pytest.mark.parametrize(
    ("ballots_csv", "roll_csv", "fragment"),
    [
        ("unit,choice,channel\n9-999,for,paper\n", ROLL_CSV, "ballots.csv:2"),
        ("unit,choice,channel\n1-101,for,paper\n1-101,against,online\n", ROLL_CSV, "ballots.csv:3"),
        ("unit,choice,channel\n1-101,yes,paper\n", ROLL_CSV, "ballots.csv:2"),
        ("unit,choice,channel\n", ROLL_CSV.replace("100.5,", "12,5,"), "roll.csv:4"),
        ("unit,choice,channel\n", ROLL_CSV.replace("100.5,", "100.555,"), "roll.csv:4"),
        ("unit,choice,channel\n", ROLL_CSV + "1-101,1栋,80,p9\n", "roll.csv:5"),
        ("unit,choice,channel\n1-101,for,fax\n", ROLL_CSV, "ballots.csv:2"),
    ],
)
def test_recount_names_the_file_and_line_of_malformed_input(
    tmp_path, ballots_csv, roll_csv, fragment
):
    done = recount(write_bundle(tmp_path / "bad", roll_csv, ballots_csv))
    assert done.returncode != 0 and fragment in done.stderr


def test_recount_refuses_a_bad_matter_and_a_missing_file(tmp_path):
    done = recount(write_bundle(tmp_path / "m", ROLL_CSV, "unit,choice,channel\n", '{"item": 12}'))
    assert done.returncode != 0 and "matter.json" in done.stderr
    (tmp_path / "m" / "roll.csv").unlink()
    done = recount(tmp_path / "m")
    assert done.returncode != 0 and "roll.csv" in done.stderr


def test_a_written_bundle_reads_back_to_the_same_count(tmp_path):
    rows = roll(("a", "100.25", "A"), ("b", "100", "B"), ("c", "80.5", "A"))
    votes = ballots(a="for", b="against", c="for")
    data = bundle.write(roll=rows, ballots=votes, item=7, voters=[("a", "online")])
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        names = set(Path(n).name for n in z.namelist())
        sums = z.read("bundle/SHA256SUMS").decode()
    assert {"roll.csv", "ballots.csv", "matter.json", "voters.csv", "SHA256SUMS"} <= names
    assert "roll.csv" in sums
    path = tmp_path / "bundle.zip"
    path.write_bytes(data)
    back = bundle.read(path)
    assert count(back.roll, back.ballots, back.item) == count(rows, votes, 7)


# Blank (空白票) and spoiled (作废票) paper ballots (issue 11, item 10) ---------------------


def test_a_spoiled_ballot_takes_part_but_is_never_for_against_or_abstain():
    # a, b, c: 100 m² each. a for, b spoiled. Counted as taking part (the default):
    # 200 of 300 m² and 2 of 3 owners take part (2/3: quorum met); for is 100 of 200, not
    # more than half: not approved — the spoiled ballot weighs like "against".
    t = count(THREE, ballots(a="for", b="spoiled"), item=4)
    assert (t.participating_area, t.participating_heads) == (20000, 2)
    assert (t.spoiled_area, t.spoiled_heads) == (10000, 1)
    assert (t.for_heads, t.against_heads, t.abstain_heads) == (1, 0, 0)
    assert t.quorum_met and not t.approved
    # Where local rules say it does not take part: 100 of 300 m², 1 of 3 owners: no quorum.
    t = count(THREE, ballots(a="for", b="spoiled"), item=4, invalid_participate=False)
    assert (t.participating_area, t.participating_heads) == (10000, 1)
    assert not t.quorum_met and not t.approved


def test_a_blank_ballot_takes_part_and_a_majority_of_the_rest_still_carries():
    # a and b for, c blank: 3 of 3 take part; for 200 of 300 m² and 2 of 3 owners: passes.
    t = count(THREE, ballots(a="for", b="for", c="blank"), item=5)
    assert (t.blank_area, t.blank_heads, t.participating_heads) == (10000, 1, 3)
    assert t.approved
    # Three quarters for a special matter (item 6): 2 of 3 is less: not approved.
    assert not count(THREE, ballots(a="for", b="for", c="blank"), item=6).approved


def test_results_without_blank_or_spoiled_ballots_keep_their_old_shape():
    plain = count(THREE, ballots(a="for", b="against"), item=4).as_dict()
    assert not {"blank_area", "spoiled_heads", "invalid_participate"} & set(plain)
    marked = count(THREE, ballots(a="for", b="blank"), item=4).as_dict()
    assert marked["blank_area"] == "100.00" and marked["blank_heads"] == 1
    assert marked["spoiled_heads"] == 0 and marked["invalid_participate"] is True


def reference_with_invalid(rows, votes, item, invalid_participate):
    """The reference again, leaving out blank and spoiled ballots where they do not take
    part and never counting them as for."""
    taking_part = [
        b for b in votes if invalid_participate or b.choice in ("for", "against", "abstain")
    ]
    return reference(rows, taking_part, item)


@st.composite
def rolls_and_marked_ballots(draw):
    rows, votes, item = draw(rolls_and_ballots())
    marks = ["for", "against", "abstain", "blank", "spoiled"]
    choice_of_key = {r.head_key: draw(st.sampled_from(marks)) for r in rows}
    votes = [BallotRow(b.unit, choice_of_key[k]) for b in votes for k in [_key(rows, b.unit)]]
    return rows, votes, item, draw(st.booleans())


def _key(rows, unit):
    return next(r.head_key for r in rows if r.unit == unit)


@settings(max_examples=300, deadline=None)
@given(rolls_and_marked_ballots())
def test_the_tally_with_blank_and_spoiled_ballots_agrees_with_the_reference(case):
    rows, votes, item, participate = case
    t = count(rows, votes, item, invalid_participate=participate)
    quorum, approved, part_area, for_heads = reference_with_invalid(rows, votes, item, participate)
    assert (t.quorum_met, t.approved) == (quorum, approved)
    assert Fraction(t.participating_area, 100) == part_area and t.for_heads == for_heads


def test_a_bundle_says_whether_blank_and_spoiled_ballots_took_part(tmp_path):
    folder = write_bundle(
        tmp_path / "spoiled",
        ROLL_CSV,
        "unit,choice,channel\n1-101,for,paper\n1-102,spoiled,paper\n",
        '{"item": 4, "invalid_participate": false, "head_rule": "owner_set"}',
    )
    done = recount(folder)
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert result["participating_heads"] == 1 and result["spoiled_heads"] == 1
    assert result["invalid_participate"] is False and result["quorum_met"] is False
    (folder / "matter.json").write_text('{"item": 4, "invalid_participate": "no"}')
    done = recount(folder)
    assert done.returncode == 2 and "invalid_participate" in done.stderr


# Bundles made before issue 11 (kept from the code of that time) recount to what they say.

OLD_BUNDLES = sorted((Path(__file__).parent / "data").glob("bundle-before-owner-sets-*.zip"))


@pytest.mark.parametrize("path", OLD_BUNDLES, ids=lambda p: p.stem)
def test_a_bundle_made_before_owner_sets_recounts_to_its_stored_result(path):
    assert len(OLD_BUNDLES) == 2
    with zipfile.ZipFile(path) as z:
        stored = json.loads(z.read("bundle/result.json"))
        assert json.loads(z.read("bundle/matter.json")) == {"item": stored["item"]}
    done = recount(path)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == stored
    data = bundle.read(path)  # its roll keyed by the voter: 6 owners, not 7 by owner sets
    assert (data.head_rule, count(data.roll, data.ballots, data.item).total_heads) == ("", 6)
