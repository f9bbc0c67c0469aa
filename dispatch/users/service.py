"""Create users, issue and revoke tokens, check credentials."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets

from sqlalchemy import select
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from dispatch.db import utcnow
from dispatch.errors import Conflict, InvalidInput, NotFound
from dispatch.users.models import ROLES, ApiToken, User

TOKEN_PREFIX = "dsp_"


def hash_token(token: str) -> str:
    # Tokens carry 256 random bits, so a fast hash is enough (unlike passwords).
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def hash_password(password: str) -> str:
    salt = secrets.token_bytes(16)
    digest = hashlib.scrypt(password.encode("utf-8"), salt=salt, n=2**14, r=8, p=1)
    return f"scrypt${salt.hex()}${digest.hex()}"


def verify_password(password: str, stored: str | None) -> bool:
    if not stored or not stored.startswith("scrypt$"):
        return False
    _, salt_hex, digest_hex = stored.split("$", 2)
    digest = hashlib.scrypt(password.encode("utf-8"), salt=bytes.fromhex(salt_hex), n=2**14, r=8,
                            p=1)
    return hmac.compare_digest(digest.hex(), digest_hex)


def get_by_name(*, db_session: Session, name: str) -> User | None:
    return db_session.scalars(select(User).where(User.name == name)).first()


def active_user(*, db_session: Session, user_id: int) -> User | None:
    """The signed-in user of a web session, or None once they are gone or deactivated."""
    user = db_session.get(User, user_id)
    return user if user is not None and user.active else None


def list_users(*, db_session: Session) -> list[User]:
    return list(db_session.scalars(select(User).order_by(User.id)))


def create(*, db_session: Session, name: str, role: str, password: str | None = None,
           staff_id: str | None = None) -> User:
    """A new active user; the name must be free."""
    name = name.strip()
    if not name:
        raise InvalidInput("a user needs a name")
    if role not in ROLES:
        raise InvalidInput(f"unknown role {role!r}; use one of {', '.join(ROLES)}")
    if get_by_name(db_session=db_session, name=name):
        raise Conflict(f"user {name!r} exists already")
    user = User(name=name, role=role, staff_id=staff_id,
                password_hash=hash_password(password) if password else None)
    db_session.add(user)
    db_session.flush()
    return user


def issue_token(*, db_session: Session, user: User) -> str:
    """A new API token for ``user``; only its hash is stored, so show it once."""
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    db_session.add(ApiToken(user_id=user.id, token_hash=hash_token(token), prefix=token[:10]))
    db_session.flush()
    return token


def revoke_tokens(*, db_session: Session, name: str) -> int:
    """Revoke every live token of a user; returns how many."""
    user = get_by_name(db_session=db_session, name=name)
    if user is None:
        raise NotFound(f"no user {name!r}")
    n = 0
    for t in user.tokens:
        if t.revoked_at is None:
            t.revoked_at = utcnow()
            n += 1
    return n


def set_active(*, db_session: Session, name: str, active: bool) -> User:
    user = get_by_name(db_session=db_session, name=name)
    if user is None:
        raise NotFound(f"no user {name!r}")
    user.active = active
    return user


def set_password(*, db_session: Session, name: str, password: str) -> User:
    user = get_by_name(db_session=db_session, name=name)
    if user is None:
        raise NotFound(f"no user {name!r}")
    if len(password) < 8:
        raise InvalidInput("a password needs at least 8 characters")
    user.password_hash = hash_password(password)
    return user


def authenticate_token(*, db_session: Session, token: str) -> User | None:
    """The active user a live token belongs to, else None."""
    if not token.startswith(TOKEN_PREFIX):
        return None
    query = select(ApiToken).where(ApiToken.token_hash == hash_token(token))
    row = db_session.scalars(query).first()
    if row is None or row.revoked_at is not None or not row.user.active:
        return None
    now = utcnow()
    # Touch at most once a minute: a write on every call makes every API request a writer,
    # and on SQLite concurrent writers fail ("database is locked"). A minute is precise
    # enough for "last used", and a touch refused under contention waits for the next call
    # instead of failing the request.
    if row.last_used_at is None or now - row.last_used_at > dt.timedelta(minutes=1):
        try:
            with db_session.begin_nested():
                row.last_used_at = now
                db_session.flush()
        except OperationalError:
            pass
    return row.user


def authenticate_password(*, db_session: Session, name: str, password: str) -> User | None:
    user = get_by_name(db_session=db_session, name=name)
    if user is None or not user.active or not verify_password(password, user.password_hash):
        return None
    return user
