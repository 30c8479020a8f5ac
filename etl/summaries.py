"""Dashboard summaries: tables derived from the claims at publish time (issue 3).

At 10M claims the dashboard cannot afford to scan claim_records: a filtered row list read
~0.9 s with claims in load order, a keyword search 1-5 s. The ETL therefore derives, whenever
the claims (or the documents, articles and programme labels the claims view shows) changed:

- claim_cube: claims counted per filterable dimension (the charts and counts);
- claim_sources: how many documents and articles all claims come from;
- claims_ordered: the claims view materialised in the dashboard's row order, so a filtered row
  list, export or distinct-source count reads the few row groups holding its rows;
- claim_search_grams: a character-bigram position index over each claim's sentence and metric
  phrase (Chinese has no spaces to split words on), in bigram order, so that a keyword of two or
  more characters is found from the rows of a few bigrams instead of a scan of every sentence;
- claim_search_gram_counts: the rows each bigram has there, to choose which bigrams to read.
- claim_search_terms (large warehouses only): each claim's windows of up to four characters with
  its cube cell and article, so that the counts and charts of a keyword of one to four
  characters read one range of rows, however many claims hold it;
- claim_search_prefix_cells (with it): a frequent keyword's claims already counted per cell.

`refresh_summaries(con)` is called by etl/load.py before the final CHECKPOINT of every run. It
compares a fingerprint of everything the tables are derived from with the one recorded in
warehouse_meta and rebuilds all of them when it differs (a changed or deleted document thus
changes exactly its own rows in them: the rebuild is a pure function of the base tables). The
fingerprint key is removed before a rebuild and written after it, so the dashboard only trusts
tables whose key matches a finished build (dashboard/queries.ensure_summaries).
"""
from __future__ import annotations

import os
import sys
import time
from typing import Any

import duckdb

SUMMARIES_VERSION = "5"  # bump when a derived table's definition changes: forces a rebuild
FINGERPRINT_KEY = "summaries_fingerprint"
SUMMARY_TABLES = ("claim_cube", "claim_sources", "claims_ordered", "claim_search_grams", "claim_search_gram_counts",
                  "claim_search_terms", "claim_search_prefix_cells")

# The dashboard's row order (dashboard/queries.ROW_ORDER): newest first, then by province and
# programme, then reading order; claim_id makes it total.
ROW_ORDER = "year DESC NULLS LAST, province NULLS LAST, programme, doc_id, char_start, claim_id"

LOWER_BOUND_QUALIFIERS = ("more_than", "range")
UPPER_BOUND_QUALIFIERS = ("at_most",)
_LOWER = ", ".join(f"'{q}'" for q in LOWER_BOUND_QUALIFIERS)
_UPPER = ", ".join(f"'{q}'" for q in UPPER_BOUND_QUALIFIERS)

# The columns that make a cube cell (claim_cube.cell numbers the cells in this order).
CUBE_DIMENSIONS = ("year", "province", "programme", "unit_family", "kind", "metric_key", "sum_unit")
CUBE_CELL_ORDER = "year DESC NULLS LAST, province NULLS LAST, programme, unit_family, kind, metric_key, sum_unit"
CLAIM_CUBE_SELECT = f"""
SELECT (row_number() OVER (ORDER BY {CUBE_CELL_ORDER}) - 1)::INTEGER AS cell, *
FROM (
    SELECT province, programme, coalesce(p.label, programme) AS programme_label, year,
           unit_family, kind, metric_key, coalesce(base_unit, unit) AS sum_unit,
           count(*) AS n_claims,
           sum(coalesce(base_value, value)) AS total,
           count(*) FILTER (WHERE qualifier IN ({_LOWER})) AS n_lower_bound,
           count(*) FILTER (WHERE qualifier IN ({_UPPER})) AS n_upper_bound
    FROM claim_records
    LEFT JOIN programmes p ON p.slug = claim_records.programme
    GROUP BY ALL
)
"""
CLAIM_SOURCES_SELECT = """
SELECT count(DISTINCT doc_id) AS n_documents, count(DISTINCT hash(doc_id, article_no)) AS n_articles
FROM claim_records
"""

# Search text of a claim: its sentence and its metric phrase, joined by a character a keyword
# cannot contain (the sidebar's text_input is one line); bigrams across it are not indexed.
SEARCH_SEPARATOR = "\n"
SEARCH_TEXT_SQL = "sentence || chr(10) || coalesce(metric, '')"
GRAM_SHIFT = 21  # code points need 21 bits: two of them fit a BIGINT

# Everything the derived tables are computed from. Column lists, not `t.*`, for documents:
# its text column is large and not part of any summary.
_FINGERPRINT_SQL = """
SELECT concat_ws(':',
    (SELECT count(*) || '/' || coalesce(sum(hash(c)), 0) FROM claim_records c),
    (SELECT count(*) || '/' || coalesce(sum(hash(doc_id, doc, pub_year, source_name, source_url)), 0) FROM documents),
    (SELECT count(*) || '/' || coalesce(sum(hash(doc_id, article_no, title)), 0) FROM articles),
    (SELECT count(*) || '/' || coalesce(sum(hash(slug, label)), 0) FROM programmes))
"""


def gram_code(first: str, second: str) -> int:
    """claim_search_grams.gram of two characters."""
    return (ord(first) << GRAM_SHIFT) | ord(second)


def keyword_grams(keyword: str) -> list[tuple[int, int]] | None:
    """(offset, gram) pairs whose bigrams tile the keyword: offsets 0, 2, 4 … and the last one
    at len - 2, so every character is covered. A claim whose search text holds each of these
    bigrams at position start + offset contains the keyword at start, and the converse holds
    too: the index answers exactly what contains() would. None when the index cannot answer
    (fewer than two characters, or the separator inside the keyword)."""
    if len(keyword) < 2 or SEARCH_SEPARATOR in keyword:
        return None
    offsets = list(range(0, len(keyword) - 1, 2))
    if offsets[-1] != len(keyword) - 2:
        offsets.append(len(keyword) - 2)
    return [(o, gram_code(keyword[o], keyword[o + 1])) for o in offsets]


# claim_search_terms (etl/schema.sql): a claim-level index of keywords of up to four characters.
# The bigram index finds a keyword's claims; counting them still means a positional join of two
# bigram lists and a semi-join into claims_ordered, ~0.5 s for a keyword in 13 % of 10M claims.
# Here a keyword of n ≤ 4 characters is one range of rows whose cell and article are at hand.
SEARCH_TERMS_MIN_CLAIMS = 500_000  # below this the bigram index answers in tens of milliseconds
TERM_CHARS = 4
TERM_BITS = 16  # per character: the Basic Multilingual Plane
ASTRAL_TERM_CHAR = 0xD800  # stands for every character beyond U+FFFF (a surrogate: never a text character)
ARTICLE_BITS_KEY = "search_article_bits"  # warehouse_meta: low bits of source_key holding article_no
CHUNK_TERMS = 16_000_000  # term rows sorted at a time
# The flag of claim_search_terms marking one row per claim in an n-character keyword's range
# (none for four characters: a claim has each term once, so every row).
TERM_FLAGS = {1: "first1", 2: "first2", 3: "first3", 4: None}
# claim_search_prefix_cells: keywords at least this many claims contain are counted per cell in
# advance. Grouping a keyword's term rows by cell costs ~6 ms per million rows at 10M claims (2
# cores), ~60 ms for a keyword in every claim; below this the grouping is cheap enough.
FREQUENT_PREFIX_MIN_CLAIMS = 1_000_000
PREFIX_MIN_CLAIMS_KEY = "search_prefix_min_claims"  # warehouse_meta: the threshold it was built with

# The terms of one claim, sorted, as a list: every window of up to four characters of each
# newline-free segment of its search text (a keyword holds no newline), missing characters 0.
# Duplicates stay side by side, for DISTINCT_TERMS_SQL to drop: sorting first and then comparing
# neighbours is 20 % faster than list_distinct (a hash per claim) before the sort, and windows
# indexed by position faster than list_zip of shifted copies (identical rows, checked on 200k
# claims). The flags mark, for each prefix length, the first term of a run of terms sharing
# that prefix: in sorted order those runs are contiguous.
_TERM_OF_WINDOW = " | ".join(
    f"(coalesce(cps[i + {k}], 0)::UBIGINT << {TERM_BITS * (TERM_CHARS - 1 - k)})" for k in range(TERM_CHARS))
CLAIM_SORTED_TERMS_SQL = f"""
list_sort(flatten(list_transform(
    list_transform(string_split({SEARCH_TEXT_SQL}, chr(10)),
                   lambda seg: list_transform(list_filter(string_split(seg, ''), lambda ch: ch <> ''),
                                              lambda ch: CASE WHEN unicode(ch) > 65535 THEN {ASTRAL_TERM_CHAR}
                                                              ELSE unicode(ch) END)),
    lambda cps: list_transform(range(1, len(cps) + 1), lambda i: {_TERM_OF_WINDOW}))))
"""
DISTINCT_TERMS_SQL = "list_filter(sorted_terms, lambda t, i: i = 1 OR sorted_terms[i - 1] <> t)"


def _first_of_prefix_sql(n_chars: int) -> str:
    shift = TERM_BITS * (TERM_CHARS - n_chars)
    return f"list_transform(terms, lambda t, i: i = 1 OR (terms[i - 1] >> {shift}) <> (t >> {shift}))"


def search_terms(text: str) -> set[int]:
    """claim_search_terms.term values of one claim's search text (the reference for the SQL)."""
    terms = set()
    for segment in text.split(SEARCH_SEPARATOR):
        codes = [ord(ch) if ord(ch) <= 0xFFFF else ASTRAL_TERM_CHAR for ch in segment]
        for i in range(len(codes)):
            window = codes[i:i + TERM_CHARS] + [0] * (TERM_CHARS - len(codes[i:i + TERM_CHARS]))
            terms.add(sum(c << (TERM_BITS * (TERM_CHARS - 1 - k)) for k, c in enumerate(window)))
    return terms


def keyword_term_range(keyword: str) -> tuple[int, int, int] | None:
    """(lowest term, highest term, n) of the claim_search_terms rows a keyword of n characters
    is found in; None when those terms cannot answer it (empty, longer than four characters, a
    newline, or a character outside U+0001–U+FFFF or in the surrogate block)."""
    n = len(keyword)
    if not 1 <= n <= TERM_CHARS or any(not (0 < ord(ch) <= 0xFFFF) or 0xD800 <= ord(ch) <= 0xDFFF
                                       or ch == SEARCH_SEPARATOR for ch in keyword):
        return None
    low = sum(ord(ch) << (TERM_BITS * (TERM_CHARS - 1 - k)) for k, ch in enumerate(keyword))
    return low, low | ((1 << (TERM_BITS * (TERM_CHARS - n))) - 1), n


def _build_search_terms(con: duckdb.DuckDBPyConnection, n_claims: int, started: float, verbose: bool) -> int:
    """Fill claim_search_terms from claims_ordered (n_claims rows) and claim_cube; returns its rows."""
    bits = max(1, int(con.execute("SELECT coalesce(max(article_no), 0) FROM claims_ordered").fetchone()[0]).bit_length())
    con.execute("INSERT OR REPLACE INTO warehouse_meta VALUES (?, ?)", [ARTICLE_BITS_KEY, str(bits)])
    same_cell = " AND ".join(f"c.{d} IS NOT DISTINCT FROM o.{d}" for d in CUBE_DIMENSIONS)
    try:
        # Each claim's cell and article, in claim_no order, to go beside claims_ordered by position
        # (a hash join with the wide rows runs out of the build's memory at 10M claims).
        con.execute(f"""
            CREATE OR REPLACE TABLE _scratch._claim_keys AS
            SELECT o.claim_no, c.cell, (d.doc_no << {bits}) | o.article_no AS source_key
            FROM (SELECT claim_no, doc_id, article_no, {', '.join(d for d in CUBE_DIMENSIONS if d != 'sum_unit')},
                         coalesce(base_unit, unit) AS sum_unit FROM claims_ordered) o
            JOIN claim_cube c ON {same_cell}
            JOIN (SELECT doc_id, row_number() OVER (ORDER BY doc_id) - 1 AS doc_no FROM documents) d USING (doc_id)
            ORDER BY o.claim_no""")
        if con.execute("SELECT (SELECT count(*) FROM _scratch._claim_keys) <> (SELECT count(*) FROM claims_ordered)"
                       ).fetchone()[0]:
            raise RuntimeError("claim_search_terms: a claim without its cube cell or document")
        _log(verbose, started, "term keys", con)
        con.execute(f"""
            CREATE OR REPLACE TABLE _scratch._terms AS
            WITH sorted AS (
                SELECT k.cell, k.claim_no, k.source_key, {CLAIM_SORTED_TERMS_SQL} AS sorted_terms
                FROM claims_ordered o POSITIONAL JOIN _scratch._claim_keys k
                WHERE o.claim_no = k.claim_no  -- (checked below: none is dropped)
            ), listed AS (
                SELECT cell, claim_no, source_key, {DISTINCT_TERMS_SQL} AS terms FROM sorted
            )
            SELECT unnest(terms) AS term, cell, claim_no, source_key,
                   unnest({_first_of_prefix_sql(1)}) AS first1,
                   unnest({_first_of_prefix_sql(2)}) AS first2,
                   unnest({_first_of_prefix_sql(3)}) AS first3
            FROM listed""")
        if con.execute("SELECT count(*) FROM claims_ordered o POSITIONAL JOIN _scratch._claim_keys k "
                       "WHERE o.claim_no IS DISTINCT FROM k.claim_no").fetchone()[0]:
            raise RuntimeError("claim_search_terms: claims and their keys out of step")
        _log(verbose, started, "terms generated", con)
        # Copied in term order one range of two-character prefixes at a time, beyond
        # PARALLEL_GRAMS_MAX_CLAIMS on one thread (the memory reason of the bigram index: two
        # sorting threads need twice the buffer; below it two cut the sorts of 554k claims 67 -> 55 s).
        if n_claims > PARALLEL_GRAMS_MAX_CLAIMS:
            con.execute("SET threads = 1")
        prefix_shift = TERM_BITS * (TERM_CHARS - 2)
        counts = con.execute(f"SELECT term >> {prefix_shift} AS prefix, count(*) FROM _scratch._terms "
                             "GROUP BY prefix ORDER BY prefix").fetchall()
        ranges: dict[int, list[int]] = {}
        for prefix, k in _sort_chunks(counts, CHUNK_TERMS):
            ranges.setdefault(k, []).append(prefix)
        for k in sorted(ranges):
            _log(verbose, started, f"term chunk {k + 1} of {len(ranges)}")
            con.execute("""
                INSERT INTO claim_search_terms
                SELECT term, cell, claim_no, source_key, first1, first2, first3 FROM _scratch._terms
                WHERE term BETWEEN $lo AND $hi
                ORDER BY term, cell, claim_no""",
                        {"lo": ranges[k][0] << prefix_shift, "hi": ((ranges[k][-1] + 1) << prefix_shift) - 1})
    finally:
        con.execute("DROP TABLE IF EXISTS _scratch._claim_keys")
        con.execute("DROP TABLE IF EXISTS _scratch._terms")
    return con.execute("SELECT count(*) FROM claim_search_terms").fetchone()[0]


def _frequent_prefixes(con: duckdb.DuckDBPyConnection, min_claims: int) -> list[tuple[int, int]]:
    """(n_chars, prefix) of every keyword of one to four characters that at least min_claims
    claims contain, in that order. A keyword is no more frequent than its own first n - 1
    characters, so each length looks only inside the ranges of the frequent shorter ones: no
    grouping of every distinct term of the warehouse (tens of millions in real text)."""
    found: list[tuple[int, int]] = []
    parents = [(0, (1 << (TERM_BITS * TERM_CHARS)) - 1)]  # the whole term space
    for n in range(1, TERM_CHARS + 1):
        shift = TERM_BITS * (TERM_CHARS - n)
        children = []
        for low, high in parents:
            children += [p << shift for (p,) in con.execute(f"""
                SELECT term >> {shift} AS p FROM claim_search_terms
                WHERE term BETWEEN $low AND $high AND {TERM_FLAGS[n] or "TRUE"}
                GROUP BY p HAVING count(*) >= $min_claims ORDER BY p""",
                {"low": low, "high": high, "min_claims": min_claims}).fetchall()]
        found += [(n, prefix) for prefix in children]
        parents = [(prefix, prefix | ((1 << shift) - 1)) for prefix in children]
    return found


def _build_prefix_cells(con: duckdb.DuckDBPyConnection, min_claims: int, started: float, verbose: bool) -> int:
    """Fill claim_search_prefix_cells from claim_search_terms; returns its rows."""
    con.execute("INSERT OR REPLACE INTO warehouse_meta VALUES (?, ?)", [PREFIX_MIN_CLAIMS_KEY, str(min_claims)])
    frequent = _frequent_prefixes(con, min_claims)
    _log(verbose, started, f"{len(frequent)} frequent keyword prefixes", con)
    for n, prefix in frequent:
        high = prefix | ((1 << (TERM_BITS * (TERM_CHARS - n))) - 1)
        con.execute(f"""
            INSERT INTO claim_search_prefix_cells
            SELECT {n}, $low, cell, count(*)::INTEGER FROM claim_search_terms
            WHERE term BETWEEN $low AND $high AND {TERM_FLAGS[n] or "TRUE"}
            GROUP BY cell ORDER BY cell""", {"low": prefix, "high": high})
    return con.execute("SELECT count(*) FROM claim_search_prefix_cells").fetchone()[0]


def fingerprint(con: duckdb.DuckDBPyConnection) -> str:
    row = con.execute(_FINGERPRINT_SQL).fetchone()
    return f"v{SUMMARIES_VERSION}:{row[0]}"


def _meta(con: duckdb.DuckDBPyConnection) -> str | None:
    row = con.execute("SELECT value FROM warehouse_meta WHERE key = ?", [FINGERPRINT_KEY]).fetchone()
    return row[0] if row else None


def _columns(con: duckdb.DuckDBPyConnection, table: str) -> list[str]:
    return [r[0] for r in con.execute(
        "SELECT column_name FROM duckdb_columns() WHERE schema_name = 'main' AND table_name = ? "
        "ORDER BY column_index", [table]).fetchall()]


def _quoted(names: list[str]) -> str:
    return ", ".join('"' + n.replace('"', '""') + '"' for n in names)


# Columns of the claims view (etl/schema.sql) that do not come from claim_records.
_JOINED_COLUMNS = {"doc": "d.doc", "programme_label": "p.label", "article_title": "a.title",
                   "pub_year": "d.pub_year", "source_name": "d.source_name", "source_url": "d.source_url"}
_NAMES_SELECT = ", ".join(f"{expr} AS {name}" for name, expr in _JOINED_COLUMNS.items())


def _claims_view_select(con: duckdb.DuckDBPyConnection, view_columns: list[str]) -> str:
    """The claims view's select list over aliases c (claim_records) and n (the joined names)."""
    own = set(_columns(con, "claim_records"))
    parts = []
    for name in view_columns:
        if name in _JOINED_COLUMNS:
            parts.append(f"n.{_quoted([name])}")
        elif name in own:
            parts.append("c." + _quoted([name]))
        else:
            raise RuntimeError(f"claims_ordered.{name} is neither a claim_records column nor a known join")
    return ", ".join(parts)


CHUNK_CLAIMS = 500_000  # claims sorted at a time (a wide sort of 10M claims fails within 128 MB)
CHUNK_GRAMS = 16_000_000  # bigram rows sorted at a time
PARALLEL_GRAMS_MAX_CLAIMS = 1_000_000  # up to this many claims the bigram and term indexes are built on every thread


def _sort_chunks(keys_with_counts: list[tuple[Any, int]], limit: int) -> list[tuple[Any, int]]:
    """Consecutive keys grouped into chunks of at most `limit` rows (a key larger than the
    limit is a chunk of its own): [(key, chunk number)]."""
    out, chunk, filled = [], 0, 0
    for key, n in keys_with_counts:
        if filled and filled + n > limit:
            chunk, filled = chunk + 1, 0
        out.append((key, chunk))
        filled += n
    return out


def _log(verbose: bool, started: float, what: str, con: duckdb.DuckDBPyConnection | None = None) -> None:
    if verbose:
        mem = con.execute("SELECT round(sum(memory_usage_bytes) / 1e6) FROM duckdb_memory()").fetchone()[0] if con else ""
        print(f"[summaries {time.perf_counter() - started:7.1f} s] {what} {mem}", file=sys.stderr, flush=True)


# The bigram rows of a warehouse whose rows are one sort chunk anyway are staged and sorted
# packed into one BIGINT each, in which (gram, claim_no, pos) order is plain integer order: at
# 146k claims (11M rows) the staging is half the size (88 MB, not 176) and one key is sorted
# instead of three columns, 1.9 s instead of 2.3 (3.1 s of CPU instead of 3.9), same rows in
# the same order. Sorting straight from the generator, unstaged, saved a little more CPU but ran
# out of memory on two threads for some warehouses (one full row group of claims and a small
# one) and on one thread took 2.9 s. Code points beyond U+FFFF (rare), too many claims or too
# long a text leave no room in 63 bits: the unpacked path then runs, as for large warehouses.
_ASTRAL_RE = r"[^\x{0}-\x{FFFF}]"
PACKED_CHAR_BITS = 16


def _packed_gram_layout(con: duckdb.DuckDBPyConnection) -> tuple[int, int] | None:
    """(claim_no bits, pos bits) of a packed bigram row, or None when the bigrams take the
    chunked path (possibly more than CHUNK_GRAMS of them, or a row that would not fit)."""
    max_claim, max_length, pairs, astral = con.execute(f"""
        SELECT max(claim_no), max(length(t)), sum(length(t) - 1), bool_or(regexp_matches(t, '{_ASTRAL_RE}'))
        FROM (SELECT claim_no, {SEARCH_TEXT_SQL} AS t FROM claims_ordered)""").fetchone()
    if max_claim is None or pairs > CHUNK_GRAMS or astral:  # (pairs bounds the bigram rows)
        return None
    claim_bits, pos_bits = max(1, max_claim.bit_length()), max(1, max(max_length - 2, 0).bit_length())
    if 2 * PACKED_CHAR_BITS + claim_bits + pos_bits > 63:
        return None
    return claim_bits, pos_bits


def _insert_packed_grams(con: duckdb.DuckDBPyConnection, claim_bits: int, pos_bits: int) -> None:
    """Fill claim_search_grams through one sort of packed rows (see _packed_gram_layout). The
    pairs come from two shifted lists unnested side by side: cheaper than list_zip's structs
    (0.5 s instead of 0.7 of CPU at 146k claims)."""
    second_shift = claim_bits + pos_bits
    first_shift = PACKED_CHAR_BITS + second_shift
    try:
        con.execute(f"""
            CREATE OR REPLACE TABLE _scratch._packed_grams AS
            SELECT (first << {first_shift}) | (second << {second_shift}) | (claim_no::BIGINT << {pos_bits}) | pos AS k
            FROM (
                SELECT claim_no, unnest(cps[:-2]) AS first, unnest(cps[2:]) AS second, unnest(range(len(cps) - 1)) AS pos
                FROM (SELECT claim_no, list_transform(string_split({SEARCH_TEXT_SQL}, ''), lambda ch: unicode(ch)::BIGINT) AS cps
                      FROM claims_ordered))
            WHERE first <> 10 AND second <> 10""")
        con.execute(f"""
            INSERT INTO claim_search_grams (gram, claim_no, pos)
            SELECT ((k >> {first_shift}) << {GRAM_SHIFT} | ((k >> {second_shift}) & {(1 << PACKED_CHAR_BITS) - 1}))::BIGINT,
                   ((k >> {pos_bits}) & {(1 << claim_bits) - 1})::INTEGER, (k & {(1 << pos_bits) - 1})::INTEGER
            FROM (SELECT k FROM _scratch._packed_grams ORDER BY k)""")
    finally:
        con.execute("DROP TABLE IF EXISTS _scratch._packed_grams")


def _insert_chunked_grams(con: duckdb.DuckDBPyConnection, started: float, verbose: bool) -> None:
    """Fill claim_search_grams and claim_search_gram_counts from a staged copy of the bigram
    rows, sorted one range of bigrams of at most CHUNK_GRAMS rows at a time."""
    try:
        con.execute(f"""
            CREATE OR REPLACE TABLE _scratch._grams AS
            WITH chars AS (
                SELECT claim_no, list_transform(string_split({SEARCH_TEXT_SQL}, ''), lambda ch: unicode(ch)) AS cps
                FROM claims_ordered
            ), pairs AS (
                SELECT claim_no, unnest(list_zip(cps[:-2], cps[2:], range(len(cps) - 1))) AS z FROM chars
            )
            SELECT (z[1]::BIGINT << {GRAM_SHIFT} | z[2])::BIGINT AS gram, claim_no, z[3]::INTEGER AS pos
            FROM pairs
            WHERE z[1] <> 10 AND z[2] <> 10""")
        _log(verbose, started, "bigrams generated")
        con.execute("INSERT INTO claim_search_gram_counts SELECT gram, count(*) FROM _scratch._grams "
                    "GROUP BY gram ORDER BY gram")
        counts = con.execute("SELECT gram, n_rows FROM claim_search_gram_counts ORDER BY gram").fetchall()
        ranges: dict[int, list[int]] = {}
        for gram, k in _sort_chunks([(g, n) for g, n in counts], CHUNK_GRAMS):
            ranges.setdefault(k, []).append(gram)
        for k in sorted(ranges):
            _log(verbose, started, f"bigram chunk {k} of {len(ranges)}")
            con.execute("""
                INSERT INTO claim_search_grams (gram, claim_no, pos)
                SELECT gram, claim_no, pos FROM _scratch._grams WHERE gram BETWEEN $lo AND $hi
                ORDER BY gram, claim_no, pos""", {"lo": ranges[k][0], "hi": ranges[k][-1]})
    finally:
        con.execute("DROP TABLE IF EXISTS _scratch._grams")


def _chunk_selection(year: int | None, first: str | None, last: str | None) -> tuple[str, dict]:
    """WHERE clause and parameters of one claims_ordered chunk: one year, a range of provinces."""
    in_year = "year IS NULL" if year is None else "year = $year"
    in_provinces = "province IS NULL" if first is None else "province BETWEEN $first AND $last"
    params = {**({} if year is None else {"year": year}), **({} if first is None else {"first": first, "last": last})}
    return f"{in_year} AND {in_provinces}", params


def build_summaries(con: duckdb.DuckDBPyConnection, verbose: bool = False,
                    search_terms_min_claims: int = SEARCH_TERMS_MIN_CLAIMS,
                    frequent_prefix_min_claims: int | None = None) -> dict[str, Any]:
    """Rebuild every summary table from the base tables; returns row counts and seconds.
    claim_search_terms is filled only when there are at least search_terms_min_claims claims;
    claim_search_prefix_cells then counts the keywords at least frequent_prefix_min_claims
    claims contain (default FREQUENT_PREFIX_MIN_CLAIMS)."""
    stats: dict[str, Any] = {}
    started = time.perf_counter()
    for table in SUMMARY_TABLES:
        con.execute(f"DELETE FROM {table}")
    con.execute("CHECKPOINT")  # frees the old rows' blocks for the new ones (the file does not double)

    con.execute(f"INSERT INTO claim_cube {CLAIM_CUBE_SELECT}")
    con.execute(f"INSERT INTO claim_sources {CLAIM_SOURCES_SELECT}")
    stats["cube_s"] = round(time.perf_counter() - started, 2)

    t = time.perf_counter()
    # claim_records sorted and numbered, joined with the claims view's tables, one chunk of
    # consecutive (year, province, programme) groups at a time: one sort of every claim (wide
    # rows) runs out of the build's memory limit at 10M claims, one of a chunk spills fine. The
    # joins run in a second statement, the sorted rows as the probe side (one thread keeps their
    # order; sort, numbering and joins in one statement ran out of memory at 1M claims);
    # row_number() OVER () numbers the rows as they stream out of the sort.
    view_columns = [c for c in _columns(con, "claims_ordered") if c != "claim_no"]
    select = _claims_view_select(con, view_columns)
    # chunks of consecutive (year, province) groups within one year: plain comparisons that
    # DuckDB pushes into the scan (a join with a table of groups ran out of memory at 10M)
    groups = con.execute("""
        SELECT year, province, sum(n_claims) FROM claim_cube
        GROUP BY ALL ORDER BY year DESC NULLS LAST, province NULLS LAST""").fetchall()
    chunks: list[tuple[int | None, str | None, str | None]] = []  # (year, first province, last province)
    filled = 0
    for year, province, n in groups:
        last = chunks[-1] if chunks else None
        if (last is None or last[0] != year or province is None or last[1] is None
                or filled + n > CHUNK_CLAIMS):
            chunks.append((year, province, province))
            filled = n
        else:
            chunks[-1] = (year, last[1], province)
            filled += n
    # A warehouse that fits one chunk is sorted in one go (nine per-year chunks of a few
    # thousand claims each cost 2 s in statement overhead at 140k claims).
    selections = ([("TRUE", {})] if sum(n for _, _, n in groups) <= CHUNK_CLAIMS
                  else [_chunk_selection(*chunk) for chunk in chunks])
    offset = 0
    try:
        for k, (selection, params) in enumerate(selections):
            if k:  # (a claim without a document, which the claims view drops, leaves a gap in claim_no)
                offset += con.execute("SELECT count(*) FROM _scratch._claims_sorted").fetchone()[0]
            _log(verbose, started, f"claims_ordered chunk {k + 1} of {len(selections)}: {offset} rows so far", con)
            con.execute(f"""
                CREATE OR REPLACE TABLE _scratch._claims_sorted AS
                SELECT ($offset + row_number() OVER () - 1)::INTEGER AS claim_no, *
                FROM (SELECT * FROM claim_records WHERE {selection}
                      ORDER BY {ROW_ORDER})""", {"offset": offset, **params})
            _log(verbose, started, "  sorted", con)
            # The claims view's joins on the narrow columns only, back in claim_no order, then
            # put beside the wide rows by position: a hash join with the wide rows on either
            # side ran out of memory at 10M claims.
            con.execute(f"""
                CREATE OR REPLACE TABLE _scratch._claim_names AS
                SELECT c.claim_no, d.doc_id IS NOT NULL AS has_document, {_NAMES_SELECT}
                FROM (SELECT claim_no, doc_id, article_no, programme FROM _scratch._claims_sorted) c
                LEFT JOIN (SELECT doc_id, doc, pub_year, source_name, source_url FROM documents
                           WHERE doc_id IN (SELECT doc_id FROM _scratch._claims_sorted)) d ON d.doc_id = c.doc_id
                LEFT JOIN (SELECT doc_id, article_no, title FROM articles
                           WHERE doc_id IN (SELECT doc_id FROM _scratch._claims_sorted)) a
                       ON a.doc_id = c.doc_id AND a.article_no = c.article_no
                LEFT JOIN programmes p ON p.slug = c.programme
                ORDER BY c.claim_no""")
            _log(verbose, started, "  names", con)
            if con.execute("SELECT count(*) FROM _scratch._claims_sorted c POSITIONAL JOIN _scratch._claim_names n "
                           "WHERE c.claim_no IS DISTINCT FROM n.claim_no").fetchone()[0]:
                raise RuntimeError("claims_ordered: rows and names out of step")  # both are in claim_no order
            con.execute(f"""
                INSERT INTO claims_ordered (claim_no, {_quoted(view_columns)})
                SELECT c.claim_no, {select}
                FROM _scratch._claims_sorted c POSITIONAL JOIN _scratch._claim_names n
                WHERE n.has_document  -- the claims view's inner join with documents""")
    finally:
        con.execute("DROP TABLE IF EXISTS _scratch._claims_sorted")
        con.execute("DROP TABLE IF EXISTS _scratch._claim_names")
    stats["claims_ordered_s"] = round(time.perf_counter() - t, 2)

    # Bigrams of every claim's search text, unsorted, then copied in bigram order one range of
    # bigrams at a time (the same memory reason), or in one sort of packed rows when they fit
    # one range anyway (_packed_gram_layout). string_split(s, '') gives the code points in one
    # pass (substr(s, i, 1) per position would be quadratic in the sentence length).
    n_ordered = con.execute("SELECT count(*) FROM claims_ordered").fetchone()[0]
    if n_ordered <= PARALLEL_GRAMS_MAX_CLAIMS:
        # small warehouses: the bigram sorts fit the memory limit with every thread (order is
        # kept by ORDER BY; only the claim numbering above needs one thread)
        con.execute("RESET threads")
    t = time.perf_counter()
    layout = _packed_gram_layout(con)
    if layout is not None:
        _insert_packed_grams(con, *layout)
        _log(verbose, started, "bigrams generated and sorted, packed")
        # (counted from the sorted table: under half the time of grouping the unsorted rows)
        con.execute("INSERT INTO claim_search_gram_counts SELECT gram, count(*) FROM claim_search_grams "
                    "GROUP BY gram ORDER BY gram")
    else:
        _insert_chunked_grams(con, started, verbose)
    stats["search_grams_s"] = round(time.perf_counter() - t, 2)
    t = time.perf_counter()
    con.execute("DELETE FROM warehouse_meta WHERE key IN (?, ?)", [ARTICLE_BITS_KEY, PREFIX_MIN_CLAIMS_KEY])
    if n_ordered >= search_terms_min_claims:
        stats["terms"] = _build_search_terms(con, n_ordered, started, verbose)
        stats["search_terms_s"] = round(time.perf_counter() - t, 2)
        t = time.perf_counter()
        stats["prefix_cells"] = _build_prefix_cells(
            con, FREQUENT_PREFIX_MIN_CLAIMS if frequent_prefix_min_claims is None else frequent_prefix_min_claims,
            started, verbose)
        stats["prefix_cells_s"] = round(time.perf_counter() - t, 2)
    stats["claims"] = n_ordered
    stats["grams"] = con.execute("SELECT count(*) FROM claim_search_grams").fetchone()[0]
    stats["seconds"] = round(time.perf_counter() - started, 2)
    return stats


def _remove_scratch(scratch: str) -> None:
    if scratch != ":memory:":
        for leftover in (scratch, scratch + ".wal"):
            if os.path.exists(leftover):
                os.remove(leftover)


def refresh_summaries(con: duckdb.DuckDBPyConnection, force: bool = False, verbose: bool = False,
                      search_terms_min_claims: int = SEARCH_TERMS_MIN_CLAIMS,
                      frequent_prefix_min_claims: int | None = None) -> dict[str, Any] | None:
    """Bring the summary tables in line with the base tables; None when they already were.

    Runs single-threaded: the sorts then spill to disk within the build's fixed memory limit
    instead of failing (two sorting threads need twice the buffer)."""
    started = time.perf_counter()
    current = fingerprint(con)
    if not force and _meta(con) == current:
        return None
    con.execute("DELETE FROM warehouse_meta WHERE key = ?", [FINGERPRINT_KEY])
    con.execute("SET threads = 1")
    # Staging tables of a large warehouse go to a scratch file beside it, deleted afterwards: in
    # the warehouse they would leave hundreds of MB of free blocks behind. Named <file>.scratch, so
    # a run killed meanwhile leaves <target>.tmp-<pid>.scratch, which the next run's cleanup
    # removes. A small warehouse stages in memory (spilling to DuckDB's temp directory past the
    # limit): writing 10M bigram rows to a file cost 2 s at 140k claims, to memory 0.7 s.
    path = con.execute("SELECT path FROM duckdb_databases() WHERE database_name = current_database()").fetchone()[0]
    # (the term index's staging, ~1 GB per million claims, fails within the limit in memory)
    n_claims = con.execute("SELECT count(*) FROM claim_records").fetchone()[0]
    small = n_claims <= PARALLEL_GRAMS_MAX_CLAIMS and n_claims < search_terms_min_claims
    scratch = f"{path}.scratch" if path and not small else ":memory:"
    _remove_scratch(scratch)
    con.execute("ATTACH $p AS _scratch", {"p": scratch})
    try:
        stats = build_summaries(con, verbose, search_terms_min_claims,
                                frequent_prefix_min_claims=frequent_prefix_min_claims)
    except duckdb.OutOfMemoryException as e:
        # An optimisation, never a reason to fail a run: without the key the dashboard ignores
        # these tables and scans claim_records instead (slower, same results).
        for table in SUMMARY_TABLES:
            con.execute(f"DELETE FROM {table}")
        print(f"warning: dashboard summaries not built ({e}); the dashboard will scan claim_records",
              file=sys.stderr)
        return {"failed": str(e)}
    finally:
        con.execute("RESET threads")
        con.execute("DETACH _scratch")
        _remove_scratch(scratch)
    con.execute("INSERT OR REPLACE INTO warehouse_meta VALUES (?, ?)", [FINGERPRINT_KEY, current])
    stats["total_s"] = round(time.perf_counter() - started, 2)
    if verbose:
        print(f"summaries rebuilt: {stats}", file=sys.stderr)
    return stats
