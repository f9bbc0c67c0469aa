"""The organisation directory: read by anyone signed in, imported by admins."""

from __future__ import annotations

from typing import Annotated, Any

import yaml
from fastapi import APIRouter, Body, Depends, Query, Request
from sqlalchemy.orm import Session

from api.deps import AdminDep, OrgDep, RequesterDep, SessionDep, SettingsDep, current_user
from dispatch.errors import InvalidInput
from dispatch.input_refusals import org_refusal
from dispatch.messages import doc_language, org_language
from dispatch.orgdir import people, service
from dispatch.requests import routing
from models.org import OrgError, parse_org

router = APIRouter(prefix="/api/org", tags=["org"], dependencies=[Depends(current_user)])


@router.get("")
def show_org(_: RequesterDep, org: OrgDep) -> dict[str, Any]:
    """Name, calendar and counts of the imported organisation."""
    return {"name": org.name, "timezone": org.timezone, "calendar": org.calendar,
            "departments": len(org.departments), "staff": len(org.staff)}


@router.get("/departments")
def departments(_: RequesterDep, org: OrgDep) -> list[dict[str, Any]]:
    return [{"id": d.id, "name": d.name, "aliases": d.aliases, "head": d.head,
             "description": d.description, "members": len(org.members(d.id))}
            for d in org.departments]


@router.get("/staff")
def staff(_: RequesterDep, org: OrgDep, department: str | None = None) -> list[dict[str, Any]]:
    if department is not None and not org.has_department(department):
        raise InvalidInput(f"unknown department {department!r}", key="org_p_dept_unknown",
                           args={"value": department})
    people = org.members(department) if department else org.staff
    return [{"id": p.id, "name": p.name, "department": p.department, "title": p.title,
             "skills": p.skills, "hours_per_week": p.hours_per_week} for p in people]


@router.get("/people")
def find_people(_: RequesterDep, org: OrgDep, q: str = "", department: str | None = None,
                limit: Annotated[int, Query(ge=1, le=50)] = 10) -> list[dict[str, Any]]:
    """Suggestions for an owner field: by name, alias, id or pinyin (全拼 or 首字母)."""
    if department is not None and not org.has_department(department):
        raise InvalidInput(f"unknown department {department!r}", key="org_p_dept_unknown",
                           args={"value": department})
    return people.suggest(org, q, limit=limit, department=department)


@router.post("/import")
def import_org(_: AdminDep, request: Request, session: SessionDep, settings: SettingsDep,
               body: str = Body(..., media_type="application/yaml")) -> dict[str, Any]:
    """Import an org file (YAML or JSON body); all or nothing; reports what changed, and
    the routing model built from it when the store had none for its departments.

    A refusal says itself in the imported org's language; before the first import, in the
    language the file says it is in (``language``, or its department names)."""
    data = None
    try:
        data = yaml.safe_load(body)
        org = parse_org(data, "request body")
    except yaml.YAMLError as e:
        _refusal_language(request, session, None)
        problem = str(getattr(e, "problem", e))
        raise InvalidInput(f"request body: bad YAML: {problem}", key="org_err_yaml",
                           args={"file_said": {"key": "org_file_body"},
                                 "reason": problem}) from None
    except OrgError as e:
        _refusal_language(request, session, data)
        raise org_refusal(e, body=True) from None
    report = service.import_org(db_session=session, org=org, source="api")
    # Commit the import before training: a cold-start model is 7-15 s of CPU, and inside
    # the import's transaction it held SQLite's write lock (and the org rows on
    # PostgreSQL) all that time, so every other writer waited for it (issue 16).
    session.commit()
    return {**report.to_dict(),
            "routing_model": routing.ensure_model(settings=settings, org=org)}


def _refusal_language(request: Request, session: Session, data: object) -> None:
    """The language of an import's refusal: the org's once imported, else the file's."""
    current = service.current_org(db_session=session)
    request.state.org_lang = (org_language(current) if current is not None
                              else doc_language(data) or "zh")
