"""Fixtures every test package shares."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _shared_dir() -> Path | None:
    """The team's shared/ folder: beside the clone in CI, or named by DISPATCH_SHARED_DIR."""
    import os

    for cand in (os.environ.get("DISPATCH_SHARED_DIR"), ROOT.parent / "shared", ROOT / "shared"):
        if cand and (Path(cand) / "data").is_dir():
            return Path(cand)
    return None


SHARED = _shared_dir()


# ------------------------------------------------------------ running on two cores
# `make test` runs the suite in pytest-xdist workers (pyproject.toml: -n auto --dist
# loadfile). Each worker is its own process: it builds its own session fixtures and
# process-wide caches (tests/model_support.py, the sentence model), its own SQLite files
# under its own tmp_path, its own PostgreSQL databases (named after the process id), and
# servers on free ports. A file's tests run on one worker, in order, so a module-scoped
# fixture (the spoken-minutes pipelines, a Chromium browser and its server) is built once.
# (--dist loadgroup with xdist_group marks would group across files, but with pytest 9.2
# and xdist 3.8 it groups nothing: xdist renames item._nodeid, which pytest 9.2 no longer
# reads, so every test was handed out alone.)


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """The shared/ folder with the dev sets; tests that need it skip without it."""
    if SHARED is None:
        pytest.skip("shared/ data folder not found (set DISPATCH_SHARED_DIR)")
    return SHARED


# ---------------------------------------------------------------- databases
# Every test that takes `db` or `client` runs on SQLite, and again on PostgreSQL when
# TEST_DATABASE_URL names one (.ci/run starts a throwaway server and sets it).

import os  # noqa: E402
from collections.abc import Iterator  # noqa: E402

from pg_support import fresh_pg  # noqa: E402
from sqlalchemy import Engine  # noqa: E402
from sqlalchemy.orm import Session  # noqa: E402

PG_URL = os.environ.get("TEST_DATABASE_URL", "").strip()
BACKENDS = ["sqlite"] + (["postgresql"] if PG_URL else [])


@pytest.fixture(scope="session")
def _engines() -> Iterator[dict[str, Engine]]:
    """The migrated databases of this process, one per backend, made on first use and kept
    to the session's end (see ``engine``)."""
    made: dict[str, Engine] = {}
    yield made
    for eng in made.values():
        eng.dispose()


@pytest.fixture(scope="session", params=BACKENDS)
def engine(request: pytest.FixtureRequest, _engines: dict[str, Engine],
           tmp_path_factory: pytest.TempPathFactory) -> Engine:
    """A migrated database of each backend, shared by the session's tests.

    pytest ends a parametrized session fixture whenever the next test wants the other
    parameter; a pytest-xdist worker is handed tests of both backends in turns, so the
    database is kept in ``_engines`` and a turn costs nothing (it used to create a new
    database and run every migration each time). The PostgreSQL database is named after
    the process (each xdist worker has its own) and dropped at the end (``pg_support``)."""
    from dispatch.db import make_engine, upgrade

    backend = request.param
    if backend not in _engines:
        if backend == "sqlite":
            url = f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.sqlite3'}"
        else:
            url = fresh_pg(PG_URL, f"dispatch_test_{os.getpid()}")
        eng = make_engine(url)
        upgrade(eng)
        _engines[backend] = eng
    return _engines[backend]


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """Drop the PostgreSQL databases this process made (each xdist worker its own)."""
    from pg_support import drop_made

    drop_made()


@pytest.fixture
def db(engine: Engine) -> Session:
    """A session inside a transaction that is rolled back after the test."""
    conn = engine.connect()
    trans = conn.begin()
    session = Session(bind=conn, join_transaction_mode="create_savepoint",
                      expire_on_commit=False)
    try:
        yield session
    finally:
        session.close()
        trans.rollback()
        conn.close()


@pytest.fixture
def settings(tmp_path: Path):
    from dispatch.settings import Settings

    # jobs_inline: a proposal or a confirm's capacity check is done inside the request,
    # in the test's transaction (the worker's own path: tests/jobs)
    return Settings(env="test", data_dir=tmp_path, secret_key="test-secret-key-0123456789",
                    jobs_inline=True)


@pytest.fixture
def app(engine: Engine, db: Session, settings):
    """The FastAPI app wired to the test transaction."""
    from api.app import create_app
    from api.deps import get_session

    application = create_app(settings=settings, engine=engine)

    def _session():
        yield db
        db.flush()

    application.dependency_overrides[get_session] = _session
    return application


@pytest.fixture
def client(app):
    from fastapi.testclient import TestClient

    with TestClient(app, base_url="https://testserver") as c:  # cookies are Secure
        yield c


@pytest.fixture
def demo_org():
    from dispatch.demo import DEMO_ORG
    from models.org import load_org

    return load_org(DEMO_ORG)


@pytest.fixture(scope="session")
def demo_model_template() -> Path:
    """A model store holding the demo org's cold-start routing model, built once per
    process by the product's explicit step (``routing.ensure_model``, which `dispatch org
    import` and `dispatch serve` run: predicting never builds a model). The same store
    serves the hardening servers, the CLI and browser tests (tests/model_support.py)."""
    from model_support import demo_cold_store

    return demo_cold_store()


@pytest.fixture
def demo_model(settings, demo_model_template: Path) -> Path:
    """This test's store (settings.routing_models) with the demo org's cold-start model, as
    an org import leaves it; a store that already has a model is left alone."""
    import shutil

    from dispatch.requests.model_store import ModelStore

    dest = Path(settings.routing_models)
    if ModelStore(dest).current_version() is None:
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.copytree(demo_model_template, dest, dirs_exist_ok=True)
    return dest


@pytest.fixture(scope="session")
def trained_store_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A model store with one published version trained on the demo history: trained once
    per session for every package that uses it (requests, chat)."""
    from dispatch.demo import DEMO_DIR, DEMO_ORG
    from dispatch.requests.files import read_history
    from dispatch.requests.model_store import ModelStore
    from dispatch.requests.routing import shared_embedder
    from models.org import load_org
    from nlp.routing import train

    org = load_org(DEMO_ORG)
    root = tmp_path_factory.mktemp("routing_store")
    model = train(org, read_history(DEMO_DIR / "requests_history.csv", org),
                  embedder=shared_embedder("default"))
    ModelStore(root).publish(model)
    return root


@pytest.fixture
def trained_store(settings, trained_store_template: Path) -> Path:
    """This test's store (settings.routing_models), holding the trained demo model (a copy:
    a test may publish and roll back without touching another's)."""
    import shutil

    dest = Path(settings.routing_models)
    shutil.rmtree(dest, ignore_errors=True)  # replaces the cold model of an org import
    dest.parent.mkdir(parents=True, exist_ok=True)
    shutil.copytree(trained_store_template, dest)
    return dest


@pytest.fixture
def org_in_db(db: Session, demo_org, demo_model):
    """The demo organisation imported into the test database, with the routing model an
    import builds (``demo_model``)."""
    from dispatch.orgdir.service import import_org

    import_org(db_session=db, org=demo_org, source="test")
    db.flush()
    return demo_org


@pytest.fixture
def make_user(db: Session):
    """Create a user with a role; returns (user, token)."""
    from dispatch.users import service

    def _make(name: str, role: str, password: str | None = None, staff_id: str | None = None):
        user = service.create(db_session=db, name=name, role=role, password=password,
                              staff_id=staff_id)
        return user, service.issue_token(db_session=db, user=user)

    return _make


@pytest.fixture
def make_people(make_user):
    """Users from (name, role, staff id) rows, as {name: (user, Authorization headers)}:
    the packages' ``people`` fixtures name their cast and leave the making to this."""

    def _make(rows):
        out = {}
        for name, role, staff in rows:
            user, tok = make_user(name, role, staff_id=staff)
            out[name] = (user, {"Authorization": f"Bearer {tok}"})
        return out

    return _make


@pytest.fixture
def auth(make_user):
    """Authorization headers for one user of each role."""
    headers = {}
    for role in ("requester", "planner", "admin"):
        _, tok = make_user(f"t_{role}", role, staff_id=None)
        headers[role] = {"Authorization": f"Bearer {tok}"}
    return headers


# ------------------------------------------------ the demo as `dispatch demo` loads it

def _demo_cli_env(mp: pytest.MonkeyPatch, data_dir: Path) -> None:
    """Point the CLI's own database (what `dispatch demo` writes) at ``data_dir``."""
    import dispatch.cli.context as context
    from dispatch.settings import get_settings

    mp.setenv("DISPATCH_DATA_DIR", str(data_dir))
    mp.setenv("DATABASE_URL", "")
    mp.setenv("DISPATCH_ENV", "test")
    mp.setenv("DISPATCH_SECRET_KEY", "demo-test-secret-0123456789")
    get_settings.cache_clear()
    mp.setattr(context, "_factory", None)


@pytest.fixture(scope="session")
def demo_loaded(tmp_path_factory: pytest.TempPathFactory):
    """`dispatch demo` run once per session into a temporary folder: (folder, what
    load_demo() answered). Loading takes half a minute (months of history go through the
    real flows), so the tests that look at the demo share one; they only read it, and the
    loaders they call again find their data and write nothing."""
    from dispatch.demo import load_demo
    from dispatch.settings import get_settings

    data = tmp_path_factory.mktemp("demo")
    with pytest.MonkeyPatch.context() as mp:
        _demo_cli_env(mp, data)
        out = load_demo()
    get_settings.cache_clear()
    return data, out


@pytest.fixture
def demo_cli(demo_loaded, monkeypatch):
    """The loaded demo as the CLI's database for this test; yields load_demo()'s answer."""
    from dispatch.settings import get_settings

    data, out = demo_loaded
    _demo_cli_env(monkeypatch, data)
    yield out
    get_settings.cache_clear()
