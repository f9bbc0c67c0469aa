"""Finding a person by what people actually type: a name, an alias, or its pinyin.

Owners are chosen by name on the pages (the minutes review, a collaboration's task), never
by staff id; this is the one matcher both the suggestions (GET /api/org/people?q=) and
the form fields (resolve) use, so what is suggested is what is accepted.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from pypinyin import Style, lazy_pinyin

from dispatch.errors import InvalidInput
from models.org import Org, Person


@lru_cache(maxsize=4096)
def pinyin_forms(name: str) -> tuple[str, str]:
    """("zhangsan", "zs") for 张三; ASCII names give themselves, lower-cased, without spaces."""
    full = "".join(lazy_pinyin(name)).replace(" ", "").lower()
    initials = "".join(lazy_pinyin(name, style=Style.FIRST_LETTER)).replace(" ", "").lower()
    return full, initials


def _keys(p: Person) -> list[str]:
    keys = [p.id.lower(), *(n.casefold() for n in p.names)]
    for n in p.names:
        keys.extend(pinyin_forms(n))
    return keys


def _rank(p: Person, q: str) -> int | None:
    """0 exact, 1 prefix, 2 contained; None when nothing matches."""
    best = None
    for k in _keys(p):
        r = 0 if k == q else 1 if k.startswith(q) else 2 if q in k else None
        if r is not None and (best is None or r < best):
            best = r
    return best


def suggest(org: Org, q: str, limit: int = 10, department: str | None = None
            ) -> list[dict[str, Any]]:
    """People whose name, alias, id or pinyin (full or initials) matches ``q``, best first."""
    q = " ".join((q or "").split()).casefold().replace(" ", "")
    if not q:
        return []
    hits = []
    for p in org.staff:
        if department and p.department != department:
            continue
        r = _rank(p, q)
        if r is not None:
            hits.append((r, p.name, p))
    hits.sort(key=lambda h: (h[0], h[1]))
    return [label(org, p) for _, _, p in hits[:max(1, min(limit, 50))]]


def label(org: Org, p: Person) -> dict[str, Any]:
    dept = org.department(p.department).name if org.has_department(p.department) \
        else p.department
    return {"id": p.id, "name": p.name, "aliases": list(p.aliases),
            "department": p.department, "department_name": dept, "title": p.title,
            "pinyin": pinyin_forms(p.name)[0]}


def resolve(org: Org, token: str, field: str = "owners") -> str:
    """The staff id ``token`` names: an id, a name or alias, or a full pinyin; an unknown or
    ambiguous one is InvalidInput naming it (an owner is never silently dropped)."""
    tok = token.strip()
    if org.has_person(tok):
        return tok
    hits = [p.id for p in org.staff if tok in p.names]
    if not hits:
        key = tok.casefold().replace(" ", "")
        hits = [p.id for p in org.staff
                if any(pinyin_forms(n)[0] == key for n in p.names)]
    if len(hits) != 1:
        raise InvalidInput(f"{field}: {'unknown' if not hits else 'ambiguous'} staff member "
                           f"{tok!r}" + (f" ({', '.join(hits)})" if hits else ""),
                           key="err_person_ambiguous" if hits else "err_person_unknown",
                           args={"value": tok, "ids": "、".join(hits)})
    return hits[0]


def people_options(org: Org) -> list[dict[str, str]]:
    """A datalist of the org for an owner field: the value is what people type (the name;
    the id only when two people share the name), the label adds the pinyin and department,
    so typing "zhang", "zs" or "市场" finds 张三 in the browser's own suggestions."""
    counts: dict[str, int] = {}
    for p in org.staff:
        counts[p.name] = counts.get(p.name, 0) + 1
    out = []
    for p in org.staff:
        d = label(org, p)
        full, initials = pinyin_forms(p.name)
        out.append({"value": p.name if counts[p.name] == 1 else p.id,
                    "label": " · ".join(x for x in (d["department_name"], full, initials,
                                                    *p.aliases) if x)})
    return out


def owner_text(org: Org, ids: list[str] | None) -> str:
    """Owners as a person writes them back into the field: names (ids when ambiguous)."""
    opts = {p.id: o["value"] for p, o in zip(org.staff, people_options(org), strict=True)}
    return ", ".join(opts.get(s, s) for s in ids or [])
