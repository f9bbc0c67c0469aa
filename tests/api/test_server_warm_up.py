"""The server's warm-up (``api.server._warm_up``) ends by freezing the heap it loaded, so
that the garbage collector's full passes no longer walk the models (a 400 ms pause of every
request of the process each time, measured with ``benchmarks/profile_endpoints.py --gc``)."""

from __future__ import annotations

import gc


def test_warm_up_leaves_what_it_loaded_out_of_full_collections(app) -> None:
    from api.server import _warm_up

    gc.unfreeze()
    assert gc.get_freeze_count() == 0
    try:
        _warm_up(app)
        frozen = gc.get_freeze_count()
        assert frozen > 0
        assert len(gc.get_objects(generation=2)) < frozen  # what a full pass still walks
    finally:
        gc.unfreeze()



def _with_keyword(org, word: str):
    """``org`` with one more keyword on its first department (a re-imported org file)."""
    from models.org import Org

    doc = org.model_dump()
    doc["departments"][0]["keywords"] = [*doc["departments"][0]["keywords"], word]
    return Org.model_validate(doc)


def test_a_version_published_after_the_warm_up_is_kept_out_of_full_collections(
        app, org_in_db) -> None:
    """Issue 16: the learn sweep or a retrain publishes a routing version after the warm-up
    froze the heap, and the server process loads it on its next prediction; its objects
    (here with a jieba tokenizer of its own: the org gained a keyword) were walked by every
    full collection again. They are frozen after that first prediction, so a full pass
    walks no more than before; the version it replaces is still freed (by reference
    counting, which frozen objects keep)."""
    import weakref

    from api.server import WARM_UP_TEXT, _warm_up
    from dispatch.requests.model_store import ModelStore
    from dispatch.requests.routing import predict, router_for, shared_embedder
    from nlp.routing.classifier import train

    settings = app.state.settings
    store = ModelStore(settings.routing_models)
    old = store.current_version()
    gc.unfreeze()
    try:
        _warm_up(app)
        replaced = weakref.ref(router_for(settings).model(org_in_db)[1])
        gc.collect()
        walked = len(gc.get_objects())
        # a retrain (`POST /api/routing/retrain`; the learn sweep does the same in the
        # worker) after the org file gained a keyword: a word list this process has no
        # tokenizer for yet
        model = train(_with_keyword(org_in_db, "量子纠缠实验室"), [],
                      embedder=shared_embedder(settings.embedding.model, settings.embedding))
        version = store.publish(model)
        del model
        assert predict(settings=settings, org=org_in_db, text=WARM_UP_TEXT).version == version
        gc.collect()
        assert len(gc.get_objects()) <= walked  # before: +1,036 objects of the new version
        assert replaced() is None
    finally:
        gc.unfreeze()
        store.publish(old)
