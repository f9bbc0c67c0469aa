"""Defect 1 of issue 16: a small .docx that unzips to megabytes of XML, or any document
with thousands of lines, must be refused with the limit named, and no upload may hold the
event loop (``/health`` is answered while one is being read; how fast, on a real server
behind a large upload: ``benchmarks/health_during_upload.py``)."""

from __future__ import annotations

import threading

from hardening_support import docx_with_paragraphs

from nlp import readers


def _upload(client, headers, name: str, data: bytes):
    return client.post("/api/minutes", files={"file": (name, data)}, headers=headers)


def test_d01_docx_bomb_refused(client, auth, org_in_db, monkeypatch) -> None:
    """Refused from the zip directory: no member is ever decompressed (before, the whole
    20 MB of XML was parsed first). Checked by watching what is opened, not by a clock."""
    import zipfile

    bomb = docx_with_paragraphs(["会议记录 " * 8] * 200_000)
    assert len(bomb) < 300_000  # ~20 MB of XML in a few hundred KB
    opened: list[str] = []
    real_open = zipfile.ZipFile.open

    def watched_open(self, name, *args, **kwargs):
        opened.append(getattr(name, "filename", name))
        return real_open(self, name, *args, **kwargs)

    monkeypatch.setattr(zipfile.ZipFile, "open", watched_open)
    r = _upload(client, auth["requester"], "bomb.docx", bomb)
    assert r.status_code == 413, r.text
    assert "MB" in r.json()["error"]["message"] and "unzipped" in r.json()["error"]["message"]
    assert "word/document.xml" not in opened, opened
    assert client.get("/api/minutes", headers=auth["requester"]).json() == []


def test_d01_docx_with_too_many_paragraphs_refused(client, auth, org_in_db) -> None:
    many = docx_with_paragraphs(["好"] * (readers.MAX_LINES + 1))
    r = _upload(client, auth["requester"], "many.docx", many)
    assert r.status_code == 413, r.text
    assert f"{readers.MAX_LINES:,}" in r.json()["error"]["message"]
    assert client.get("/api/minutes", headers=auth["requester"]).json() == []


def test_d01_text_with_too_many_lines_refused(client, auth, org_in_db) -> None:
    text = "\n".join(f"第{i}行讨论" for i in range(readers.MAX_LINES + 1)).encode()
    r = _upload(client, auth["requester"], "long.txt", text)
    assert r.status_code == 413, r.text
    assert f"{readers.MAX_LINES:,}" in r.json()["error"]["message"]


def test_d01_too_many_action_items_refused(client, auth, org_in_db) -> None:
    from dispatch.minutes.flows import MAX_ITEMS

    rows = "\n".join(f"| 完成第{i}版方案 | 周杰 | 设计部 | 11月27日 |"
                     for i in range(MAX_ITEMS + 1))
    md = ("# 会议纪要\n\n- 时间：2026年11月20日\n\n## 行动项\n\n"
          "| 事项 | 负责人 | 部门 | 完成时间 |\n| --- | --- | --- | --- |\n" + rows + "\n")
    r = _upload(client, auth["requester"], "items.md", md.encode())
    assert r.status_code == 422, r.text
    assert f"{MAX_ITEMS:,}" in r.json()["error"]["message"]
    assert client.get("/api/minutes", headers=auth["requester"]).json() == []


def test_d01_upload_does_not_block_health(client, auth, org_in_db, monkeypatch) -> None:
    """While an upload is being read and extracted, /health is answered: the handler runs
    in the thread pool, not on the event loop.

    The upload is held inside its work (where a document is read and its items extracted)
    on an event this test sets only once /health has answered. So the order of answers is
    the proof, not a clock: an upload handler that did the work on the event loop (an
    ``async def`` doing it inline) holds the loop there, /health cannot be answered before
    the upload is let go, and the wait below gives up (a guard against hanging, not a
    speed bound). How long /health waits behind a real large upload on a real server:
    ``benchmarks/health_during_upload.py``."""
    from dispatch.demo import DEMO_DIR
    from dispatch.minutes import flows

    working, release = threading.Event(), threading.Event()
    real = flows.upload

    def held(**kw):
        working.set()
        release.wait(60)
        return real(**kw)

    monkeypatch.setattr(flows, "upload", held)
    sample = (DEMO_DIR / "minutes_launch_review.md").read_bytes()
    out: dict[str, object] = {}
    up = threading.Thread(target=lambda: out.setdefault(
        "upload", _upload(client, auth["requester"], "review.md", sample)))
    up.start()
    try:
        assert working.wait(60), "the upload never reached its work"
        probe = threading.Thread(target=lambda: out.setdefault("health", client.get("/health")))
        probe.start()
        probe.join(30)
        assert "health" in out, "/health was not answered while an upload was being worked on"
        assert "upload" not in out  # the upload was still held when /health answered
        assert out["health"].status_code == 200
    finally:
        release.set()
        up.join(60)
    assert out["upload"].status_code == 201, out["upload"].text


def test_more_characters_than_a_meeting_says_are_refused_before_extraction(
    client, auth, org_in_db, monkeypatch
) -> None:
    """Under the byte and line limits, one line of a few MB is still hours of the
    extractor's CPU inside the request (a normal call of 20,000 characters takes seconds:
    ``benchmarks/minutes_hostile.py``): a document of more than MAX_CHARS characters, as
    text or as a Word file, is refused (413) with the limit named and never extracted."""
    from nlp import minutes as engine

    def extract_document(*a, **kw):  # noqa: ANN002, ANN003, ANN202
        raise AssertionError("a file over the character limit was extracted")

    monkeypatch.setattr(engine, "extract_document", extract_document)
    said = "赵峰：王晓，周五前把报表发我。"
    n = readers.MAX_CHARS // len(said) + 1
    for name, data in (("one_line.txt", (said * n).encode()),
                       ("lines.md", (said + "\n").encode() * n),
                       ("paragraphs.docx", docx_with_paragraphs([said * 50] * (n // 50 + 2)))):
        r = _upload(client, auth["requester"], name, data)
        assert r.status_code == 413, (name, r.text)
        assert f"{readers.MAX_CHARS:,}" in r.json()["error"]["message"], r.text
    assert client.get("/api/minutes", headers=auth["requester"]).json() == []
