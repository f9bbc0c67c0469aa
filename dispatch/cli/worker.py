"""`dispatch worker` (deliver the outbox, run periodic sweeps) and `dispatch notify …`."""

from __future__ import annotations

import json
import signal
from typing import Any

import typer

from dispatch.cli.common import JsonOpt, emit, fail, info


def register(app: typer.Typer) -> None:
    app.command("worker")(worker)
    app.add_typer(notify_app, name="notify")


def worker(
    once: bool = typer.Option(False, "--once", help="Run the sweeps, deliver what is due, exit."),
    interval: float = typer.Option(1.0, help="Seconds between passes when idle."),
    threads: int = typer.Option(4, min=1, max=32, help="Destinations delivered in parallel."),
    now: str = typer.Option(None, "--now", help="Run the sweeps as of this moment (ISO 8601 "
                            "with offset), e.g. to replay a missed day's digests; delivery "
                            "keeps the real clock."),
    nice: int = typer.Option(10, min=0, max=19, help="Lower this process's CPU priority by "
                             "this much, so the web server's requests win the cores."),
    jobs: bool = typer.Option(True, help="Also do background jobs (solves) in a thread."),
    as_json: bool = JsonOpt,
) -> None:
    """Deliver queued notifications, run reminders/escalations and do the background jobs
    (proposal solves, capacity checks) (Ctrl-C stops cleanly)."""
    import datetime as dt
    import os

    sweep_at = None
    if now is not None:
        try:
            sweep_at = dt.datetime.fromisoformat(now)
        except ValueError:
            fail(f"--now: {now!r} is not an ISO 8601 time")
        if sweep_at.tzinfo is None:
            fail("--now: give the offset too, e.g. 2026-10-09T15:00:00+08:00")
    from dispatch.cli.context import session_factory
    from dispatch.notifications.config import ChannelsError
    from dispatch.notifications.worker import Worker, serve

    stopping = {"flag": False}

    def _stop(*_: Any) -> None:
        stopping["flag"] = True

    from dispatch.jobs import service as job_service
    from dispatch.jobs.runner import JobRunner

    if nice and not once:
        # The worker's solves and deliveries yield the cores to the web server's requests
        # (issue 16: p99 under load); the threads it starts inherit the priority. A --once
        # run (cron, tests) keeps its caller's.
        os.nice(nice)
    previous = {sig: signal.signal(sig, _stop) for sig in (signal.SIGTERM, signal.SIGINT)}
    w = Worker(session_factory(), threads=threads)
    runner = JobRunner(w.session_factory, interval_s=min(interval, 0.5), nice=0)
    if jobs and not once:
        runner.start()
    info(f"worker {w.worker_id} started" + (" (once)" if once else ""))
    try:
        if jobs and once:
            job_service.drain(w.session_factory)
        total = serve(w, once=once, interval_s=interval, stop=lambda: stopping["flag"],
                      on_pass=lambda d: info("pass " + json.dumps(d, ensure_ascii=False)),
                      sweep_clock=(lambda: sweep_at) if sweep_at is not None else None)
    except ChannelsError as e:
        fail(str(e))
    finally:
        runner.stop()
        w.close()
        for sig, handler in previous.items():
            signal.signal(sig, handler)
    emit(total.as_dict(), as_json,
         lambda d: ", ".join(f"{k} {v}" for k, v in d.items() if v) or "nothing to do")


notify_app = typer.Typer(help="The notification outbox: test a channel, list, retry.",
                         no_args_is_help=True)


_STAFF_OPT = typer.Option(None, "--staff", help="Staff id to mention (repeatable).")


@notify_app.command("test")
def notify_test(
    staff: list[str] = _STAFF_OPT,
    department: str = typer.Option(None, "--department", help="Post to this department's bot."),
    lang: str = typer.Option("zh", help="zh or en."),
    as_json: bool = JsonOpt,
) -> None:
    """Queue a test message (deliver it with `dispatch worker --once`)."""
    from dispatch.cli.context import db_session
    from dispatch.errors import DispatchError
    from dispatch.notifications.config import ChannelsError
    from dispatch.notifications.service import enqueue, to_dict

    staff = list(staff or [])
    if not staff and not department:
        fail("give --staff ID and/or --department ID")
    subject = "dispatch 测试消息" if lang == "zh" else "dispatch test message"
    body = ("这是一条测试消息，收到说明推送通道配置正确。" if lang == "zh"
            else "If you can read this, the push channel is configured correctly.")
    try:
        with db_session() as s:
            rows = enqueue(db_session=s, event="test", recipients=staff, subject=subject,
                           body=body, lang=lang, department=department, link="/")
            s.flush()
            out = [to_dict(r) for r in rows]
    except (DispatchError, ChannelsError) as e:
        fail(str(getattr(e, "message", e)))
    emit(out, as_json, lambda rs: "\n".join(f"queued #{r['id']} → {r['destination']}"
                                            f" ({r['status']})" for r in rs) or "no destination")


@notify_app.command("list")
def notify_list(status: str = typer.Option(None, help="pending, sending, sent, dead, digested"),
                limit: int = typer.Option(50, min=1, max=1000), as_json: bool = JsonOpt) -> None:
    """Recent notifications with their delivery state and last error."""
    from dispatch.cli.context import db_session
    from dispatch.notifications.service import list_notifications, to_dict

    with db_session() as s:
        out = [to_dict(r) for r in list_notifications(db_session=s, status=status, limit=limit)]
    emit(out, as_json, lambda rs: "\n".join(
        f"#{r['id']} {r['status']:<9} {r['destination']:<24} {r['subject']}"
        + (f"  [{r['last_error']}]" if r["status"] == "dead" else "") for r in rs) or "none")


@notify_app.command("retry")
def notify_retry(
    notification_id: int = typer.Argument(None, help="The dead letter to queue again."),
    all_dead: bool = typer.Option(False, "--all-dead", help="Queue every dead letter again."),
    as_json: bool = JsonOpt,
) -> None:
    """Put a dead letter (or all of them, after fixing the channels file) back in the queue."""
    from dispatch.cli.context import db_session
    from dispatch.errors import DispatchError
    from dispatch.notifications.service import retry, retry_dead, to_dict

    if (notification_id is None) == (not all_dead):
        fail("give one NOTIFICATION_ID or --all-dead")
    try:
        with db_session() as s:
            if all_dead:
                out: dict[str, Any] = {"requeued": retry_dead(db_session=s)}
            else:
                out = to_dict(retry(db_session=s, notification_id=notification_id))
    except DispatchError as e:
        fail(e.message)
    emit(out, as_json, lambda r: f"{r['requeued']} queued again" if "requeued" in r
         else f"#{r['id']} queued again")
