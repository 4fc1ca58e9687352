"""Rows the matrix's world lacks, so that their texts are rewritten too: a comment, a hold
and its answer, minutes, answers to a suggestion and a question, a candidate, a visit to
an owner, a rejected home, a repair done and rated, a service station closed (its reason
is on the week's roster), a retired facility, a volunteer team disbanded (its reason is
shown on its record, linked from the team list for those who manage teams). Each is made
through its service, as people make it; a step the world's state refuses is reported (the
walk then has no such row to show)."""

from collections.abc import Callable

TEXT = "写下的字"


def _steps(w, who) -> dict[str, Callable[[], object]]:
    from community.services.teams import team_disband
    from compounds.services import residency_reject
    from deliberation import services as d
    from deliberation import workflow as stages
    from finance.services import question_answer
    from requests import workflow as requests
    from tests.authorization.rows_community_teams import _world as teams

    chair, resident, worker = who("committee_chair"), who("resident"), w.worker
    keeper = who("party_secretary")
    tenant_home = who("tenant").residencies.get().unit
    return {
        "reject a home": lambda: residency_reject(reviewer=chair, residency=w.pending, reason=TEXT),
        "consult": lambda: stages.advance(w.proposal.pk, "consult", actor=chair),
        "comment": lambda: d.comment_add(proposal=w.proposal, by=resident, text=TEXT),
        "hold": lambda: d.hold_place(proposal=w.proposal, by=who("supervisor"), reason=TEXT),
        "answer the hold": lambda: d.hold_answer(
            hold=w.proposal.holds.get(), by=chair, answer=TEXT
        ),
        "minutes": lambda: d.minutes_publish(
            meeting=w.meeting, by=chair, minutes=TEXT, decisions=TEXT
        ),
        "answer a suggestion": lambda: d.suggestion_answer(
            suggestion=w.suggestion, by=chair, answer=TEXT
        ),
        "answer a question": lambda: question_answer(
            question=w.question, by=who("party_secretary"), answer=TEXT
        ),
        "stand": lambda: d.candidate_nominate(
            election=w.election, user=resident, by=resident, profile=TEXT
        ),
        "visit an owner": lambda: d.outreach_log(
            vote=w.vote, unit=tenant_home, by=who("building_head"), note=TEXT
        ),
        "dispatch": lambda: requests.perform(
            w.request.pk, "assign", actor=chair, assignee=worker, note=TEXT
        ),
        "repair": lambda: requests.perform(
            w.request.pk, "resolve", actor=worker, note=TEXT, outcome="fixed"
        ),
        "rate": lambda: requests.perform(
            w.request.pk, "confirm", actor=resident, rating=2, comment=TEXT
        ),
        "close a station": lambda: _closed_station(w, who("party_secretary")),
        "retire a facility": lambda: _retired(w.compound, keeper),
        "disband a team": lambda: team_disband(
            team=teams(w)["disband"], by=who("volunteer"), reason=TEXT
        ),
    }


def _closed_station(w, secretary):
    """A second station of the compound, closed (the world's own keeps its shift)."""
    from community.services.stations import station_close, station_open

    station = station_open(by=secretary, compound=w.compound, name="旧服务站", place=TEXT)
    return station_close(station_id=station.pk, by=secretary, reason=TEXT)


def _retired(compound, keeper):
    """A lamp taken out of use, with its reason (the register's ?retired=1 lists it)."""
    from community.services.facilities import facility_add
    from community.services.facility_changes import facility_retire

    lamp = facility_add(by=keeper, compound=compound, kind="lamp", code="LD-90", place=TEXT)
    return facility_retire(by=keeper, facility_id=lamp.pk, reason=TEXT)


def add_rows(w, who) -> list[str]:
    """Make the rows; the steps that were refused."""
    refused = []
    for name, step in _steps(w, who).items():
        try:
            step()
        except Exception as error:  # noqa: BLE001 - reported: the walk shows what was made
            refused.append(f"{name}: {type(error).__name__} {error}")
    return refused
