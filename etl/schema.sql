-- civic-claims warehouse schema (DuckDB).
-- Written once here; the ETL executes this file to create a new warehouse, and
-- `civic-etl schema-doc` renders docs/SCHEMA.md from the COMMENT statements below.
-- Base tables are plural nouns; the `claims` view is the stable surface for SQL users,
-- the dashboard and ../shared/tools/score_claims.py.

CREATE TABLE IF NOT EXISTS warehouse_meta (
    key   VARCHAR PRIMARY KEY,
    value VARCHAR
);
COMMENT ON TABLE warehouse_meta IS 'Key/value facts about this warehouse file: schema version and hash, rules version, last run and its time.';
COMMENT ON COLUMN warehouse_meta.key IS 'Name of the fact: schema_version, schema_sha256, rules_version, last_success_at, last_run_id, last_scan_started_ns, summaries_fingerprint, search_article_bits.';
COMMENT ON COLUMN warehouse_meta.value IS 'Value of the fact, as text.';

CREATE TABLE IF NOT EXISTS documents (
    doc_id            VARCHAR PRIMARY KEY,
    doc               VARCHAR NOT NULL,
    content_sha256    VARCHAR NOT NULL,
    text              VARCHAR NOT NULL,
    n_chars           INTEGER NOT NULL,
    encoding          VARCHAR NOT NULL,
    title             VARCHAR,
    pub_year          INTEGER,
    pub_year_basis    VARCHAR,
    pub_year_evidence VARCHAR,
    pub_date          VARCHAR,
    source_name       VARCHAR,
    source_url        VARCHAR,
    rules_version     VARCHAR NOT NULL,
    loaded_at         TIMESTAMP NOT NULL
);
COMMENT ON TABLE documents IS 'One row per distinct document content. Files with identical content are loaded once; every file name is kept in document_files.';
COMMENT ON COLUMN documents.doc_id IS 'Stable identifier: the first 16 hex digits of content_sha256.';
COMMENT ON COLUMN documents.doc IS 'Canonical name: path relative to the input folder, forward slashes (the alphabetically first file carrying this content).';
COMMENT ON COLUMN documents.content_sha256 IS 'SHA-256 of the decoded text (UTF-8), used to detect changed and duplicate files.';
COMMENT ON COLUMN documents.text IS 'Decoded text exactly as read (BOM removed, nothing else changed); every char_start/char_end in this warehouse indexes it in Unicode code points.';
COMMENT ON COLUMN documents.n_chars IS 'Length of text in code points.';
COMMENT ON COLUMN documents.encoding IS 'Encoding the file was decoded from: utf-8, utf-8-sig, utf-16, gb18030.';
COMMENT ON COLUMN documents.title IS 'Headline of the first article (or the manifest title when one is supplied).';
COMMENT ON COLUMN documents.pub_year IS 'Publication year: from the manifest, a date line in the text, or inferred from anchors in the page; NULL when none could be found.';
COMMENT ON COLUMN documents.pub_year_basis IS 'How pub_year was decided: manifest | dateline | anchor | latest_year_mentioned | NULL.';
COMMENT ON COLUMN documents.pub_year_evidence IS 'The text that decided pub_year, e.g. 第37个国际禁毒日 → 2024.';
COMMENT ON COLUMN documents.pub_date IS 'Publication date (YYYY-MM-DD or YYYY-MM) when known.';
COMMENT ON COLUMN documents.source_name IS 'Source (newspaper, broadcaster, government) from the manifest, when supplied.';
COMMENT ON COLUMN documents.source_url IS 'URL of the original from the manifest, when supplied.';
COMMENT ON COLUMN documents.rules_version IS 'Version of the extraction rules (code + data files) that produced this document''s rows; a change forces reprocessing.';
COMMENT ON COLUMN documents.loaded_at IS 'When this content was (re)processed.';

CREATE TABLE IF NOT EXISTS document_files (
    path          VARCHAR PRIMARY KEY,
    doc_id        VARCHAR NOT NULL,
    size_bytes    BIGINT NOT NULL,
    mtime_ns      BIGINT NOT NULL,
    first_seen_at TIMESTAMP NOT NULL
);
COMMENT ON TABLE document_files IS 'Every input file that loaded, with the document it carries; two names with the same content point to one doc_id.';
COMMENT ON COLUMN document_files.path IS 'Path relative to the input folder, forward slashes.';
COMMENT ON COLUMN document_files.doc_id IS 'The document (documents.doc_id) whose content this file holds.';
COMMENT ON COLUMN document_files.size_bytes IS 'File size in bytes when last read.';
COMMENT ON COLUMN document_files.mtime_ns IS 'File modification time (ns since epoch) when last read; with size it lets a refresh skip unchanged files without reading them.';
COMMENT ON COLUMN document_files.first_seen_at IS 'When this path was first loaded.';

CREATE TABLE IF NOT EXISTS articles (
    doc_id         VARCHAR NOT NULL,
    article_no     INTEGER NOT NULL,
    title          VARCHAR,
    subtitle       VARCHAR,
    byline         VARCHAR,
    char_start     INTEGER NOT NULL,
    char_end       INTEGER NOT NULL,
    n_sentences    INTEGER NOT NULL,
    place_context  VARCHAR,
    PRIMARY KEY (doc_id, article_no)
);
COMMENT ON TABLE articles IS 'Articles a page was split into (headline, subtitle, byline, body). Place and year context never crosses an article boundary.';
COMMENT ON COLUMN articles.doc_id IS 'Document the article belongs to.';
COMMENT ON COLUMN articles.article_no IS 'Position of the article in its document, from 1.';
COMMENT ON COLUMN articles.title IS 'Headline (main title only) exactly as its line appears; NULL for a page with no recognisable headline.';
COMMENT ON COLUMN articles.subtitle IS 'Subtitle line (——…) when present.';
COMMENT ON COLUMN articles.byline IS 'Byline (本报讯（…）, 本报记者 …, ◎…) when present.';
COMMENT ON COLUMN articles.char_start IS 'Start offset of the article (its headline) in documents.text.';
COMMENT ON COLUMN articles.char_end IS 'End offset (exclusive) of the article in documents.text.';
COMMENT ON COLUMN articles.n_sentences IS 'Number of sentences found in the article.';
COMMENT ON COLUMN articles.place_context IS 'Place the article as a whole is about (from its headline, subtitle or first mentions), used for claims whose sentence names none.';

CREATE TABLE IF NOT EXISTS claim_records (
    claim_id        VARCHAR PRIMARY KEY,
    doc_id          VARCHAR NOT NULL,
    article_no      INTEGER NOT NULL,
    char_start      INTEGER NOT NULL,
    char_end        INTEGER NOT NULL,
    mention         VARCHAR NOT NULL,
    value           DOUBLE NOT NULL,
    value_high      DOUBLE,
    unit            VARCHAR NOT NULL,
    unit_family     VARCHAR NOT NULL,
    base_value      DOUBLE,
    base_unit       VARCHAR,
    qualifier       VARCHAR NOT NULL,
    kind            VARCHAR NOT NULL,
    direction       VARCHAR,
    metric          VARCHAR,
    metric_key      VARCHAR,
    is_cumulative   BOOLEAN NOT NULL DEFAULT false,
    place           VARCHAR,
    place_code      VARCHAR,
    province        VARCHAR,
    city            VARCHAR,
    county          VARCHAR,
    place_basis     VARCHAR,
    place_note      VARCHAR,
    year            INTEGER,
    year_basis      VARCHAR,
    year_note       VARCHAR,
    programme       VARCHAR NOT NULL,
    programme_basis VARCHAR,
    sentence        VARCHAR NOT NULL,
    sentence_start  INTEGER NOT NULL,
    sentence_end    INTEGER NOT NULL,
    period_start    INTEGER,
    period_text     VARCHAR
);
-- (added after the first warehouses were built: a warehouse from before gains them here, and
-- the rules version that came with them reloads every document)
ALTER TABLE claim_records ADD COLUMN IF NOT EXISTS period_start INTEGER;
ALTER TABLE claim_records ADD COLUMN IF NOT EXISTS period_text VARCHAR;
ALTER TABLE claim_records ADD COLUMN IF NOT EXISTS locality VARCHAR;
COMMENT ON TABLE claim_records IS 'One row per quantitative claim (one number with its unit) found in a document. Query the claims view rather than this table.';
COMMENT ON COLUMN claim_records.claim_id IS 'Stable identifier: hash of doc_id and the mention offsets.';
COMMENT ON COLUMN claim_records.doc_id IS 'Document the claim was read from.';
COMMENT ON COLUMN claim_records.article_no IS 'Article (articles.article_no) the claim is in.';
COMMENT ON COLUMN claim_records.char_start IS 'Start of the mention in documents.text (code points, inclusive).';
COMMENT ON COLUMN claim_records.char_end IS 'End of the mention in documents.text (exclusive): text[char_start:char_end] = mention.';
COMMENT ON COLUMN claim_records.mention IS 'The number with its qualifier and unit exactly as written, e.g. 超340万元, 1.6万余平方米.';
COMMENT ON COLUMN claim_records.value IS 'The number in the unit of the unit column, multipliers applied: 13.6亿元 → 1360000000 (元), 90.2% → 90.2. For ranges the low end.';
COMMENT ON COLUMN claim_records.value_high IS 'Upper end of a range (1000元至3000元 → 3000), else NULL.';
COMMENT ON COLUMN claim_records.unit IS 'Measure word or unit in base form: 个, 户, 人次, 元, 平方米, %, 公里 …; a rate keeps its denominator (1400元/月 → 元/月); tenths are stored as a percentage (超4成 → 40, %).';
COMMENT ON COLUMN claim_records.unit_family IS 'Family of comparable units: money, area, length, weight, percent, duration, or count:<measure word> for counts; a rate is its family and denominator (money/月). Values are only ever added within one family, and never for a rate.';
COMMENT ON COLUMN claim_records.base_value IS 'value converted to the base unit of its family (亩 and 公顷 → 平方米, 公里 → 米, 吨 → 千克, 月 → 年 …); equals value when the unit already is the base unit.';
COMMENT ON COLUMN claim_records.base_unit IS 'Base unit of the family that base_value is expressed in.';
COMMENT ON COLUMN claim_records.qualifier IS 'exact | more_than (余 多 超 超过 逾 以上) | nearly (近 将近) | approx (约 左右) | at_most (以下 不到 不超过) | range.';
COMMENT ON COLUMN claim_records.kind IS 'count | money | area | percent | change | length | weight | duration | volume | energy | power | compute | ratio | concentration | temperature | score: the kind of the unit in etl/data/units.json (change for a rate of change).';
COMMENT ON COLUMN claim_records.direction IS 'For kind = change: up or down; otherwise NULL.';
COMMENT ON COLUMN claim_records.metric IS 'Short phrase from the sentence saying what is counted, e.g. 累计启动老旧小区改造, 完成投资.';
COMMENT ON COLUMN claim_records.metric_key IS 'Normalised comparable measure (object · action · unit family), e.g. 老旧小区|改造|count:个; NULL when no key could be defended.';
COMMENT ON COLUMN claim_records.is_cumulative IS 'True when the text marks the figure as cumulative (累计, 总计, 至今 …) rather than for one period.';
COMMENT ON COLUMN claim_records.place IS 'The most specific administrative place the claim is about, as written in the text: a division (鹤壁市, 平城区, 黄陵) or a place below county level (the locality column: 田村, 金五区社区).';
COMMENT ON COLUMN claim_records.place_code IS 'Administrative division code (divisions.code) of place, when resolved; for a locality, the code of the division it was found in.';
COMMENT ON COLUMN claim_records.province IS 'Full name of the province-level unit (山西省, 北京市, 内蒙古自治区), inferred from a city or district when only that is named; NULL when it cannot be known.';
COMMENT ON COLUMN claim_records.city IS 'Prefecture-level city (鹤壁市); for municipality districts the municipality (北京市); NULL when unknown or not applicable.';
COMMENT ON COLUMN claim_records.locality IS 'Place below county level the claim is about (街道, 镇, 乡, 社区, 村, 苏木, 嘎查: 田村, 金五区社区), as written; NULL when none is named. Read where the text names it right after the division it lies in (石景山区金五区社区), where it opens a clause followed by what it did (泉城路街道新建…), and wherever the article names it again; province, city and county stay those of the division around it (no township gazetteer is shipped).';
COMMENT ON COLUMN claim_records.county IS 'County-level unit (区/县/县级市/旗), NULL when the claim is about a larger area or it is unknown.';
COMMENT ON COLUMN claim_records.place_basis IS 'How the place was decided: sentence (named in the claim''s sentence) | paragraph (named earlier in its paragraph) | headline (the article''s headline, subtitle or byline) | article (first place named in the article) | masthead (the local paper the page is from, 扬州晚报, for an item naming no place but 我市, 全市 …) | national (the clause gives the country''s figure: 全国建成…; no province) | none.';
COMMENT ON COLUMN claim_records.place_note IS 'Why the place is missing or how an ambiguity was settled, e.g. 新城区：可能是内蒙古自治区呼和浩特市、陕西省西安市，无法确定. Written in Chinese, as the dashboard shows it.';
COMMENT ON COLUMN claim_records.year IS 'Year the figure refers to; NULL when it cannot be determined.';
COMMENT ON COLUMN claim_records.year_basis IS 'explicit (a year written in the text governs the figure) | relative (今年/去年/前年 against the publication year) | publication (the page''s publication year) | NULL.';
COMMENT ON COLUMN claim_records.year_note IS 'The text that decided the year, in Chinese as the dashboard shows it, e.g. 2023年以来, 2024年（所在部分的小标题） when the year stood outside the figure''s sentence (（本段前文）, （所在部分的小标题）, （文章标题或日期行）), 去年 → 2023（发布年份 2024：…）, or 发布年份：<the publication-year evidence>.';
COMMENT ON COLUMN claim_records.programme IS 'Programme slug (programmes.slug) the figure is about.';
COMMENT ON COLUMN claim_records.programme_basis IS 'Keyword that decided the programme, where it stood and the score, in Chinese, e.g. 加装电梯（紧挨数字）；得分 24; …；承接本句前一数字 when a clause that names nothing took the programme of the figure before it; or 默认：数字附近没有项目关键词.';
COMMENT ON COLUMN claim_records.sentence IS 'The sentence containing the mention, an exact substring of documents.text.';
COMMENT ON COLUMN claim_records.sentence_start IS 'Start offset of sentence in documents.text.';
COMMENT ON COLUMN claim_records.sentence_end IS 'End offset (exclusive) of sentence in documents.text.';
COMMENT ON COLUMN claim_records.period_start IS 'When the figure is an amount of several years rather than of one: the first of them (year is the last). Set when the text around it speaks of a period (这五年，…城镇新增就业452万人; a "十四五" review section), no year of its own dates the figure, and it is a change or an amount (lexicon period_amount_kinds) rather than the level reached at the end (总里程达到9000公里, 突破12亿吨, a share); NULL otherwise. Such a figure may be a total of those years, so the dashboard never adds it to yearly figures.';
COMMENT ON COLUMN claim_records.period_text IS 'The words that named the period of period_start, e.g. 这五年, 十四五; NULL when period_start is.';

CREATE TABLE IF NOT EXISTS runs (
    run_id          INTEGER PRIMARY KEY,
    started_at      TIMESTAMP NOT NULL,
    finished_at     TIMESTAMP,
    status          VARCHAR NOT NULL,
    input_dir       VARCHAR NOT NULL,
    docs_added      INTEGER NOT NULL DEFAULT 0,
    docs_changed    INTEGER NOT NULL DEFAULT 0,
    docs_removed    INTEGER NOT NULL DEFAULT 0,
    docs_unchanged  INTEGER NOT NULL DEFAULT 0,
    docs_rejected   INTEGER NOT NULL DEFAULT 0,
    claims_total    INTEGER NOT NULL DEFAULT 0,
    claims_written  INTEGER NOT NULL DEFAULT 0,
    duration_s      DOUBLE,
    rules_version   VARCHAR NOT NULL,
    etl_version     VARCHAR NOT NULL,
    message         VARCHAR
);
COMMENT ON TABLE runs IS 'Run log: one row per successful build/refresh published into this file (a failed run never replaces the file, so it leaves no row here; it is reported on the command line and by its exit code).';
COMMENT ON COLUMN runs.run_id IS 'Sequential run number.';
COMMENT ON COLUMN runs.started_at IS 'When the run started (UTC).';
COMMENT ON COLUMN runs.finished_at IS 'When the run published the warehouse (UTC).';
COMMENT ON COLUMN runs.status IS 'ok (every file loaded) | ok_with_rejections (some files rejected, see rejected_files).';
COMMENT ON COLUMN runs.input_dir IS 'Input folder the run read.';
COMMENT ON COLUMN runs.docs_added IS 'Files new to the warehouse in this run.';
COMMENT ON COLUMN runs.docs_changed IS 'Files whose content changed since the previous run.';
COMMENT ON COLUMN runs.docs_removed IS 'Files that disappeared from the input folder; their rows were deleted.';
COMMENT ON COLUMN runs.docs_unchanged IS 'Files skipped because neither content nor rules changed.';
COMMENT ON COLUMN runs.docs_rejected IS 'Files that could not be read (see rejected_files for this run_id).';
COMMENT ON COLUMN runs.claims_total IS 'Claims in the warehouse after the run.';
COMMENT ON COLUMN runs.claims_written IS 'Claims (re)written by this run.';
COMMENT ON COLUMN runs.duration_s IS 'Wall-clock seconds from start to publish.';
COMMENT ON COLUMN runs.rules_version IS 'Hash of the extraction code and rule data files used.';
COMMENT ON COLUMN runs.etl_version IS 'Version of the civic-claims package.';
COMMENT ON COLUMN runs.message IS 'Summary of the run in Chinese, as the dashboard shows it (文件：新增 …；本次抽取文档 … 份；声明共 … 条…).';

CREATE TABLE IF NOT EXISTS rejected_files (
    run_id  INTEGER NOT NULL,
    path    VARCHAR NOT NULL,
    reason  VARCHAR NOT NULL,
    detail  VARCHAR
);
COMMENT ON TABLE rejected_files IS 'Input files a run could not load, with the reason. The good files of the same run still load.';
COMMENT ON COLUMN rejected_files.run_id IS 'Run (runs.run_id) that rejected the file.';
COMMENT ON COLUMN rejected_files.path IS 'Path relative to the input folder.';
COMMENT ON COLUMN rejected_files.reason IS 'Short machine-readable reason: empty, binary, undecodable, unreadable, not_a_file, vanished, broken_symlink, symlink_loop, too_large, line_too_long, bad_manifest, bad_manifest_row, processing_error, changed_during_run.';
COMMENT ON COLUMN rejected_files.detail IS 'Human-readable detail (e.g. the detected file type, the OS error).';

CREATE TABLE IF NOT EXISTS divisions (
    code        VARCHAR PRIMARY KEY,
    name        VARCHAR NOT NULL,
    level       VARCHAR NOT NULL,
    parent_code VARCHAR,
    province    VARCHAR NOT NULL,
    city        VARCHAR,
    short       VARCHAR
);
COMMENT ON TABLE divisions IS 'Administrative divisions of China (province, prefecture, county level) used to resolve places; shipped with the ETL (see etl/data/DIVISIONS_SOURCE.md).';
COMMENT ON COLUMN divisions.code IS '6-digit administrative division code.';
COMMENT ON COLUMN divisions.name IS 'Full official name.';
COMMENT ON COLUMN divisions.level IS 'province | city | county.';
COMMENT ON COLUMN divisions.parent_code IS 'Code of the enclosing division (NULL for provinces).';
COMMENT ON COLUMN divisions.province IS 'Province-level unit the division belongs to.';
COMMENT ON COLUMN divisions.city IS 'Prefecture-level unit the division belongs to (the municipality for its districts).';
COMMENT ON COLUMN divisions.short IS 'Short name used in running text (山西, 鹤壁, 黄陵), NULL when too short to be safe.';

CREATE TABLE IF NOT EXISTS programmes (
    slug        VARCHAR PRIMARY KEY,
    label       VARCHAR NOT NULL,
    description VARCHAR
);
COMMENT ON TABLE programmes IS 'Programme taxonomy (etl/data/programmes.json); claims.programme is one of these slugs.';
COMMENT ON COLUMN programmes.slug IS 'Stable identifier, e.g. housing_renovation.';
COMMENT ON COLUMN programmes.label IS 'Chinese label shown in the dashboard, e.g. 老旧小区改造.';
COMMENT ON COLUMN programmes.description IS 'What the programme covers.';

-- ============================================================================================
-- Dashboard summaries (issue 3). Built by etl/summaries.py at every publish whose claims, documents,
-- articles or programmes changed (warehouse_meta.summaries_fingerprint says which state they
-- reflect), so that every dashboard query reads few rows at 10M claims. Derived data only:
-- nothing here is a source of truth, and a rebuild from the tables above gives the same rows.
-- ============================================================================================

CREATE TABLE IF NOT EXISTS claim_cube (
    cell            INTEGER,
    province        VARCHAR,
    programme       VARCHAR,
    programme_label VARCHAR,
    year            INTEGER,
    unit_family     VARCHAR,
    kind            VARCHAR,
    metric_key      VARCHAR,
    sum_unit        VARCHAR,
    n_claims        BIGINT,
    total           DOUBLE,
    n_lower_bound   BIGINT,
    n_upper_bound   BIGINT
);
COMMENT ON TABLE claim_cube IS 'Claims counted per combination of every dimension the dashboard filters or groups on (about 100k rows at 10M claims); charts and counts without a text search read this instead of claim_records.';
COMMENT ON COLUMN claim_cube.cell IS 'Number of the combination, from 0, in (year DESC, province, programme, unit_family, kind, metric_key, sum_unit) order; claim_search_terms.cell points here. Renumbered at every rebuild.';
COMMENT ON COLUMN claim_cube.province IS 'claim_records.province (NULL: no province).';
COMMENT ON COLUMN claim_cube.programme IS 'claim_records.programme.';
COMMENT ON COLUMN claim_cube.programme_label IS 'Chinese label of the programme (programmes.label), the slug when it has none.';
COMMENT ON COLUMN claim_cube.year IS 'claim_records.year (NULL: no year).';
COMMENT ON COLUMN claim_cube.unit_family IS 'claim_records.unit_family.';
COMMENT ON COLUMN claim_cube.kind IS 'claim_records.kind.';
COMMENT ON COLUMN claim_cube.metric_key IS 'claim_records.metric_key.';
COMMENT ON COLUMN claim_cube.sum_unit IS 'Unit of total: coalesce(base_unit, unit).';
COMMENT ON COLUMN claim_cube.n_claims IS 'Number of claims in the combination.';
COMMENT ON COLUMN claim_cube.total IS 'Sum of coalesce(base_value, value) over those claims.';
COMMENT ON COLUMN claim_cube.n_lower_bound IS 'Claims whose value is a lower bound (qualifier more_than or range).';
COMMENT ON COLUMN claim_cube.n_upper_bound IS 'Claims whose value is an upper bound (qualifier at_most).';

CREATE TABLE IF NOT EXISTS claim_sources (
    n_documents BIGINT,
    n_articles  BIGINT
);
COMMENT ON TABLE claim_sources IS 'One row: how many documents and articles all claims come from (an exact distinct count over every claim is the slowest thing the unfiltered dashboard would otherwise run).';
COMMENT ON COLUMN claim_sources.n_documents IS 'Distinct documents (doc_id) with at least one claim.';
COMMENT ON COLUMN claim_sources.n_articles IS 'Distinct articles (doc_id, article_no) with at least one claim.';

CREATE TABLE IF NOT EXISTS claim_search_grams (
    gram     BIGINT,
    claim_no INTEGER,
    pos      INTEGER
);
COMMENT ON TABLE claim_search_grams IS 'Character-bigram index of the dashboard''s keyword search: one row per position of every two-character sequence in each claim''s sentence and in its metric phrase, stored in (gram, claim_no, pos) order so that the rows of one bigram sit in a few row groups. A keyword of n ≥ 2 characters matches a claim when bigrams tiling it occur at consecutive offsets (pos, pos + 2, …): exactly contains(sentence, keyword) OR contains(metric, keyword). One-character keywords scan the text instead.';
COMMENT ON COLUMN claim_search_grams.gram IS 'The two characters as unicode(first) * 2^21 + unicode(second).';
COMMENT ON COLUMN claim_search_grams.claim_no IS 'The claim (claims_ordered.claim_no).';
COMMENT ON COLUMN claim_search_grams.pos IS 'Offset of the first character in sentence || chr(10) || coalesce(metric, '''') (code points, from 0); bigrams spanning the separator are not indexed.';

CREATE TABLE IF NOT EXISTS claim_search_gram_counts (
    gram   BIGINT,
    n_rows BIGINT
);
COMMENT ON TABLE claim_search_gram_counts IS 'How many rows of claim_search_grams each bigram has, in gram order. The dashboard reads the bigrams of a keyword here to choose the covering set with the fewest rows to look it up with; a bigram that is not here occurs in no claim.';
COMMENT ON COLUMN claim_search_gram_counts.gram IS 'The bigram, coded as in claim_search_grams.gram.';
COMMENT ON COLUMN claim_search_gram_counts.n_rows IS 'Its rows in claim_search_grams (positions, so a claim holding it twice counts twice).';

CREATE TABLE IF NOT EXISTS claim_search_terms (
    term       UBIGINT,
    cell       INTEGER,
    claim_no   INTEGER,
    source_key BIGINT,
    first1     BOOLEAN,
    first2     BOOLEAN,
    first3     BOOLEAN
);
COMMENT ON TABLE claim_search_terms IS 'Claim-level index of keywords of one to four characters, for the dashboard''s counts and charts of a frequent keyword: one row per distinct four-character window (term) of each claim''s sentence and metric phrase, with the claim, its claim_cube cell and its article, stored in (term, cell, claim_no) order. A keyword of n ≤ 4 characters is the range of terms that begin with it; in that range the rows flagged first<n> are exactly the claims containing the keyword, one row each (for n = 4 every row: a claim has each term once), so its counts need neither claims_ordered nor deduplication, and its claims are found without joining position lists. Built only for warehouses of at least etl.summaries.SEARCH_TERMS_MIN_CLAIMS claims (below that the bigram index answers in tens of milliseconds), empty otherwise.';
COMMENT ON COLUMN claim_search_terms.term IS 'Up to four characters starting at one position of sentence || chr(10) || coalesce(metric, ''''), 16 bits each, the first in the top bits: unicode(c1) << 48 | unicode(c2) << 32 | unicode(c3) << 16 | unicode(c4). The window stops at the separator and at the end (missing characters are 0); a character beyond U+FFFF is stored as 0xD800, so a keyword holding one is looked up through claim_search_grams instead.';
COMMENT ON COLUMN claim_search_terms.cell IS 'The claim''s combination of filter columns (claim_cube.cell): its province, programme, year, unit family, kind, metric key and sum unit are read there.';
COMMENT ON COLUMN claim_search_terms.claim_no IS 'The claim (claims_ordered.claim_no).';
COMMENT ON COLUMN claim_search_terms.source_key IS 'The claim''s article: the document''s number (rank of doc_id, from 0) shifted left by warehouse_meta.search_article_bits, plus article_no; source_key >> search_article_bits is the document.';
COMMENT ON COLUMN claim_search_terms.first1 IS 'No term of this claim sorting before this one starts with the same character: the one row per claim in a one-character keyword''s range.';
COMMENT ON COLUMN claim_search_terms.first2 IS 'The same for the first two characters (two-character keywords).';
COMMENT ON COLUMN claim_search_terms.first3 IS 'The same for the first three characters (three-character keywords).';

CREATE TABLE IF NOT EXISTS claim_search_prefix_cells (
    n_chars  TINYINT,
    prefix   UBIGINT,
    cell     INTEGER,
    n_claims INTEGER
);
COMMENT ON TABLE claim_search_prefix_cells IS 'How many claims of each claim_cube cell contain a frequent keyword of one to four characters: the counts of claim_search_terms grouped by cell in advance, for every prefix that at least warehouse_meta.search_prefix_min_claims claims contain (all of its cells), in (n_chars, prefix, cell) order. The dashboard''s counts and charts of such a keyword read its few thousand rows here instead of grouping millions of term rows; a keyword with no row here is counted in claim_search_terms. Built with claim_search_terms, empty when it is.';
COMMENT ON COLUMN claim_search_prefix_cells.n_chars IS 'Length of the keyword (1 to 4 characters).';
COMMENT ON COLUMN claim_search_prefix_cells.prefix IS 'The keyword coded as a claim_search_terms.term with its missing characters 0: the lowest term of its range.';
COMMENT ON COLUMN claim_search_prefix_cells.cell IS 'The cell (claim_cube.cell).';
COMMENT ON COLUMN claim_search_prefix_cells.n_claims IS 'Claims of that cell whose sentence or metric phrase contains the keyword (each once): its rows flagged first<n_chars> in claim_search_terms, every row for four characters.';

CREATE OR REPLACE VIEW claims AS
SELECT
    c.claim_id,
    d.doc,
    c.doc_id,
    c.article_no,
    c.char_start,
    c.char_end,
    c.mention,
    c.value,
    c.value_high,
    c.unit,
    c.unit_family,
    c.base_value,
    c.base_unit,
    c.qualifier,
    c.kind,
    c.direction,
    c.metric,
    c.metric_key,
    c.is_cumulative,
    c.place,
    c.place_code,
    c.province,
    c.city,
    c.county,
    c.locality,
    c.place_basis,
    c.place_note,
    c.year,
    c.year_basis,
    c.year_note,
    c.period_start,
    c.period_text,
    c.programme,
    p.label AS programme_label,
    c.programme_basis,
    c.sentence,
    c.sentence_start,
    c.sentence_end,
    a.title AS article_title,
    d.pub_year,
    d.source_name,
    d.source_url
FROM claim_records c
JOIN documents d USING (doc_id)
LEFT JOIN articles a ON a.doc_id = c.doc_id AND a.article_no = c.article_no
LEFT JOIN programmes p ON p.slug = c.programme;
COMMENT ON VIEW claims IS 'Every claim with its document, article title and programme label: the stable surface for SQL users, the dashboard and the gold scorer.';

-- The claims view's columns, written once there: claim_no comes first, then the view's.
CREATE TABLE IF NOT EXISTS claims_ordered AS SELECT CAST(NULL AS INTEGER) AS claim_no, * FROM claims LIMIT 0;
COMMENT ON TABLE claims_ordered IS 'The claims view, materialised and stored in the dashboard''s row order (year DESC NULLS LAST, province NULLS LAST, programme, doc_id, char_start, claim_id): a filtered row list, export or distinct-source count then reads the few row groups that hold its rows, however the ETL loaded claim_records. claim_no numbers the rows in that order.';
-- claims_ordered's other columns take the claims view's comments when the schema is applied (etl/schema.py).
COMMENT ON COLUMN claims_ordered.claim_no IS 'Position of the claim in the row order, from 0; claim_search_grams points here. Renumbered at every rebuild: not a stable identifier (use claim_id).';

-- ============================================================================================
-- Analyst views (issue 5)
-- Stable, documented views for SQL users. Aggregate over `figures`, not over claims: a figure
-- printed by two documents is one row there, with both sources kept. `metric_key` says which
-- claims measure the same thing (etl/metrics.py, etl/data/metric_keys.json). Values in these
-- views are in the base unit of their family (元, 平方米, 米, 千克 …), so 万元 and 亿元 add up.
-- Figures at different place levels (a province total and one of its cities) are different
-- figures: filter place_level before summing across places.
-- ============================================================================================

-- Column comments for the claims view's joined columns. Its other columns take the comment of the
-- claim_records column of the same name when the schema is applied (etl/schema.py).
COMMENT ON COLUMN claims.doc IS 'Document name: path relative to the input folder (documents.doc).';
COMMENT ON COLUMN claims.programme_label IS 'Chinese label of the programme (programmes.label).';
COMMENT ON COLUMN claims.article_title IS 'Headline of the article the claim is in (articles.title).';
COMMENT ON COLUMN claims.pub_year IS 'Publication year of the document (documents.pub_year).';
COMMENT ON COLUMN claims.source_name IS 'Source of the document from the manifest (documents.source_name).';
COMMENT ON COLUMN claims.source_url IS 'URL of the original from the manifest (documents.source_url).';

CREATE OR REPLACE VIEW claim_details AS
WITH prov AS (SELECT name, min(code) AS code FROM divisions WHERE level = 'province' GROUP BY name),
     cty AS (SELECT province, name, min(code) AS code FROM divisions WHERE level = 'city' GROUP BY province, name),
     cnty AS (SELECT province, city, name, min(code) AS code FROM divisions WHERE level = 'county'
              GROUP BY province, city, name)
SELECT
    c.claim_id,
    CASE WHEN c.metric_key IS NOT NULL THEN substr(md5(concat_ws('|', c.metric_key,
        coalesce(c.province, '?'), coalesce(c.city, '-'), coalesce(c.county, '-'), coalesce(CAST(c.year AS VARCHAR), '?'),
        CASE WHEN c.locality IS NOT NULL THEN 'at ' || c.locality END,
        format('{:.9g}', coalesce(c.base_value, c.value)),
        CASE WHEN c.value_high IS NOT NULL THEN format('{:.9g}', c.value_high * coalesce(c.base_value / nullif(c.value, 0), 1)) END,
        CASE WHEN c.period_start IS NOT NULL THEN 'from ' || c.period_start END,
        CASE WHEN c.province IS NULL OR c.year IS NULL THEN c.claim_id END)), 1, 16) END AS figure_id,
    c.doc_id,
    d.doc,
    d.title AS doc_title,
    d.pub_year,
    d.pub_date,
    d.source_name,
    d.source_url,
    c.article_no,
    a.title AS article_title,
    a.subtitle AS article_subtitle,
    a.byline AS article_byline,
    c.char_start,
    c.char_end,
    c.mention,
    c.value,
    c.value_high,
    c.unit,
    c.unit_family,
    coalesce(c.base_value, c.value) AS base_value,
    CASE WHEN c.value_high IS NOT NULL THEN c.value_high * coalesce(c.base_value / nullif(c.value, 0), 1) END AS base_value_high,
    coalesce(c.base_unit, c.unit) AS base_unit,
    c.qualifier,
    c.kind,
    c.direction,
    c.metric,
    c.metric_key,
    nullif(split_part(c.metric_key, '|', 1), '') AS metric_object,
    nullif(split_part(c.metric_key, '|', 2), '') AS metric_action,
    nullif(split_part(c.metric_key, '|', 3), '') AS metric_family,
    c.is_cumulative,
    c.place,
    c.place_code,
    CASE WHEN c.province IS NULL THEN NULL WHEN c.locality IS NOT NULL THEN 'locality'
         WHEN c.county IS NOT NULL THEN 'county' WHEN c.city IS NOT NULL THEN 'city' ELSE 'province' END AS place_level,
    c.province,
    prov.code AS province_code,
    c.city,
    coalesce(cty.code, CASE WHEN c.city = c.province THEN prov.code END) AS city_code,
    c.county,
    cnty.code AS county_code,
    c.locality,
    c.place_basis,
    c.place_note,
    c.year,
    c.year_basis,
    c.year_note,
    c.period_start,
    c.period_text,
    c.programme,
    p.label AS programme_label,
    c.programme_basis,
    c.sentence,
    c.sentence_start,
    c.sentence_end
FROM claim_records c
JOIN documents d USING (doc_id)
LEFT JOIN articles a ON a.doc_id = c.doc_id AND a.article_no = c.article_no
LEFT JOIN programmes p ON p.slug = c.programme
LEFT JOIN prov ON prov.name = c.province
LEFT JOIN cty ON cty.province = c.province AND cty.name = c.city
LEFT JOIN cnty ON cnty.province = c.province AND cnty.city IS NOT DISTINCT FROM c.city AND cnty.name = c.county;
COMMENT ON VIEW claim_details IS 'One row per claim with its document, article, place hierarchy (names and division codes), programme label, metric key split into its parts, value in base units and the figure it belongs to. The widest stable surface for SQL users.';
COMMENT ON COLUMN claim_details.claim_id IS 'Stable claim identifier (claim_records.claim_id).';
COMMENT ON COLUMN claim_details.figure_id IS 'The distinct figure (figures.figure_id) this claim reports: same metric_key, place, year, value and period (period_start: an amount of several years is never the same figure as one of a single year). NULL when the claim has no metric_key. Claims without a province or a year never share a figure.';
COMMENT ON COLUMN claim_details.doc_id IS 'Document the claim was read from (documents.doc_id).';
COMMENT ON COLUMN claim_details.doc IS 'Document name: path relative to the input folder.';
COMMENT ON COLUMN claim_details.doc_title IS 'Headline of the document (or the manifest title).';
COMMENT ON COLUMN claim_details.pub_year IS 'Publication year of the document.';
COMMENT ON COLUMN claim_details.pub_date IS 'Publication date of the document when known.';
COMMENT ON COLUMN claim_details.source_name IS 'Source of the document from the manifest.';
COMMENT ON COLUMN claim_details.source_url IS 'URL of the original from the manifest.';
COMMENT ON COLUMN claim_details.article_no IS 'Article (articles.article_no) the claim is in.';
COMMENT ON COLUMN claim_details.article_title IS 'Headline of the article.';
COMMENT ON COLUMN claim_details.article_subtitle IS 'Subtitle of the article when present.';
COMMENT ON COLUMN claim_details.article_byline IS 'Byline of the article when present.';
COMMENT ON COLUMN claim_details.char_start IS 'Start of the mention in documents.text (code points).';
COMMENT ON COLUMN claim_details.char_end IS 'End of the mention in documents.text (exclusive).';
COMMENT ON COLUMN claim_details.mention IS 'The number with its qualifier and unit exactly as written.';
COMMENT ON COLUMN claim_details.value IS 'The number in the unit of the unit column (13.6亿元 → 1360000000).';
COMMENT ON COLUMN claim_details.value_high IS 'Upper end of a range in the unit of the unit column, else NULL.';
COMMENT ON COLUMN claim_details.unit IS 'Measure word or unit in base form (个, 户, 元, 亩 …).';
COMMENT ON COLUMN claim_details.unit_family IS 'Family of comparable units (money, area, count:个 …).';
COMMENT ON COLUMN claim_details.base_value IS 'value in the base unit of its family (亩 → 平方米, 公里 → 米, 吨 → 千克); the value to compare and add.';
COMMENT ON COLUMN claim_details.base_value_high IS 'value_high in the base unit of its family, else NULL.';
COMMENT ON COLUMN claim_details.base_unit IS 'Unit of base_value and base_value_high.';
COMMENT ON COLUMN claim_details.qualifier IS 'exact | more_than | nearly | approx | at_most | range.';
COMMENT ON COLUMN claim_details.kind IS 'count | money | area | percent | change | length | weight | duration | volume | energy | power | compute | ratio | concentration | temperature | score: the kind of the unit in etl/data/units.json (change for a rate of change).';
COMMENT ON COLUMN claim_details.direction IS 'For kind = change: up or down.';
COMMENT ON COLUMN claim_details.metric IS 'Short phrase from the sentence saying what is counted.';
COMMENT ON COLUMN claim_details.metric_key IS 'Comparable measure <object>|<action>|<unit family>, e.g. 老旧小区|完成|count:个; NULL when no key could be defended.';
COMMENT ON COLUMN claim_details.metric_object IS 'First part of metric_key: what is counted (老旧小区, 电梯, 地区生产总值 …).';
COMMENT ON COLUMN claim_details.metric_action IS 'Second part of metric_key: 启动, 完成, 在建, 新增, 筹集, 计划 … or for changes 增长, 下降, 年均增长; NULL when the action does not matter for the object.';
COMMENT ON COLUMN claim_details.metric_family IS 'Third part of metric_key: the unit family the key is measured in (count:台, money, area, change:percent …); a key never mixes families.';
COMMENT ON COLUMN claim_details.is_cumulative IS 'True when the text marks the figure as cumulative (累计 …) rather than for one period.';
COMMENT ON COLUMN claim_details.place IS 'The most specific place the claim is about, as written.';
COMMENT ON COLUMN claim_details.place_code IS 'Division code of place when resolved.';
COMMENT ON COLUMN claim_details.place_level IS 'Level of the most specific resolved unit: province | city | county | locality (a place below county level, in the locality column); NULL when no province is known.';
COMMENT ON COLUMN claim_details.province IS 'Province-level unit (full name).';
COMMENT ON COLUMN claim_details.province_code IS '6-digit division code of province (divisions.code).';
COMMENT ON COLUMN claim_details.city IS 'Prefecture-level city; for municipality districts the municipality.';
COMMENT ON COLUMN claim_details.city_code IS 'Division code of city (for a municipality its province-level code).';
COMMENT ON COLUMN claim_details.county IS 'County-level unit (区/县/县级市/旗).';
COMMENT ON COLUMN claim_details.county_code IS 'Division code of county.';
COMMENT ON COLUMN claim_details.locality IS 'Place below county level (街道, 镇, 社区, 村 …) the claim is about, as written; NULL when none.';
COMMENT ON COLUMN claim_details.place_basis IS 'How the place was decided: sentence | paragraph | headline | article | masthead (the local paper the page is from) | national (a country-wide figure, no province) | none.';
COMMENT ON COLUMN claim_details.place_note IS 'Why the place is missing or how an ambiguity was settled.';
COMMENT ON COLUMN claim_details.year IS 'Year the figure refers to; NULL when unknown.';
COMMENT ON COLUMN claim_details.year_basis IS 'explicit | relative | publication | NULL.';
COMMENT ON COLUMN claim_details.year_note IS 'The text that decided the year.';
COMMENT ON COLUMN claim_details.period_start IS 'First year of the several the figure is given for (year is the last), NULL for a figure of one year (claim_records.period_start).';
COMMENT ON COLUMN claim_details.period_text IS 'The words that named that period (这五年, 十四五).';
COMMENT ON COLUMN claim_details.programme IS 'Programme slug (programmes.slug).';
COMMENT ON COLUMN claim_details.programme_label IS 'Chinese label of the programme.';
COMMENT ON COLUMN claim_details.programme_basis IS 'Keyword that decided the programme and where it was found.';
COMMENT ON COLUMN claim_details.sentence IS 'The sentence containing the mention.';
COMMENT ON COLUMN claim_details.sentence_start IS 'Start offset of sentence in documents.text.';
COMMENT ON COLUMN claim_details.sentence_end IS 'End offset (exclusive) of sentence in documents.text.';

CREATE OR REPLACE VIEW figures AS
SELECT
    figure_id,
    any_value(metric_key) AS metric_key,
    any_value(metric_object) AS metric_object,
    any_value(metric_action) AS metric_action,
    any_value(metric_family) AS metric_family,
    any_value(place_level) AS place_level,
    any_value(province) AS province,
    any_value(province_code) AS province_code,
    any_value(city) AS city,
    any_value(city_code) AS city_code,
    any_value(county) AS county,
    any_value(county_code) AS county_code,
    any_value(locality) AS locality,
    any_value(year) AS year,
    any_value(period_start) AS period_start,
    any_value(base_value) AS value,
    any_value(base_value_high) AS value_high,
    any_value(base_unit) AS unit,
    bool_and(qualifier = 'more_than') AS is_lower_bound,
    bool_and(qualifier IN ('at_most', 'nearly')) AS is_upper_bound,
    list_sort(list_distinct(list(qualifier))) AS qualifiers,
    bool_or(is_cumulative) AS is_cumulative,
    bool_or(is_cumulative) AND NOT bool_and(is_cumulative) AS cumulative_mixed,
    count(*) AS n_claims,
    count(DISTINCT doc_id) AS n_sources,
    list(claim_id ORDER BY doc, char_start) AS claim_ids,
    list_sort(list_distinct(list(doc))) AS docs,
    arg_min(claim_id, doc || ':' || lpad(CAST(char_start AS VARCHAR), 10, '0')) AS first_claim_id,
    arg_min(doc, doc || ':' || lpad(CAST(char_start AS VARCHAR), 10, '0')) AS doc,
    arg_min(mention, doc || ':' || lpad(CAST(char_start AS VARCHAR), 10, '0')) AS mention,
    arg_min(sentence, doc || ':' || lpad(CAST(char_start AS VARCHAR), 10, '0')) AS sentence,
    arg_min(programme, doc || ':' || lpad(CAST(char_start AS VARCHAR), 10, '0')) AS programme
FROM claim_details
WHERE figure_id IS NOT NULL
GROUP BY figure_id;
COMMENT ON VIEW figures IS 'One row per distinct figure once duplicates are merged: claims with the same metric_key, place (province, city, county), year and value (in base units) are one figure, whichever documents printed them. Sum values here, not in claims, so a figure is counted once. Only claims with a metric_key appear; claims without a province or year stay figures of their own.';
COMMENT ON COLUMN figures.figure_id IS 'Stable identifier: hash of metric_key, place, year, value and, for an amount of several years, period_start.';
COMMENT ON COLUMN figures.metric_key IS 'Comparable measure <object>|<action>|<unit family>.';
COMMENT ON COLUMN figures.metric_object IS 'What is counted (first part of metric_key).';
COMMENT ON COLUMN figures.metric_action IS 'Action part of metric_key, NULL when it does not matter.';
COMMENT ON COLUMN figures.metric_family IS 'Unit family part of metric_key.';
COMMENT ON COLUMN figures.place_level IS 'province | city | county | locality: the level the figure is about. Do not add a province figure to its cities, or a county figure to its localities.';
COMMENT ON COLUMN figures.province IS 'Province-level unit.';
COMMENT ON COLUMN figures.province_code IS 'Division code of province.';
COMMENT ON COLUMN figures.city IS 'Prefecture-level city, NULL for a province-level figure.';
COMMENT ON COLUMN figures.city_code IS 'Division code of city.';
COMMENT ON COLUMN figures.county IS 'County-level unit, NULL above county level.';
COMMENT ON COLUMN figures.county_code IS 'Division code of county.';
COMMENT ON COLUMN figures.locality IS 'Place below county level (街道, 镇, 社区, 村 …), NULL above it.';
COMMENT ON COLUMN figures.year IS 'Year the figure refers to.';
COMMENT ON COLUMN figures.period_start IS 'First year of the several the figure is an amount of (year is the last), NULL for a figure of one year (claim_records.period_start).';
COMMENT ON COLUMN figures.value IS 'The figure in the base unit of its family (元, 平方米, 米, 千克, or the measure word for counts).';
COMMENT ON COLUMN figures.value_high IS 'Upper end of a range in base units, else NULL.';
COMMENT ON COLUMN figures.unit IS 'Base unit of value.';
COMMENT ON COLUMN figures.is_lower_bound IS 'True when every source writes the figure as a lower bound (超, 余, 多, 以上): the true value is at least value.';
COMMENT ON COLUMN figures.is_upper_bound IS 'True when every source writes it as at most or nearly (不到, 近).';
COMMENT ON COLUMN figures.qualifiers IS 'Distinct qualifiers the sources used.';
COMMENT ON COLUMN figures.is_cumulative IS 'True when a source marks the figure as cumulative (累计 …).';
COMMENT ON COLUMN figures.cumulative_mixed IS 'True when some sources say 累计 and others do not.';
COMMENT ON COLUMN figures.n_claims IS 'Number of claims (mentions) that report this figure.';
COMMENT ON COLUMN figures.n_sources IS 'Number of distinct documents that report this figure; above 1 the figure was duplicated and is still counted once here.';
COMMENT ON COLUMN figures.claim_ids IS 'Every claim reporting the figure, in document order.';
COMMENT ON COLUMN figures.docs IS 'Every document reporting the figure.';
COMMENT ON COLUMN figures.first_claim_id IS 'The first claim (by document name and offset): the canonical source.';
COMMENT ON COLUMN figures.doc IS 'Document of first_claim_id.';
COMMENT ON COLUMN figures.mention IS 'Mention of first_claim_id, as written.';
COMMENT ON COLUMN figures.sentence IS 'Sentence of first_claim_id.';
COMMENT ON COLUMN figures.programme IS 'Programme of first_claim_id.';

CREATE OR REPLACE VIEW duplicate_links AS
SELECT
    f.figure_id,
    c.claim_id,
    f.first_claim_id AS canonical_claim_id,
    c.doc,
    f.doc AS canonical_doc,
    c.doc = f.doc AS same_document,
    f.metric_key,
    f.province,
    f.city,
    f.county,
    f.year,
    f.value,
    f.unit,
    c.mention,
    f.mention AS canonical_mention,
    c.is_cumulative,
    c.sentence,
    f.sentence AS canonical_sentence
FROM figures f
JOIN claim_details c ON c.figure_id = f.figure_id AND c.claim_id <> f.first_claim_id;
COMMENT ON VIEW duplicate_links IS 'The same figure reported twice: every claim of a figure other than its first, linked to that first (canonical) claim. same_document = false is the same claim printed by two documents; figures counts it once and keeps both sources.';
COMMENT ON COLUMN duplicate_links.figure_id IS 'The figure both claims report (figures.figure_id).';
COMMENT ON COLUMN duplicate_links.claim_id IS 'The duplicate claim.';
COMMENT ON COLUMN duplicate_links.canonical_claim_id IS 'The first claim of the figure, which the duplicate repeats.';
COMMENT ON COLUMN duplicate_links.doc IS 'Document of the duplicate claim.';
COMMENT ON COLUMN duplicate_links.canonical_doc IS 'Document of the canonical claim.';
COMMENT ON COLUMN duplicate_links.same_document IS 'True when the figure is repeated inside one document (a summary and its detail), false when two documents report it.';
COMMENT ON COLUMN duplicate_links.metric_key IS 'Comparable measure of the figure.';
COMMENT ON COLUMN duplicate_links.province IS 'Province of the figure.';
COMMENT ON COLUMN duplicate_links.city IS 'City of the figure.';
COMMENT ON COLUMN duplicate_links.county IS 'County of the figure.';
COMMENT ON COLUMN duplicate_links.year IS 'Year of the figure.';
COMMENT ON COLUMN duplicate_links.value IS 'Value of the figure in base units.';
COMMENT ON COLUMN duplicate_links.unit IS 'Base unit of value.';
COMMENT ON COLUMN duplicate_links.mention IS 'The duplicate as written.';
COMMENT ON COLUMN duplicate_links.canonical_mention IS 'The canonical claim as written.';
COMMENT ON COLUMN duplicate_links.is_cumulative IS 'Whether the duplicate is marked cumulative.';
COMMENT ON COLUMN duplicate_links.sentence IS 'Sentence of the duplicate.';
COMMENT ON COLUMN duplicate_links.canonical_sentence IS 'Sentence of the canonical claim.';

CREATE OR REPLACE VIEW contradictions AS
SELECT
    a.metric_key,
    a.province,
    a.city,
    a.county,
    a.locality,
    a.year,
    a.period_start,
    a.unit,
    a.figure_id AS figure_id_a,
    b.figure_id AS figure_id_b,
    a.value AS value_a,
    b.value AS value_b,
    b.value / nullif(a.value, 0) AS ratio,
    a.mention AS mention_a,
    b.mention AS mention_b,
    a.is_cumulative AS cumulative_a,
    b.is_cumulative AS cumulative_b,
    a.n_sources AS n_sources_a,
    b.n_sources AS n_sources_b,
    a.docs AS docs_a,
    b.docs AS docs_b,
    a.sentence AS sentence_a,
    b.sentence AS sentence_b,
    list_has_any(a.docs, b.docs) AS same_document,
    CASE WHEN a.is_cumulative <> b.is_cumulative THEN 'cumulative_vs_period'
         WHEN a.is_lower_bound OR b.is_upper_bound THEN 'bound_consistent'
         WHEN list_has_any(a.docs, b.docs) THEN 'same_document'
         WHEN b.value / nullif(a.value, 0) < 1.02 THEN 'rounding'
         ELSE 'conflicting' END AS cause,
    CASE WHEN a.is_cumulative AND NOT b.is_cumulative THEN 'A 为累计数（累计）, B 为当期数'
         WHEN b.is_cumulative AND NOT a.is_cumulative THEN 'B 为累计数（累计）, A 为当期数'
         WHEN a.is_lower_bound THEN 'A 为下限（超/余/多/以上）, 与 B 不矛盾'
         WHEN b.is_upper_bound THEN 'B 为上限（不到/近）, 与 A 不矛盾'
         WHEN list_has_any(a.docs, b.docs) THEN '同一文档中的两个数值（可能指不同范围或前后对比）'
         ELSE '同一指标、地区、年份的数值不一致' END AS note
FROM figures a
JOIN figures b
  ON a.metric_key = b.metric_key
 AND a.province = b.province
 AND a.city IS NOT DISTINCT FROM b.city
 AND a.county IS NOT DISTINCT FROM b.county
 AND a.locality IS NOT DISTINCT FROM b.locality
 AND a.year = b.year
 AND a.period_start IS NOT DISTINCT FROM b.period_start
 AND (a.value < b.value OR (a.value = b.value AND a.figure_id < b.figure_id));
COMMENT ON VIEW contradictions IS 'Figures that disagree: the same metric_key, place, year and period with different values, side by side (A is the smaller value). cause says why they may differ: cumulative_vs_period (one says 累计: which one is in cumulative_a / cumulative_b and note), bound_consistent (a lower bound below the other value), same_document, rounding (within 2%), or conflicting. Only figures with a province and a year are compared.';
COMMENT ON COLUMN contradictions.metric_key IS 'The comparable measure both figures report.';
COMMENT ON COLUMN contradictions.province IS 'Province both figures are about.';
COMMENT ON COLUMN contradictions.city IS 'City both figures are about (NULL for province level).';
COMMENT ON COLUMN contradictions.county IS 'County both figures are about (NULL above county level).';
COMMENT ON COLUMN contradictions.locality IS 'Place below county level both figures are about (NULL above it).';
COMMENT ON COLUMN contradictions.year IS 'Year both figures refer to.';
COMMENT ON COLUMN contradictions.period_start IS 'First year of the period both figures are amounts of, NULL when both are of one year: a total of several years (这五年…城镇新增就业522万人) is never compared with the figure of one year.';
COMMENT ON COLUMN contradictions.unit IS 'Base unit of value_a and value_b.';
COMMENT ON COLUMN contradictions.figure_id_a IS 'Figure with the smaller value (figures.figure_id).';
COMMENT ON COLUMN contradictions.figure_id_b IS 'Figure with the larger value.';
COMMENT ON COLUMN contradictions.value_a IS 'Value of A in base units.';
COMMENT ON COLUMN contradictions.value_b IS 'Value of B in base units.';
COMMENT ON COLUMN contradictions.ratio IS 'value_b / value_a (NULL when value_a is 0).';
COMMENT ON COLUMN contradictions.mention_a IS 'A as written in its first source.';
COMMENT ON COLUMN contradictions.mention_b IS 'B as written in its first source.';
COMMENT ON COLUMN contradictions.cumulative_a IS 'True when A is marked cumulative (累计 …).';
COMMENT ON COLUMN contradictions.cumulative_b IS 'True when B is marked cumulative.';
COMMENT ON COLUMN contradictions.n_sources_a IS 'Documents reporting A.';
COMMENT ON COLUMN contradictions.n_sources_b IS 'Documents reporting B.';
COMMENT ON COLUMN contradictions.docs_a IS 'Documents reporting A.';
COMMENT ON COLUMN contradictions.docs_b IS 'Documents reporting B.';
COMMENT ON COLUMN contradictions.sentence_a IS 'Sentence of A in its first source.';
COMMENT ON COLUMN contradictions.sentence_b IS 'Sentence of B in its first source.';
COMMENT ON COLUMN contradictions.same_document IS 'True when one document reports both values.';
COMMENT ON COLUMN contradictions.cause IS 'cumulative_vs_period | bound_consistent | same_document | rounding | conflicting.';
COMMENT ON COLUMN contradictions.note IS 'Plain-language explanation in Chinese, e.g. A 为累计数（累计）, B 为当期数.';
