"""Users and tokens (admins), and the caller's own identity."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends
from pydantic import BaseModel

from api.deps import AdminDep, SessionDep, UserDep, current_user
from dispatch.users import service
from dispatch.users.models import User

router = APIRouter(prefix="/api", tags=["users"], dependencies=[Depends(current_user)])


class UserCreate(BaseModel):
    name: str
    role: str
    password: str | None = None
    staff_id: str | None = None


def _read(u: User) -> dict[str, Any]:
    return {"id": u.id, "name": u.name, "role": u.role, "staff_id": u.staff_id,
            "active": u.active, "created_at": u.created_at.isoformat()}


@router.get("/me")
def me(user: UserDep) -> dict[str, Any]:
    return _read(user)


@router.get("/users")
def list_users(session: SessionDep, _: AdminDep) -> list[dict[str, Any]]:
    return [_read(u) for u in service.list_users(db_session=session)]


@router.post("/users", status_code=201)
def create_user(_: AdminDep, body: UserCreate, session: SessionDep) -> dict[str, Any]:
    """Create a user and return its first API token (shown once)."""
    user = service.create(db_session=session, name=body.name, role=body.role,
                          password=body.password, staff_id=body.staff_id)
    token = service.issue_token(db_session=session, user=user)
    return {**_read(user), "token": token}


@router.post("/users/{name}/revoke")
def revoke(name: str, session: SessionDep, _: AdminDep) -> dict[str, Any]:
    return {"name": name, "revoked": service.revoke_tokens(db_session=session, name=name)}
