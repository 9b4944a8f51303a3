SELECT year, value, flag FROM victims_registered WHERE sex = 'TOTAL' AND age_group = 'TOTAL' ORDER BY year
SELECT * FROM victims_registered VERSION AS OF 'R1' WHERE year = 'TOTAL' AND sex = 'TOTAL'
WITH t AS (SELECT year, sum(value) AS s FROM trend_victims WHERE quarter <> 'TOTAL' GROUP BY year) SELECT * FROM t ORDER BY year
SELECT a.year, a.value AS registered, b.value AS profile FROM victims_registered a JOIN victims_profile b ON a.year = b.year AND a.sex = b.sex WHERE a.age_group = 'TOTAL' AND b.age_band = 'TOTAL' AND b.victim_status = 'TOTAL'
SELECT year, sex, value, lag(value) OVER (PARTITION BY sex ORDER BY year) AS previous, row_number() OVER (ORDER BY year, sex) AS n FROM victims_registered WHERE age_group = 'TOTAL'
SELECT year, count(*) AS cells, sum(coalesce(value, 0)) AS total, avg(value), max(value) FROM trend_victims GROUP BY ROLLUP(year) ORDER BY 1
SELECT year, k, count(*) FROM (SELECT year, CASE WHEN flag = 'c' THEN 'suppressed' ELSE 'published' END AS k FROM victims_registered) GROUP BY year, k
SELECT upper(sex), substr(year, 1, 2), concat(year, '-', sex), cast(year AS int) + 1, round(value / 2.0, 1) FROM victims_registered WHERE year <> 'TOTAL'
SELECT * FROM VALUES (1, 'a'), (2, 'b') AS v(n, s)
SELECT year FROM victims_registered WHERE value > (SELECT avg(value) FROM victims_registered WHERE flag IS NULL)
SELECT id FROM range(10)
SELECT year, v FROM victims_registered LATERAL VIEW explode(array(value, value)) e AS v
SELECT year, value FROM victims_registered INTERSECT SELECT year, value FROM victims_registered VERSION AS OF 'R1'
SELECT year, percentile_approx(value, 0.5), stddev(value), count(DISTINCT sex) FROM trend_victims GROUP BY year
SELECT year, indicator, sum(value) FROM indicators_identification WHERE quarter = 'TOTAL' GROUP BY year, indicator ORDER BY year, indicator
SELECT t.year, t.value - coalesce(r.value, 0) AS difference FROM trend_victims t LEFT JOIN victims_registered r ON t.year = r.year AND r.sex = 'TOTAL' AND r.age_group = 'TOTAL' WHERE t.quarter = 'TOTAL' AND t.sex = 'TOTAL' AND t.exploitation = 'TOTAL' AND t.victim_status = 'TOTAL'
SELECT year, max_by(sex, value), date_add(to_date(concat(year, '-01-01')), 90) FROM victims_registered WHERE year <> 'TOTAL' GROUP BY year
SELECT * FROM victims_registered WHERE year = 'TOTAL' AND sex IN ('F', 'M') ORDER BY value DESC NULLS LAST LIMIT 5
SELECT year, sum(value) AS v FROM victims_registered WHERE age_group <> 'TOTAL' GROUP BY year HAVING sum(value) > 0 ORDER BY year
SELECT year, explode(array(1, 2)) AS k FROM victims_registered WHERE sex = 'TOTAL' AND age_group = 'TOTAL'
