"""An in-memory inverted index over the landscape, rebuilt from the database when it changes.

Scoring a query over a term table in SQL costs time proportional to every posting of every common term
(100 k items: hundreds of milliseconds). Here postings are numpy arrays, so scoring is a few vector adds
and facet counts are bincounts. The index is only a cache of the ``landscape_terms`` table: every query
first reads the items' version counter (one primary-key row) and updates itself when another worker or
process wrote, so several stateless workers stay consistent.
"""

from __future__ import annotations

import math
import threading
from dataclasses import dataclass
from datetime import date
from typing import Any
from weakref import WeakKeyDictionary

import numpy as np
from numpy.typing import NDArray
from sqlalchemy import func, select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from ic2permed.core import text
from ic2permed.landscape.models import LandscapeIndexState, LandscapeItem, LandscapeTerm, LandscapeTheme
from ic2permed.landscape.schemas import SearchQuery

CATEGORICAL = ("kind", "legal_tier", "region", "status")
NO_DATE = np.iinfo(np.int32).max


@dataclass
class Snapshot:
    version: tuple[int, Any]  # (index counter, newest updated_at) when built
    ids: list[str]
    years: NDArray[np.int32]
    withdrawn: NDArray[np.bool_]
    in_force: NDArray[np.int32]
    ends: NDArray[np.int32]
    codes: dict[str, NDArray[np.int16]]
    labels: dict[str, list[str]]
    themes: dict[str, NDArray[np.bool_]]
    postings: dict[str, tuple[NDArray[np.int32], NDArray[np.float32]]]
    terms_of: list[list[str]]

    @property
    def size(self) -> int:
        return len(self.ids)


_cache: WeakKeyDictionary[Engine, Snapshot] = WeakKeyDictionary()
_lock = threading.Lock()


def index_version(session: Session) -> int:
    return session.scalar(select(LandscapeIndexState.version).where(LandscapeIndexState.id == 1)) or 0


def _newest(session: Session) -> Any:
    return session.scalar(select(func.max(LandscapeItem.updated_at)))


def snapshot(session: Session) -> Snapshot:
    engine = session.get_bind()
    assert isinstance(engine, Engine)
    counter = index_version(session)
    current = _cache.get(engine)
    if current is not None and current.version[0] == counter:
        return current
    with _lock:
        current = _cache.get(engine)
        if current is None or current.version[0] != counter:
            version = (counter, _newest(session))
            current = (_refresh(session, current, version) if current else None) or _build(session, version)
            _cache[engine] = current
    return current


def _ordinal(day: date | None) -> int:
    return day.toordinal() if day else NO_DATE


def _item_columns() -> list[Any]:
    return [
        LandscapeItem.id,
        LandscapeItem.year,
        LandscapeItem.withdrawn,
        LandscapeItem.in_force_date,
        LandscapeItem.end_date,
        *(getattr(LandscapeItem, c) for c in CATEGORICAL),
        LandscapeItem.themes,
    ]


def _in_force_ordinal(row: Any) -> int:
    if row[3]:
        return _ordinal(row[3])
    return date(row[1], 1, 1).toordinal() if row[1] else int(NO_DATE)


def _build(session: Session, version: tuple[int, Any]) -> Snapshot:
    rows = session.execute(select(*_item_columns()).order_by(LandscapeItem.id)).all()
    ids = [r[0] for r in rows]
    position = {item_id: n for n, item_id in enumerate(ids)}
    labels: dict[str, list[str]] = {}
    codes: dict[str, NDArray[np.int16]] = {}
    for offset, column in enumerate(CATEGORICAL, start=5):
        values = [r[offset] for r in rows]
        labels[column] = sorted({v for v in values if v is not None})
        lookup = {v: n for n, v in enumerate(labels[column])}
        codes[column] = np.array([lookup.get(v, -1) if v is not None else -1 for v in values], dtype=np.int16)
    themes: dict[str, NDArray[np.bool_]] = {}
    for item_id, theme in session.execute(select(LandscapeTheme.item_id, LandscapeTheme.theme)):
        mask = themes.setdefault(theme, np.zeros(len(ids), dtype=np.bool_))
        mask[position[item_id]] = True
    postings, terms_of = _postings(session, position)
    return Snapshot(
        version=version,
        ids=ids,
        years=np.array([r[1] or 0 for r in rows], dtype=np.int32),
        withdrawn=np.array([bool(r[2]) for r in rows], dtype=np.bool_),
        in_force=np.array([_in_force_ordinal(r) for r in rows], dtype=np.int32),
        ends=np.array([_ordinal(r[4]) for r in rows], dtype=np.int32),
        codes=codes,
        labels=labels,
        themes=themes,
        postings=postings,
        terms_of=terms_of,
    )


Postings = dict[str, tuple[NDArray[np.int32], NDArray[np.float32]]]


def _postings(session: Session, position: dict[str, int]) -> tuple[Postings, list[list[str]]]:
    grouped: dict[str, tuple[list[int], list[float]]] = {}
    terms_of: list[list[str]] = [[] for _ in position]
    result = session.execute(
        select(LandscapeTerm.term, LandscapeTerm.item_id, LandscapeTerm.weight).execution_options(yield_per=50_000)
    )
    for term, item_id, weight in result:
        entry = grouped.get(term)
        if entry is None:
            entry = grouped[term] = ([], [])
        at = position[item_id]
        entry[0].append(at)
        entry[1].append(weight)
        terms_of[at].append(term)
    postings = {
        term: (np.array(idx, dtype=np.int32), np.array(weights, dtype=np.float32))
        for term, (idx, weights) in grouped.items()
    }
    return postings, terms_of


MAX_INCREMENTAL = 5000


def _refresh(session: Session, old: Snapshot, version: tuple[int, Any]) -> Snapshot | None:
    """Patch the snapshot with the items written since it was built (a curator's edit, a small import).

    ``version`` is (counter, newest ``updated_at``); items at or after the old newest are re-read.

    Returns None when a full rebuild is needed (items deleted, or too many changes)."""
    newest = old.version[1]
    if newest is None:
        return None
    rows = session.execute(select(*_item_columns()).where(LandscapeItem.updated_at >= newest)).all()
    position = {item_id: n for n, item_id in enumerate(old.ids)}
    added = [r for r in rows if r[0] not in position]
    count = session.scalar(select(func.count()).select_from(LandscapeItem)) or 0
    if len(rows) > MAX_INCREMENTAL or old.size + len(added) != count:
        return None
    ids = old.ids + [r[0] for r in added]
    for row in added:
        position[row[0]] = len(position)
    size = len(ids)

    def grow(array: NDArray[Any], fill: Any) -> NDArray[Any]:
        return np.concatenate([array, np.full(size - len(array), fill, dtype=array.dtype)])

    years, withdrawn = grow(old.years, 0), grow(old.withdrawn, False)
    in_force, ends = grow(old.in_force, NO_DATE), grow(old.ends, NO_DATE)
    labels = {c: list(v) for c, v in old.labels.items()}
    codes = {c: grow(v, -1) for c, v in old.codes.items()}
    themes = {t: grow(m, False) for t, m in old.themes.items()}
    changed = [position[r[0]] for r in rows]
    for row in rows:
        at = position[row[0]]
        years[at], withdrawn[at] = row[1] or 0, bool(row[2])
        in_force[at], ends[at] = _in_force_ordinal(row), _ordinal(row[4])
        for offset, column in enumerate(CATEGORICAL, start=5):
            value = row[offset]
            if value is not None and value not in labels[column]:
                labels[column].append(value)
            codes[column][at] = labels[column].index(value) if value is not None else -1
        for mask in themes.values():
            mask[at] = False
        for theme in row[5 + len(CATEGORICAL)] or []:
            themes.setdefault(theme, np.zeros(size, dtype=np.bool_))[at] = True
    fresh: dict[str, tuple[list[int], list[float]]] = {}
    terms_of = old.terms_of + [[] for _ in added]
    touched = {t for at in changed for t in terms_of[at]}
    for at in changed:
        terms_of[at] = []
    chosen = [r[0] for r in rows]
    for term, item_id, weight in session.execute(
        select(LandscapeTerm.term, LandscapeTerm.item_id, LandscapeTerm.weight).where(LandscapeTerm.item_id.in_(chosen))
    ):
        at = position[item_id]
        fresh.setdefault(term, ([], []))
        fresh[term][0].append(at)
        fresh[term][1].append(weight)
        terms_of[at].append(term)
        touched.add(term)
    postings = dict(old.postings)
    gone = np.array(changed, dtype=np.int32)
    for term in touched:
        idx, weights = postings.get(term, (np.zeros(0, np.int32), np.zeros(0, np.float32)))
        keep = ~np.isin(idx, gone)
        new_idx, new_weights = fresh.get(term, ([], []))
        merged_idx = np.concatenate([idx[keep], np.array(new_idx, dtype=np.int32)])
        if len(merged_idx):
            postings[term] = (merged_idx, np.concatenate([weights[keep], np.array(new_weights, np.float32)]))
        else:
            postings.pop(term, None)
    return Snapshot(version, ids, years, withdrawn, in_force, ends, codes, labels, themes, postings, terms_of)


def candidates(
    snap: Snapshot, query: SearchQuery, replaced: frozenset[str] = frozenset(), only: frozenset[str] | None = None
) -> NDArray[np.bool_]:
    """The facet filters as one boolean mask.

    ``replaced``: items a newer version had replaced by ``in_force_on``; ``only``: the items allowed at all
    (e.g. those with an official source), or None for no such restriction.
    """
    mask = np.ones(snap.size, dtype=np.bool_)
    if not query.include_withdrawn:
        mask &= ~snap.withdrawn
    for column, wanted in (
        ("kind", [k.value for k in query.kind]),
        ("legal_tier", query.legal_tier),
        ("region", query.region),
        ("status", [s.value for s in query.status]),
    ):
        if wanted:
            allowed = [snap.labels[column].index(v) for v in wanted if v in snap.labels[column]]
            mask &= np.isin(snap.codes[column], np.array(allowed, dtype=np.int16))
    if query.year_from is not None:
        mask &= snap.years >= query.year_from
    if query.year_to is not None:
        mask &= (snap.years <= query.year_to) & (snap.years > 0)
    if query.in_force_on is not None:
        day = query.in_force_on.toordinal()
        planned = snap.labels["status"].index("planned") if "planned" in snap.labels["status"] else -2
        mask &= (snap.in_force <= day) & (snap.ends > day) & (snap.codes["status"] != planned)
        if replaced:
            mask &= ~np.isin(np.asarray(snap.ids, dtype=object), list(replaced))
    if only is not None:
        mask &= np.isin(np.asarray(snap.ids, dtype=object), list(only))
    for theme in query.theme:
        mask &= snap.themes.get(theme, np.zeros(snap.size, dtype=np.bool_))
    return mask


def score(snap: Snapshot, query: SearchQuery, mask: NDArray[np.bool_]) -> NDArray[np.float64] | None:
    """Σ idf × weight, times (share of query words matched)² plus 1 when an identifier or acronym matched.

    Returns None when the query has no text (callers then order by year)."""
    tokens = text.query_tokens(query.q) if query.q.strip() else []
    if not tokens:
        return None
    wanted = len({t for t in tokens if not _exact(t)}) or 1
    sums = np.zeros(snap.size, dtype=np.float64)
    words = np.zeros(snap.size, dtype=np.float64)
    exact = np.zeros(snap.size, dtype=np.float64)
    for token in tokens:
        posting = snap.postings.get(token)
        if posting is None:
            continue
        idx, weights = posting
        idf = math.log(1 + snap.size / len(idx))
        sums[idx] += weights * idf  # a term occurs at most once per item, so this is exact
        if _exact(token):
            exact[idx] = 1.0
        else:
            words[idx] += 1.0
    coverage = words / wanted
    result = sums * (coverage * coverage + exact)
    result[~mask] = 0.0
    return result


def _exact(token: str) -> bool:
    return token.startswith(("id:", "num:", "acr:"))


def ranked(
    snap: Snapshot,
    query: SearchQuery,
    limit: int | None = None,
    replaced: frozenset[str] = frozenset(),
    only: frozenset[str] | None = None,
) -> tuple[list[str], int, NDArray[np.bool_]]:
    """(ids of the requested page, total matches, mask of all matches)."""
    mask = candidates(snap, query, replaced, only)
    scores = score(snap, query, mask)
    page = limit or query.limit
    if scores is None:
        matched = mask
        order_key = np.where(matched, snap.years, -1)
        chosen = np.flatnonzero(matched)
        chosen = chosen[np.lexsort((chosen, -order_key[chosen]))]
    else:
        matched = scores > 0
        chosen = np.flatnonzero(matched)
        wanted = query.offset + page
        if len(chosen) > wanted * 4 + 64:
            top = np.argpartition(-scores[chosen], wanted)[:wanted]
            cutoff = scores[chosen[top]].min()
            chosen = chosen[scores[chosen] >= cutoff]
        chosen = chosen[np.lexsort((chosen, -snap.years[chosen], -scores[chosen]))]
    window = chosen[query.offset : query.offset + page]
    return [snap.ids[i] for i in window], int(matched.sum()), matched


def facet_counts(snap: Snapshot, matched: NDArray[np.bool_]) -> dict[str, list[tuple[str, int]]]:
    counts: dict[str, list[tuple[str, int]]] = {}
    for column in CATEGORICAL:
        codes = snap.codes[column][matched]
        codes = codes[codes >= 0]
        tally = np.bincount(codes, minlength=len(snap.labels[column]))
        rows = [(snap.labels[column][n], int(c)) for n, c in enumerate(tally) if c]
        counts[column] = sorted(rows, key=lambda r: (-r[1], r[0]))
    themes = [(theme, int((mask & matched).sum())) for theme, mask in snap.themes.items()]
    counts["theme"] = sorted(((t, c) for t, c in themes if c), key=lambda r: (-r[1], r[0]))
    return counts
