"""Issue 3: the summary tables the ETL builds at publish (etl/summaries.py) and the dashboard
queries that read them. The index and the ordered copy must give exactly what the scans they
replace give: same rows, same order, same counts, after a first build and after incremental ones."""
from __future__ import annotations

import random
import shutil
from collections import Counter
from dataclasses import replace
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from dashboard_fixture import build_fixture_warehouse  # noqa: F401  (puts the repo on sys.path)
from etl_helpers import seed_texts
from seed_warehouse import seed_warehouse

from dashboard import queries as q
from dashboard.warehouse import open_read_only
from etl import load, summaries

ROW_KEY = "year DESC NULLS LAST, province NULLS LAST, programme, doc_id, char_start, claim_id"


def _build(root: Path, wh: Path) -> load.RunSummary:
    s = load.build(str(root), str(wh))
    assert s.published
    return s


def _build_two_seed_pages(tmp_path: Path) -> Path:
    """A warehouse built by the ETL from the first two seed pages."""
    root = tmp_path / "in"
    root.mkdir()
    for name, text in seed_texts()[:2]:
        (root / name).write_text(text, encoding="utf-8")
    wh = tmp_path / "w.duckdb"
    _build(root, wh)
    return wh


def _check_summaries(path: Path) -> None:
    """Every summary table equals what it is derived from, in the promised order."""
    con = duckdb.connect(str(path), read_only=True)
    try:
        assert con.execute("SELECT value FROM warehouse_meta WHERE key = ?",
                           [summaries.FINGERPRINT_KEY]).fetchone()[0] == summaries.fingerprint(con)
        view_cols = [r[0] for r in con.execute(
            "SELECT column_name FROM duckdb_columns() WHERE table_name = 'claims' ORDER BY column_index").fetchall()]
        cols = ", ".join(view_cols)
        for a, b in (("claims_ordered", "claims"), ("claims", "claims_ordered")):
            assert con.execute(f"SELECT count(*) FROM (SELECT {cols} FROM {a} EXCEPT ALL SELECT {cols} FROM {b})"
                               ).fetchone()[0] == 0, (a, b)
        # claim_no is the row order, and the rows are stored in it
        numbered = con.execute(f"SELECT claim_no FROM claims_ordered ORDER BY {ROW_KEY}").fetchall()
        assert [r[0] for r in numbered] == list(range(len(numbered)))
        stored = [r[0] for r in con.execute("SELECT claim_no FROM claims_ordered").fetchall()]
        assert stored == sorted(stored)
        for table, select in (("claim_cube", summaries.CLAIM_CUBE_SELECT), ("claim_sources", summaries.CLAIM_SOURCES_SELECT)):
            assert con.execute(f"SELECT count(*) FROM ((SELECT * FROM {table} EXCEPT ALL ({select})) UNION ALL "
                               f"(({select}) EXCEPT ALL SELECT * FROM {table}))").fetchone()[0] == 0, table
        # the bigram index, recomputed in Python from each claim's sentence and metric
        expected = set()
        for claim_no, sentence, metric in con.execute("SELECT claim_no, sentence, metric FROM claims_ordered").fetchall():
            text = sentence + summaries.SEARCH_SEPARATOR + (metric or "")
            for i in range(len(text) - 1):
                if summaries.SEARCH_SEPARATOR not in text[i:i + 2]:
                    expected.add((summaries.gram_code(text[i], text[i + 1]), claim_no, i))
        index = con.execute("SELECT gram, claim_no, pos FROM claim_search_grams").fetchall()
        assert len(index) == len(expected) and set(index) == expected
        assert index == sorted(index)  # bigram order: one bigram's rows sit together
        gram_counts = con.execute("SELECT gram, n_rows FROM claim_search_gram_counts").fetchall()
        assert gram_counts == sorted(Counter(gram for gram, _, _ in expected).items())
        _check_terms(con)
    finally:
        con.close()


def _check_terms(con: duckdb.DuckDBPyConnection) -> None:
    """claim_search_terms, when built, recomputed in Python from each claim's search text, cube
    cell and article; stored in (term, cell, claim_no) order."""
    stored = con.execute("SELECT term, cell, claim_no, source_key, first1, first2, first3 FROM claim_search_terms").fetchall()
    bits = con.execute("SELECT value FROM warehouse_meta WHERE key = ?", [summaries.ARTICLE_BITS_KEY]).fetchone()
    if not stored:
        assert bits is None
        return
    bits = int(bits[0])
    doc_no = {d: i for i, (d,) in enumerate(con.execute("SELECT doc_id FROM documents ORDER BY doc_id").fetchall())}
    dims = ", ".join(summaries.CUBE_DIMENSIONS)
    cells = {tuple(r[1:]): r[0] for r in con.execute(f"SELECT cell, {dims} FROM claim_cube").fetchall()}
    expected = []
    for claim_no, sentence, metric, doc_id, article_no, *cell_dims in con.execute(
            f"SELECT claim_no, sentence, metric, doc_id, article_no, {dims.replace('sum_unit', 'coalesce(base_unit, unit)')} "
            "FROM claims_ordered").fetchall():
        terms = sorted(summaries.search_terms(sentence + summaries.SEARCH_SEPARATOR + (metric or "")))
        for i, term in enumerate(terms):
            firsts = tuple(i == 0 or terms[i - 1] >> shift != term >> shift for shift in (48, 32, 16))
            expected.append((term, cells[tuple(cell_dims)], claim_no, doc_no[doc_id] << bits | article_no) + firsts)
    assert sorted(stored) == sorted(expected)
    keys = [row[:3] for row in stored]
    assert keys == sorted(keys)
    _check_prefix_cells(con, stored)


def _check_prefix_cells(con: duckdb.DuckDBPyConnection, terms: list[tuple]) -> None:
    """claim_search_prefix_cells recomputed from the term rows: for every keyword of one to four
    characters in at least search_prefix_min_claims claims, its claims per cell, in order."""
    min_claims = int(con.execute("SELECT value FROM warehouse_meta WHERE key = ?",
                                 [summaries.PREFIX_MIN_CLAIMS_KEY]).fetchone()[0])
    per_cell: Counter = Counter()
    for term, cell, _, _, *firsts in terms:
        for n, one_per_claim in zip((1, 2, 3, 4), (*firsts, True)):
            if one_per_claim:
                prefix = term >> 16 * (4 - n) << 16 * (4 - n)
                per_cell[n, prefix, cell] += 1
    totals: Counter = Counter()
    for (n, prefix, _), k in per_cell.items():
        totals[n, prefix] += k
    expected = sorted((n, prefix, cell, k) for (n, prefix, cell), k in per_cell.items()
                      if totals[n, prefix] >= min_claims)
    stored = con.execute("SELECT n_chars, prefix, cell, n_claims FROM claim_search_prefix_cells").fetchall()
    assert stored == expected  # (n_chars, prefix, cell) order too
    assert {n for n, *_ in stored} == {1, 2, 3, 4}, "the fixture's threshold leaves keywords of each length"


# Claims a keyword must be in to be counted in claim_search_prefix_cells on the seeds (~1,400
# claims): 。 and 万 are, most keywords are not, so both ways of counting are exercised.
SEED_PREFIX_MIN_CLAIMS = 40


def _with_terms(tmp_path: Path) -> Path:
    """The seed warehouse with claim_search_terms built (the ETL builds it for large ones only)."""
    wh = tmp_path / "terms.duckdb"
    shutil.copyfile(seed_warehouse(), wh)
    con = duckdb.connect(str(wh))
    try:
        stats = summaries.refresh_summaries(con, force=True, search_terms_min_claims=0,
                                            frequent_prefix_min_claims=SEED_PREFIX_MIN_CLAIMS)
        assert stats is not None and stats["terms"] > 0 and stats["prefix_cells"] > 0
    finally:
        con.close()
    return wh


def test_keyword_term_range():
    k = summaries.keyword_term_range
    assert k("") is None and k("老旧小区改") is None and k("a\nb") is None
    assert k("𠀀") is None and k("\x00") is None and k("\ud800") is None  # U+20000, NUL, a lone surrogate
    low, high, n = k("老旧小区")
    assert low == high == summaries.keyword_term_range("老旧小区")[0] and n == 4
    assert low in summaries.search_terms("老旧小区改造")
    low, high, n = k("老旧")
    assert n == 2 and high - low == 2 ** 32 - 1 and (low >> 32) == (ord("老") << 16 | ord("旧"))
    # every term of a text starting with the keyword falls in its range, and no other
    text = "老旧小区老旧管网\n老旧"
    starting = {t for t in summaries.search_terms(text) if low <= t <= high}
    assert len(starting) == 3  # 老旧小区, 老旧管网, 老旧 at the end of a segment
    assert summaries.search_terms("a😀") == {ord("a") << 48 | summaries.ASTRAL_TERM_CHAR << 32,
                                              summaries.ASTRAL_TERM_CHAR << 48}


def test_seed_build_leaves_the_term_index_to_large_warehouses():
    handle = open_read_only(seed_warehouse())
    try:
        cur = handle.cursor()
        assert cur.execute("SELECT count(*) FROM claim_search_terms").fetchone()[0] == 0
        assert q._indexed(cur) and q._term_lookup(cur, q.ClaimFilter(search="改造")) is None
    finally:
        handle.connection.close()


def test_term_index_is_exact(tmp_path, monkeypatch):
    monkeypatch.setattr(summaries, "CHUNK_TERMS", 300)  # several sorted ranges on the seeds
    _check_summaries(_with_terms(tmp_path))


def test_term_index_answers_like_the_bigram_index(tmp_path, monkeypatch):
    """A keyword of one to four characters is looked up in claim_search_terms (counts, charts,
    row lists, downloads, metric sums); the same warehouse without it answers through the bigram
    index (or a scan): the same answers, with every filter and drill the views combine with it."""
    with_terms, without = open_read_only(_with_terms(tmp_path)), open_read_only(seed_warehouse())
    try:
        ca, cb = with_terms.cursor(), without.cursor()
        province, programme, unit_family = cb.execute(
            "SELECT province, programme, unit_family FROM claims WHERE province IS NOT NULL "
            "GROUP BY ALL ORDER BY count(*) DESC LIMIT 1").fetchone()
        metric = q.metric_groups(cb).iloc[0]
        metric = q.MetricGroup(metric["metric_key"] if isinstance(metric["metric_key"], str) else None,
                               metric["programme"] if isinstance(metric["programme"], str) else None,
                               metric["unit_family"], metric["sum_unit"])
        looked_up, counted_in_advance = Counter(), Counter()
        for word in _search_words(cb, 40) + ["。", "，", "zz", "老旧小区改造"]:
            base = q.ClaimFilter(search=word)
            if (found := summaries.keyword_term_range(word)) is not None:
                counted_in_advance[ca.execute(
                    "SELECT EXISTS (SELECT 1 FROM claim_search_prefix_cells WHERE n_chars = $n AND prefix = $p)",
                    {"n": found[2], "p": found[0]}).fetchone()[0]] += 1
            for f in (base, replace(base, provinces=(province, "不存在省")), replace(base, year_range=(2020, 2023)),
                      replace(base, programmes=(programme,), unit_families=(unit_family,)), replace(base, metric=metric)):
                if q._term_lookup(ca, f) is not None:
                    looked_up[len(word)] += 1
                for drill in (None, q.Drill(province=province), q.Drill(year=2023, programme=programme)):
                    assert q.coverage(ca, f, drill) == q.coverage(cb, f, drill), (word, f, drill)
                    assert q.claim_rows(ca, f, drill).equals(q.claim_rows(cb, f, drill)), (word, f, drill)
                assert q.export_rows(ca, f).equals(q.export_rows(cb, f)), (word, f)
                assert q.unplaced_claims(ca, f).equals(q.unplaced_claims(cb, f)), (word, f)
                for dims in (("province",), ("programme",), ("year", "programme")):
                    pd.testing.assert_frame_equal(q.aggregate(ca, dims, f), q.aggregate(cb, dims, f))
        assert all(looked_up[n] > 0 for n in (1, 2, 3, 4)) and set(looked_up) <= {1, 2, 3, 4}
        # keywords counted per cell in advance (claim_search_prefix_cells) and from their term rows
        assert counted_in_advance[True] >= 3 and counted_in_advance[False] >= 3, counted_in_advance
        # over the exact limit the sources are estimated from the same rows
        monkeypatch.setattr(q, "EXACT_DISTINCT_MAX_CLAIMS", 0)
        estimated, exact = q.coverage(ca, q.ClaimFilter(search="万")), q.coverage(cb, q.ClaimFilter(search="万"))
        assert not estimated["sources_exact"] and estimated["n_claims"] == exact["n_claims"]
        for key in ("n_documents", "n_articles"):
            assert abs(estimated[key] - exact[key]) <= max(1, exact[key] // 20), key
    finally:
        with_terms.connection.close()
        without.connection.close()


def test_filtered_keywords_read_the_index_or_scan_the_filtered_claims_alike(monkeypatch):
    """With other filters, a keyword is scanned for in the claims they leave when those are fewer
    than the index rows it would read (SCAN_COST_IN_INDEX_ROWS); either way, the same answers."""
    handle = open_read_only(seed_warehouse())
    try:
        cur = handle.cursor()
        province = cur.execute("SELECT province FROM claims WHERE province IS NOT NULL "
                               "GROUP BY 1 ORDER BY count(*) DESC LIMIT 1").fetchone()[0]
        # (a programme's claims in one unit, as a metric filter: no longer offered for summing,
        # but a filter all the same)
        programme, unit_family, sum_unit = cur.execute(
            "SELECT programme, unit_family, sum_unit FROM claim_cube WHERE metric_key IS NULL AND sum_unit IS NOT NULL "
            "AND unit_family NOT IN ('percent') GROUP BY ALL ORDER BY sum(n_claims) DESC, programme, unit_family, sum_unit LIMIT 1").fetchone()
        metric = q.MetricGroup(None, programme, unit_family, sum_unit)
        cases = [(q.ClaimFilter(search=w, provinces=(province,)), None) for w in ("改造", "万元", "小区改造")]
        phrase = cur.execute("SELECT metric FROM claims WHERE programme = $p AND unit_family = $u AND metric_key IS NULL "
                             "AND metric IS NOT NULL ORDER BY claim_id LIMIT 1", {"p": metric.programme, "u": metric.unit_family}).fetchone()[0]
        cases += [(q.ClaimFilter(search=w, metric=metric), None) for w in (phrase[:2], phrase[-3:], "改造")]
        cases += [(q.ClaimFilter(search="改造"), q.Drill(province=province))]
        # a phrase found in a metric only (a metric joined from two parts of its sentence)
        metric_only, its_province = cur.execute(
            "SELECT metric, province FROM claims WHERE province IS NOT NULL AND length(metric) >= 4 "
            "AND NOT contains(sentence, metric) ORDER BY claim_id LIMIT 1").fetchone()
        cases += [(q.ClaimFilter(search=metric_only, provinces=(its_province,)), None)]

        def answers() -> list:
            return [(q.claim_rows(cur, f, drill), q.coverage(cur, f, drill), q.export_rows(cur, f, drill),
                     q.aggregate(cur, ("province",), f)) for f, drill in cases]

        monkeypatch.setattr(q, "SCAN_COST_IN_INDEX_ROWS", 10 ** 9)  # scanning dearer than any index read
        assert all(q._search_tiles(cur, f, drill) for f, drill in cases)
        by_index = answers()
        monkeypatch.setattr(q, "SCAN_COST_IN_INDEX_ROWS", 0)  # scanning free: the filtered claims
        assert all(q._search_tiles(cur, f, drill) is None for f, drill in cases)
        assert q._search_tiles(cur, q.ClaimFilter(search="改造")), "no other filter: the index"
        for (rows, coverage, exported, aggregated), expected, case in zip(answers(), by_index, cases):
            assert rows.equals(expected[0]) and coverage == expected[1], case  # (equals: NaN is NaN)
            assert exported.equals(expected[2]) and aggregated.equals(expected[3]), case
        assert sum(len(rows) > 0 for rows, *_ in by_index) >= 5
    finally:
        handle.connection.close()


def test_a_schema_change_rebuilds_the_summaries(tmp_path):
    """A warehouse whose summary tables have an older shape (claim_cube before its cell column)
    gets them rebuilt in the current shape by the next run, even with no input changed."""
    wh = _build_two_seed_pages(tmp_path)
    con = duckdb.connect(str(wh))
    con.execute("ALTER TABLE claim_cube DROP COLUMN cell")
    con.execute("UPDATE warehouse_meta SET value = 'an older schema' WHERE key = 'schema_sha256'")
    con.close()
    _build(tmp_path / "in", wh)
    _check_summaries(wh)


def test_keyword_grams_tile_the_keyword():
    assert summaries.keyword_grams("") is None and summaries.keyword_grams("改") is None
    assert summaries.keyword_grams("改\n造") is None
    for word in ("改造", "老旧小", "老旧小区", "老旧小区改造", "2023年以来累计"):
        tiles = summaries.keyword_grams(word)
        covered = set()
        for offset, gram in tiles:
            assert gram == summaries.gram_code(word[offset], word[offset + 1])
            covered |= {offset, offset + 1}
        assert covered == set(range(len(word)))
        assert len(tiles) == (len(word) + 1) // 2  # about half the bigrams are enough


def test_the_dashboard_builds_the_summaries_a_warehouse_does_not_ship(tmp_path):
    """A warehouse without current summaries (the fixture's: written without the ETL) gets them in
    the reader's memory; one that ships them gets nothing built."""
    fixture = build_fixture_warehouse(tmp_path / "fixture.duckdb")
    for path, expected in ((fixture, set(q.SUMMARY_TABLES)), (seed_warehouse(), set())):
        con = duckdb.connect(":memory:")
        relations = q.attach_warehouse(con, str(path))
        assert set(q.ensure_summaries(con, relations)) == expected
        con.close()


def test_seed_build_publishes_current_summaries():
    _check_summaries(seed_warehouse())


def test_large_warehouse_path_builds_the_same_summaries(tmp_path, monkeypatch):
    """Above the small-warehouse limits the claims are sorted a few (year, province) groups at a
    time, the bigrams sorted in ranges, and staging goes to a scratch file beside the warehouse:
    force that path on the seeds with tiny limits; the tables must come out the same."""
    wh = tmp_path / "w.duckdb"
    shutil.copyfile(seed_warehouse(), wh)
    monkeypatch.setattr(summaries, "CHUNK_CLAIMS", 15)
    monkeypatch.setattr(summaries, "CHUNK_GRAMS", 500)
    monkeypatch.setattr(summaries, "PARALLEL_GRAMS_MAX_CLAIMS", 10)
    con = duckdb.connect(str(wh))
    try:
        stats = summaries.refresh_summaries(con, force=True)
        assert stats is not None and "failed" not in stats
        assert not (tmp_path / "w.duckdb.scratch").exists()  # the scratch file is removed afterwards
    finally:
        con.close()
    _check_summaries(wh)


def _search_words(con: duckdb.DuckDBPyConnection, n: int = 40) -> list[str]:
    """Substrings of real sentences and metric phrases (1–6 characters, digits and punctuation
    included), plus words that match nothing or only across the sentence/metric boundary."""
    rng = random.Random(3)
    texts = [r[0] for r in con.execute("SELECT sentence FROM claims UNION ALL SELECT metric FROM claims "
                                       "WHERE metric IS NOT NULL").fetchall()]
    words = ["老旧小区", "改造", "万元", "%", "。", "，", "不存在的词语", "zz", "1", "2023年"]
    while len(words) < n:
        t = rng.choice(texts)
        k = rng.randint(1, 6)
        if len(t) >= k:
            i = rng.randrange(len(t) - k + 1)
            words.append(t[i:i + k])
    return words


def _rare_joins_of_common_bigrams(con: duckdb.DuckDBPyConnection, n: int = 3) -> list[str]:
    """Four characters of a real sentence that at most two claims hold while each of their two
    bigrams is in more than two: a keyword whose index bound (the rarer bigram's rows) is above
    its matches. Chosen from the data, not drawn at random, so that the words exercise that case
    whatever the seed claims are."""
    texts = [r[0] + "\n" + (r[1] or "") for r in con.execute("SELECT sentence, metric FROM claims").fetchall()]
    holding = lambda word: sum(word in t for t in texts)  # noqa: E731
    found: list[str] = []
    for t in sorted(set(texts)):
        for i in range(len(t) - 3):
            word = t[i:i + 4]
            if "\n" in word or word in found:
                continue
            if holding(word) <= 2 and min(holding(word[:2]), holding(word[2:])) > 2:
                found.append(word)
                break
        if len(found) == n:
            break
    return found


def test_index_search_returns_exactly_what_contains_returns():
    path = seed_warehouse()
    handle = open_read_only(path)
    try:
        cur = handle.cursor()
        assert q._indexed(cur), "the ETL-built seed warehouse ships current summaries"
        all_rows = 10 ** 6
        for word in _search_words(cur):
            f = q.ClaimFilter(search=word)
            scan = cur.execute(
                "SELECT claim_id FROM claims WHERE contains(sentence, $w) OR contains(coalesce(metric, ''), $w) "
                f"ORDER BY {q.ROW_ORDER}", {"w": word}).fetchall()
            exported = q.export_rows(cur, f, limit=all_rows)
            assert exported["claim_id"].to_pylist() == [r[0] for r in scan], word
            listed = q.claim_rows(cur, f, limit=all_rows)
            assert sorted(listed["claim_id"]) == sorted(r[0] for r in scan), word
            coverage = q.coverage(cur, f)
            assert coverage["n_claims"] == len(scan), word
            by_province = q.aggregate(cur, ("province",), f)
            n_placed = cur.execute(
                "SELECT count(*) FROM claims WHERE (contains(sentence, $w) OR contains(coalesce(metric, ''), $w)) "
                "AND province IS NOT NULL", {"w": word}).fetchone()[0]
            assert int(by_province["n_claims"].sum()) == n_placed, word
    finally:
        handle.connection.close()


@pytest.mark.parametrize("limit", [0, 2, 5, 10 ** 6])
def test_keyword_sources_are_exact_up_to_the_limit_and_estimated_above(monkeypatch, limit):
    """coverage counts a keyword's documents and articles exactly or estimates them, by how many
    claims match; it picks from the index's bound before the lookup and checks it after, so a
    bound over the limit with few matches still gets exact counts."""
    monkeypatch.setattr(q, "EXACT_DISTINCT_MAX_CLAIMS", limit)
    handle = open_read_only(seed_warehouse())
    try:
        cur = handle.cursor()
        words = _search_words(cur, 30) + _rare_joins_of_common_bigrams(cur)
        bounds_over_limit_few_matches = 0
        for word in words:
            f = q.ClaimFilter(search=word)
            coverage = q.coverage(cur, f)
            found = "(contains(sentence, $w) OR contains(coalesce(metric, ''), $w))"
            n, docs, articles, approx_docs, approx_articles = cur.execute(
                f"SELECT count(*), count(DISTINCT doc_id), count(DISTINCT (doc_id, article_no)), "
                f"approx_count_distinct(doc_id), approx_count_distinct(hash(doc_id, article_no)) "
                f"FROM claims WHERE {found}", {"w": word}).fetchall()[0]
            assert coverage["n_claims"] == n, word
            if n == 0:
                expected = (0, 0, True)
            elif n <= limit:
                expected = (docs, articles, True)
            else:
                expected = (approx_docs, approx_articles, False)
            assert (coverage["n_documents"], coverage["n_articles"], coverage["sources_exact"]) == expected, word
            tiles = q._search_tiles(cur, f)
            if tiles and 0 < n <= limit < q._most_matches(cur, tiles):
                bounds_over_limit_few_matches += 1
        if limit == 2:  # the second pass is exercised
            assert bounds_over_limit_few_matches > 0
    finally:
        handle.connection.close()


def test_export_streams_the_first_rows_in_row_order(monkeypatch):
    """Without a keyword the export reads claims_ordered as stored (no ORDER BY) and stops after
    `limit` rows: the same rows, in the same order, as the sorted query; the cursor stays usable."""
    handle = open_read_only(seed_warehouse())
    try:
        cur = handle.cursor()
        assert q._indexed(cur) and q._keeps_row_order(cur)
        monkeypatch.setattr(q, "EXPORT_BATCH_ROWS", 10)  # several batches even on the seeds
        everything = cur.execute(f"SELECT claim_id FROM claims ORDER BY {q.ROW_ORDER}").fetchall()
        assert len(everything) > 40
        for limit in (1, 10, 25, 10 ** 6):
            exported = q.export_rows(cur, q.ClaimFilter(), limit=limit)
            assert exported["claim_id"].to_pylist() == [r[0] for r in everything[:limit]], limit
            assert cur.execute("SELECT count(*) FROM claims").fetchall()[0][0] == len(everything)
        province = cur.execute("SELECT province FROM claims GROUP BY 1 ORDER BY count(*) DESC LIMIT 1").fetchall()[0][0]
        in_province = cur.execute(f"SELECT claim_id FROM claims WHERE province = $p ORDER BY {q.ROW_ORDER}",
                                  {"p": province}).fetchall()
        exported = q.export_rows(cur, q.ClaimFilter(provinces=(province, "不存在省")), limit=10 ** 6)
        assert exported["claim_id"].to_pylist() == [r[0] for r in in_province]
    finally:
        handle.connection.close()


def test_indexed_and_scanning_dashboards_agree(tmp_path):
    """The same warehouse, once as the ETL published it (summaries, index) and once with the
    summaries key removed (the dashboard then scans, as for a warehouse built before them)."""
    indexed_path = seed_warehouse()
    plain = tmp_path / "plain.duckdb"
    shutil.copyfile(indexed_path, plain)
    con = duckdb.connect(str(plain))
    con.execute("DELETE FROM warehouse_meta WHERE key = ?", [summaries.FINGERPRINT_KEY])
    con.close()
    a, b = open_read_only(indexed_path), open_read_only(plain)
    try:
        ca, cb = a.cursor(), b.cursor()
        assert q._indexed(ca) and not q._indexed(cb)
        provinces = [r[0] for r in ca.execute("SELECT DISTINCT province FROM claims WHERE province IS NOT NULL "
                                              "ORDER BY 1 LIMIT 2").fetchall()]
        filters = [q.ClaimFilter(), q.ClaimFilter(search="改造"), q.ClaimFilter(search="小区"),
                   q.ClaimFilter(search="个"), q.ClaimFilter(provinces=tuple(provinces), search="年")]
        for f in filters:
            for drill in (None, q.Drill(province=provinces[0])):
                for fn in (q.claim_rows, q.export_rows):
                    assert fn(ca, f, drill).equals(fn(cb, f, drill)), (fn.__name__, f, drill)
                assert q.coverage(ca, f, drill) == q.coverage(cb, f, drill), (f, drill)
            assert q.unplaced_claims(ca, f).equals(q.unplaced_claims(cb, f)), f
            for dims in (("province",), ("year", "programme")):
                # totals are float sums: the ETL's cube adds the same values in another order
                pd.testing.assert_frame_equal(q.aggregate(ca, dims, f), q.aggregate(cb, dims, f), rtol=1e-12)
    finally:
        a.connection.close()
        b.connection.close()


def test_incremental_builds_keep_summaries_exact(tmp_path):
    """A changed document, a deleted one and a renamed one each update exactly their rows; a run
    that changes nothing leaves the summaries alone."""
    root = tmp_path / "in"
    root.mkdir()
    texts = seed_texts()
    for name, text in texts:
        (root / name).write_text(text, encoding="utf-8")
    wh = tmp_path / "w.duckdb"
    _build(root, wh)
    _check_summaries(wh)

    def meta() -> str:
        con = duckdb.connect(str(wh), read_only=True)
        try:
            return con.execute("SELECT value FROM warehouse_meta WHERE key = ?", [summaries.FINGERPRINT_KEY]).fetchone()[0]
        finally:
            con.close()

    before = meta()
    _build(root, wh)  # nothing changed
    assert meta() == before

    # change a document: a new, unique sentence with a number; delete another; rename a third
    changed_name, changed_text = texts[0]
    (root / changed_name).write_text(changed_text + "\n据统计，赛博朋克社区累计新建口袋公园37个。\n", encoding="utf-8")
    (root / texts[1][0]).unlink()
    (root / texts[2][0]).rename(root / ("renamed_" + texts[2][0]))
    _build(root, wh)
    assert meta() != before
    _check_summaries(wh)
    handle = open_read_only(wh)
    try:
        cur = handle.cursor()
        assert q._indexed(cur)
        found = q.claim_rows(cur, q.ClaimFilter(search="赛博朋克"))
        assert len(found) == 1 and found["mention"].tolist() == ["37个"]
        assert found["doc"].tolist() == [changed_name]
        docs = set(q.export_rows(cur, q.ClaimFilter())["doc"].to_pylist())
        assert texts[1][0] not in docs and texts[2][0] not in docs and "renamed_" + texts[2][0] in docs
    finally:
        handle.connection.close()


def test_a_failed_summary_build_never_fails_the_run(tmp_path, monkeypatch):
    def out_of_memory(con, verbose=False, search_terms_min_claims=0, frequent_prefix_min_claims=None):
        raise duckdb.OutOfMemoryException("simulated")
    monkeypatch.setattr(summaries, "build_summaries", out_of_memory)
    wh = _build_two_seed_pages(tmp_path)
    handle = open_read_only(wh)
    try:
        cur = handle.cursor()
        assert not q._indexed(cur)  # no key: the dashboard scans, and still answers
        assert len(q.claim_rows(cur, q.ClaimFilter(search="改造"))) > 0
    finally:
        handle.connection.close()


@pytest.mark.parametrize("word", ["小区", "改造", "年"])
def test_search_in_the_fixture_warehouse_scans(tmp_path, word):
    """Warehouses written without the ETL (the dashboard fixture) carry empty summary tables and
    no fingerprint: the dashboard must not trust them."""
    path = build_fixture_warehouse(tmp_path / "fixture.duckdb")
    handle = open_read_only(path)
    try:
        cur = handle.cursor()
        assert not q._indexed(cur)
        n = cur.execute("SELECT count(*) FROM claims WHERE contains(sentence, $w) OR contains(coalesce(metric, ''), $w)",
                        {"w": word}).fetchone()[0]
        assert q.coverage(cur, q.ClaimFilter(search=word))["n_claims"] == n
        assert q.coverage(cur, q.ClaimFilter())["n_claims"] == cur.execute("SELECT count(*) FROM claims").fetchone()[0]
    finally:
        handle.connection.close()


@pytest.mark.parametrize("start, growth", [(1, 2), (7, 3), (10 ** 6, 16)])
def test_bounded_row_list_search_gives_the_first_rows(monkeypatch, start, growth):
    """Row lists look among the first claim_no values only and widen the bound until they hold
    `limit` matches: the rows and their order are those of a full scan."""
    monkeypatch.setattr(q, "SEARCH_BOUND_START", start)
    monkeypatch.setattr(q, "SEARCH_BOUND_GROWTH", growth)
    handle = open_read_only(seed_warehouse())
    try:
        cur = handle.cursor()
        assert q._indexed(cur)
        # (one character: scanned for, within the same bounds)
        for word in ("改造", "小区", "万元", "年，", "不存在的词语", "元", "，", "囧"):
            for limit in (1, 5, 40):
                scan = cur.execute(
                    f"SELECT claim_id FROM claims WHERE contains(sentence, $w) OR contains(coalesce(metric, ''), $w) "
                    f"ORDER BY {ROW_KEY} LIMIT $n", {"w": word, "n": limit}).fetchall()
                rows = q.claim_rows(cur, q.ClaimFilter(search=word), limit=limit)
                assert rows["claim_id"].tolist() == [r[0] for r in scan], (word, limit)
                unplaced = cur.execute(
                    f"SELECT claim_id FROM claims WHERE (contains(sentence, $w) OR contains(coalesce(metric, ''), $w)) "
                    f"AND (province IS NULL OR year IS NULL) ORDER BY {ROW_KEY} LIMIT $n", {"w": word, "n": limit}).fetchall()
                assert q.unplaced_claims(cur, q.ClaimFilter(search=word), limit=limit)["claim_id"].tolist() == \
                    [r[0] for r in unplaced], (word, limit)
        one_char = q.ClaimFilter(search="元")
        assert q._search_tiles(cur, one_char) is None and q._bounded_search(cur, one_char)
        assert "claim_no < $search_bound" in q._where(one_char, bounded_search=True).sql()
    finally:
        handle.connection.close()
