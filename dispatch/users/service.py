"""Create users, issue and revoke tokens, check credentials."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets

from sqlalchemy import delete, func, select
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from dispatch.db import WRITE_INTENT, utcnow
from dispatch.errors import Conflict, InvalidInput, NotFound
from dispatch.text_limits import within_limit
from dispatch.users.models import ROLES, ApiToken, LoginFailure, User

TOKEN_PREFIX = "dsp_"
MIN_PASSWORD_CHARS = 8
MAX_NAME_CHARS = 100  # users.name is String(100)


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
        raise InvalidInput("a user needs a name", key="user_err_name")
    within_limit(name, MAX_NAME_CHARS, "name", field_key="username", error=InvalidInput)
    if role not in ROLES:
        raise InvalidInput(f"unknown role {role!r}; use one of {', '.join(ROLES)}",
                           key="user_err_role",
                           args={"value": role, "allowed_keys": [f"role_{r}" for r in ROLES]})
    if get_by_name(db_session=db_session, name=name):
        raise Conflict(f"user {name!r} exists already", key="user_err_exists",
                       args={"name": name})
    if password is not None and len(password) < MIN_PASSWORD_CHARS:
        raise InvalidInput(f"password: at least {MIN_PASSWORD_CHARS} characters",
                           key="user_err_password", args={"n": MIN_PASSWORD_CHARS})
    if staff_id is not None:
        _check_staff(db_session, staff_id)
    user = User(name=name, role=role, staff_id=staff_id,
                password_hash=hash_password(password) if password else None)
    db_session.add(user)
    db_session.flush()
    return user


def _check_staff(db_session: Session, staff_id: str) -> None:
    """A user links to a staff member of the imported org (once one is imported), and to
    one nobody else is linked to: a second user would act with the same person's rights."""
    from dispatch.orgdir.service import current_org

    org = current_org(db_session=db_session)
    if org is not None and not org.has_person(staff_id):
        raise InvalidInput(f"staff_id: {staff_id!r} is not a staff member of {org.name}",
                           key="user_err_staff", args={"value": staff_id, "org": org.name})
    taken = db_session.scalars(select(User).where(User.staff_id == staff_id)).first()
    if taken is not None:
        raise Conflict(f"staff_id: {staff_id!r} is linked to user {taken.name!r} already",
                       key="user_err_staff_taken", args={"value": staff_id, "name": taken.name})


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
        raise NotFound(f"no user {name!r}", key="user_err_none", args={"name": name})
    n = 0
    for t in user.tokens:
        if t.revoked_at is None:
            t.revoked_at = utcnow()
            n += 1
    return n


def set_active(*, db_session: Session, name: str, active: bool) -> User:
    user = get_by_name(db_session=db_session, name=name)
    if user is None:
        raise NotFound(f"no user {name!r}", key="user_err_none", args={"name": name})
    user.active = active
    return user


def set_password(*, db_session: Session, name: str, password: str) -> User:
    user = get_by_name(db_session=db_session, name=name)
    if user is None:
        raise NotFound(f"no user {name!r}", key="user_err_none", args={"name": name})
    if len(password) < 8:
        raise InvalidInput(f"a password needs at least {MIN_PASSWORD_CHARS} characters",
                           key="user_err_password", args={"n": MIN_PASSWORD_CHARS})
    user.password_hash = hash_password(password)
    end_sessions(user=user)  # a stolen session must not outlive the password it came with
    return user


def end_sessions(*, user: User) -> None:
    """End every login session of ``user`` (their cookies name an older version)."""
    user.session_version = (user.session_version or 0) + 1


def authenticate_token(*, db_session: Session, token: str) -> User | None:
    """The active user a live token belongs to, else None."""
    if not token.startswith(TOKEN_PREFIX):
        return None
    query = select(ApiToken).where(ApiToken.token_hash == hash_token(token))
    row = db_session.scalars(query).first()
    if row is None or row.revoked_at is not None or not row.user.active:
        return None
    now = utcnow()
    # Touch at most once a minute, and only in a request that writes anyway: a touch on
    # every call made every API request a writer (on SQLite concurrent writers fail,
    # "database is locked"), and a GET must not write (issue 16). So ``last_used_at`` is
    # the last call that changed something, to the minute; a touch refused under
    # contention waits for the next call instead of failing the request.
    if WRITE_INTENT.get() and (row.last_used_at is None
                               or now - row.last_used_at > dt.timedelta(minutes=1)):
        try:
            with db_session.begin_nested():
                row.last_used_at = now
                db_session.flush()
        except OperationalError:
            pass
    return row.user


# Hashed when the name is unknown, so an unknown user costs the same scrypt as a known
# one and the answer's timing does not tell which names exist (issue 16, defect 12).
_DUMMY_HASH = hash_password(secrets.token_urlsafe(16))

LOGIN_MAX_FAILURES = 10
LOGIN_WINDOW = dt.timedelta(minutes=15)


def authenticate_password(*, db_session: Session, name: str, password: str) -> User | None:
    user = get_by_name(db_session=db_session, name=name)
    stored = user.password_hash if user is not None and user.password_hash else _DUMMY_HASH
    ok = verify_password(password, stored)
    if user is None or not user.active or not user.password_hash or not ok:
        return None
    return user


def login_retry_after(*, db_session: Session, name: str, ip: str,
                      now: dt.datetime | None = None) -> int | None:
    """Seconds until ``name`` may try again from ``ip``, or None when not throttled:
    after LOGIN_MAX_FAILURES wrong passwords within LOGIN_WINDOW."""
    now = now or utcnow()
    since = now - LOGIN_WINDOW
    where = (LoginFailure.name == name[:100], LoginFailure.ip == ip[:64],
             LoginFailure.at > since)
    count = db_session.scalar(select(func.count()).select_from(LoginFailure).where(*where))
    if (count or 0) < LOGIN_MAX_FAILURES:
        return None
    oldest = db_session.scalars(select(LoginFailure.at).where(*where)
                                .order_by(LoginFailure.at.desc())
                                .offset(LOGIN_MAX_FAILURES - 1).limit(1)).first()
    free = (oldest or now) + LOGIN_WINDOW
    return max(1, int((free - now).total_seconds()) + 1)


def record_login(*, db_session: Session, name: str, ip: str, ok: bool) -> None:
    """Count a failure; a success clears the name's failures from that address."""
    if ok:
        db_session.execute(delete(LoginFailure).where(LoginFailure.name == name[:100],
                                                      LoginFailure.ip == ip[:64]))
        return
    db_session.add(LoginFailure(name=name[:100], ip=ip[:64]))
    db_session.execute(delete(LoginFailure).where(LoginFailure.at < utcnow() - 2 * LOGIN_WINDOW))
    db_session.flush()
