"""Built minutes pipelines and their component resources stay bounded in a long-running
service: every edit of an org file is a new org, and none may be kept forever."""

from __future__ import annotations

import importlib

from dispatch.demo import DEMO_ORG
from models.org import load_org
from nlp.minutes import components

extract = importlib.import_module("nlp.minutes.extract")


def test_pipeline_cache_and_component_registry_are_bounded_lru() -> None:
    org = load_org(DEMO_ORG)
    n = extract.PIPELINE_CACHE_SIZE
    orgs = [org.model_copy(update={"name": f"{org.name} v{i}"}) for i in range(n + 3)]
    first = extract.load_pipeline(orgs[0])
    for o in orgs[1:n]:
        extract.load_pipeline(o)
    assert extract.load_pipeline(orgs[0]) is first  # a hit makes it the most recent
    for o in orgs[n:]:
        extract.load_pipeline(o)
    assert len(extract._CACHE) <= n
    assert set(components._REGISTRY) == set(extract._CACHE)
    assert first.key in extract._CACHE  # used recently, so not evicted
    rebuilt = extract.load_pipeline(orgs[1])  # evicted: built again, registered again
    assert rebuilt.resources.org == orgs[1]
    assert set(components._REGISTRY) == set(extract._CACHE)
