-- Example questions answered in SQL against the civic-claims warehouse.
--
-- Each block starts with `-- name: <identifier>` and a `-- question:` line; the SQL runs until
-- the next `-- name:`. tests/test_examples_sql.py runs every block against a warehouse built
-- from seeds/ and checks that it returns rows (and, for some, the figure the seed pages print).
-- Run one in the DuckDB CLI (duckdb -readonly warehouse/civic.duckdb) or paste it into the
-- dashboard's SQL console. Views used: claims, claim_details, figures, duplicate_links,
-- contradictions (see docs/SCHEMA.md). Sum over `figures`, not claims, so that a figure printed
-- by two documents is counted once, and never add a province figure to the figures of its cities.

-- name: renovated_compounds_by_province
-- question: How many old residential compounds (老旧小区) did each province report as renovated (完成), per year?
-- Uses the most aggregate level each province reports (its own total if it gives one, else the sum of its cities, else of its counties, else of its localities).
WITH f AS (
    SELECT *, CASE place_level WHEN 'province' THEN 1 WHEN 'city' THEN 2 WHEN 'county' THEN 3 ELSE 4 END AS lvl
    FROM figures
    WHERE metric_key = '老旧小区|完成|count:个' AND province IS NOT NULL AND year IS NOT NULL
), best AS (
    SELECT province, year, min(lvl) AS lvl FROM f GROUP BY province, year
)
SELECT f.province, f.year, any_value(f.place_level) AS reported_at,
       sum(f.value) AS compounds, bool_or(f.is_lower_bound) AS at_least,
       string_agg(coalesce(f.locality, f.county, f.city, f.province) || ' ' || f.mention, '；' ORDER BY f.value DESC) AS sources
FROM f JOIN best USING (province, year, lvl)
GROUP BY f.province, f.year
ORDER BY f.year, compounds DESC;

-- name: elevator_retrofits_by_city
-- question: Which cities report the most elevators retrofitted into existing buildings (加装电梯), 台 and 部 counted together?
SELECT province, city, year, sum(value) AS elevators, count(*) AS figures,
       string_agg(mention || '（' || doc || '）', '；') AS sources
FROM figures
WHERE metric_object = '电梯' AND metric_action = '完成' AND city IS NOT NULL
GROUP BY province, city, year
ORDER BY elevators DESC;

-- name: started_vs_completed_renovation
-- question: For each place and year, how many old compounds were started (启动) and how many completed (完成), and what share of the started ones is done?
WITH s AS (
    SELECT province, city, county, year,
           sum(value) FILTER (WHERE metric_action = '启动') AS started,
           sum(value) FILTER (WHERE metric_action = '完成') AS completed,
           bool_or(is_cumulative) AS any_cumulative
    FROM figures
    WHERE metric_object = '老旧小区' AND metric_family = 'count:个'
    GROUP BY province, city, county, year
)
SELECT *, round(100.0 * completed / nullif(started, 0), 1) AS completed_pct
FROM s
WHERE started IS NOT NULL AND completed IS NOT NULL
ORDER BY year, province;

-- name: metric_catalogue
-- question: Which comparable metrics does the warehouse hold, and how many figures, places, years and documents back each?
SELECT metric_key, metric_object, metric_action, metric_family,
       count(*) AS figures, count(DISTINCT province) AS provinces,
       min(year) AS first_year, max(year) AS last_year, sum(n_sources) AS source_mentions
FROM figures
GROUP BY ALL
ORDER BY figures DESC, metric_key;

-- name: comparable_share_by_programme
-- question: For each programme, what share of its claims has a metric key (can be compared across places)?
SELECT programme, programme_label, count(*) AS claims, count(metric_key) AS keyed,
       round(100.0 * count(metric_key) / count(*), 1) AS keyed_pct
FROM claim_details
GROUP BY programme, programme_label
ORDER BY claims DESC;

-- name: largest_money_amounts
-- question: What are the largest money amounts reported, in 亿元 whatever unit (万元, 亿元, 元) the text used, with the sentence behind each?
SELECT province, coalesce(county, city, province) AS place, year, mention,
       round(base_value / 1e8, 4) AS yi_yuan, qualifier, metric, metric_key, doc, sentence
FROM claim_details
WHERE unit_family = 'money'
ORDER BY base_value DESC
LIMIT 10;

-- name: area_figures_in_mu
-- question: Which area figures can be compared, in 平方米, 亩 and 公顷, whatever unit the text used?
SELECT metric_key, coalesce(county, city, province) AS place, year, mention,
       value AS square_metres, round(value / 666.6667, 1) AS mu, round(value / 10000, 2) AS hectares
FROM figures
WHERE metric_family = 'area'
ORDER BY value DESC;

-- name: cumulative_figures
-- question: Which figures do the pages give as cumulative totals (累计, 总计 …) rather than for one year, and since when?
SELECT coalesce(county, city, province) AS place, year, mention, metric, metric_key, year_note, doc, sentence
FROM claim_details
WHERE is_cumulative
ORDER BY doc, char_start;

-- name: contradictions_side_by_side
-- question: Where do the same measure, place and year carry different values, and why might they differ (累计 vs 当期, lower bounds, one document)?
SELECT metric_key, coalesce(county, city, province) AS place, year,
       mention_a, mention_b, cumulative_a, cumulative_b, cause, note, docs_a, docs_b, sentence_a, sentence_b
FROM contradictions
ORDER BY cause, metric_key;

-- name: duplicates_merged_per_metric
-- question: For each comparable metric, how many claims, distinct figures and duplicate links are there once figures printed twice are merged?
SELECT c.metric_key, count(*) AS claims, count(DISTINCT c.figure_id) AS distinct_figures,
       count(DISTINCT c.doc_id) AS documents,
       (SELECT count(*) FROM duplicate_links d WHERE d.metric_key = c.metric_key) AS duplicate_links
FROM claim_details c
WHERE c.metric_key IS NOT NULL
GROUP BY c.metric_key
ORDER BY claims DESC, c.metric_key;

-- name: volunteer_activity_by_place
-- question: Which places report the most volunteer service activities (志愿服务活动, 场/场次/次 counted together), and are the figures lower bounds (余/多)?
SELECT province, coalesce(locality, county, city) AS place, place_level, year, value AS activities,
       CASE WHEN is_lower_bound THEN '≥' ELSE '' END AS bound, mention, doc
FROM figures
WHERE metric_object = '志愿服务活动'
ORDER BY activities DESC;

-- name: claims_by_place_with_codes
-- question: How many claims and comparable figures does each province report, at which level, with its division code?
SELECT province, province_code, place_level, count(*) AS claims, count(metric_key) AS keyed,
       count(DISTINCT doc_id) AS documents, min(year) AS first_year, max(year) AS last_year
FROM claim_details
WHERE province IS NOT NULL
GROUP BY province, province_code, place_level
ORDER BY claims DESC, province, place_level;

-- name: how_years_were_decided
-- question: For each document, how was the year of its claims decided (written in the text, relative like 今年/去年, or the publication year)?
SELECT doc, pub_year, year_basis, count(*) AS claims, min(year) AS min_year, max(year) AS max_year
FROM claim_details
GROUP BY doc, pub_year, year_basis
ORDER BY doc, claims DESC;
