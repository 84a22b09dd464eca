-- materialization: table
-- unique_key: campaign_key
-- description: One row per marketing campaign (type 1: its latest version), plus the member
-- description: campaign_key 0 / campaign_id 'none' that orders without a campaign point to.
-- description: Attribution (done in fact_orders, docs/raw_zone.md §5): the campaign whose coupon
-- description: equals the order's coupon (case-insensitive), else the one whose UTM code equals the
-- description: order's UTM code, else none.
-- column campaign_key: Surrogate key: surrogate_key(campaign_id), the first 60 bits of md5; 0 for no campaign.
-- column campaign_id: Ads platform id, or 'none'.
-- column is_no_campaign: True only for the no-campaign member.
-- column last_batch_id: The latest batch that staged any version of the campaign (NULL for none).
SELECT {{ surrogate_key(campaign_id) }} AS campaign_key,
       campaign_id,
       campaign_name,
       marketing_channel,
       campaign_type,
       start_date,
       end_date,
       budget_usd,
       utm_code,
       coupon_code,
       coupon_code_norm,
       discount_pct,
       FALSE AS is_no_campaign,
       last_batch_id
FROM staging.stg_campaigns
UNION ALL
-- last_batch_id: an untyped NULL takes the batch id's type (VARCHAR from the loader).
SELECT CAST(0 AS BIGINT), 'none', 'No campaign', CAST(NULL AS VARCHAR), CAST(NULL AS VARCHAR),
       CAST(NULL AS DATE), CAST(NULL AS DATE), CAST(NULL AS DECIMAL(12, 2)), CAST(NULL AS VARCHAR),
       CAST(NULL AS VARCHAR), CAST(NULL AS VARCHAR), CAST(NULL AS INTEGER), TRUE, NULL
