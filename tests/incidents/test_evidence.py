"""Evidence: SHA-256 on receipt, size and type limits from the settings (nothing stored on refusal), the
hash-chained chain-of-custody log (received, transferred, downloaded, retired), a row edited in the
database is detected, evidence is never deleted; and task reminders under an injected clock."""

from __future__ import annotations

import hashlib
from datetime import timedelta
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from cyberins.accounts.periodic import get_job
from cyberins.incidents.models import CustodyEntry, Evidence, Incident, Task
from cyberins.incidents.services import do_add_task, remind_tasks, verify_custody
from tests.incidents.test_case_work import opened

LOG = b"2026-11-27 03:12:44 sshd[811]: Accepted password for root from 203.0.113.9\n"


def upload(client, pk, name="auth.log", content=LOG, **fields):
    return client.client.post(
        f"/api/incidents/{pk}/evidence",
        {"file": SimpleUploadedFile(name, content), **fields},
        headers=client.headers,
    )


def test_evidence_chain_of_custody_through_the_api(case, api_as) -> None:
    pk = opened(case, api_as)
    insured, engineer, claims = api_as(case["applicant"]), api_as(case["engineer"]), api_as(case["claims"])
    made = upload(insured, pk, description="SSH 登录日志", received_from="运维 李工")
    assert made.status_code == 201, made.json()
    ev = made.json()
    assert (ev["sha256"], ev["size"], ev["received_from"]) == (
        hashlib.sha256(LOG).hexdigest(),
        len(LOG),
        "运维 李工",
    )
    stored = Evidence.objects.get(pk=ev["id"])
    assert Path(stored.file.path).read_bytes() == LOG

    moved = engineer.post(
        f"/api/incidents/{pk}/evidence/{ev['id']}/transfer",
        {"to_party": "沪应急安全 取证实验室", "purpose": "取证分析"},
    )
    assert (moved.status_code, moved.json()["holder"]) == (200, "沪应急安全 取证实验室")
    got = engineer.get(f"/api/incidents/{pk}/evidence/{ev['id']}/file?purpose=分析")
    assert (got.content, got["X-Content-SHA256"]) == (LOG, ev["sha256"])
    assert insured.post(f"/api/incidents/{pk}/evidence/{ev['id']}/retire", {"reason": "x"}).status_code == 403
    retired = claims.post(f"/api/incidents/{pk}/evidence/{ev['id']}/retire", {"reason": "重复上传"})
    assert (retired.status_code, retired.json()["retired_reason"]) == (200, "重复上传")
    again = claims.post(f"/api/incidents/{pk}/evidence/{ev['id']}/retire", {"reason": "再次"})
    assert again.json()["code"] == "incidents.evidence_retired"

    detail = claims.get(f"/api/incidents/{pk}/evidence/{ev['id']}").json()
    assert [(c["seq"], c["action"]) for c in detail["custody"]] == [
        (1, "received"),
        (2, "transferred"),
        (3, "downloaded"),
        (4, "retired"),
    ]
    assert (detail["custody"][1]["to_party"], detail["custody"][1]["purpose"]) == (
        "沪应急安全 取证实验室",
        "取证分析",
    )
    assert (detail["custody_intact"], detail["broken_entries"], detail["file_intact"]) == (True, [], True)
    # a provider not dispatched sees nothing
    assert api_as(case["other_manager"]).get(f"/api/incidents/{pk}/evidence/{ev['id']}").status_code == 404
    # still there after retirement, and never deleted
    with pytest.raises(PermissionError):
        stored.delete()
    assert [e["id"] for e in insured.get(f"/api/incidents/{pk}/evidence").json()] == [ev["id"]]


def test_a_custody_row_edited_in_the_database_is_detected(case, api_as) -> None:
    pk = opened(case, api_as)
    engineer = api_as(case["engineer"])
    ev = upload(engineer, pk).json()
    engineer.post(
        f"/api/incidents/{pk}/evidence/{ev['id']}/transfer", {"to_party": "实验室", "purpose": "分析"}
    )
    engineer.get(f"/api/incidents/{pk}/evidence/{ev['id']}/file")
    evidence = Evidence.objects.get(pk=ev["id"])
    assert verify_custody(evidence).intact

    # the model refuses an update; the database does not, but the chain does
    entry = CustodyEntry.objects.get(evidence=evidence, seq=2)
    with pytest.raises(PermissionError):
        entry.save()
    CustodyEntry.objects.filter(pk=entry.pk).update(to_party="某个别人")
    check = verify_custody(evidence)
    assert (check.intact, check.broken) == (False, (2,))
    shown = engineer.get(f"/api/incidents/{pk}/evidence/{ev['id']}").json()
    assert (shown["custody_intact"], shown["broken_entries"]) == (False, [2])


def test_a_removed_custody_row_and_a_changed_file_are_detected(case, api_as) -> None:
    pk = opened(case, api_as)
    engineer = api_as(case["engineer"])
    ev = upload(engineer, pk).json()
    engineer.get(f"/api/incidents/{pk}/evidence/{ev['id']}/file")
    engineer.get(f"/api/incidents/{pk}/evidence/{ev['id']}/file")
    evidence = Evidence.objects.get(pk=ev["id"])
    CustodyEntry.objects.filter(evidence=evidence, seq=2).delete()  # bypasses the model's refusal
    assert verify_custody(evidence).broken == (3,)
    Path(evidence.file.path).write_bytes(LOG + b"edited")
    assert verify_custody(evidence).file_intact is False


@pytest.mark.parametrize(
    ("name", "content", "code"),
    [
        ("tool.exe", b"MZ\x90\x00", "incidents.evidence_type"),
        ("notes.log", b"MZ\x90\x00 renamed executable", "incidents.evidence_type"),
        ("shot.png", b"not a png", "incidents.evidence_type"),
        ("big.log", b"x" * 2049, "incidents.evidence_too_large"),
        ("empty.txt", b"", "incidents.evidence_type"),
    ],
)
def test_refused_evidence_is_a_coded_error_and_nothing_is_stored(
    case, api_as, settings, name, content, code
) -> None:
    settings.INCIDENT_EVIDENCE_MAX_BYTES = 2048
    pk = opened(case, api_as)
    media = Path(settings.MEDIA_ROOT) / "incidents" / str(pk) / "evidence"
    before = set(media.glob("*")) if media.exists() else set()
    refused = upload(api_as(case["applicant"]), pk, name=name, content=content)
    assert (refused.status_code, refused.json()["code"], refused.json()["field"]) == (400, code, "file")
    assert not Evidence.objects.filter(incident_id=pk).exists()
    assert (set(media.glob("*")) if media.exists() else set()) == before


def test_task_reminder_and_overdue_are_recorded_once_under_an_injected_clock(case, api_as) -> None:
    pk = opened(case, api_as)
    incident = Incident.objects.get(pk=pk)
    now = timezone.now()
    task = do_add_task(
        actor=case["engineer"],
        incident=incident,
        title="镜像硬盘",
        owner=case["engineer"],
        due_at=now + timedelta(hours=3),
        now=now,
    )
    job = get_job("incidents.tasks")
    assert job.function(now=now) == 0  # three hours ahead: no reminder yet
    assert job.function(now=now + timedelta(hours=1, minutes=30)) == 1  # within two hours of due: reminded
    assert remind_tasks(now=now + timedelta(hours=2)) == 0  # once only
    assert job.function(now=now + timedelta(hours=3, minutes=1)) == 1  # overdue
    assert remind_tasks(now=now + timedelta(hours=5)) == 0
    task = Task.objects.get(pk=task.pk)
    assert task.reminded_at == now + timedelta(hours=1, minutes=30)
    assert task.overdue_at == now + timedelta(hours=3, minutes=1)
    entries = incident.timeline.filter(kind="task").order_by("at", "pk")
    assert [bool(e.details.get("reminder")) for e in entries] == [False, True, False]
    assert entries.last().details.get("overdue") is True


def test_a_file_larger_than_the_request_body_limit_is_accepted_within_the_evidence_limit(
    case, api_as, settings
) -> None:
    # the body limit (CYBERINS_MAX_BODY_BYTES) counts form fields, not uploaded files
    pk = opened(case, api_as)
    content = b"x" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1024)
    made = upload(api_as(case["engineer"]), pk, name="capture.pcap", content=content)
    assert made.status_code == 201, made.json()
    assert made.json()["sha256"] == hashlib.sha256(content).hexdigest()
