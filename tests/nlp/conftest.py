"""Models several routing test files read: trained once per session.

Training routing-dev's model (250 rows, 3 folds) takes about 25 s; test_routing and
test_routing_parts both need the same one."""

from __future__ import annotations

from pathlib import Path

import pytest

from dispatch.requests.files import read_history
from models.org import load_org
from nlp.routing import RoutingModel, train


@pytest.fixture(scope="session")
def routing_dev_trained(shared_dir: Path) -> RoutingModel:
    d = shared_dir / "data" / "routing-dev"
    org = load_org(d / "org.yaml")
    return train(org, read_history(d / "history.csv", org), folds=3)  # the CLI uses 5
