"""``dispatch minutes extract|eval``: action items from a meeting file (ARCHITECTURE.md §2.1)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated, Any

import typer

from dispatch.cli.common import emit, fail, info

JsonFlag = Annotated[bool, typer.Option("--json", help="Print exactly one JSON document.")]


def _where(line: int | None) -> str:
    return f"L{line}" if line is not None else "table"


def _human_items(result: dict[str, Any]) -> str:
    m = result["meeting"]
    lines = [f"{m.get('title') or '(untitled)'} — {m.get('date')}"]
    if not result["action_items"]:
        lines.append("(no action items)")
    for n, it in enumerate(result["action_items"], 1):
        who = ", ".join(it["owner_names"]) or "—"
        dept = it["department"] or "—"
        lines.append(
            f"{n:2d}. [{_where(it['source']['line'])}] {it['task']}\n"
            f"    owner: {who}  department: {dept}  due: {it['due'] or '—'}  "
            f"priority: {it['priority']}  confidence: {it['confidence']:.2f}"
        )
    return "\n".join(lines)


def register(app: typer.Typer) -> None:
    """Add the ``minutes`` command group."""
    minutes = typer.Typer(help="Meeting minutes → action items.", no_args_is_help=True)

    @minutes.command("extract")
    def extract_cmd(
        file: Annotated[Path, typer.Argument(help="A .txt .md .docx .vtt or .srt meeting record.")],
        org: Annotated[
            Path | None, typer.Option("--org", help="The org file (org.yaml) for owners.")
        ] = None,
        meeting_date: Annotated[
            str | None,
            typer.Option(
                "--meeting-date", help="YYYY-MM-DD; default: the date in the document, else today."
            ),
        ] = None,
        max_mb: Annotated[
            float, typer.Option("--max-mb", help="Refuse files larger than this many MB.")
        ] = 50.0,
        as_json: JsonFlag = False,
    ) -> None:
        """Extract the action items of one meeting file."""
        from dispatch.minutes.detector import spoken_detector, zh_detector
        from dispatch.minutes.files import read_file
        from models.org import OrgError, load_org
        from nlp.minutes import extract_document
        from nlp.readers import MinutesInputError

        day = None
        if meeting_date is not None:
            try:
                day = dt.date.fromisoformat(meeting_date.strip())
            except ValueError:
                fail(f"--meeting-date {meeting_date!r} is not a date (use YYYY-MM-DD)")
        try:
            directory = load_org(org) if org is not None else None
        except OrgError as e:
            fail(str(e))
        today = directory.today() if directory is not None else dt.date.today()
        try:
            doc = read_file(file, max_bytes=int(max_mb * 1024 * 1024), today=today,
                            tz=directory.tz if directory is not None else None)
        except MinutesInputError as e:
            fail(str(e))
        if directory is None:
            info("no --org given: owners stay [] (names are kept in owner_names)")
        if day is None and doc.date is None:
            info(
                "the document states no meeting date and --meeting-date was not given: "
                "relative dates are resolved against today"
            )
        result = extract_document(
            doc, directory, day, spoken_detector(), zh_detector(), today=today
        ).to_contract()
        if not result["action_items"]:
            info(f"{file.name}: no action items found")
        emit(result, as_json, _human_items)

    @minutes.command("eval")
    def eval_cmd(
        gold_dir: Annotated[
            Path, typer.Argument(help="Folder with gold.json, the org file and the documents.")
        ],
        as_json: JsonFlag = False,
    ) -> None:
        """Score extraction against a gold folder (same figures as score_minutes.py)."""
        from dispatch.minutes.detector import spoken_detector, zh_detector
        from dispatch.minutes.evaluate import evaluate
        from models.org import OrgError
        from nlp.readers import MinutesInputError

        try:
            report = evaluate(gold_dir, spoken_detector(), zh_detector())
        except (OrgError, MinutesInputError) as e:
            fail(str(e))

        def human(_: Any) -> str:
            out = []
            for d in report.documents:
                out.append(
                    f"{d.file}: pred {d.pred} gold {d.gold} matched {d.matched} "
                    f"owners {d.correct['owners']} dept {d.correct['department']} "
                    f"due {d.correct['due']}" + (f"  ERROR {d.error}" if d.error else "")
                )
                out += [f"   missed {x}" for x in d.missed]
                out += [f"   extra  {x}" for x in d.extra]
                out += [f"   {x}" for x in d.wrong]
            return "\n".join(out + report.summary_lines())

        emit(report.to_json(), as_json, human)

    app.add_typer(minutes, name="minutes")
