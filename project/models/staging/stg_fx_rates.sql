-- materialization: table
-- description: Daily FX rates to USD, one row per (rate_date, currency). A rate re-sent in a later
-- description: batch replaces the earlier one. Small (10 currencies a day), so rebuilt every run.
-- column rate_date: The day the rate applies to (an order uses the rate of its order date).
-- column currency: ISO 4217 code, upper case.
-- column usd_per_unit: USD value of one unit of the currency, 6 decimals.
-- column batch_id: Ingest batch that brought this rate.
SELECT rate_date, currency, usd_per_unit, batch_id
FROM (
  SELECT r.date AS rate_date,
         upper(trim(r.currency)) AS currency,
         r.usd_per_unit,
         r._batch_id AS batch_id,
         row_number() OVER (PARTITION BY r.date, upper(trim(r.currency))
                            ORDER BY r._batch_id DESC NULLS LAST, r._line DESC NULLS LAST) AS rn
  FROM staging.ecb_fx_rates AS r
) AS ranked
WHERE rn = 1
