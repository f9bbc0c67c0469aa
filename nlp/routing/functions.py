"""General knowledge of enterprise functions, mapped onto one organisation's departments.

Why: a department's history (a few dozen requests) and its org-file entry (a name, a
one-line description, a few keywords) name only a sliver of its work. A request that says
「MSA量具重复性分析谁来做」 or 「这台设备的折旧年限按几年算」 is routed by any employee because
they know which function does that kind of work, not because they have seen the words in
this organisation before. ``data/functions.yaml`` holds that knowledge for the functions
most organisations divide work into (quality assurance and quality control, regulatory
affairs, finance, HR, administration, IT, legal, procurement, logistics, production,
maintenance, EHS, sales, marketing, R&D, customer service, security, facilities, and the
job families services, software, construction, listed companies and hospitals add:
information security, IT operations, product management, customer success, cost and
contracts, project management, party and union work, 医务 / 护理 / 医保 / 院感, and a
bank's risk, credit approval, compliance and AML, operations, consumer protection and
business lines; the offices of a university and the bureaus of a district government; and
the departments only hotels, broadcasters, express networks, vehicle plants and dealers,
utilities, telecom operators, insurers, property developers, restaurant chains and
hospitals' clinical services have …): how a
department doing that work is named, and the words of requests for it. Its provenance and
licence are stated in the file.

The lexicon is general; the mapping is per organisation. Each function goes to the
department whose own words (id, name, aliases, description, keywords, staff titles and
skills) name it best — names count most, then description words, then the function's
terms found in them — and only when that evidence reaches a minimum, so an org without a
procurement department gets no procurement words. A term two different departments
receive (「礼品」: administration and legal) is dropped: it says nothing about which.
The classifier reads the mapped terms as pseudo-examples of their department (like the
org file's own phrases), at a weight chosen like every other.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import yaml
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

from models.org import Org
from nlp.routing.text import normalise

# Evidence a department needs for a function to be mapped onto it: a name of the
# function in its name or aliases counts NAME_SCORE, in its description, keywords or staff
# titles DESCRIPTION_SCORE, each of the function's terms there TERM_SCORE.
NAME_SCORE = 3.0
DESCRIPTION_SCORE = 1.0
TERM_SCORE = 0.5
MIN_SCORE = 2.0
# Share of an org's departments that must receive a function for the lexicon to be used.
# Below it the org is not divided the way the lexicon knows (a city's bureaus: labour,
# health, transport …) and the few departments it does recognise would draw every request
# with a word of theirs: tipdm2020 cold start fell from 0.530 to 0.154 with 2 of 7 mapped.
MIN_MAPPED_SHARE = 0.5
# Functions of one sector (banks' credit approval, clearing, anti-money laundering; a
# university's academic affairs, graduate school, student affairs …) are
# used only when at least this many of the org's departments are named for that sector's
# functions: a supermarket's 运营管理部 or a software firm's 法务合规部 is not a bank's
# operations or compliance department, and a construction group's 安全环境部 (environment,
# emergency management) is not two district bureaus.
SECTOR_MIN_DEPARTMENTS = 3
# A term shorter than this (in characters, normalised) is never an unseen term.
UNSEEN_MIN_CHARS = 2
_LOCK = threading.Lock()


@dataclass(frozen=True)
class Function:
    """One enterprise function: what departments doing it are called, and its words."""

    id: str
    names: tuple[str, ...]
    terms: tuple[str, ...]
    # Mapped only onto a department whose name or aliases name it, not on its description or
    # terms: work that most organisations leave inside other departments (IT operations in
    # the IT department, data analysis, training) unless a department of its own does it.
    named_only: bool = False
    # The kind of organisation the function belongs to (``bank``), or None for any.
    sector: str | None = None
    # Other sectors whose organisations have this department too (``also_sectors:``): a
    # bank's risk management, compliance / AML and consumer protection are any regulated
    # financial institution's (an insurer's 风险管理部, 法律合规部). The function is used when
    # its own sector or one of these is present; only its own sector counts towards
    # finding that sector, so what makes an org a bank is unchanged.
    also_sectors: tuple[str, ...] = ()
    # More words of the function's requests (``more:``, the ninth round's broader vocabulary):
    # pseudo-examples at cold start and unseen-term evidence with a history, but not training
    # rows beside a history (they would treble the rows and the training time; see
    # ``function_examples``).
    more: tuple[str, ...] = ()


@lru_cache(maxsize=1)
def _lexicon() -> tuple[Function, ...]:
    text = resources.files("nlp.routing").joinpath("data/functions.yaml").read_text("utf-8")
    data = yaml.safe_load(text)
    return tuple(
        Function(id=k, names=tuple(str(x) for x in v.get("names", ())),
                 terms=tuple(dict.fromkeys(str(x) for x in v.get("terms", ()))),
                 named_only=bool(v.get("named_only", False)),
                 sector=v.get("sector"),
                 also_sectors=tuple(v.get("also_sectors", ())),
                 more=tuple(dict.fromkeys(str(x) for x in v.get("more", ()))))
        for k, v in data.items()
    )


def lexicon() -> tuple[Function, ...]:
    """The enterprise functions (``data/functions.yaml``), loaded once per process."""
    with _LOCK:
        return _lexicon()


def occurs(word: str, text: str) -> bool:
    """Whether ``word`` (normalised) is in ``text`` (normalised); Latin words whole."""
    if not word.isascii():
        return word in text
    # str.find, not a regex per word: a request is checked against ~1,500 terms, more
    # patterns than the re module caches.
    i = text.find(word)
    while i >= 0:
        j = i + len(word)
        if (i == 0 or text[i - 1] not in _ALNUM) and (j == len(text) or text[j] not in _ALNUM):
            return True
        i = text.find(word, i + 1)
    return False


_ALNUM = frozenset("abcdefghijklmnopqrstuvwxyz0123456789")


def function_scores(org: Org) -> dict[str, dict[str, float]]:
    """department id → function id → the evidence its own words give for that function."""
    out: dict[str, dict[str, float]] = {}
    for d in org.departments:
        names = normalise(" ".join([*d.names, d.id.replace("_", " ").replace("-", " ")]))
        words = [d.description, *d.keywords]
        for p in org.members(d.id):
            words.extend([p.title or "", *p.skills])
        body = normalise(" ".join(w for w in words if w))
        scores = {}
        for f in lexicon():
            s = 0.0
            named = False
            for n in f.names:
                n = normalise(n)
                if occurs(n, names):
                    s += NAME_SCORE
                    named = True
                elif occurs(n, body):
                    s += DESCRIPTION_SCORE
            if f.named_only and not named:
                continue
            # ``terms`` only: the ``more`` words were written as requests' words, and counted
            # here they moved functions between departments the earlier rounds had mapped
            # (routing-pharma's QA received audit, its BD lost R&D).
            s += TERM_SCORE * sum(occurs(normalise(t), body) for t in f.terms)
            if s > 0:
                scores[f.id] = s
        out[d.id] = scores
    return out


def map_functions(org: Org) -> dict[str, list[str]]:
    """department id → the functions mapped onto it: each function goes to the department(s)
    with the most evidence for it, when that reaches MIN_SCORE; a sector's functions only
    when SECTOR_MIN_DEPARTMENTS departments receive them."""
    scores = function_scores(org)
    out: dict[str, list[str]] = {d.id: [] for d in org.departments}
    for f in lexicon():
        best = max((s.get(f.id, 0.0) for s in scores.values()), default=0.0)
        if best < MIN_SCORE:
            continue
        for d, s in scores.items():
            if s.get(f.id, 0.0) == best:
                out[d].append(f.id)
    sector_of = {f.id: f.sector for f in lexicon() if f.sector}
    found: dict[str, set[str]] = {}  # sector → the departments given one of its functions
    for d, fs in out.items():
        for f in fs:
            if f in sector_of:
                found.setdefault(sector_of[f], set()).add(d)
    present = {s for s, ds in found.items() if len(ds) >= SECTOR_MIN_DEPARTMENTS}
    also = {f.id: set(f.also_sectors) for f in lexicon() if f.also_sectors}

    def used(f: str) -> bool:
        return f not in sector_of or sector_of[f] in present or bool(also.get(f, set()) & present)

    return {d: [f for f in fs if used(f)] for d, fs in out.items()}


def function_examples(org: Org, more: bool = True) -> list[tuple[str, str]]:
    """(term, department id) pseudo-examples: the terms of every function mapped onto a
    department, except terms that two different departments would receive. None when
    fewer than MIN_MAPPED_SHARE of the departments receive a function. ``more``: with each
    function's ``more`` words (False: its ``terms`` alone, what a trained model reads as
    rows)."""
    by_id = {f.id: f for f in lexicon()}
    mapped = map_functions(org)
    if sum(bool(fs) for fs in mapped.values()) < MIN_MAPPED_SHARE * len(mapped):
        return []
    def words(f: str) -> tuple[str, ...]:
        return (*by_id[f].terms, *by_id[f].more) if more else by_id[f].terms

    owners: dict[str, set[str]] = {}
    for d, fs in mapped.items():
        for f in fs:
            for t in words(f):
                owners.setdefault(t, set()).add(d)
    out: list[tuple[str, str]] = []
    for d, fs in mapped.items():
        for f in fs:
            out.extend((t, d) for t in words(f) if owners[t] == {d})
    return list(dict.fromkeys(out))


def unseen_terms(org: Org, texts: Iterable[str], more: bool = True) -> dict[str, str]:
    """normalised term → department id: the terms of :func:`function_examples` that none of
    ``texts`` (an org's labelled requests) contains, at least UNSEEN_MIN_CHARS long, and
    not an acronym that is an English word once lower-cased: HIS (a hospital information
    system) is the pronoun of English requests, and as an unseen term it boosted a port's IT
    department for a safety incident 「… got his hand crushed …」.

    Why: the classifier learns a word's weight from the history; a lexicon term the history
    never contains gets only its pseudo-example's small weight (FUNCTION_WEIGHT), however
    specific it is (「盐雾试验」, 「环评」, GDPR), and loses to a common word the history ties
    to another department (「客户」 → sales). On those words the history has no say, so the
    lexicon is what should decide (``classifier.UNSEEN_TERM_BOOST``)."""
    joined = "\n".join(normalise(t) for t in texts)
    out: dict[str, str] = {}
    for t, d in function_examples(org, more=more):
        w = normalise(t)
        if (len(w) >= UNSEEN_MIN_CHARS and not occurs(w, joined)
                and not (t.isupper() and w in ENGLISH_STOP_WORDS)):
            out[w] = d
    return out


def more_words(terms: Iterable[str]) -> frozenset[str]:
    """The (normalised) ``terms`` that are no function's ``terms``, only ``more`` words: the
    ninth round's vocabulary, written by someone who read no request, which the unseen-term
    boost weighs less than the terms (``classifier.UNSEEN_MORE_BOOST``)."""
    plain = _plain_terms()
    return frozenset(w for w in terms if normalise(w) not in plain)


@lru_cache(maxsize=1)
def _plain_terms() -> frozenset[str]:
    return frozenset(normalise(t) for f in lexicon() for t in f.terms)


def found_terms(text: str, terms: Iterable[str]) -> list[str]:
    """The (normalised) ``terms`` found in ``text``, Latin words whole, without a term found
    only inside a longer one found (「试验」 inside 「盐雾试验」)."""
    t = normalise(text)
    hits = [w for w in terms if occurs(w, t)]
    return [w for w in hits if not any(w != v and w in v for v in hits)]
