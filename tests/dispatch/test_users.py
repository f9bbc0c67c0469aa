"""Users: roles, hashed tokens, revocation, passwords."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from dispatch.errors import Conflict, InvalidInput
from dispatch.users import service
from dispatch.users.models import ApiToken


def test_token_is_stored_hashed_and_authenticates(db) -> None:
    user = service.create(db_session=db, name="alice", role="planner")
    token = service.issue_token(db_session=db, user=user)
    stored = db.scalars(select(ApiToken)).one()
    assert token not in (stored.token_hash, stored.prefix + "x")
    assert stored.token_hash == service.hash_token(token)
    assert service.authenticate_token(db_session=db, token=token).name == "alice"
    assert service.authenticate_token(db_session=db, token=token + "x") is None


def test_revoked_token_and_disabled_user_are_refused(db) -> None:
    user = service.create(db_session=db, name="bob", role="requester")
    t1 = service.issue_token(db_session=db, user=user)
    assert service.revoke_tokens(db_session=db, name="bob") == 1
    assert service.authenticate_token(db_session=db, token=t1) is None
    t2 = service.issue_token(db_session=db, user=user)
    service.set_active(db_session=db, name="bob", active=False)
    assert service.authenticate_token(db_session=db, token=t2) is None


def test_password_login(db) -> None:
    service.create(db_session=db, name="carol", role="admin", password="s3cret-pass")
    assert service.authenticate_password(db_session=db, name="carol", password="s3cret-pass")
    assert service.authenticate_password(db_session=db, name="carol", password="wrong") is None


def test_bad_role_and_duplicate_name(db) -> None:
    with pytest.raises(InvalidInput, match="unknown role"):
        service.create(db_session=db, name="dave", role="root")
    service.create(db_session=db, name="erin", role="requester")
    with pytest.raises(Conflict):
        service.create(db_session=db, name="erin", role="planner")


def test_role_ranks(db) -> None:
    admin = service.create(db_session=db, name="root1", role="admin")
    req = service.create(db_session=db, name="req1", role="requester")
    assert admin.has_role("planner") and admin.has_role("requester")
    assert not req.has_role("planner")
