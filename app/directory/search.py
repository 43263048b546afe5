"""Search as you type over the directory: FTS5 inside SQLCipher, on text folded the same way as queries.

Every word typed is a prefix ("asumi" finds "asumisneuvonta"). A word that matches nothing is widened to
the indexed words one edit away ("kella" finds "kela") and to its stems' prefixes, so that an inflected
word finds its base form ("ohjaamossa" finds "Ohjaamo", "жилищным" finds "жилищные"). Parts of compound
words are found through a trigram index ("neuvonta" finds "Asumisneuvonta"). Topic labels in fi/sv/en are
indexed with each entry, so "housing", "asuminen" and "boende" all find entries tagged with the housing
topic. The exact name ranks first. Any text is a valid query: it is split into words and each word is
quoted for FTS5.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

import snowballstemmer
from rapidfuzz import process
from rapidfuzz.distance import Levenshtein
from sqlalchemy import ColumnElement, Connection, func, select, text
from sqlalchemy.orm import Session

from app.directory.records import pick
from app.storage.database import Sessions
from app.storage.directory_models import (
    DirLocation,
    DirOrganization,
    DirPin,
    DirSchedule,
    DirService,
    DirServiceAtLocation,
    DirServiceLanguage,
    DirServiceTopic,
)
from app.text import fold, words
from app.weeks import HELSINKI, now_utc

CANDIDATES = 200
YOUTH_AGE = 30  # "for under-30s": Ohjaamo and the youth services serve people up to 29 or 30
EXACT_NAME = 500.0
TRIGRAM_BELOW = 60
_DAY_CODES = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
# bm25 weights of dir_search's columns: name, other names, body, topic labels.
_WEIGHTS = "10.0, 4.0, 1.0, 2.0"


@dataclass(frozen=True)
class SearchHit:
    id: int
    name: str
    organization: str
    score: float
    is_pinned: bool = False


@dataclass(frozen=True)
class _Row:
    id: int
    name: dict[str, str]
    organization: dict[str, str]


@dataclass(frozen=True)
class SearchFilters:
    served_in: str | None = None  # a language the service is given in
    topic: str | None = None
    municipality: str | None = None
    open_now: bool = False
    no_appointment: bool = False  # the source says drop-in / no appointment needed
    free: bool = False  # the source says it costs nothing
    under_30: bool = False  # for young people: a maximum age of 30 or less

    def conditions(self) -> list[ColumnElement[bool]]:
        """The filters that are columns of the service row."""
        found: list[ColumnElement[bool]] = []
        if self.no_appointment:
            found.append(DirService.appointment_needed.is_(False))
        if self.free:
            found.append(DirService.is_free.is_(True))
        if self.under_30:
            found.append(DirService.maximum_age.is_not(None))
            found.append(DirService.maximum_age <= YOUTH_AGE)
        return found


# Snowball stemmers by script: case endings off a word typed inflected, in the directory's languages.
_STEMMERS = {
    "latin": tuple(snowballstemmer.stemmer(name) for name in ("finnish", "swedish", "english")),
    "cyrillic": (snowballstemmer.stemmer("russian"),),
    "arabic": (snowballstemmer.stemmer("arabic"),),
}
MIN_STEM = 4


def _stems(word: str) -> list[str]:
    """The stems of a folded word that differ from it, long enough to be a useful prefix."""
    first = word[0]
    script = "cyrillic" if "\u0400" <= first <= "\u04ff" else "arabic" if "\u0600" <= first <= "\u06ff" else "latin"
    stems = {stemmer.stemWord(word) for stemmer in _STEMMERS[script]}
    return sorted(stem for stem in stems if stem != word and len(stem) >= MIN_STEM)


def _quoted(word: str) -> str:
    return '"' + word.replace('"', '""') + '"'


def is_open(schedules: Sequence[DirSchedule], moment: datetime) -> bool:
    """Open at `moment` (Helsinki time) by any of the weekly opening hours."""
    local = moment.astimezone(HELSINKI)
    day, clock, today = _DAY_CODES[local.weekday()], local.strftime("%H:%M:%S"), local.date()
    for hours in schedules:
        if hours.valid_from and today < hours.valid_from or hours.valid_to and today > hours.valid_to:
            continue
        days = [code for code in hours.byday.split(",") if code]
        if days and day not in days:
            continue
        if hours.opens_at and hours.closes_at and _clock(hours.opens_at) <= clock < _clock(hours.closes_at):
            return True
    return False


def _clock(value: str) -> str:
    parts = (value.split(":") + ["00", "00"])[:3]
    return ":".join(part.zfill(2) for part in parts)


class DirectorySearch:
    def __init__(self, sessions: Sessions) -> None:
        self._sessions = sessions
        self._vocabulary: dict[str, list[str]] = {}
        self._prefixes: dict[tuple[str, int], list[str]] = {}
        self._vocabulary_stamp: tuple[object, ...] | None = None

    # -- the FTS query ----------------------------------------------------------------------
    def _words_by_letter(self, connection: Connection) -> dict[str, list[str]]:
        """The index's words (no numbers) by first letter, reloaded when the directory changes."""
        stamp = tuple(connection.execute(select(func.max(DirService.id), func.max(DirService.updated_at))).one())
        if stamp != self._vocabulary_stamp:
            grouped: dict[str, list[str]] = {}
            for term in connection.execute(text("SELECT term FROM dir_search_vocab")).scalars():
                if not any(char.isdigit() for char in term):
                    grouped.setdefault(term[0], []).append(term)
            self._vocabulary, self._prefixes = grouped, {}
            self._vocabulary_stamp = stamp
        return self._vocabulary

    def _word_prefixes(self, letter: str, length: int) -> list[str]:
        key = (letter, length)
        if key not in self._prefixes:
            words_here = self._vocabulary.get(letter, [])
            self._prefixes[key] = list({term[:length] for term in words_here if len(term) > length})
        return self._prefixes[key]

    def _word_clause(self, connection: Connection, word: str) -> str:
        """The word as a prefix, widened by indexed words one typo away and by its stems when it finds nothing.

        Typos are looked for among the words with the same first letter (a first letter is rarely wrong).
        """
        clause = _quoted(word) + "*"
        if len(word) < 4:
            return clause
        found = connection.execute(
            text("SELECT 1 FROM dir_search WHERE dir_search MATCH :query LIMIT 1"), {"query": clause}
        ).first()
        if found:
            return clause
        allowed = 1 if len(word) < 8 else 2
        same_letter = self._words_by_letter(connection).get(word[0], [])
        near = process.extract(word, same_letter, scorer=Levenshtein.distance, score_cutoff=allowed, limit=8)
        # A typo in a word still being typed: the indexed words' beginnings of the same length.
        near_prefixes = process.extract(
            word, self._word_prefixes(word[0], len(word)), scorer=Levenshtein.distance, score_cutoff=allowed, limit=8
        )
        alternatives = [_quoted(term) for term, _score, _index in near] + [
            _quoted(prefix) + "*" for prefix, _score, _index in near_prefixes
        ]
        alternatives += [_quoted(stem) + "*" for stem in _stems(word)]
        return "(" + " OR ".join([clause, *dict.fromkeys(alternatives)]) + ")" if alternatives else clause

    def _ranked(self, connection: Connection, query_words: list[str]) -> dict[int, float]:
        scores: dict[int, float] = {}
        clauses = [self._word_clause(connection, word) for word in query_words]
        ranked = text(
            f"SELECT rowid, bm25(dir_search, {_WEIGHTS}) FROM dir_search WHERE dir_search MATCH :query "
            f"ORDER BY 2 LIMIT {CANDIDATES}"
        )
        rows = connection.execute(ranked, {"query": " AND ".join(clauses)}).all()
        for rowid, rank in rows:
            scores[rowid] = 10.0 - rank  # bm25 is negative: the lower, the better
        # The exact name typed, however many entries share its words: always a candidate, ahead of the rest.
        exact = text(f"SELECT service_id FROM dir_names WHERE name = :name LIMIT {CANDIDATES}")
        for (service_id,) in connection.execute(exact, {"name": " ".join(query_words)}):
            scores[service_id] = scores.get(service_id, 10.0) + EXACT_NAME
        if len(rows) < TRIGRAM_BELOW and len(clauses) > 1:
            # Few entries have every word (a mistyped fragment, say): then also those with some, ranked below.
            for rowid, rank in connection.execute(ranked, {"query": " OR ".join(clauses)}):
                scores.setdefault(rowid, 5.0 - rank / 10)
        long_words = [word for word in query_words if len(word) >= 3]
        if long_words and len(scores) < TRIGRAM_BELOW:  # parts of compound words, when words alone find little
            trigram_query = " AND ".join(_quoted(word) for word in long_words)
            for (rowid,) in connection.execute(
                text(f"SELECT rowid FROM dir_search_trigram WHERE dir_search_trigram MATCH :query LIMIT {CANDIDATES}"),
                {"query": trigram_query},
            ):
                scores.setdefault(rowid, 5.0)
        return scores

    # -- filters ------------------------------------------------------------------------------
    def _filtered(self, connection: Connection, ids: set[int], filters: SearchFilters) -> set[int]:
        if filters.served_in:
            ids &= set(
                connection.execute(
                    select(DirServiceLanguage.service_id).where(DirServiceLanguage.code == filters.served_in)
                ).scalars()
            )
        if filters.topic:
            ids &= set(
                connection.execute(
                    select(DirServiceTopic.service_id).where(DirServiceTopic.code == filters.topic)
                ).scalars()
            )
        if filters.municipality:
            wanted = fold(filters.municipality)
            rows = connection.execute(
                select(DirServiceAtLocation.service_id, DirLocation.municipality).join(
                    DirLocation, DirLocation.id == DirServiceAtLocation.location_id
                )
            )
            ids &= {service_id for service_id, municipality in rows if municipality and fold(municipality) == wanted}
        conditions = filters.conditions()
        if conditions and ids:
            ids &= set(connection.execute(select(DirService.id).where(DirService.id.in_(ids), *conditions)).scalars())
        return ids

    # -- the search ---------------------------------------------------------------------------
    def search(
        self,
        query: str,
        display_language: str = "fi",
        filters: SearchFilters | None = None,
        limit: int = 20,
        site_id: int | None = None,
    ) -> list[SearchHit]:
        """The best `limit` entries for what was typed (pinned ones first when nothing is typed)."""
        filters = filters or SearchFilters()
        query_words = words(query)
        with self._sessions() as session:
            connection = session.connection()
            pinned = self._pinned(connection, site_id)
            if query_words:
                scores = self._ranked(connection, query_words)
            else:
                scores = dict.fromkeys(self._browse(connection, filters, limit), 0.0)
                scores.update(dict.fromkeys(pinned, 0.0))
            candidates = self._filtered(connection, set(scores), filters)
            if not filters.open_now:  # fetch only what can still make the list ('open now' filters later)
                ranked = sorted(
                    candidates, key=lambda service_id: (service_id not in pinned, -scores[service_id], service_id)
                )
                candidates = set(ranked[: limit * 3])
            rows = self._rows(connection, candidates, filters.open_now)
        folded_query = " ".join(query_words)
        hits = []
        for row in rows:
            names = [fold(name) for name in row.name.values()]
            score = scores[row.id]
            if folded_query and folded_query in names:
                score += 1000.0
            elif folded_query and any(name.startswith(folded_query) for name in names):
                score += 100.0
            is_pinned = row.id in pinned
            if is_pinned:
                score += 50.0
            organization = pick(row.organization, display_language) if row.organization else ""
            hits.append(SearchHit(row.id, pick(row.name, display_language), organization, round(score, 3), is_pinned))
        if not query_words:
            hits.sort(key=lambda hit: (not hit.is_pinned, pinned.get(hit.id, 0), fold(hit.name)))
        else:
            hits.sort(key=lambda hit: (-hit.score, fold(hit.name)))
        return hits[:limit]

    def _browse(self, connection: Connection, filters: SearchFilters, limit: int) -> list[int]:
        """Nothing typed: the first entries that pass the filters (never every row of a big directory)."""
        query = select(DirService.id).where(DirService.is_withdrawn.is_(False))
        if filters.served_in:
            languages = select(DirServiceLanguage.service_id).where(DirServiceLanguage.code == filters.served_in)
            query = query.where(DirService.id.in_(languages))
        if filters.topic:
            topics = select(DirServiceTopic.service_id).where(DirServiceTopic.code == filters.topic)
            query = query.where(DirService.id.in_(topics))
        query = query.where(*filters.conditions())
        if not (filters.open_now or filters.municipality):  # those filter in Python: look at them all
            query = query.limit(limit * 3)
        return list(connection.execute(query.order_by(DirService.id)).scalars())

    def _pinned(self, connection: Connection, site_id: int | None) -> dict[int, int]:
        if site_id is None:
            return {}
        rows = connection.execute(select(DirPin.service_id, DirPin.position).where(DirPin.site_id == site_id))
        return {service_id: position for service_id, position in rows}

    def _rows(self, connection: Connection, ids: set[int], open_now: bool) -> list[_Row]:
        """Only what a result line shows, for the candidates (and their hours when 'open now' is asked)."""
        if not ids:
            return []
        query = (
            select(DirService.id, DirService.name, DirOrganization.name)
            .outerjoin(DirOrganization, DirOrganization.id == DirService.organization_id)
            .where(DirService.id.in_(ids), DirService.is_withdrawn.is_(False))
        )
        found = connection.execute(query)
        rows = [_Row(service_id, name, organization or {}) for service_id, name, organization in found]
        if open_now:
            hours: dict[int, list[DirSchedule]] = {}
            schedules = select(DirSchedule).where(DirSchedule.service_id.in_(ids))
            with Session(connection) as session:
                for schedule in session.scalars(schedules):
                    hours.setdefault(schedule.service_id, []).append(schedule)
            moment = now_utc()
            rows = [row for row in rows if is_open(hours.get(row.id, []), moment)]
        return rows
