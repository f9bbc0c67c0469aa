"""Fixtures for the request service: a routing model trained once per test session on the
demo org's history, copied into each test's own store (so a test may publish and roll back
without touching another's)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from dispatch.demo import DEMO_DIR

HISTORY = DEMO_DIR / "requests_history.csv"


@pytest.fixture(scope="session")
def trained_store_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A model store with one published version trained on the demo history."""
    from dispatch.demo import DEMO_ORG
    from dispatch.requests.model_store import ModelStore
    from dispatch.requests.routing import shared_embedder
    from models.org import load_org
    from nlp.routing import train
    from nlp.routing.history import read_history

    org = load_org(DEMO_ORG)
    root = tmp_path_factory.mktemp("routing_store")
    model = train(org, read_history(HISTORY, org), embedder=shared_embedder("default"))
    ModelStore(root).publish(model)
    return root


@pytest.fixture
def trained_store(settings, trained_store_template: Path) -> Path:
    """This test's store (settings.routing_models), holding the trained demo model."""
    dest = Path(settings.routing_models)
    shutil.rmtree(dest, ignore_errors=True)  # replaces the cold model of an org import
    dest.parent.mkdir(parents=True, exist_ok=True)
    shutil.copytree(trained_store_template, dest)
    return dest


@pytest.fixture
def people(make_user):
    """Users of the demo org: a requester in mkt, an IT planner, a logistics planner,
    a coordinator (planner, no staff record) and an admin; each (user, headers)."""
    out = {}
    for name, role, staff in (("zhang", "requester", "zhangsan"),
                              ("lina", "requester", "lina"),
                              ("it_lead", "planner", "chenming"),
                              ("log_lead", "planner", "liuqiang"),
                              ("design_lead", "planner", "zhoujie"),
                              ("coord", "planner", None),
                              ("boss", "admin", None)):
        user, tok = make_user(name, role, staff_id=staff)
        out[name] = (user, {"Authorization": f"Bearer {tok}"})
    return out
