"""Explicit registration of what the domains plug into shared machinery.

The follow-up kinds' hooks (``dispatch.followups.service.KINDS``) and the worker's sweeps
(``dispatch.scheduled.SWEEPS``) are registered here, by :func:`register_all`, which the
app factory, the worker and the follow-up service call, rather than by importing a
module for its side effects. A domain module that fails to import is an error here, not
a worker that quietly runs without that domain's reminders.
"""

from __future__ import annotations

import threading

_lock = threading.Lock()
_done = False


def register_all() -> None:
    """Register every domain's follow-up kinds and sweeps (idempotent)."""
    global _done
    if _done:
        return
    with _lock:
        if _done:
            return
        from dispatch import scheduled
        from dispatch.collab import flows as collab_flows
        from dispatch.followups import adapters
        from dispatch.jobs import service as jobs
        from dispatch.plans import service as plans

        adapters.register_followup_kinds()
        collab_flows.register_followup_kinds()
        scheduled.register_sweeps()
        jobs.register_jobs()
        plans.keep_backlog_in_step()
        _done = True
