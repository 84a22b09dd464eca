-- materialization: table
-- unique_key: campaign_key, date_key
-- description: Daily campaign spend, one row per campaign and day (grain: campaign x day), keyed to
-- description: dim_marketing_campaign and dim_date. Small (active campaigns x days): rebuilt every run.
-- column campaign_key: dim_marketing_campaign key.
-- column date_key: dim_date key (YYYYMMDD) of the spend day.
-- column spend_usd: Spend in USD.
SELECT m.campaign_key,
       CAST(extract(year FROM s.spend_date) * 10000 + extract(month FROM s.spend_date) * 100
            + extract(day FROM s.spend_date) AS INTEGER) AS date_key,
       s.spend_date,
       s.campaign_id,
       s.impressions,
       s.clicks,
       s.spend_usd,
       s.batch_id
FROM staging.stg_campaign_spend AS s
LEFT JOIN core.dim_marketing_campaign AS m ON m.campaign_id = s.campaign_id
