"""Org import into the database: idempotent, reports what changed, all-or-nothing."""

from __future__ import annotations

from sqlalchemy import select

from dispatch.orgdir.models import StaffRow
from dispatch.orgdir.service import current_org, import_org
from models.org import parse_org


def test_import_then_reimport_is_idempotent(db, demo_org) -> None:
    first = import_org(db_session=db, org=demo_org, source="t")
    assert first.changed and len(first.people_added) == len(demo_org.staff)
    again = import_org(db_session=db, org=demo_org, source="t")
    assert not again.changed and again.snapshot_id == first.snapshot_id
    assert current_org(db_session=db) == demo_org


def test_reimport_reports_added_moved_removed(db, demo_org) -> None:
    import_org(db_session=db, org=demo_org, source="t")
    doc = demo_org.model_dump(mode="json", exclude_none=True)
    doc["staff"] = [p for p in doc["staff"] if p["id"] != "tangyu"]           # removed
    next(p for p in doc["staff"] if p["id"] == "lina")["department"] = "sales"  # moved
    doc["staff"].append({"id": "newbie", "name": "新人", "department": "it"})   # added
    report = import_org(db_session=db, org=parse_org(doc), source="t2")
    assert report.people_added == ["newbie"]
    assert report.people_removed == ["tangyu"]
    assert report.people_moved == [{"id": "lina", "from": "mkt", "to": "sales"}]
    rows = {r.id: r for r in db.scalars(select(StaffRow))}
    assert rows["tangyu"].active is False  # kept for history, no longer active
    assert rows["lina"].department_id == "sales"
    assert current_org(db_session=db).person("newbie").department == "it"


def test_unknown_keys_survive_the_database(db, shared_dir) -> None:
    from models.org import load_org

    org = load_org(shared_dir / "data/routing-dev/org.yaml")
    import_org(db_session=db, org=org, source="t")
    assert current_org(db_session=db).model_extra["campuses"][0] == "锦江院区"


def test_timestamps_come_back_aware_utc(db, demo_org) -> None:
    import datetime as dt

    from dispatch.orgdir.models import OrgSnapshot

    import_org(db_session=db, org=demo_org, source="t")
    db.expire_all()
    snap = db.scalars(select(OrgSnapshot)).first()
    assert snap.imported_at.tzinfo is not None
    assert snap.imported_at.utcoffset() == dt.timedelta(0)


def test_the_org_document_is_read_once_then_the_parsed_org_is_reused(db, demo_org) -> None:
    """A submit asks for the org 7 times: each ask reads the latest snapshot's id, not its
    10 kB document, once the parsed org is cached; a new import is seen at once."""
    from sqlalchemy import event

    import_org(db_session=db, org=demo_org, source="t")
    assert current_org(db_session=db) == demo_org
    seen: list[str] = []

    def record(_c, _cur, statement, *_a) -> None:
        seen.append(statement)

    engine = db.get_bind().engine
    event.listen(engine, "before_cursor_execute", record)
    try:
        for _ in range(3):
            assert current_org(db_session=db) == demo_org
        assert len(seen) == 3 and not any("document" in s for s in seen), seen
        doc = demo_org.model_dump(mode="json")
        doc["departments"][0]["name"] = "改名的部门"
        renamed = parse_org(doc, "renamed")
        import_org(db_session=db, org=renamed, source="t2")
        assert current_org(db_session=db).departments[0].name == "改名的部门"
    finally:
        event.remove(engine, "before_cursor_execute", record)
