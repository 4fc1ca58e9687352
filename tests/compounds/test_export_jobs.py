"""Registry exports above REGISTRY_EXPORT_SYNC_LIMIT rows run as a background job: the
export page offers to prepare the file, a worker writes it (at once, in embedded mode),
a progress page follows it, and only the person who asked downloads it, for 24 hours.
Jobs a down broker or a killed worker left behind are taken up by the beat sweep."""

import io
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation
from openpyxl import load_workbook

from compounds import registry, services, tasks
from compounds.models import RegistryExport
from compounds.registry import export_jobs
from compounds.registry.export_jobs import MAX_ATTEMPTS
from portal.celery import app
from tests import factories as f

pytestmark = pytest.mark.django_db
ZH = {"HTTP_ACCEPT_LANGUAGE": "zh-hans"}


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def big(place, settings):
    """A registry of 7 rows, above a limit of 5."""
    settings.REGISTRY_EXPORT_SYNC_LIMIT = 5
    for n in range(6):
        unit = f.UnitFactory(building=place.building, door=f"{n + 101}")
        if n == 0:
            f.ResidencyFactory(unit=unit)
            f.ResidencyFactory(unit=unit, relation="tenant")
    return place


def _start(client, place, **extra):
    return client.post(
        reverse("compounds:registry_export_start", args=[place.compound.pk]), **extra
    )


def _job_url(job) -> str:
    return reverse("compounds:registry_export_job", args=[job.pk])


def _file_url(job) -> str:
    return reverse("compounds:registry_export_file", args=[job.pk])


def _set(job, *, ago: timedelta, **fields) -> None:
    RegistryExport.objects.filter(pk=job.pk).update(heartbeat_at=timezone.now() - ago, **fields)


def test_above_the_limit_the_export_page_offers_to_prepare_the_file(client, big, street_staff):
    client.force_login(street_staff)
    response = client.get(reverse("compounds:registry_export", args=[big.compound.pk]), **ZH)
    assert response.status_code == 200 and not response.streaming
    assert reverse("compounds:registry_export_start", args=[big.compound.pk]) in response.text
    assert not RegistryExport.objects.exists()  # a GET starts nothing


def test_the_limit_is_the_setting(client, big, street_staff, settings):
    client.force_login(street_staff)
    url = reverse("compounds:registry_export", args=[big.compound.pk])
    settings.REGISTRY_EXPORT_SYNC_LIMIT = 7  # exactly the rows: still sent at once
    assert client.get(url).streaming
    settings.REGISTRY_EXPORT_SYNC_LIMIT = 6
    assert not client.get(url).streaming


def test_start_progress_and_download(
    client, big, street_staff, eager_tasks, django_capture_on_commit_callbacks
):
    client.force_login(street_staff)
    with django_capture_on_commit_callbacks(execute=True):
        response = _start(client, big)
    job = RegistryExport.objects.get()
    assert response.status_code == 302 and response.url == _job_url(job)
    assert (job.status, job.requested_by, job.processed_rows, job.total_rows) == (
        "done",
        street_staff,
        7,
        7,
    )
    page = client.get(_job_url(job), **ZH)
    assert page.status_code == 200 and _file_url(job) in page.text
    assert 'hx-trigger="every 2s"' not in page.text  # finished: no more polling
    download = client.get(_file_url(job))
    assert download.status_code == 200
    assert download["Cache-Control"] == "private, no-store"
    data = b"".join(download.streaming_content)
    rows = [list(r) for r in load_workbook(io.BytesIO(data)).active.values]
    assert rows == [
        list(r) for r in load_workbook(io.BytesIO(registry.export_xlsx(big.compound))).active.values
    ]
    assert len(rows) == 8


def test_a_running_job_shows_a_bar_that_refreshes_itself(client, big, street_staff):
    client.force_login(street_staff)
    _start(client, big)  # its task is sent on commit, which never comes here: still queued
    job = RegistryExport.objects.get()
    RegistryExport.objects.filter(pk=job.pk).update(status="running", processed_rows=3)
    page = client.get(_job_url(job), **ZH).text
    assert '<progress value="3" max="7"' in page
    assert 'hx-trigger="every 2s"' in page and 'http-equiv="refresh"' in page
    fragment = client.get(_job_url(job), HTTP_HX_REQUEST="true").text
    assert fragment.lstrip().startswith('<div id="export-progress"') and "<html" not in fragment
    assert client.get(_file_url(job)).status_code == 404  # not ready yet


def test_a_second_start_returns_the_one_under_way(client, big, street_staff):
    client.force_login(street_staff)
    first, second = _start(client, big), _start(client, big)
    assert first.url == second.url
    assert RegistryExport.objects.count() == 1


def test_only_the_person_who_asked_sees_the_job_and_its_file(
    client,
    big,
    street_staff,
    community_staff,
    resident,
    other_owner,
    eager_tasks,
    django_capture_on_commit_callbacks,
):
    client.force_login(street_staff)
    with django_capture_on_commit_callbacks(execute=True):
        _start(client, big)
    job = RegistryExport.objects.get()
    for someone in (community_staff, resident, other_owner):  # another keeper too
        client.force_login(someone)
        assert client.get(_job_url(job)).status_code == 404
        assert client.get(_file_url(job)).status_code == 404
    client.logout()
    assert client.get(_file_url(job)).status_code == 302  # to sign in


def test_people_who_may_not_export_cannot_start_one(client, big, resident, other_owner):
    client.force_login(resident)
    assert _start(client, big).status_code == 403
    client.force_login(other_owner)
    assert _start(client, big).status_code == 404
    assert (
        client.get(reverse("compounds:registry_export_start", args=[big.compound.pk])).status_code
        == 405
    )
    assert not RegistryExport.objects.exists()


def test_who_no_longer_keeps_the_registry_cannot_fetch_their_file(
    client, big, street_staff, eager_tasks, django_capture_on_commit_callbacks
):
    from compounds.models import RoleAssignment
    from compounds.standing import forget_standing

    client.force_login(street_staff)
    with django_capture_on_commit_callbacks(execute=True):
        _start(client, big)
    job = RegistryExport.objects.get()
    RoleAssignment.objects.filter(user=street_staff).update(
        end=timezone.localdate() - timedelta(days=1)
    )
    forget_standing(street_staff)
    assert client.get(_file_url(job)).status_code in (403, 404)


def test_a_failure_is_a_message_on_the_page_not_a_500(
    client, big, street_staff, eager_tasks, django_capture_on_commit_callbacks, monkeypatch
):
    def broken(compound):
        raise RuntimeError("disk full")
        yield

    monkeypatch.setattr(export_jobs, "export_rows", broken)
    client.force_login(street_staff)
    with translation.override("en"), django_capture_on_commit_callbacks(execute=True):
        response = _start(client, big)
    job = RegistryExport.objects.get()
    assert (job.status, job.error) == ("failed", "The export failed; please try again.")
    page = client.get(response.url, **ZH)
    assert page.status_code == 200 and 'role="alert"' in page.text
    assert "disk full" not in page.text and "Traceback" not in page.text
    assert reverse("compounds:registry_export_start", args=[big.compound.pk]) in page.text
    assert client.get(_file_url(job)).status_code == 404
    monkeypatch.undo()
    with django_capture_on_commit_callbacks(execute=True):  # failed: a new start is a new job
        assert _start(client, big).url != response.url


def test_the_worker_records_progress_as_it_goes(big, street_staff, monkeypatch):
    monkeypatch.setattr(export_jobs, "PROGRESS_EVERY", 2)
    seen = []
    real = export_jobs._ours

    def spy(job):
        seen.append(RegistryExport.objects.get(pk=job.pk).processed_rows)
        return real(job)

    monkeypatch.setattr(export_jobs, "_ours", spy)
    job = services.registry_export_start(compound=big.compound, by=street_staff)
    assert registry.export_run(job.pk).status == "done"
    assert seen[:3] == [0, 2, 4]


def test_a_job_left_queued_by_a_down_broker_is_queued_again(big, street_staff):
    job = services.registry_export_start(compound=big.compound, by=street_staff)
    assert registry.stuck_exports() == []  # a broker may just be slow: not yet
    _set(job, ago=timedelta(minutes=6))
    assert registry.stuck_exports() == [job.pk]
    assert registry.stuck_exports() == []  # sent again: wait before the next try
    job = registry.export_run(job.pk)
    assert (job.status, job.attempts, job.processed_rows) == ("done", 1, 7)
    assert registry.export_run(job.pk).attempts == 1  # a late second message: nothing


def test_a_job_whose_worker_died_is_resumed(big, street_staff):
    job = services.registry_export_start(compound=big.compound, by=street_staff)
    _set(job, ago=timedelta(minutes=5), status="running", attempts=1)
    assert registry.stuck_exports() == []  # its heartbeat is recent enough
    _set(job, ago=timedelta(minutes=11))
    assert registry.stuck_exports() == [job.pk]
    assert registry.export_run(job.pk).status == "done"


def test_a_job_that_keeps_dying_is_failed_with_a_message(big, street_staff):
    job = services.registry_export_start(compound=big.compound, by=street_staff)
    _set(job, ago=timedelta(minutes=11), status="running", attempts=MAX_ATTEMPTS)
    assert registry.stuck_exports() == []
    job.refresh_from_db()
    with translation.override("en"):
        assert job.status == "failed" and f"interrupted {MAX_ATTEMPTS} times" in job.error_message
    with translation.override("zh-hans"):  # stored once, read in each reader's language
        assert f"中断了 {MAX_ATTEMPTS} 次" in job.error_message


def test_an_attempt_taken_over_keeps_nothing(big, street_staff, monkeypatch):
    """The sweep gave the job to a new attempt while the first was still writing: the
    first stops at its next progress update and leaves no file."""
    monkeypatch.setattr(export_jobs, "PROGRESS_EVERY", 2)
    job = services.registry_export_start(compound=big.compound, by=street_staff)
    real = export_jobs.export_rows

    def taken_over(compound):
        for n, row in enumerate(real(compound)):
            if n == 1:
                RegistryExport.objects.filter(pk=job.pk).update(attempts=5)
            yield row

    monkeypatch.setattr(export_jobs, "export_rows", taken_over)
    job = registry.export_run(job.pk)
    assert (job.status, job.attempts, bool(job.file)) == ("running", 5, False)


def test_files_expire_after_a_day(
    client, big, street_staff, eager_tasks, django_capture_on_commit_callbacks
):
    client.force_login(street_staff)
    with django_capture_on_commit_callbacks(execute=True):
        _start(client, big)
    job = RegistryExport.objects.get()
    storage, name = job.file.storage, job.file.name
    assert storage.exists(name) and registry.expire_exports() == 0
    RegistryExport.objects.filter(pk=job.pk).update(
        finished_at=timezone.now() - timedelta(hours=24, minutes=1)
    )
    assert client.get(_file_url(job)).status_code == 404  # refused before the sweep runs
    assert tasks.sweep_registry_exports() == 0
    job.refresh_from_db()
    assert (job.status, job.file.name, storage.exists(name)) == ("expired", "", False)
    page = client.get(_job_url(job), **ZH)
    assert page.status_code == 200
    assert reverse("compounds:registry_export_start", args=[big.compound.pk]) in page.text


def test_the_beat_sweep_sends_what_it_takes_up(big, street_staff, monkeypatch):
    sent = []
    monkeypatch.setattr(tasks, "enqueue_safely", lambda task, *args: sent.append((task, args)))
    job = services.registry_export_start(compound=big.compound, by=street_staff)
    _set(job, ago=timedelta(minutes=6))
    assert tasks.sweep_registry_exports() == 1
    assert sent == [(tasks.run_registry_export, (job.pk,))]
    app.loader.import_default_modules()
    scheduled = {entry["task"] for entry in app.conf.beat_schedule.values()}
    assert "compounds.sweep_registry_exports" in scheduled


def test_the_pages_make_as_many_queries_at_two_sizes(client, place, street_staff, settings):
    settings.REGISTRY_EXPORT_SYNC_LIMIT = 0
    client.force_login(street_staff)
    counts = []
    for units in (3, 50):
        for _n in range(units):
            f.ResidencyFactory(unit=f.UnitFactory(building=place.building))
        job = services.registry_export_start(compound=place.compound, by=street_staff)
        registry.export_run(job.pk)
        client.get(_job_url(job))
        with CaptureQueriesContext(connection) as queries:
            assert client.get(_job_url(job)).status_code == 200
            page = client.get(reverse("compounds:registry_export", args=[place.compound.pk]))
            assert page.status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1], counts


def test_two_starts_at_the_same_moment_make_one_job(big, street_staff, monkeypatch):
    """Both requests looked before either wrote: the constraint refuses the second row, and
    the second request returns the first one's job."""
    from django.db.models import QuerySet

    first = services.registry_export_start(compound=big.compound, by=street_staff)
    real_first = QuerySet.first
    calls = []

    def missed_once(queryset):
        calls.append(1)
        return None if len(calls) == 1 else real_first(queryset)

    monkeypatch.setattr(QuerySet, "first", missed_once)
    assert services.registry_export_start(compound=big.compound, by=street_staff) == first
    assert RegistryExport.objects.count() == 1
