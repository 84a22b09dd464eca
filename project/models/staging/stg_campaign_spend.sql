-- materialization: table
-- description: Daily spend per campaign, one row per (spend_date, campaign_id); a row re-sent in a
-- description: later batch replaces the earlier one.
-- column spend_date: The day the spend, impressions and clicks were incurred.
-- column spend_usd: Spend in USD.
-- column batch_id: Ingest batch that brought this row.
SELECT spend_date, campaign_id, impressions, clicks, spend_usd, batch_id
FROM (
  SELECT s.date AS spend_date,
         s.campaign_id,
         s.impressions,
         s.clicks,
         s.spend_usd,
         s._batch_id AS batch_id,
         row_number() OVER (PARTITION BY s.date, s.campaign_id ORDER BY s._batch_id DESC NULLS LAST, s._line DESC NULLS LAST) AS rn
  FROM staging.ads_campaign_spend AS s
) AS ranked
WHERE rn = 1
