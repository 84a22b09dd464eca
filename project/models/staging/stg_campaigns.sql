-- materialization: table
-- description: Marketing campaigns, one row per campaign_id: its latest version by updated_at.
-- description: Coupon codes are kept as published and also lower-cased for case-insensitive
-- description: matching (docs/raw_zone.md §5, attribution). A few hundred rows: rebuilt every run.
-- column campaign_id: Campaign id of the ads platform (CMP-nnnnn).
-- column marketing_channel: email, social, search, display or affiliate.
-- column utm_code: UTM code, unique over all campaigns; matched exactly.
-- column coupon_code_norm: Coupon code trimmed and lower-cased; NULL without a coupon.
-- column last_batch_id: The latest batch that staged any version of the campaign.
SELECT campaign_id, campaign_name, marketing_channel, campaign_type, start_date, end_date, budget_usd,
       utm_code, coupon_code, coupon_code_norm, discount_pct, updated_at, batch_id, last_batch_id
FROM (
  SELECT c.campaign_id,
         c.name AS campaign_name,
         lower(trim(c.channel)) AS marketing_channel,
         lower(trim(c.type)) AS campaign_type,
         c.start_date,
         c.end_date,
         c.budget AS budget_usd,
         trim(c.utm_code) AS utm_code,
         trim(c.coupon_code) AS coupon_code,
         lower(trim(c.coupon_code)) AS coupon_code_norm,
         c.discount_pct,
         c.updated_at,
         c._batch_id AS batch_id,
         max(c._batch_id) OVER (PARTITION BY c.campaign_id) AS last_batch_id,
         row_number() OVER (PARTITION BY c.campaign_id
                            ORDER BY c.updated_at DESC NULLS LAST, c._batch_id DESC NULLS LAST, c._line DESC NULLS LAST) AS rn
  FROM staging.ads_campaigns AS c
) AS ranked
WHERE rn = 1
