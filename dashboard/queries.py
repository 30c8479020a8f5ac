"""Every SQL statement the dashboard runs, and nothing else.

Rules that keep this module safe and reviewable:
- user input only ever travels as bound parameters ($name); it is never formatted into SQL;
- the only identifiers spliced into SQL come from the fixed whitelists below
  (``GROUP_DIMENSIONS``) or from the warehouse's own catalog (``quote_identifier``);
- every function takes a DuckDB cursor and returns plain data (DataFrame, dict, list),
  so callers can cache the results and tests can call them without Streamlit.

Where the numbers come from (measured in benchmarks/bench_dashboard.py):
- charts and counts read ``claim_cube``: claims grouped by every filterable dimension
  (≈100k rows at 10M claims), and ``claim_sources`` (documents/articles behind all claims).
  The ETL ships them with the other summaries (etl/summaries.py, built at publish); for a
  warehouse without current summaries the handle builds the two in its own :memory: catalog;
- row lists, exports and filtered distinct-source counts read ``claims_ordered``: the claims view
  stored in ROW_ORDER, so a filter on year/province/programme reads a few row groups; row lists
  are first limited, with the cube's counts, to the groups that lead the order;
- a keyword search of two or more characters finds its claims in ``claim_search_grams`` (bigram
  positions, see _search_clause) instead of scanning every sentence; one-character keywords and
  warehouses without current summaries scan the text (claims_ordered is then a view of claims);
- the counts and charts of a keyword of one to four characters, in a large warehouse, come from
  ``claim_search_terms`` (_TermLookup): one range of rows, one per matching claim, each with its
  cube cell and article, so that a keyword in every claim costs no join with claims_ordered;
- the single-claim page reads the ``claims`` view (by claim_id: the primary-key index);
- sums of a comparable metric (数值合计) cannot come from the cube: each figure must be counted
  once (``claim_details.figure_id``, the same figure printed by several documents) and a province
  total must not be added to its own cities and counties (``place_level``). They read
  ``dashboard_metric_claims`` (claim_details, or claim_records in warehouses built before the
  analyst views) filtered to the one picked metric, and dedupe and pick levels on that subset.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

import duckdb
import pandas as pd
import pyarrow as pa

from etl.rules import non_additive_metric_objects, non_additive_units
from etl.summaries import (ARTICLE_BITS_KEY, CLAIM_CUBE_SELECT, CLAIM_SOURCES_SELECT, FINGERPRINT_KEY, TERM_FLAGS,
                           gram_code, keyword_grams, keyword_term_range)

# Qualifiers whose value is a lower bound: 余/多/超/以上 (more_than) and the low end of a range.
LOWER_BOUND_QUALIFIERS = ("more_than", "range")
# Qualifiers whose value is an upper bound: 以下/不到/不超过.
UPPER_BOUND_QUALIFIERS = ("at_most",)
# Unit families and kinds whose values must never be added up (a sum of percentages means
# nothing): units.json marks them "additive": false.
NON_ADDITIVE_FAMILIES, NON_ADDITIVE_KINDS = (tuple(sorted(names)) for names in non_additive_units())

# Whitelist of dimensions a chart may group by: name -> column of the claims view.
GROUP_DIMENSIONS = {"province": "province", "programme": "programme", "year": "year"}

# The value that is summed inside one comparable metric: the figure in its family's base unit.
SUM_VALUE_SQL = "coalesce(base_value, value)"
SUM_UNIT_SQL = "coalesce(base_unit, unit)"

DRILL_ROW_LIMIT = 500
EXPORT_ROW_LIMIT = 200_000
UNPLACED_ROW_LIMIT = 500


def key_family(metric_key: str) -> str:
    """The unit family part of a metric key: 电梯|完成|count:台 → count:台."""
    return metric_key.split("|")[-1]


@dataclass(frozen=True)
class MetricGroup:
    """One comparable metric: claims that may be added up.

    Either a normalised metric_key — then unit_family is the key's own family (its last part,
    count:台 for 电梯|完成|count:台, which also holds the 部 claims the ETL mapped onto it) and
    sum_unit that family's unit (台, 元, 平方米) — or, while metric_key is NULL, the fallback group
    (programme, unit_family) within one sum_unit.
    """

    metric_key: str | None
    programme: str | None
    unit_family: str
    sum_unit: str

    def __post_init__(self) -> None:
        if self.metric_key is not None and key_family(self.metric_key) != self.unit_family:
            raise ValueError(f"metric key {self.metric_key!r} is measured in {key_family(self.metric_key)!r}, "
                             f"not {self.unit_family!r}")

    @property
    def id(self) -> str:
        """Readable, stable identifier used in the URL (?metric=…)."""
        if self.metric_key is not None:
            return f"key·{self.metric_key}·{self.sum_unit}"
        return f"{self.programme}·{self.unit_family}·{self.sum_unit}"


@dataclass(frozen=True)
class ClaimFilter:
    """The filters shared by every view. Empty means "no restriction"."""

    provinces: tuple[str, ...] = ()
    programmes: tuple[str, ...] = ()
    year_range: tuple[int, int] | None = None
    unit_families: tuple[str, ...] = ()
    search: str = ""
    metric: MetricGroup | None = None


@dataclass(frozen=True)
class Drill:
    """The mark the user clicked: restricts the detail table to one province/programme/year."""

    province: str | None = None
    programme: str | None = None
    year: int | None = None

    @property
    def is_empty(self) -> bool:
        return self.province is None and self.programme is None and self.year is None


@dataclass
class _Where:
    clauses: list[str] = field(default_factory=list)
    params: dict[str, Any] = field(default_factory=dict)

    def add(self, clause: str, **params: Any) -> None:
        self.clauses.append(clause)
        self.params.update(params)

    def add_in(self, column: str, name: str, values: tuple) -> None:
        """column IN ($name_0, $name_1, …): one placeholder per value, never the value itself."""
        names = [f"{name}_{i}" for i in range(len(values))]
        self.clauses.append(f"{column} IN ({', '.join('$' + n for n in names)})")
        self.params.update(zip(names, values))
        if len(values) > 1:
            # Implied by the IN list, but DuckDB pushes a range into the table scan (the columns
            # of rows outside it are never read), while it uses an IN list of several values only
            # to skip row groups: the 41k-row export of two programmes read 221k rows without it.
            self.clauses.append(f"{column} BETWEEN ${name}_min AND ${name}_max")
            self.params.update({f"{name}_min": min(values), f"{name}_max": max(values)})

    def sql(self) -> str:
        return " AND ".join(self.clauses) if self.clauses else "TRUE"


def _where(claim_filter: ClaimFilter, drill: Drill | None = None, on_cube: bool = False,
           metric_sum_unit: str | None = None, tiles: list[tuple[int, int]] | _TermLookup | None = None,
           search_key: str = "claim_no", bounded_search: bool = False) -> _Where:
    """WHERE clause over claims_ordered (or claim_cube, which has the same filter columns and
    sum_unit precomputed; search is impossible there). metric_sum_unit: the column holding
    coalesce(base_unit, unit) in another relation with claim_records' filter columns.
    tiles: how to look the keyword up (_search_tiles: a term range, bigrams, None: scan); search_key: claim_no
    when the relation is claims_ordered, claim_id for any other relation of claims;
    bounded_search: the index lookup only reads claims with claim_no < $search_bound (row lists)."""
    where = _Where()
    f = claim_filter
    if f.provinces:
        where.add_in("province", "province", f.provinces)
    if f.programmes:
        where.add_in("programme", "programme", f.programmes)
    if f.year_range is not None:
        where.add("year BETWEEN $year_lo AND $year_hi", year_lo=f.year_range[0], year_hi=f.year_range[1])
    if f.unit_families:
        where.add_in("unit_family", "unit_family", f.unit_families)
    if f.search:
        if on_cube:
            raise ValueError("text search needs claim_records, not claim_cube")
        _search_clause(where, f.search, tiles, search_key, bounded_search)
    if f.metric is not None:
        _add_metric(where, f.metric, metric_sum_unit or ("sum_unit" if on_cube else SUM_UNIT_SQL))
    if drill is not None:
        if drill.province is not None:
            where.add("province = $drill_province", drill_province=drill.province)
        if drill.programme is not None:
            where.add("programme = $drill_programme", drill_programme=drill.programme)
        if drill.year is not None:
            where.add("year = $drill_year", drill_year=drill.year)
    return where


# Reading one sentence (and metric phrase) for contains() costs about as much as reading this
# many bigram index rows (10M claims: ~400 ns per filtered claim scanned, ~65 ns per index row).
SCAN_COST_IN_INDEX_ROWS = 6


def _search_tiles(cur: duckdb.DuckDBPyConnection, claim_filter: ClaimFilter,
                  drill: Drill | None = None) -> list[tuple[int, int]] | _TermLookup | None:
    """How to find claim_filter.search's claims: its claim_search_terms range when the warehouse
    has one and the keyword has one to four characters; else the bigrams (offset in the keyword,
    gram) to find it with, rarest first; None when the keyword must be scanned for (no keyword, one character, no current index, or
    other filters that leave fewer claims to scan than the index would read: a frequent keyword
    with a province, a metric or a drill); [] when one of its bigrams occurs in no claim
    (nothing can match).

    Any set of bigrams covering every character of the keyword finds exactly its occurrences
    (each at its offset from the same start). The set read is the one with the fewest index rows
    (claim_search_gram_counts, ~1 ms): 海南各地城市更新 is then found through 海南, 南各, 地城,
    市更 and 更新, not through 各地, which is in nearly every synthetic sentence."""
    terms = _term_lookup(cur, claim_filter)
    if terms is not None:  # one range of claim_search_terms, limited to the cells the other filters keep
        others = _where(_without_search(claim_filter), drill, on_cube=True)
        return replace(terms, others=others if others.clauses else None)
    if not claim_filter.search or keyword_grams(claim_filter.search) is None or not _indexed(cur):
        return None
    word = claim_filter.search
    grams = {o: gram_code(word[o], word[o + 1]) for o in range(len(word) - 1)}
    distinct = sorted(set(grams.values()))
    counts = _gram_row_counts(cur, distinct)
    if any(g not in counts for g in distinct):
        return []
    n = len(word)
    best: dict[int, tuple[int, tuple[int, ...]]] = {}

    def cover(i: int) -> tuple[int, tuple[int, ...]]:
        """Cheapest offsets covering characters i.. (those before i are covered)."""
        if i >= n:
            return 0, ()
        if i not in best:
            options = []
            for o in (i, i - 1):  # a bigram starting at i, or the one ending at i
                if 0 <= o <= n - 2:
                    cost, rest = cover(o + 2)
                    options.append((counts[grams[o]] + cost, (o,) + rest))
            best[i] = min(options)
        return best[i]

    offsets = sorted(set(cover(0)[1]), key=lambda o: (counts[grams[o]], o))
    index_rows = sum(counts[grams[o]] for o in offsets)
    others = _where(_without_search(claim_filter), drill, on_cube=True)
    if others.clauses:
        row = _one(cur, f"SELECT coalesce(sum(n_claims), 0) AS n FROM claim_cube WHERE {others.sql()}", others.params)
        if row is not None and row["n"] * SCAN_COST_IN_INDEX_ROWS < index_rows:
            return None
    return [(o, grams[o]) for o in offsets]


def _most_matches(cur: duckdb.DuckDBPyConnection, tiles: list[tuple[int, int]]) -> int:
    """At most this many claims hold the keyword looked up through `tiles` (non-empty): each
    holds every one of its bigrams, so no more than the index rows of the rarest."""
    return min(_gram_row_counts(cur, [gram for _, gram in tiles]).values())


def _gram_row_counts(cur: duckdb.DuckDBPyConnection, grams: list[int]) -> dict[int, int]:
    """Index rows per bigram (claim_search_gram_counts); a bigram in no claim is left out."""
    names = [f"g_{i}" for i in range(len(grams))]
    return dict(cur.execute(
        f"SELECT gram, n_rows FROM claim_search_gram_counts WHERE gram IN ({', '.join('$' + n for n in names)})",
        dict(zip(names, grams))).fetchall())


def _search_clause(where: _Where, search: str, tiles: list[tuple[int, int]] | _TermLookup | None, search_key: str,
                   bounded: bool = False) -> None:
    """Claims whose sentence or metric phrase contains `search` (a literal substring: % and _
    mean themselves).

    With the ETL's bigram index (claim_search_grams, etl/summaries.py) the keyword is found from
    the rows of the bigrams in `tiles` (_search_tiles), each at its offset from a common start:
    that is exactly the contains() test below, without reading any sentence. One-character
    keywords (and warehouses without the index) scan the text. bounded: only claims numbered
    below $search_bound (claims_ordered.claim_no is the row order, so these are the first rows;
    the bigram rows are in claim_no order within a bigram, so only their first row groups are read)."""
    if isinstance(tiles, _TermLookup):
        rows, params = tiles.rows(tiles.others)
        matched = f"SELECT t.claim_no {rows}" + (" AND t.claim_no < $search_bound" if bounded else "")
        if search_key == "claim_no":
            where.add(f"claim_no < $search_bound AND claim_no IN ({matched})" if bounded else f"claim_no IN ({matched})")
        else:
            where.add(f"claim_id IN (SELECT claim_id FROM claims_ordered WHERE claim_no IN ({matched}))")
        where.params.update(params)
        return
    if tiles is None:
        found = "(contains(sentence, $search) OR contains(coalesce(metric, ''), $search))"
        where.add(f"claim_no < $search_bound AND {found}" if bounded else found, search=search)
        return
    if not tiles:  # the keyword holds a bigram no claim has
        where.add("FALSE")
        return
    first = tiles[0][0]  # offsets: ints from _search_tiles, never user text
    if len(tiles) == 1:
        joined = "claim_search_grams g0 WHERE g0.gram = $search_g0"
    else:
        # The rarest bigram (g0) is the build side of the first hash join: DuckDB builds on the
        # right-hand table and, since every `gram = constant` scan is estimated alike, keeps the
        # written order. Building on the 1.29M rows of 南各 instead of the 162k of 海南 cost
        # ~30 ms of a 120-ms lookup of 海南各地城市更新 at 10M claims. Later joins build on the
        # (smaller) rows matched so far.
        joins = "".join(
            f" JOIN claim_search_grams g{i} ON g{i}.gram = $search_g{i} AND g{i}.claim_no = g0.claim_no"
            f" AND g{i}.pos = g0.pos + ({offset - first})"
            for i, (offset, _) in enumerate(tiles[2:], 2))
        joined = (f"claim_search_grams g1 JOIN claim_search_grams g0 ON g0.gram = $search_g0"
                  f" AND g0.claim_no = g1.claim_no AND g0.pos = g1.pos + ({first - tiles[1][0]}){joins}"
                  f" WHERE g1.gram = $search_g1")
    bound = "".join(f" AND g{i}.claim_no < $search_bound" for i in range(len(tiles))) if bounded else ""
    matched = f"SELECT g0.claim_no FROM {joined}{bound}"
    if search_key == "claim_no":
        # (the bound on claims_ordered too: with no match below it, the semi-join alone would
        # read every row of claims_ordered)
        where.add(f"claim_no < $search_bound AND claim_no IN ({matched})" if bounded else f"claim_no IN ({matched})")
    else:
        where.add(f"claim_id IN (SELECT claim_id FROM claims_ordered WHERE claim_no IN ({matched}))")
    where.params.update({f"search_g{i}": gram for i, (_, gram) in enumerate(tiles)})


# A claim may be summed under a key only when its unit family fits the key's family: the same
# family, a measure word the ETL mapped onto the key's (部 under count:台), or a change of it.
# A key never mixes families; this keeps 元 out of a count even if a bad key said otherwise.
KEY_FAMILY_FITS = """(unit_family = $metric_family
    OR (starts_with(unit_family, 'count:') AND starts_with($metric_family, 'count:'))
    OR 'change:' || unit_family = $metric_family)"""


def _add_metric(where: _Where, metric: MetricGroup, sum_unit_sql: str) -> None:
    if metric.metric_key is not None:
        where.add("metric_key = $metric_key", metric_key=metric.metric_key)
        where.add(KEY_FAMILY_FITS, metric_family=metric.unit_family)
        return
    where.add(
        "metric_key IS NULL AND programme = $metric_programme AND unit_family = $metric_family",
        metric_programme=metric.programme,
        metric_family=metric.unit_family,
    )
    where.add(f"{sum_unit_sql} = $metric_unit", metric_unit=metric.sum_unit)


def _uses_cube(claim_filter: ClaimFilter) -> bool:
    return not claim_filter.search


def _df(cur: duckdb.DuckDBPyConnection, sql: str, params: dict | list | None = None) -> pd.DataFrame:
    return cur.execute(sql, params or {}).df()


def _one(cur: duckdb.DuckDBPyConnection, sql: str, params: dict | list | None = None) -> dict[str, Any] | None:
    result = cur.execute(sql, params or {})
    rows = result.fetchall()  # to the end: a result left open blocks the cursor's next sql() (DuckDB 2.0)
    if not rows:
        return None
    return dict(zip([d[0] for d in result.description], rows[0]))


# --------------------------------------------------------------------------- connection setup

ATTACH_READ_ONLY = "ATTACH $path AS wh (READ_ONLY)"
LIST_WAREHOUSE_RELATIONS = """
SELECT table_name AS name FROM duckdb_tables() WHERE database_name = 'wh'
UNION
SELECT view_name AS name FROM duckdb_views() WHERE database_name = 'wh' AND NOT internal
ORDER BY name
"""
DISABLE_EXTERNAL_ACCESS = "SET enable_external_access = false"
LOCK_CONFIGURATION = "SET lock_configuration = true"

_LOWER = ", ".join(f"'{q}'" for q in LOWER_BOUND_QUALIFIERS)
_UPPER = ", ".join(f"'{q}'" for q in UPPER_BOUND_QUALIFIERS)

# Claims grouped by every dimension a chart filters or groups on (CLAIM_CUBE_SELECT), and the
# documents and articles behind all claims (CLAIM_SOURCES_SELECT): every chart and count without
# a text search is answered from these. The ETL ships them (etl/summaries.py); for a warehouse
# without them the handle builds them in its own :memory: catalog once per file.
SUMMARY_TABLES = {"claim_cube": CLAIM_CUBE_SELECT, "claim_sources": CLAIM_SOURCES_SELECT}

# What a metric sum reads, one row per claim: the filter columns, the figure the claim reports
# and its place level. A view (nothing is computed until a sum filters it to one metric).
METRIC_CLAIMS = "dashboard_metric_claims"
# claim_details (etl/schema.sql, analyst views) says which claims report the same figure; a claim
# without a metric_key is a figure of its own.
METRIC_CLAIMS_FROM_DETAILS = """
SELECT claim_id, coalesce(figure_id, 'claim:' || claim_id) AS figure_id, doc, char_start,
       province, city, county, locality, place_level, year, programme, unit_family, kind, metric_key, metric,
       sentence, base_value, base_unit AS sum_unit, qualifier, is_cumulative, period_start
FROM claim_details
"""
# place_level of claim_details, for claim_records rows.
PLACE_LEVEL_SQL = """CASE WHEN province IS NULL THEN NULL WHEN locality IS NOT NULL THEN 'locality'
            WHEN county IS NOT NULL THEN 'county' WHEN city IS NOT NULL THEN 'city' ELSE 'province' END"""
# Warehouses built before the analyst views: the same figure identity as claim_details.figure_id
# (etl/schema.sql), computed here; documents in doc_id order instead of by name.
METRIC_CLAIMS_FROM_RECORDS = """
SELECT claim_id,
       CASE WHEN metric_key IS NULL THEN 'claim:' || claim_id ELSE substr(md5(concat_ws('|', metric_key,
           coalesce(province, '?'), coalesce(city, '-'), coalesce(county, '-'), coalesce(CAST(year AS VARCHAR), '?'),
           CASE WHEN locality IS NOT NULL THEN 'at ' || locality END,
           format('{:.9g}', coalesce(base_value, value)),
           CASE WHEN value_high IS NOT NULL THEN format('{:.9g}', value_high * coalesce(base_value / nullif(value, 0), 1)) END,
           CASE WHEN period_start IS NOT NULL THEN 'from ' || period_start END,
           CASE WHEN province IS NULL OR year IS NULL THEN claim_id END)), 1, 16) END AS figure_id,
       doc_id AS doc, char_start,
       province, city, county, locality, """ + PLACE_LEVEL_SQL + """ AS place_level, year, programme, unit_family, kind, metric_key, metric,
       sentence, coalesce(base_value, value) AS base_value, coalesce(base_unit, unit) AS sum_unit, qualifier,
       is_cumulative, period_start
FROM claim_records
"""
# Columns the warehouse gained after its first release, their types and the relations that carry
# them. A warehouse built before a column gets it here as NULL (no figure is known to be of several
# years, or of a place below county level), once, when it is opened, so that every query can name it.
_CLAIM_RELATIONS = ("claim_records", "claims", "claims_ordered", "claim_details")
LATER_COLUMNS = {"period_start": ("INTEGER", _CLAIM_RELATIONS), "period_text": ("VARCHAR", _CLAIM_RELATIONS),
                 "locality": ("VARCHAR", (*_CLAIM_RELATIONS, "figures", "contradictions"))}


def quote_identifier(name: str) -> str:
    """Double-quote an identifier read from the warehouse catalog (never from a user)."""
    return '"' + name.replace('"', '""') + '"'


def create_view_sql(name: str) -> str:
    """A view in the in-memory catalog that reads the attached warehouse's relation."""
    quoted = quote_identifier(name)
    return f"CREATE OR REPLACE VIEW {quoted} AS SELECT * FROM wh.main.{quoted}"


def attach_warehouse(con: duckdb.DuckDBPyConnection, path: str) -> list[str]:
    """Attach the warehouse read-only and expose each of its tables/views under its own name."""
    con.execute(ATTACH_READ_ONLY, {"path": path})
    names = [row[0] for row in con.execute(LIST_WAREHOUSE_RELATIONS).fetchall()]
    for name in names:
        con.execute(create_view_sql(name))
    for name in {n for _, relations in LATER_COLUMNS.values() for n in relations if n in names}:
        columns = [d[0] for d in con.execute(f"SELECT * FROM {quote_identifier(name)} LIMIT 0").description]
        missing = [f"CAST(NULL AS {sql_type}) AS {column}" for column, (sql_type, relations) in LATER_COLUMNS.items()
                   if name in relations and column not in columns]
        if missing:
            con.execute(f"CREATE OR REPLACE VIEW {quote_identifier(name)} AS "
                        f"SELECT *, {', '.join(missing)} FROM wh.main.{quote_identifier(name)}")
    return names


# Which path the queries take, recorded by ensure_summaries in the :memory: catalog.
DASHBOARD_LAYOUT = "dashboard_layout"
# Warehouses without the ETL's summaries: claims_ordered is the claims view itself (same columns,
# no claim_no), so every query has one shape; it is only slower.
CLAIMS_ORDERED_FALLBACK = "SELECT CAST(NULL AS INTEGER) AS claim_no, * FROM claims"
ETL_SUMMARIES = ("claim_cube", "claim_sources", "claims_ordered", "claim_search_grams", "claim_search_gram_counts")


def _summaries_current(con: duckdb.DuckDBPyConnection, relations: list[str]) -> bool:
    """True when the ETL built the summary tables at this file's last publish (the fingerprint
    key is written after a finished build) and they still count every claim."""
    if not all(name in relations for name in ETL_SUMMARIES) or "warehouse_meta" not in relations:
        return False
    row = con.execute("SELECT value FROM warehouse_meta WHERE key = $key", {"key": FINGERPRINT_KEY}).fetchone()
    if row is None:
        return False
    counts = con.execute("SELECT (SELECT count(*) FROM claim_records), "
                         "(SELECT coalesce(sum(n_claims), 0) FROM claim_cube)").fetchone()
    return counts[0] == counts[1]


def ensure_summaries(con: duckdb.DuckDBPyConnection, relations: list[str]) -> list[str]:
    """Make claim_cube, claim_sources and claims_ordered available; returns those built here
    (not shipped by the ETL). Records in DASHBOARD_LAYOUT whether the search index is usable."""
    built = []
    indexed = _summaries_current(con, relations)
    if not indexed:
        for name, select in SUMMARY_TABLES.items():
            con.execute(f"DROP VIEW IF EXISTS {quote_identifier(name)}")  # the warehouse's (unbuilt) table
            con.execute(f"CREATE OR REPLACE TABLE {quote_identifier(name)} AS {select}")
            built.append(name)
        con.execute(f"CREATE OR REPLACE VIEW claims_ordered AS {CLAIMS_ORDERED_FALLBACK}")
    # claim_search_terms is filled in large warehouses only (etl.summaries.SEARCH_TERMS_MIN_CLAIMS)
    article_bits = None
    if indexed and "claim_search_terms" in relations and con.execute(
            "SELECT EXISTS (SELECT 1 FROM claim_search_terms)").fetchone()[0]:
        row = con.execute("SELECT value FROM warehouse_meta WHERE key = $key", {"key": ARTICLE_BITS_KEY}).fetchone()
        article_bits = int(row[0]) if row else None
    prefix_cells = article_bits is not None and "claim_search_prefix_cells" in relations
    con.execute(f"CREATE OR REPLACE TABLE {DASHBOARD_LAYOUT} AS SELECT $indexed AS indexed, "
                "$article_bits::INTEGER AS article_bits, $prefix_cells AS prefix_cells",
                {"indexed": indexed, "article_bits": article_bits, "prefix_cells": prefix_cells})
    source = METRIC_CLAIMS_FROM_DETAILS if "claim_details" in relations else METRIC_CLAIMS_FROM_RECORDS
    con.execute(f"CREATE OR REPLACE VIEW {quote_identifier(METRIC_CLAIMS)} AS {source}")
    return built


def _indexed(cur: duckdb.DuckDBPyConnection) -> bool:
    """Whether the warehouse ships current summaries (claims_ordered in row order, bigram index)."""
    rows = cur.execute(f"SELECT indexed FROM {DASHBOARD_LAYOUT}").fetchall()
    return bool(rows and rows[0][0])


@dataclass(frozen=True)
class _TermLookup:
    """Where claim_search_terms holds a keyword: terms low..high, one row per claim where `flag`
    is true (every row for four characters); source_key >> article_bits is the document."""

    low: int
    high: int
    flag: str | None
    article_bits: int
    others: _Where | None = None  # the other filters, on claim_cube (a row lookup limits its cells)
    n_chars: int = 4
    prefix_cells: bool = False  # the warehouse has claim_search_prefix_cells

    def rows(self, cube_where: _Where | None = None) -> tuple[str, dict[str, Any]]:
        """FROM … WHERE … of the keyword's rows (alias t), limited to the cells cube_where keeps."""
        sql = "FROM claim_search_terms t WHERE t.term BETWEEN $term_low AND $term_high"
        if self.flag is not None:
            sql += f" AND t.{self.flag}"  # a name from TERM_FLAGS, never user text
        params = {"term_low": self.low, "term_high": self.high}
        if cube_where is not None and cube_where.clauses:
            sql += f" AND t.cell IN (SELECT cell FROM claim_cube WHERE {cube_where.sql()})"
            params.update(cube_where.params)
        return sql, params


def _term_lookup(cur: duckdb.DuckDBPyConnection, claim_filter: ClaimFilter) -> _TermLookup | None:
    """How to count claim_filter.search from claim_search_terms; None when it cannot be (no
    keyword, not one to four BMP characters, or a warehouse without the terms)."""
    found = keyword_term_range(claim_filter.search) if claim_filter.search else None
    if found is None:
        return None
    rows = cur.execute(f"SELECT article_bits, prefix_cells FROM {DASHBOARD_LAYOUT}").fetchall()
    if not rows or rows[0][0] is None:
        return None
    low, high, n = found
    return _TermLookup(low, high, TERM_FLAGS[n], int(rows[0][0]), n_chars=n, prefix_cells=bool(rows[0][1]))


def _keyword_cell_counts(cur: duckdb.DuckDBPyConnection, terms: _TermLookup,
                         cube_where: _Where | None = None) -> tuple[str, dict[str, Any]]:
    """A query of (cell, n): the keyword's claims per claim_cube cell, limited to the cells
    cube_where keeps. A keyword frequent enough to have been counted in advance is read from
    claim_search_prefix_cells (~1 ms to ask, a few thousand rows); grouping its term rows by cell
    instead cost ~60 ms for a keyword in each of 10M claims."""
    counted = terms.prefix_cells and cur.execute(
        "SELECT EXISTS (SELECT 1 FROM claim_search_prefix_cells WHERE n_chars = $n AND prefix = $low)",
        {"n": terms.n_chars, "low": terms.low}).fetchone()[0]
    if not counted:
        rows, params = terms.rows(cube_where)
        return f"SELECT t.cell, count(*) AS n {rows} GROUP BY t.cell", params
    sql = ("SELECT p.cell, p.n_claims AS n FROM claim_search_prefix_cells p "
           "WHERE p.n_chars = $prefix_chars AND p.prefix = $term_low")
    params: dict[str, Any] = {"prefix_chars": terms.n_chars, "term_low": terms.low}
    if cube_where is not None and cube_where.clauses:
        sql += f" AND p.cell IN (SELECT cell FROM claim_cube WHERE {cube_where.sql()})"
        params.update(cube_where.params)
    return sql, params


def lock_down(con: duckdb.DuckDBPyConnection) -> None:
    """No file or network access and no way to change settings back (SQL console)."""
    con.execute(DISABLE_EXTERNAL_ACCESS)
    con.execute(LOCK_CONFIGURATION)


# --------------------------------------------------------------------------- filter options


def filter_options(cur: duckdb.DuckDBPyConnection) -> dict[str, Any]:
    """Everything the filter widgets offer, independent of the current filters
    (so a value in a shared URL is never dropped because another filter hides it)."""
    provinces = _df(
        cur,
        """SELECT province, sum(n_claims)::BIGINT AS n_claims FROM claim_cube
           WHERE province IS NOT NULL GROUP BY province ORDER BY n_claims DESC, province""",
    )
    programmes = _df(
        cur,
        """SELECT programme, any_value(programme_label) AS label, sum(n_claims)::BIGINT AS n_claims
           FROM claim_cube GROUP BY programme ORDER BY n_claims DESC, programme""",
    )
    families = _df(
        cur,
        """SELECT unit_family, sum(n_claims)::BIGINT AS n_claims FROM claim_cube
           GROUP BY unit_family ORDER BY n_claims DESC, unit_family""",
    )
    years = _one(cur, "SELECT min(year) AS lo, max(year) AS hi FROM claim_cube") or {"lo": None, "hi": None}
    return {
        "provinces": provinces["province"].tolist(),
        "programmes": dict(zip(programmes["programme"], programmes["label"])),
        "unit_families": families["unit_family"].tolist(),
        "year_min": years["lo"],
        "year_max": years["hi"],
    }


def metric_groups(cur: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Comparable metrics the user may sum, most claims first. Non-additive families are left out.

    A metric_key is one option whatever units its claims were written in (电梯 8台 and 876部 are
    both 电梯|完成|count:台): unit_family is the key's family and sum_unit its unit (台 for
    count:台, else the family's base unit: 元, 平方米 …); n_claims counts the claims whose unit
    fits the key's family (KEY_FAMILY_FITS).

    Claims without a key are not offered: the spec allows sums only within one comparable metric,
    and a programme's claims in one unit are hundreds of different things (经济发展 · 元 added
    金融市场交易总额 to 地区生产总值). A MetricGroup of a programme and unit still filters them
    (ClaimFilter.metric) for callers that ask for one.
    """
    kinds = ", ".join(f"'{v}'" for v in NON_ADDITIVE_KINDS)
    key_fam = "split_part(metric_key, '|', 3)"
    fits = KEY_FAMILY_FITS.replace("$metric_family", key_fam)
    groups = _df(
        cur,
        f"""
        WITH combos AS MATERIALIZED (  -- one pass over the (large) cube: a few hundred rows
            SELECT metric_key, unit_family, sum_unit, sum(n_claims) AS n_claims
            FROM claim_cube
            WHERE kind NOT IN ({kinds}) AND metric_key IS NOT NULL
            GROUP BY metric_key, unit_family, sum_unit
        )
        SELECT metric_key, NULL AS programme, NULL AS programme_label, {key_fam} AS unit_family,
               CASE WHEN starts_with({key_fam}, 'count:') THEN substr({key_fam}, 7)
                    ELSE min(sum_unit) FILTER (WHERE unit_family = {key_fam}) END AS sum_unit,
               coalesce(sum(n_claims) FILTER (WHERE {fits}), 0)::BIGINT AS n_claims
        FROM combos
        GROUP BY metric_key
        ORDER BY n_claims DESC, metric_key
        """,
    )
    # (filtered here, on the small result: in SQL DuckDB would push these string tests into the cube scan)
    additive = (~groups["unit_family"].isin(NON_ADDITIVE_FAMILIES) & ~groups["unit_family"].str.startswith("change:")
                # (人均可支配收入, 优良天数: per head, or days of a year; etl/data/metric_keys.json)
                & ~groups["metric_key"].str.split("|").str[0].isin(sorted(non_additive_metric_objects())))
    groups = groups[additive & groups["sum_unit"].notna() & (groups["n_claims"] > 0)].reset_index(drop=True)
    assert groups["metric_key"].dropna().is_unique, "a metric key is one option, in one family"
    return groups


def metric_display_unit(cur: duckdb.DuckDBPyConnection, metric: MetricGroup) -> tuple[str, float]:
    """The unit most of a keyed metric's claims are written in, and how many of the sum's base
    unit one of it is: 粮食产量 is written in 斤 (0.5 千克), 高标准农田 in 亩 (666.67 平方米), so its
    total reads 1.02万亿千克 and 2283.57亿平方米 in the base unit, but 2.04万亿斤 and 3.43亿亩 in
    this one. A count keeps the key's own unit (台, whichever of 台 and 部 is more common)."""
    if metric.metric_key is None or metric.unit_family.startswith("count:"):
        return metric.sum_unit, 1.0
    row = cur.execute(
        """SELECT unit, median(base_value / value) AS per_unit
           FROM claim_records
           WHERE metric_key = $key AND unit_family = $family AND value > 0 AND base_value > 0
           GROUP BY unit ORDER BY count(*) DESC, unit LIMIT 1""",
        {"key": metric.metric_key, "family": metric.unit_family}).fetchone()
    if row is None or not row[1]:
        return metric.sum_unit, 1.0
    return str(row[0]), float(row[1])


def provinces_with_data(cur: duckdb.DuckDBPyConnection) -> list[str]:
    """Provinces that have at least one claim in the whole warehouse: on the map, a province
    outside this set is "no data"; inside it but filtered away it is zero."""
    return [r[0] for r in cur.execute("SELECT DISTINCT province FROM claim_cube WHERE province IS NOT NULL").fetchall()]


# --------------------------------------------------------------------------- overview

# Above this many matching claims, documents and articles are counted with HyperLogLog
# (approx_count_distinct, ~1-2 % error, shown as 约): an exact distinct count over millions
# of rows costs 200-300 ms at 10M claims.
EXACT_DISTINCT_MAX_CLAIMS = 500_000


# The distinct documents and articles behind a set of claims, counted exactly or estimated.
SOURCE_COUNTS = {
    # a 64-bit hash of (doc_id, article_no) is several times cheaper to deduplicate than the
    # pair itself; a collision among a few hundred thousand articles has odds below 1e-8
    "exact": "count(DISTINCT doc_id) AS exact_documents, count(DISTINCT hash(doc_id, article_no)) AS exact_articles",
    "approx": ("approx_count_distinct(doc_id) AS approx_documents, "
               "approx_count_distinct(hash(doc_id, article_no)) AS approx_articles"),
}


def coverage(cur: duckdb.DuckDBPyConnection, claim_filter: ClaimFilter, drill: Drill | None = None) -> dict[str, Any]:
    """How many claims match, from how many articles and documents, and how many lack a place/year."""
    terms = _term_lookup(cur, claim_filter)
    if terms is not None:
        return _coverage_from_terms(cur, claim_filter, drill, terms)
    if _uses_cube(claim_filter):
        where = _where(claim_filter, drill, on_cube=True)
        counts = _one(
            cur,
            f"""
            SELECT coalesce(sum(n_claims), 0) AS n_claims,
                   count(DISTINCT province) AS n_provinces,
                   count(DISTINCT year) AS n_years,
                   min(year) AS year_min,
                   max(year) AS year_max,
                   coalesce(sum(n_claims) FILTER (WHERE province IS NULL), 0) AS n_without_province,
                   coalesce(sum(n_claims) FILTER (WHERE year IS NULL), 0) AS n_without_year,
                   coalesce(sum(n_claims) FILTER (WHERE province IS NULL OR year IS NULL), 0) AS n_unplaced
            FROM claim_cube WHERE {where.sql()}
            """,
            where.params,
        )
    else:
        tiles = _search_tiles(cur, claim_filter, drill)
        where = _where(claim_filter, drill, tiles=tiles)
        # The sources in the same pass as the counts (one keyword lookup, not two), counted the way
        # their number calls for. The index bounds the matches before the lookup (a claim holds each
        # of the keyword's bigrams at least once): under the exact limit, exact counts alone; over
        # it, the HyperLogLog estimates alone, and exact ones in a second pass only if the matches
        # turn out fewer (a keyword made of frequent bigrams that rarely meet). Computing both every
        # time cost a keyword in 13 % of 10M claims 340 ms of its 1 s.
        if tiles is None:  # a scan, too dear to repeat: both kinds at once
            kinds = ("exact", "approx")
        elif not tiles or _most_matches(cur, tiles) <= EXACT_DISTINCT_MAX_CLAIMS:
            kinds = ("exact",)
        else:
            kinds = ("approx",)
        distinct = ", ".join(SOURCE_COUNTS[kind] for kind in kinds)
        counts = _one(
            cur,
            f"""
            SELECT count(*) AS n_claims,
                   count(DISTINCT province) AS n_provinces,
                   count(DISTINCT year) AS n_years,
                   min(year) AS year_min,
                   max(year) AS year_max,
                   count(*) FILTER (WHERE province IS NULL) AS n_without_province,
                   count(*) FILTER (WHERE year IS NULL) AS n_without_year,
                   count(*) FILTER (WHERE province IS NULL OR year IS NULL) AS n_unplaced,
                   {distinct}
            FROM claims_ordered WHERE {where.sql()}
            """,
            where.params,
        )
        assert counts is not None
        exact = counts["n_claims"] <= EXACT_DISTINCT_MAX_CLAIMS
        kind = "exact" if exact else "approx"
        if counts["n_claims"] == 0:
            sources = {"n_documents": 0, "n_articles": 0, "sources_exact": True}
        elif kind in kinds:
            sources = {"n_documents": int(counts[f"{kind}_documents"]), "n_articles": int(counts[f"{kind}_articles"]),
                       "sources_exact": exact}
        else:
            sources = _sources(cur, claim_filter, drill, counts["n_claims"])
        counts = {k: v for k, v in counts.items() if not k.startswith(("exact_", "approx_"))}
    assert counts is not None  # an aggregate without GROUP BY always returns one row
    counts = {k: (int(v) if k.startswith("n_") else v) for k, v in counts.items()}
    counts.update(sources if not _uses_cube(claim_filter) else _sources(cur, claim_filter, drill, counts["n_claims"]))
    return counts


def _without_search(claim_filter: ClaimFilter) -> ClaimFilter:
    return replace(claim_filter, search="")


def _coverage_from_terms(cur: duckdb.DuckDBPyConnection, claim_filter: ClaimFilter, drill: Drill | None,
                         terms: _TermLookup) -> dict[str, Any]:
    """coverage() of a keyword counted in claim_search_terms: the claims per cell
    (_keyword_cell_counts), with the cells' dimensions from claim_cube; then documents and
    articles from the rows' source_key, exactly or estimated by how many claims matched. Two
    scans of the keyword's range, not one shared CTE: DuckDB would materialise it (10M rows for
    a keyword in every claim)."""
    others = _where(_without_search(claim_filter), drill, on_cube=True)
    per_cell, cell_params = _keyword_cell_counts(cur, terms, others)
    counts = _one(
        cur,
        f"""
        SELECT coalesce(sum(n), 0) AS n_claims,
               count(DISTINCT c.province) AS n_provinces,
               count(DISTINCT c.year) AS n_years,
               min(c.year) AS year_min,
               max(c.year) AS year_max,
               coalesce(sum(n) FILTER (WHERE c.province IS NULL), 0) AS n_without_province,
               coalesce(sum(n) FILTER (WHERE c.year IS NULL), 0) AS n_without_year,
               coalesce(sum(n) FILTER (WHERE c.province IS NULL OR c.year IS NULL), 0) AS n_unplaced
        FROM ({per_cell}) p JOIN claim_cube c ON c.cell = p.cell
        """,
        cell_params,
    )
    assert counts is not None
    counts = {k: (int(v) if k.startswith("n_") else v) for k, v in counts.items()}
    if counts["n_claims"] == 0:
        return {**counts, "n_documents": 0, "n_articles": 0, "sources_exact": True}
    exact = counts["n_claims"] <= EXACT_DISTINCT_MAX_CLAIMS
    count = "count(DISTINCT {})" if exact else "approx_count_distinct({})"
    rows, params = terms.rows(others)
    sources = _one(cur, f"SELECT {count.format('source_key >> $article_bits')} AS n_documents, "
                        f"{count.format('source_key')} AS n_articles {rows}",
                   {**params, "article_bits": terms.article_bits})
    assert sources is not None
    return {**counts, "n_documents": int(sources["n_documents"]), "n_articles": int(sources["n_articles"]),
            "sources_exact": exact}


def _sources(cur: duckdb.DuckDBPyConnection, claim_filter: ClaimFilter, drill: Drill | None, n_claims: int) -> dict[str, Any]:
    """Distinct documents and articles behind the matching claims (exact unless very many)."""
    if n_claims == 0:
        return {"n_documents": 0, "n_articles": 0, "sources_exact": True}
    if claim_filter == ClaimFilter() and (drill is None or drill.is_empty):
        row = _one(cur, "SELECT n_documents, n_articles FROM claim_sources")
        assert row is not None
        return {"n_documents": int(row["n_documents"]), "n_articles": int(row["n_articles"]), "sources_exact": True}
    where = _where(claim_filter, drill, tiles=_search_tiles(cur, claim_filter, drill))
    exact = n_claims <= EXACT_DISTINCT_MAX_CLAIMS
    kind = "exact" if exact else "approx"
    row = _one(cur, f"SELECT {SOURCE_COUNTS[kind]} FROM claims_ordered WHERE {where.sql()}", where.params)
    assert row is not None
    return {"n_documents": int(row[f"{kind}_documents"]), "n_articles": int(row[f"{kind}_articles"]),
            "sources_exact": exact}


def warehouse_totals(cur: duckdb.DuckDBPyConnection) -> dict[str, Any]:
    """Totals of the whole warehouse, including documents in which no claim was found."""
    row = _one(
        cur,
        """SELECT (SELECT count(*) FROM documents) AS n_documents,
                  (SELECT count(*) FROM articles) AS n_articles,
                  (SELECT count(*) FROM claim_records) AS n_claims""",
    )
    assert row is not None
    return row


# Newest first, grouped by province and programme, then reading order; claim_id makes the order
# total (row positions must be stable: the table selection is by position).
ROW_ORDER = "year DESC NULLS LAST, province NULLS LAST, programme, doc_id, char_start, claim_id"
# The prefix of ROW_ORDER that claim_cube can count.
_CUBE_ORDER = "year DESC NULLS LAST, province NULLS LAST, programme"


# First claim_no bound of an indexed row-list search, and how much it grows when the first
# claims hold fewer than `limit` matches (then the full index is read after a few steps).
SEARCH_BOUND_START = 50_000
SEARCH_BOUND_GROWTH = 16


def _top_claims(
    cur: duckdb.DuckDBPyConnection, where: _Where, columns: str, limit: int, cube_where: _Where | None,
    when_dated: str | None = None,
) -> pd.DataFrame:
    """The first `limit` claims in ROW_ORDER, with document name, article title and programme label.

    Fast at 10M claims because claims_ordered is stored in ROW_ORDER and (1) when the cube can
    count the selection (cube_where), the rows are first limited to the (year, province,
    programme) groups that hold the first `limit` rows — the same rows, since those groups lead
    the order — which sit in a few row groups; (2) an indexed keyword search looks among the
    first claim_no values first (SEARCH_BOUND_START).
    when_dated: a simpler condition equivalent to `where` for claims that have a year, added
    when the cutoff leaves only dated claims (it can be pushed into the scan when `where` can't).
    """
    if cube_where is not None:
        where = _Where(list(where.clauses), dict(where.params))
        if _add_order_cutoff(cur, where, cube_where, limit) and when_dated:
            where.add(when_dated)
    sql = f"""
        SELECT {columns}, doc, article_title, coalesce(programme_label, programme) AS programme_label
        FROM claims_ordered WHERE {where.sql()}
        ORDER BY {ROW_ORDER}
        LIMIT $limit
        """
    if "search_bound" not in sql:
        return _df(cur, sql, {**where.params, "limit": limit})
    # Indexed keyword search: the first `limit` matches in row order are the matches with the
    # smallest claim_no, so look among the first claims only, widening until enough are found.
    last_no = cur.execute("SELECT coalesce(max(claim_no), 0) FROM claims_ordered").fetchall()[0][0]
    bound = SEARCH_BOUND_START
    while True:
        frame = _df(cur, sql, {**where.params, "limit": limit, "search_bound": bound})
        if len(frame) >= limit or bound > last_no:
            return frame
        bound *= SEARCH_BOUND_GROWTH


def _bounded_search(cur: duckdb.DuckDBPyConnection, claim_filter: ClaimFilter) -> bool:
    """Whether a row list of a keyword may look among the first claim_no values first
    (_top_claims): in the ETL's claims_ordered, claim_no is ROW_ORDER, whether the keyword is
    looked up in the bigram index or scanned for (one character); the fallback view has none."""
    return bool(claim_filter.search) and _indexed(cur)


def _add_order_cutoff(cur: duckdb.DuckDBPyConnection, where: _Where, cube_where: _Where, limit: int) -> bool:
    """Restrict `where` to the leading (year, province, programme) groups holding `limit` rows;
    False when no cutoff applies (then claims without a year may be among the rows).

    Written as plain comparisons ANDed together where possible (year = / >=, province <=):
    DuckDB pushes those into the table scan and then reads the other columns only for rows
    that pass; an OR-shaped condition would be evaluated after reading every row.
    """
    cutoff = _one(
        cur,
        f"""
        SELECT year, province, programme, newest_year FROM (
            SELECT year, province, programme,
                   sum(sum(n_claims)) OVER (ORDER BY {_CUBE_ORDER} ROWS UNBOUNDED PRECEDING) AS running,
                   max(year) OVER () AS newest_year
            FROM claim_cube WHERE {cube_where.sql()}
            GROUP BY year, province, programme
        )
        WHERE running >= $cutoff_limit
        ORDER BY running
        LIMIT 1
        """,
        {**cube_where.params, "cutoff_limit": limit},
    )
    if cutoff is None or cutoff["year"] is None:  # fewer rows than the limit, or undated ones needed
        return False
    where.params.update(cutoff_year=cutoff["year"], cutoff_programme=cutoff["programme"])
    if cutoff["province"] is None:  # inside the year, unplaced claims come after every province
        in_cutoff_year = "(province IS NOT NULL OR programme <= $cutoff_programme)"
    else:
        where.params["cutoff_province"] = cutoff["province"]
        in_cutoff_year = ("(province < $cutoff_province OR "
                          "(province = $cutoff_province AND programme <= $cutoff_programme))")
    if cutoff["year"] == cutoff["newest_year"]:  # the usual case: the newest year holds enough rows
        where.add("year = $cutoff_year")
        if cutoff["province"] is not None:
            where.add("province <= $cutoff_province")  # implied by the next line, but pushed into the scan
        where.add(in_cutoff_year)
    else:
        where.add("year >= $cutoff_year")
        where.add(f"(year > $cutoff_year OR {in_cutoff_year})")
    return True


def unplaced_claims(cur: duckdb.DuckDBPyConnection, claim_filter: ClaimFilter, limit: int = UNPLACED_ROW_LIMIT) -> pd.DataFrame:
    """Claims the ETL could not place in a province or a year, with the reason it gave."""
    unplaced = "(province IS NULL OR year IS NULL)"
    tiles = _search_tiles(cur, claim_filter)
    where = _where(claim_filter, tiles=tiles, bounded_search=_bounded_search(cur, claim_filter))
    where.add(unplaced)
    cube_where = None
    if _uses_cube(claim_filter):
        cube_where = _where(claim_filter, on_cube=True)
        cube_where.add(unplaced)
    return _top_claims(
        cur, where,
        "claim_id, doc_id, article_no, char_start, mention, province, place, place_basis, place_note, "
        "year, year_basis, year_note, programme, sentence",
        limit, cube_where, when_dated="province IS NULL",  # a dated claim is unplaced only without a province
    )


def latest_run(cur: duckdb.DuckDBPyConnection) -> dict[str, Any] | None:
    """The last published refresh (runs holds one row per successful run)."""
    return _one(
        cur,
        """SELECT run_id, started_at, finished_at, status, input_dir, docs_added, docs_changed,
                  docs_removed, docs_unchanged, docs_rejected, claims_total, claims_written,
                  duration_s, rules_version, etl_version, message
           FROM runs ORDER BY run_id DESC LIMIT 1""",
    )


def rejected_files(cur: duckdb.DuckDBPyConnection, run_id: int) -> pd.DataFrame:
    return _df(
        cur,
        "SELECT path, reason, detail FROM rejected_files WHERE run_id = $run_id ORDER BY path",
        {"run_id": run_id},
    )


# --------------------------------------------------------------------------- charts


def _ordered_with_labels(grouped: str, dimensions, columns, group: str) -> str:
    """Order a grouped query and, when it groups by programme, add the programme's Chinese label."""
    if "programme" in dimensions:
        return f"""SELECT g.*, coalesce(p.label, g.programme) AS programme_label
                   FROM ({grouped}) g LEFT JOIN programmes p ON p.slug = g.programme
                   ORDER BY {', '.join('g.' + c for c in columns)}"""
    return f"{grouped} ORDER BY {group}"


def aggregate(cur: duckdb.DuckDBPyConnection, dimensions: tuple[str, ...], claim_filter: ClaimFilter) -> pd.DataFrame:
    """Claims per group (n_claims); with claim_filter.metric set, the metric's sum per group
    (metric_sum: total, n_lower_bound, n_upper_bound, …). Counts carry no total: claims of
    different units have none.

    dimensions are names from GROUP_DIMENSIONS; rows where a dimension is NULL are left out
    (they are counted on the overview as 未能定位).
    """
    unknown = [d for d in dimensions if d not in GROUP_DIMENSIONS]
    if not dimensions or unknown:
        raise ValueError(f"unknown dimension(s): {unknown or dimensions}")
    if claim_filter.metric is not None:
        return metric_sum(cur, dimensions, claim_filter)
    columns = [GROUP_DIMENSIONS[d] for d in dimensions]
    not_null = " AND ".join(f"{c} IS NOT NULL" for c in columns)
    group = ", ".join(columns)
    terms = _term_lookup(cur, claim_filter)
    if terms is not None:
        # the keyword's claims per cell, then the cells' dimensions
        per_cell, params = _keyword_cell_counts(cur, terms)
        where = _where(_without_search(claim_filter), on_cube=True)
        where.params.update(params)
        label = ", any_value(programme_label) AS programme_label" if "programme" in dimensions else ""
        sql = f"""SELECT {group}, sum(p.n) AS n_claims{label}
                  FROM ({per_cell}) p
                  JOIN claim_cube c ON c.cell = p.cell
                  WHERE ({where.sql()}) AND {not_null} GROUP BY {group} ORDER BY {group}"""
    elif _uses_cube(claim_filter):
        where = _where(claim_filter, on_cube=True)
        label = ", any_value(programme_label) AS programme_label" if "programme" in dimensions else ""
        sql = f"""SELECT {group}, sum(n_claims) AS n_claims{label} FROM claim_cube
                  WHERE ({where.sql()}) AND {not_null} GROUP BY {group} ORDER BY {group}"""
    else:
        where = _where(claim_filter, tiles=_search_tiles(cur, claim_filter))
        grouped = f"""SELECT {group}, count(*) AS n_claims FROM claims_ordered
                      WHERE ({where.sql()}) AND {not_null} GROUP BY {group}"""
        sql = _ordered_with_labels(grouped, dimensions, columns, group)
    frame = _df(cur, sql, where.params)
    frame["n_claims"] = frame["n_claims"].astype("int64")
    return frame


# Which figures a metric sum adds, so a province total never meets its own cities and counties:
# within one province and year, the province's own figures if it reports any; otherwise each
# city's own figures, a city's counties only when that city reports none, and a county's
# localities (街道, 镇, 村 …) only when that county reports none either. Figures without a
# province cannot overlap anything known and count as they are.
COUNTED_LEVEL_SQL = """CASE
    WHEN f.place_level IS NULL OR f.place_level = 'province' THEN TRUE
    WHEN py.has_province THEN FALSE
    WHEN f.place_level = 'city' THEN TRUE
    WHEN pcy.has_city THEN FALSE
    WHEN f.place_level = 'county' THEN TRUE
    ELSE NOT pcc.has_county
END"""
# The levels each province-year and city-year report, joined back to the parts (the same as
# bool_or(...) OVER (PARTITION BY province, year) and OVER (PARTITION BY province, city, year),
# NULLs grouped together like a partition does; two window sorts cost ~250 ms over the 300k
# figures of one metric at 10M claims, the grouped form a fraction of that).
LEVELS_JOIN_SQL = """
    LEFT JOIN (SELECT province, year, bool_or(place_level = 'province') AS has_province
               FROM parts GROUP BY province, year) py
           ON py.province IS NOT DISTINCT FROM f.province AND py.year IS NOT DISTINCT FROM f.year
    LEFT JOIN (SELECT province, city, year, bool_or(place_level = 'city') AS has_city
               FROM parts GROUP BY province, city, year) pcy
           ON pcy.province IS NOT DISTINCT FROM f.province AND pcy.city IS NOT DISTINCT FROM f.city
          AND pcy.year IS NOT DISTINCT FROM f.year
    LEFT JOIN (SELECT province, city, county, year, bool_or(place_level = 'county') AS has_county
               FROM parts GROUP BY province, city, county, year) pcc
           ON pcc.province IS NOT DISTINCT FROM f.province AND pcc.city IS NOT DISTINCT FROM f.city
          AND pcc.county IS NOT DISTINCT FROM f.county AND pcc.year IS NOT DISTINCT FROM f.year"""
# Order of a figure's claims: the first one (by document name and offset) is its canonical
# source, as in the figures view (first_claim_id); the figure takes that claim's programme.
_FIRST_CLAIM_ORDER = "doc || ':' || lpad(CAST(char_start AS VARCHAR), 10, '0')"


def metric_sum(cur: duckdb.DuckDBPyConnection, dimensions: tuple[str, ...], claim_filter: ClaimFilter) -> pd.DataFrame:
    """The picked metric (claim_filter.metric) summed per group, each figure once.

    1. the claims matching the filters and the metric (a keyed metric: every claim whose unit fits
       the key's family, 部 under count:台 included; values in the family's base unit);
    2. one row per figure (claim_details.figure_id: same key, place, year and value, whichever
       documents printed it); a lower bound (≥) only when every matching source says 超/余/多;
    3. the place-level rule (COUNTED_LEVEL_SQL) decides which figures are added. It depends on a
       figure's province, city, county, year and level only, so the figures are first summed into parts
       sharing those (and the dimensions), and the rule is applied to the few thousand parts
       rather than to each of the ~300k figures one metric has at 10M claims.
    Before the rule, no figure the ETL read as an amount of several years (period_start), and no
    累计 figure of a place that reports the metric otherwise too (in any year); then one figure per place and
    year: a place that reports several values of one
    metric for one year (a five-year 累计 beside the year's figure, 突破3万亿 beside 32765亿) has
    one of them added — not cumulative, then exact, then the smallest: a figure of several years
    that the text does not mark 累计 (这五年…城镇新增就业522万人, dated the period's last year) is
    larger than the year's own. Without year among the dimensions, each province's latest year in the selection:
    figures of different years are not added (a level such as 地区生产总值 would be counted twice).
    Columns: the dimensions, total, n_figures (added), n_claims (all matching claims),
    n_duplicates (claims merged into an added figure), n_not_counted (figures left out because a
    higher level of the same place reports the metric), n_set_aside (figures left out as another
    value of their place and year, or of an earlier year), n_lower_bound, n_upper_bound, n_cumulative
    (added figures that say 累计: perhaps a total of several years), n_below_province (city and
    county figures added in a group where no province reported its own), first_year and last_year
    (of the added figures).
    """
    metric = claim_filter.metric
    if metric is None:
        raise ValueError("metric_sum needs claim_filter.metric")
    unknown = [d for d in dimensions if d not in GROUP_DIMENSIONS]
    if not dimensions or unknown:
        raise ValueError(f"unknown dimension(s): {unknown or dimensions}")
    columns = [GROUP_DIMENSIONS[d] for d in dimensions]
    group = ", ".join(columns)
    not_null = " AND ".join(f"{c} IS NOT NULL" for c in columns)
    if metric.metric_key is not None:
        where = _where(claim_filter, metric_sum_unit="sum_unit", tiles=_search_tiles(cur, claim_filter), search_key="claim_id")
        matched = f"""
            SELECT figure_id, doc, char_start, province, city, county, locality, place_level, year, programme,
                   base_value, qualifier, is_cumulative, period_start
            FROM {quote_identifier(METRIC_CLAIMS)} WHERE {where.sql()}"""
        figures = f"""
            SELECT figure_id, any_value(province) AS province, any_value(city) AS city,
                   any_value(county) AS county, any_value(locality) AS locality, any_value(place_level) AS place_level,
                   any_value(year) AS year,
                   any_value(base_value) AS value, arg_min(programme, {_FIRST_CLAIM_ORDER}) AS programme,
                   count(*) AS n_claims,
                   bool_and(qualifier IN ({_LOWER})) AS is_lower_bound,
                   bool_and(qualifier IN ({_UPPER})) AS is_upper_bound,
                   bool_or(coalesce(is_cumulative, false)) AS is_cumulative,
                   bool_or(period_start IS NOT NULL) AS is_period
            FROM matched GROUP BY figure_id"""
    else:  # no key: duplicates cannot be recognised, every claim is a figure of its own
        where = _where(claim_filter, tiles=_search_tiles(cur, claim_filter))
        matched = f"""
            SELECT claim_id, province, city, county, locality, {PLACE_LEVEL_SQL} AS place_level, year, programme,
                   {SUM_VALUE_SQL} AS base_value, qualifier, is_cumulative, period_start
            FROM claims_ordered WHERE {where.sql()}"""
        figures = f"""
            SELECT claim_id AS figure_id, province, city, county, locality, place_level, year, base_value AS value,
                   programme, 1 AS n_claims,
                   qualifier IN ({_LOWER}) AS is_lower_bound, qualifier IN ({_UPPER}) AS is_upper_bound,
                   coalesce(is_cumulative, false) AS is_cumulative, period_start IS NOT NULL AS is_period
            FROM matched"""
    part_columns = ", ".join(dict.fromkeys(["province", "city", "county", "year", "place_level", *columns]))
    # (the latest year of the province's own figures when it has any: a district's later figure
    # must not stand for the province, 滨海新区 2025 for 天津 2024)
    latest_year = "" if "year" in dimensions else (
        "QUALIFY year IS NULL OR year = coalesce(max(year) FILTER (WHERE place_level = 'province') "
        "OVER (PARTITION BY province), max(year) OVER (PARTITION BY province))")
    grouped = f"""
        WITH matched AS ({matched}
        ), all_figures AS MATERIALIZED ({figures}
        ), one_per_place_year AS (
            -- (a figure given for several years is never added to yearly ones: set aside)
            SELECT * FROM all_figures WHERE NOT is_period
            QUALIFY row_number() OVER (
                PARTITION BY province, city, county, locality, year
                ORDER BY is_cumulative, is_lower_bound OR is_upper_bound, value, figure_id) = 1
        ), plain_first AS (
            -- (a 累计 figure, perhaps of several years, only where its place reports the metric no
            -- other way: 山东's 一般公共预算收入累计完成3.7万亿元 beside its yearly figures is not added)
            SELECT * FROM one_per_place_year
            QUALIFY NOT is_cumulative OR NOT bool_or(NOT is_cumulative) OVER (PARTITION BY province, city, county, locality)
        ), figures AS MATERIALIZED (SELECT * FROM plain_first {latest_year}
        ), set_aside AS (
            SELECT {group}, count(*) AS n_set_aside, count(*) FILTER (WHERE is_period) AS n_period,
                   sum(n_claims) AS n_claims
            FROM all_figures WHERE figure_id NOT IN (SELECT figure_id FROM figures) AND {not_null}
            GROUP BY {group}
        ), parts AS MATERIALIZED (
            SELECT {part_columns}, sum(value) AS total, count(*) AS n_figures, sum(n_claims) AS n_claims,
                   sum(n_claims - 1) AS n_duplicates,
                   count(*) FILTER (WHERE is_lower_bound) AS n_lower_bound,
                   count(*) FILTER (WHERE is_upper_bound) AS n_upper_bound,
                   count(*) FILTER (WHERE is_cumulative) AS n_cumulative
            FROM figures GROUP BY {part_columns}
        ), leveled AS (
            SELECT f.*, {COUNTED_LEVEL_SQL} AS counted FROM parts f{LEVELS_JOIN_SQL}
        ), added AS (
            SELECT {group},
                   coalesce(sum(total) FILTER (WHERE counted), 0) AS total,
                   coalesce(sum(n_figures) FILTER (WHERE counted), 0) AS n_figures,
                   sum(n_claims) AS n_claims,
                   coalesce(sum(n_duplicates) FILTER (WHERE counted), 0) AS n_duplicates,
                   coalesce(sum(n_figures) FILTER (WHERE NOT counted), 0) AS n_not_counted,
                   coalesce(sum(n_lower_bound) FILTER (WHERE counted), 0) AS n_lower_bound,
                   coalesce(sum(n_upper_bound) FILTER (WHERE counted), 0) AS n_upper_bound,
                   coalesce(sum(n_cumulative) FILTER (WHERE counted), 0) AS n_cumulative,
                   coalesce(sum(n_figures) FILTER (WHERE counted AND place_level <> 'province'), 0) AS n_below_province,
                   count(*) FILTER (WHERE counted AND place_level = 'province') AS n_province_parts,
                   min(year) FILTER (WHERE counted) AS first_year, max(year) FILTER (WHERE counted) AS last_year
            FROM leveled WHERE {not_null}
            GROUP BY {group}
        )
        -- (a group whose figures were all set aside still shows, with nothing added)
        SELECT {group},
               coalesce(a.total, 0) AS total, coalesce(a.n_figures, 0) AS n_figures,
               coalesce(a.n_claims, 0) + coalesce(s.n_claims, 0) AS n_claims,
               coalesce(a.n_duplicates, 0) AS n_duplicates, coalesce(a.n_not_counted, 0) AS n_not_counted,
               coalesce(s.n_set_aside, 0) AS n_set_aside, coalesce(s.n_period, 0) AS n_period,
               coalesce(a.n_lower_bound, 0) AS n_lower_bound, coalesce(a.n_upper_bound, 0) AS n_upper_bound,
               coalesce(a.n_cumulative, 0) AS n_cumulative,
               -- city and county figures added where no province figure was (新疆's is 阿克苏's only)
               CASE WHEN coalesce(a.n_province_parts, 0) = 0 THEN coalesce(a.n_below_province, 0) ELSE 0 END
                   AS n_below_province,
               a.first_year, a.last_year
        FROM added a FULL JOIN set_aside s USING ({group})"""
    sql = _ordered_with_labels(grouped, dimensions, columns, group)
    frame = _df(cur, sql, where.params)
    for column in ("n_figures", "n_claims", "n_duplicates", "n_not_counted", "n_set_aside", "n_period", "n_lower_bound",
                   "n_upper_bound", "n_cumulative", "n_below_province"):
        frame[column] = frame[column].astype("int64")
    frame["total"] = frame["total"].astype("float64")
    return frame


# --------------------------------------------------------------------------- drill-down


def claim_rows(
    cur: duckdb.DuckDBPyConnection, claim_filter: ClaimFilter, drill: Drill | None = None, limit: int = DRILL_ROW_LIMIT
) -> pd.DataFrame:
    """The claims behind the current filters and clicked mark, newest first, in reading order."""
    tiles = _search_tiles(cur, claim_filter, drill)
    where = _where(claim_filter, drill, tiles=tiles, bounded_search=_bounded_search(cur, claim_filter))
    cube_where = _where(claim_filter, drill, on_cube=True) if _uses_cube(claim_filter) else None
    return _top_claims(
        cur, where,
        "claim_id, doc_id, article_no, char_start, mention, value, value_high, unit, qualifier, metric, "
        "place, province, year, programme, sentence, is_cumulative, period_start, period_text",
        limit, cube_where,
    )


def export_rows(
    cur: duckdb.DuckDBPyConnection, claim_filter: ClaimFilter, drill: Drill | None = None, limit: int = EXPORT_ROW_LIMIT
) -> pa.Table:
    """The current selection with every column of the claims view, for CSV/Parquet download, in
    the detail table's order (ROW_ORDER: newest year first, then province, programme, reading order).

    An Arrow table with the warehouse's column types: the download is written from it directly
    (dashboard/views/common.csv_bytes). Going through pandas cost ~0.3 s for 41k rows at 10M
    claims, and its CSV writer another ~0.9 s."""
    tiles = _search_tiles(cur, claim_filter, drill)
    where = _where(claim_filter, drill, tiles=tiles)
    select = f"SELECT * EXCLUDE (claim_no) FROM claims_ordered WHERE {where.sql()}"
    indexed = _indexed(cur)
    if tiles is None and indexed and _keeps_row_order(cur):
        # One table filtered: DuckDB returns its rows in stored order, which is ROW_ORDER in the
        # ETL's claims_ordered. Reading the stream up to `limit` rows instead of ORDER BY … LIMIT
        # halved the query of a 41k-row export at 10M claims (115 → 69 ms).
        return _first_rows(cur.sql(select, params=where.params), limit)
    # A keyword looked up in the index is a join, whose output order DuckDB does not promise;
    # claim_no is ROW_ORDER in the ETL's claims_ordered (the fallback view has no claim_no).
    order = "claim_no" if indexed else ROW_ORDER
    # cur.sql(...).to_arrow_table(): execute(...).to_arrow_table() makes an extra copy of the rows
    return cur.sql(f"{select} ORDER BY {order} LIMIT $limit", params={**where.params, "limit": limit}).to_arrow_table()


EXPORT_BATCH_ROWS = 65_536


def _keeps_row_order(cur: duckdb.DuckDBPyConnection) -> bool:
    """Whether results without ORDER BY keep the table's order (DuckDB's default, documented for
    a single table under SELECT / WHERE / LIMIT)."""
    return bool(cur.execute("SELECT current_setting('preserve_insertion_order')").fetchall()[0][0])


def _first_rows(relation: duckdb.DuckDBPyRelation, limit: int) -> pa.Table:
    """The first `limit` rows of a query, read as a stream that is closed once they are in."""
    reader = relation.to_arrow_reader(EXPORT_BATCH_ROWS)
    try:
        batches, n_rows = [], 0
        while n_rows < limit:
            try:
                batch = reader.read_next_batch()
            except StopIteration:
                break
            batches.append(batch)
            n_rows += batch.num_rows
        return pa.Table.from_batches(batches, reader.schema).slice(0, limit)
    finally:
        reader.close()  # a result left open blocks the cursor's next query (DuckDB 2.0)


def claim_detail(cur: duckdb.DuckDBPyConnection, claim_id: str) -> dict[str, Any] | None:
    """One claim with its fields, article and document, plus the article text it was read from.

    article_text is documents.text[article.char_start:article.char_end]; offsets are code points,
    which is what both DuckDB's substring and Python's str use.
    """
    claim = _one(cur, "SELECT * FROM claims WHERE claim_id = $claim_id", {"claim_id": claim_id})
    if claim is None:
        return None
    source = _one(
        cur,
        """
        SELECT a.char_start AS article_start, a.char_end AS article_end, a.subtitle, a.byline,
               d.text AS document_text, d.title AS document_title, d.pub_date, d.pub_year_basis,
               d.pub_year_evidence
        FROM documents d
        LEFT JOIN articles a ON a.doc_id = d.doc_id AND a.article_no = $article_no
        WHERE d.doc_id = $doc_id
        """,
        {"doc_id": claim["doc_id"], "article_no": claim["article_no"]},
    )
    if source is None:
        return None
    text = source.pop("document_text")
    start = source.pop("article_start")
    end = source.pop("article_end")
    if start is None or end is None:  # claim points at an article the ETL did not record: show the page
        start, end = 0, len(text)
    claim.update(source)
    claim["article_start"] = start
    claim["article_text"] = text[start:end]
    return claim


# --------------------------------------------------------------------------- SQL console

EXAMPLE_QUERIES: dict[str, str] = {
    "各省声明数": """-- 每个省份的数据声明数（未能定位省份的单独一行）
SELECT coalesce(province, '（未定位）') AS 省份, count(*) AS 声明数
FROM claims
GROUP BY ALL
ORDER BY 声明数 DESC""",
    "完成改造的老旧小区（个）按省按年": """-- 只在同一可比指标（metric_key）内相加，按 figures 表（同一数字被几篇文档报道只算一行）：
-- 各省省级数字（place_level = 'province'）的完成改造老旧小区个数，按年份；
-- is_lower_bound（余/多/超、区间）为真的数字是下限，有下限值的合计应读作“≥”。
SELECT province AS 省份, year AS 年份, sum(value) AS 合计, count(*) AS 数字个数,
       sum(n_sources) AS 来源数, count(*) FILTER (WHERE is_lower_bound) AS 下限值个数
FROM figures
WHERE metric_key = '老旧小区|完成|count:个' AND place_level = 'province'
GROUP BY ALL
ORDER BY 年份, 省份""",
    "金额最大的声明": """-- 金额（元）最大的 20 条声明及其原句
SELECT mention, value / 1e8 AS 亿元, province, year, sentence, doc
FROM claims
WHERE unit_family = 'money'
ORDER BY value DESC
LIMIT 20""",
    "未能定位的声明": """-- 没有省份或年份的声明，以及 ETL 给出的原因
SELECT mention, place_note, year_note, sentence, doc
FROM claims
WHERE province IS NULL OR year IS NULL
LIMIT 100""",
    "最近的刷新": """-- 最近几次刷新仓库的记录
SELECT run_id, finished_at, status, docs_added, docs_changed, docs_removed, docs_rejected, claims_total
FROM runs
ORDER BY run_id DESC
LIMIT 10""",
}
