"""Minutes through the API: upload, review, confirm, status history; bad files refused."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from dispatch.demo import DEMO_DIR

SAMPLE = DEMO_DIR / "minutes_launch_review.md"


def upload(client, headers, name: str, data: bytes, **form):
    return client.post("/api/minutes", files={"file": (name, data)}, data=form, headers=headers)


@pytest.fixture
def meeting(client, auth, org_in_db) -> dict:
    r = upload(client, auth["requester"], SAMPLE.name, SAMPLE.read_bytes())
    assert r.status_code == 201, r.text
    return r.json()


def test_upload_extracts_the_action_table(meeting) -> None:
    assert meeting["date"] == "2026-11-20"
    assert meeting["status"] == "draft"
    items = {i["source"]["line"]: i for i in meeting["action_items"]}
    text = SAMPLE.read_text(encoding="utf-8").splitlines()
    for line, item in items.items():
        assert item["source"]["text"].strip() == text[line - 1].strip()
    by_owner = {tuple(i["owners"]): i for i in meeting["action_items"]}
    assert by_owner[("zhoujie",)]["due"] == "2026-11-27"
    assert by_owner[("zhoujie",)]["department"] == "design"
    assert by_owner[("chenming",)]["due"] == "2026-11-27"      # 下周五, said on a Friday
    assert by_owner[("zhaomin",)]["due"] == "2026-11-25"       # 3个工作日内
    assert by_owner[("linxue",)]["due"] == "2026-11-30"        # 月底前
    assert all(i["status"] == "draft" for i in meeting["action_items"])


def test_review_edit_add_delete_confirm_and_history(client, auth, meeting) -> None:
    h = auth["requester"]
    first = meeting["action_items"][0]
    r = client.patch(f"/api/minutes/items/{first['id']}", json={"due": "2026-12-01",
                                                                "priority": "high"}, headers=h)
    assert r.status_code == 200 and r.json()["changed"]["due"][1] == "2026-12-01"
    bad = client.patch(f"/api/minutes/items/{first['id']}", json={"owners": ["ghost"]}, headers=h)
    assert bad.status_code == 422 and "unknown staff member 'ghost'" in bad.text
    added = client.post(f"/api/minutes/{meeting['id']}/items",
                        json={"task": "现场签到方案", "owners": ["lina"], "due": "2026-12-05"},
                        headers=h)
    assert added.status_code == 201 and added.json()["department"] == "mkt"
    last = meeting["action_items"][-1]
    assert client.delete(f"/api/minutes/items/{last['id']}", headers=h).status_code == 204
    done = client.post(f"/api/minutes/{meeting['id']}/confirm", headers=h)
    assert done.status_code == 200
    body = done.json()
    assert body["status"] == "confirmed"
    assert len(body["opened"]) == len(meeting["action_items"])  # -1 deleted, +1 added
    assert {i["status"] for i in body["action_items"]} == {"open"}
    assert client.post(f"/api/minutes/{meeting['id']}/confirm", headers=h).status_code == 409
    st = client.post(f"/api/minutes/items/{first['id']}/status", json={"status": "done",
                                                                       "note": "已发"}, headers=h)
    assert st.json()["status"] == "done"
    hist = client.get(f"/api/minutes/items/{first['id']}", headers=h).json()["history"]
    assert [e["action"] for e in hist] == ["extracted", "edited", "confirmed", "status"]
    assert client.delete(f"/api/minutes/items/{first['id']}", headers=h).status_code == 409


def test_owner_sees_and_closes_own_items(client, auth, meeting, make_user) -> None:
    client.post(f"/api/minutes/{meeting['id']}/confirm", headers=auth["requester"])
    _, tok = make_user("zhoujie_user", "requester", staff_id="zhoujie")
    h = {"Authorization": f"Bearer {tok}"}
    mine = client.get("/api/minutes/items?owner=me", headers=h).json()
    assert mine and all("zhoujie" in i["owners"] for i in mine)
    r = client.post(f"/api/minutes/items/{mine[0]['id']}/status", json={"status": "done"},
                    headers=h)
    assert r.status_code == 200
    other = next(i for i in meeting["action_items"] if "zhoujie" not in i["owners"])
    r = client.post(f"/api/minutes/items/{other['id']}/status", json={"status": "done"},
                    headers=h)
    assert r.status_code in (403, 409)


def _docx_bytes_corrupt() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("word/document.xml", "<not really xml")
    return buf.getvalue()


@pytest.mark.parametrize(
    ("name", "data", "status"),
    [("empty.md", b"", 422),
     ("blob.txt", bytes(range(256)) * 40, 422),
     ("broken.docx", b"PK\x03\x04 this is not a zip", 422),
     ("broken2.docx", _docx_bytes_corrupt(), 422),
     ("slides.pptx", b"whatever", 422)],
)
def test_bad_files_get_a_reason_and_store_nothing(client, auth, org_in_db, name, data,
                                                  status) -> None:
    r = upload(client, auth["requester"], name, data)
    assert r.status_code == status, r.text
    assert r.json()["error"]["message"]
    assert client.get("/api/minutes", headers=auth["requester"]).json() == []


def test_fifty_megabytes_is_refused(client, auth, org_in_db) -> None:
    big = b"a" * (50 * 1024 * 1024)
    r = upload(client, auth["requester"], "huge.txt", big)
    assert r.status_code == 413
    assert "upload limit" in r.json()["error"]["message"]
    assert client.get("/health").status_code == 200  # the service keeps running


def test_no_action_items_is_not_an_error(client, auth, org_in_db) -> None:
    text = "周例会\n时间：2026年11月20日\n本周各部门工作正常推进，无新增事项。\n".encode()
    r = upload(client, auth["requester"], "quiet.txt", text)
    assert r.status_code == 201
    assert r.json()["action_items"] == [] and "no action items" in r.json()["notice"]


def test_gbk_upload(client, auth, org_in_db) -> None:
    text = SAMPLE.read_text(encoding="utf-8").replace("（周五）", "")
    r = upload(client, auth["requester"], "gbk.md", text.encode("gb18030"))
    assert r.status_code == 201 and len(r.json()["action_items"]) >= 6


def test_dev_set_document_through_the_service(client, auth, db, shared_dir: Path) -> None:
    from dispatch.orgdir.service import import_org
    from models.org import load_org

    dev = shared_dir / "data/minutes-dev"
    import_org(db_session=db, org=load_org(dev / "org.yaml"), source="t")
    r = upload(client, auth["requester"], "m10_national_day_minutes.docx",
               (dev / "m10_national_day_minutes.docx").read_bytes())
    assert r.status_code == 201
    dues = {i["due"] for i in r.json()["action_items"]}
    assert "2026-10-10" in dues  # 3个工作日内 across National Day lands on the make-up Saturday


def test_requester_cannot_edit_someone_elses_meeting(client, auth, meeting, make_user) -> None:
    _, tok = make_user("other", "requester")
    r = client.post(f"/api/minutes/{meeting['id']}/confirm",
                    headers={"Authorization": f"Bearer {tok}"})
    assert r.status_code == 403
