"""A solve over the API answers 202 with a job; the tests' settings run jobs inline, so
one GET of the job shows the proposal (as the old synchronous answer did)."""

from __future__ import annotations

from typing import Any


def solved(client: Any, response: Any, headers: dict[str, str]) -> dict[str, Any]:
    """The proposal a 202 solve answer's job made, with ``compared`` for a planner action."""
    assert response.status_code == 202, response.text
    job = client.get(response.json()["poll"], headers=headers).json()
    assert job["status"] == "done", job
    return {**job["proposal"], **({"compared": job["compared"]} if "compared" in job else {})}


def work_jobs(db_session: Any) -> int:
    """Do every pending job in the test's own session, as the worker would (the worker's
    own sessions cannot see a test's uncommitted rows): how many."""
    from sqlalchemy import select

    from dispatch.jobs.models import Job
    from dispatch.jobs.service import register_jobs, run_inline

    register_jobs()
    jobs = list(db_session.scalars(select(Job).where(Job.status == "pending")
                                   .order_by(Job.id)))
    for job in jobs:
        run_inline(db_session=db_session, job=job)
    return len(jobs)
