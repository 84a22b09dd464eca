-- materialization: table
-- unique_key: date_key
-- description: One row per calendar day from 1 January of the first year with data (orders, FX rates,
-- description: campaigns, spend) to 31 December of the year after the last one. Fiscal year starts
-- description: 1 February (retail calendar; fiscal year N runs Feb N to Jan N+1). Holidays are the
-- description: US federal holidays on their actual dates (no observed-day shifts).
-- column date_key: YYYYMMDD as an integer; the key facts use.
-- column day_of_week: ISO day of week, 1 = Monday .. 7 = Sunday.
-- column is_weekend: Saturday or Sunday.
-- column fiscal_year: Fiscal year, named by the calendar year in which it starts (1 February).
-- column fiscal_month: 1 = February .. 12 = January.
-- column holiday_name: Name of the US federal holiday on this day, else NULL.
WITH bounds AS (
  SELECT min(d) AS lo, max(d) AS hi
  FROM (
    SELECT min(order_date) AS d FROM staging.stg_orders
    UNION ALL SELECT max(order_date) FROM staging.stg_orders
    UNION ALL SELECT min(rate_date) FROM staging.stg_fx_rates
    UNION ALL SELECT max(rate_date) FROM staging.stg_fx_rates
    UNION ALL SELECT min(start_date) FROM staging.stg_campaigns
    UNION ALL SELECT max(end_date) FROM staging.stg_campaigns
    UNION ALL SELECT min(spend_date) FROM staging.stg_campaign_spend
    UNION ALL SELECT max(spend_date) FROM staging.stg_campaign_spend
  ) AS all_dates
),
days AS (
  SELECT CAST(ts AS DATE) AS d
  FROM bounds,
       {{ date_spine(make_date(CAST(extract(year FROM lo) AS INTEGER), 1, 1),
                     make_date(CAST(extract(year FROM hi) AS INTEGER) + 1, 12, 31)) }} AS g(ts)
  WHERE lo IS NOT NULL
),
parts AS (
  SELECT d,
         CAST(extract(year FROM d) AS INTEGER) AS y,
         CAST(extract(month FROM d) AS INTEGER) AS m,
         CAST(extract(day FROM d) AS INTEGER) AS dom,
         {{ day_of_week(d) }} AS dow
  FROM days
),
named AS (
  SELECT p.*,
         CASE
           WHEN m = 1 AND dom = 1 THEN 'New Year''s Day'
           WHEN m = 1 AND dow = 1 AND dom BETWEEN 15 AND 21 THEN 'Martin Luther King Jr. Day'
           WHEN m = 2 AND dow = 1 AND dom BETWEEN 15 AND 21 THEN 'Washington''s Birthday'
           WHEN m = 5 AND dow = 1 AND dom >= 25 THEN 'Memorial Day'
           WHEN m = 6 AND dom = 19 THEN 'Juneteenth'
           WHEN m = 7 AND dom = 4 THEN 'Independence Day'
           WHEN m = 9 AND dow = 1 AND dom <= 7 THEN 'Labor Day'
           WHEN m = 10 AND dow = 1 AND dom BETWEEN 8 AND 14 THEN 'Columbus Day'
           WHEN m = 11 AND dom = 11 THEN 'Veterans Day'
           WHEN m = 11 AND dow = 4 AND dom BETWEEN 22 AND 28 THEN 'Thanksgiving Day'
           WHEN m = 12 AND dom = 25 THEN 'Christmas Day'
         END AS holiday_name,
         CASE WHEN m >= 2 THEN y ELSE y - 1 END AS fiscal_year,
         CASE WHEN m >= 2 THEN m - 1 ELSE 12 END AS fiscal_month
  FROM parts AS p
)
SELECT y * 10000 + m * 100 + dom AS date_key,
       d AS full_date,
       y AS year,
       CASE WHEN m <= 3 THEN 1 WHEN m <= 6 THEN 2 WHEN m <= 9 THEN 3 ELSE 4 END AS quarter,
       m AS month,
       {{ month_name(d) }} AS month_name,
       y * 100 + m AS year_month,
       dom AS day_of_month,
       CAST(extract(doy FROM d) AS INTEGER) AS day_of_year,
       CAST(extract(week FROM d) AS INTEGER) AS iso_week,
       dow AS day_of_week,
       {{ day_name(d) }} AS day_name,
       dow >= 6 AS is_weekend,
       holiday_name IS NOT NULL AS is_holiday,
       holiday_name,
       fiscal_year,
       CASE WHEN fiscal_month <= 3 THEN 1 WHEN fiscal_month <= 6 THEN 2 WHEN fiscal_month <= 9 THEN 3 ELSE 4 END
         AS fiscal_quarter,
       fiscal_month
FROM named
