"""Import an org file into the database and read the current organisation back."""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from dispatch.errors import Conflict
from dispatch.orgdir.models import DepartmentRow, OrgSnapshot, StaffRow
from models.org import Org, parse_org


@dataclass
class ImportReport:
    """What an import changed; an identical re-import changes nothing."""

    changed: bool
    snapshot_id: int | None
    departments_added: list[str] = field(default_factory=list)
    departments_removed: list[str] = field(default_factory=list)
    departments_changed: list[str] = field(default_factory=list)
    people_added: list[str] = field(default_factory=list)
    people_removed: list[str] = field(default_factory=list)
    people_moved: list[dict[str, str]] = field(default_factory=list)
    people_changed: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    def summary(self) -> str:
        if not self.changed:
            return "no changes"
        parts = [
            f"{len(self.departments_added)} departments added",
            f"{len(self.departments_removed)} removed",
            f"{len(self.departments_changed)} changed",
            f"{len(self.people_added)} people added",
            f"{len(self.people_moved)} moved",
            f"{len(self.people_removed)} removed",
            f"{len(self.people_changed)} changed",
        ]
        return ", ".join(parts)


def org_document(org: Org) -> dict[str, Any]:
    """The org as a JSON-able document, unknown keys included."""
    return org.model_dump(mode="json", exclude_none=True)


def fingerprint(org: Org) -> str:
    doc = json.dumps(org_document(org), sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(doc.encode("utf-8")).hexdigest()


def latest_snapshot(*, db_session: Session) -> OrgSnapshot | None:
    return db_session.scalars(select(OrgSnapshot).order_by(OrgSnapshot.id.desc()).limit(1)).first()


_org_cache: dict[tuple[str, int], Org] = {}


def current_org(*, db_session: Session) -> Org | None:
    """The organisation as last imported, or None before the first import.

    Only the latest snapshot's id and fingerprint are read; its document (10 kB of JSON
    that the driver decodes on every fetch) only when the parsed org is not cached yet.
    Why: a submit asks for the org 7 times (routing, SLA, notifications, follow-ups), and
    each read of the whole row cost about 1 ms of the request's CPU."""
    latest = db_session.execute(select(OrgSnapshot.id, OrgSnapshot.fingerprint)
                                .order_by(OrgSnapshot.id.desc()).limit(1)).first()
    if latest is None:
        return None
    key = (latest.fingerprint, latest.id)
    if key not in _org_cache:
        snap = db_session.get(OrgSnapshot, latest.id)
        assert snap is not None
        _org_cache.clear()
        _org_cache[key] = parse_org(snap.document, f"snapshot {snap.id}")
    return _org_cache[key]


NO_ORG = "no organisation imported yet: run 'dispatch org import ORG.yaml'"


def require_org(*, db_session: Session) -> Org:
    """The organisation, or :class:`Conflict` (HTTP 409) before the first import.

    409 and not 404: the request itself is fine (nothing the caller named is missing); the
    server's state does not allow it yet. The CLI prints the same message and exits 1."""
    org = current_org(db_session=db_session)
    if org is None:
        raise Conflict(NO_ORG)
    return org


def import_org(*, db_session: Session, org: Org, source: str) -> ImportReport:
    """Make the database match ``org``; idempotent; the caller's transaction commits it."""
    fp = fingerprint(org)
    prev = latest_snapshot(db_session=db_session)
    if prev is not None and prev.fingerprint == fp:
        return ImportReport(changed=False, snapshot_id=prev.id)
    old = parse_org(prev.document, "previous") if prev is not None else None
    report = _diff(old, org)

    depts = {d.id: d for d in db_session.scalars(select(DepartmentRow))}
    for d in org.departments:
        row = depts.get(d.id) or DepartmentRow(id=d.id)
        row.name, row.head_id, row.active = d.name, d.head, True
        db_session.add(row)
    # staff before deactivating departments: a moved person must land first
    people = {p.id: p for p in db_session.scalars(select(StaffRow))}
    for p in org.staff:
        row = people.get(p.id) or StaffRow(id=p.id)
        row.name, row.department_id, row.email = p.name, p.department, p.email
        row.hours_per_week, row.active = p.hours_per_week, True
        db_session.add(row)
    keep_p = {p.id for p in org.staff}
    for pid, row in people.items():
        if pid not in keep_p:
            row.active = False
    keep_d = {d.id for d in org.departments}
    for did, row in depts.items():
        if did not in keep_d:
            row.active = False
    snap = OrgSnapshot(source=source, fingerprint=fp, document=org_document(org),
                       changes=report.to_dict())
    db_session.add(snap)
    db_session.flush()
    report.snapshot_id = snap.id
    snap.changes = report.to_dict()
    return report


def _diff(old: Org | None, new: Org) -> ImportReport:
    r = ImportReport(changed=True, snapshot_id=None)
    od = {d.id: d for d in old.departments} if old else {}
    nd = {d.id: d for d in new.departments}
    r.departments_added = sorted(nd.keys() - od.keys())
    r.departments_removed = sorted(od.keys() - nd.keys())
    r.departments_changed = sorted(k for k in nd.keys() & od.keys() if nd[k] != od[k])
    op = {p.id: p for p in old.staff} if old else {}
    np_ = {p.id: p for p in new.staff}
    r.people_added = sorted(np_.keys() - op.keys())
    r.people_removed = sorted(op.keys() - np_.keys())
    for k in sorted(np_.keys() & op.keys()):
        if np_[k].department != op[k].department:
            r.people_moved.append({"id": k, "from": op[k].department, "to": np_[k].department})
        elif np_[k] != op[k]:
            r.people_changed.append(k)
    return r
