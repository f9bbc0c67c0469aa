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
