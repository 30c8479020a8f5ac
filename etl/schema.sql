-- civic-claims warehouse schema (DuckDB).
-- Written once here; the ETL executes this file to create a new warehouse, and
-- `civic-etl schema-doc` renders docs/SCHEMA.md from the COMMENT statements below.
-- Base tables are plural nouns; the `claims` view is the stable surface for SQL users,
-- the dashboard and ../shared/tools/score_claims.py.

CREATE TABLE IF NOT EXISTS warehouse_meta (
    key   VARCHAR PRIMARY KEY,
    value VARCHAR
);
COMMENT ON TABLE warehouse_meta IS 'Key/value facts about this warehouse file: schema_version, rules_version, built_at of the last successful run.';
COMMENT ON COLUMN warehouse_meta.key IS 'Name of the fact, e.g. schema_version, rules_version, last_success_at.';
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
    sentence_end    INTEGER NOT NULL
);
COMMENT ON TABLE claim_records IS 'One row per quantitative claim (one number with its unit) found in a document. Query the claims view rather than this table.';
COMMENT ON COLUMN claim_records.claim_id IS 'Stable identifier: hash of doc_id and the mention offsets.';
COMMENT ON COLUMN claim_records.doc_id IS 'Document the claim was read from.';
COMMENT ON COLUMN claim_records.article_no IS 'Article (articles.article_no) the claim is in.';
COMMENT ON COLUMN claim_records.char_start IS 'Start of the mention in documents.text (code points, inclusive).';
COMMENT ON COLUMN claim_records.char_end IS 'End of the mention in documents.text (exclusive): text[char_start:char_end] = mention.';
COMMENT ON COLUMN claim_records.mention IS 'The number with its qualifier and unit exactly as written, e.g. 超340万元, 1.6万余平方米.';
COMMENT ON COLUMN claim_records.value IS 'The number in the unit of the unit column, multipliers applied: 13.6亿元 → 1360000000 (元), 90.2% → 90.2. For ranges the low end.';
COMMENT ON COLUMN claim_records.value_high IS 'Upper end of a range (1000元至3000元 → 3000), else NULL.';
COMMENT ON COLUMN claim_records.unit IS 'Measure word or unit in base form: 个, 户, 人次, 元, 平方米, %, 公里 …';
COMMENT ON COLUMN claim_records.unit_family IS 'Family of comparable units: money, area, length, weight, percent, duration, or count:<measure word> for counts. Values are only ever added within one family.';
COMMENT ON COLUMN claim_records.base_value IS 'value converted to the base unit of its family (亩 and 公顷 → 平方米, 公里 → 米, 吨 → 千克, 月 → 年 …); equals value when the unit already is the base unit.';
COMMENT ON COLUMN claim_records.base_unit IS 'Base unit of the family that base_value is expressed in.';
COMMENT ON COLUMN claim_records.qualifier IS 'exact | more_than (余 多 超 超过 逾 以上) | nearly (近 将近) | approx (约 左右) | at_most (以下 不到 不超过) | range.';
COMMENT ON COLUMN claim_records.kind IS 'count | money | area | percent | change | length | weight | duration | volume | energy | other_measure.';
COMMENT ON COLUMN claim_records.direction IS 'For kind = change: up or down; otherwise NULL.';
COMMENT ON COLUMN claim_records.metric IS 'Short phrase from the sentence saying what is counted, e.g. 累计启动老旧小区改造, 完成投资.';
COMMENT ON COLUMN claim_records.metric_key IS 'Normalised comparable measure (object · action · unit family), e.g. 老旧小区|改造|count:个; NULL when no key could be defended.';
COMMENT ON COLUMN claim_records.is_cumulative IS 'True when the text marks the figure as cumulative (累计, 总计, 至今 …) rather than for one period.';
COMMENT ON COLUMN claim_records.place IS 'The most specific administrative place the claim is about, as written in the text (鹤壁市, 平城区, 黄陵).';
COMMENT ON COLUMN claim_records.place_code IS 'Administrative division code (divisions.code) of place, when resolved.';
COMMENT ON COLUMN claim_records.province IS 'Full name of the province-level unit (山西省, 北京市, 内蒙古自治区), inferred from a city or district when only that is named; NULL when it cannot be known.';
COMMENT ON COLUMN claim_records.city IS 'Prefecture-level city (鹤壁市); for municipality districts the municipality (北京市); NULL when unknown or not applicable.';
COMMENT ON COLUMN claim_records.county IS 'County-level unit (区/县/县级市/旗), NULL when the claim is about a larger area or it is unknown.';
COMMENT ON COLUMN claim_records.place_basis IS 'How the place was decided: sentence (named in the claim''s sentence) | article (named earlier in the article) | headline | document | none.';
COMMENT ON COLUMN claim_records.place_note IS 'Why the place is missing or how an ambiguity was settled, e.g. 新城区: ambiguous between 呼和浩特市, 西安市.';
COMMENT ON COLUMN claim_records.year IS 'Year the figure refers to; NULL when it cannot be determined.';
COMMENT ON COLUMN claim_records.year_basis IS 'explicit (a year written in the text governs the figure) | relative (今年/去年/前年 against the publication year) | publication (the page''s publication year) | NULL.';
COMMENT ON COLUMN claim_records.year_note IS 'The text that decided the year, e.g. 2023年以来, 去年 → 2023, or the publication-year evidence.';
COMMENT ON COLUMN claim_records.programme IS 'Programme slug (programmes.slug) the figure is about.';
COMMENT ON COLUMN claim_records.programme_basis IS 'Keyword that decided the programme and where it was found (metric, clause, sentence, article title), or default.';
COMMENT ON COLUMN claim_records.sentence IS 'The sentence containing the mention, an exact substring of documents.text.';
COMMENT ON COLUMN claim_records.sentence_start IS 'Start offset of sentence in documents.text.';
COMMENT ON COLUMN claim_records.sentence_end IS 'End offset (exclusive) of sentence in documents.text.';

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
COMMENT ON COLUMN runs.message IS 'Free-text summary printed at the end of the run.';

CREATE TABLE IF NOT EXISTS rejected_files (
    run_id  INTEGER NOT NULL,
    path    VARCHAR NOT NULL,
    reason  VARCHAR NOT NULL,
    detail  VARCHAR
);
COMMENT ON TABLE rejected_files IS 'Input files a run could not load, with the reason. The good files of the same run still load.';
COMMENT ON COLUMN rejected_files.run_id IS 'Run (runs.run_id) that rejected the file.';
COMMENT ON COLUMN rejected_files.path IS 'Path relative to the input folder.';
COMMENT ON COLUMN rejected_files.reason IS 'Short machine-readable reason: empty, binary, undecodable, unreadable, broken_symlink, symlink_loop, too_large, bad_manifest_row.';
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
    c.place_basis,
    c.place_note,
    c.year,
    c.year_basis,
    c.year_note,
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
