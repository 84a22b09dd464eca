-- materialization: table
-- unique_key: campaign_key
-- description: One row per marketing campaign (the no-campaign member excluded): attributed orders
-- description: and net revenue (orders that count in revenue), spend, impressions and clicks, new
-- description: customers (customers whose first revenue order is attributed to the campaign),
-- description: ROAS = revenue / spend and CAC = spend / new customers (NULL when dividing by zero).
-- column orders: Attributed orders that count in revenue.
-- column revenue_usd: Net revenue of those orders, USD.
-- column roas: Return on ad spend, revenue_usd / spend_usd, 4 decimals.
-- column new_customers: Customers acquired: their first revenue order is attributed here.
-- column cac_usd: Customer acquisition cost, spend_usd / new_customers.
WITH order_totals AS (
  SELECT f.order_id, f.campaign_key, c.customer_ref, min(f.order_ts) AS order_ts,
         sum(f.net_revenue_usd) AS revenue_usd
  FROM core.fact_orders AS f
  JOIN core.dim_customer AS c ON c.customer_key = f.customer_key
  WHERE f.counts_in_revenue
  GROUP BY f.order_id, f.campaign_key, c.customer_ref
),
first_orders AS (
  SELECT campaign_key, count(*) AS new_customers
  FROM (
    SELECT campaign_key,
           row_number() OVER (PARTITION BY customer_ref ORDER BY order_ts, order_id) AS rn
    FROM order_totals
  ) AS ranked
  WHERE rn = 1
  GROUP BY campaign_key
),
attributed AS (
  SELECT campaign_key, count(*) AS orders, sum(revenue_usd) AS revenue_usd,
         CAST(sum(revenue_usd) * 100 AS BIGINT) AS revenue_cents
  FROM order_totals
  GROUP BY campaign_key
),
spend AS (
  SELECT campaign_key, sum(spend_usd) AS spend_usd, CAST(sum(spend_usd) * 100 AS BIGINT) AS spend_cents,
         sum(impressions) AS impressions, sum(clicks) AS clicks
  FROM core.fact_campaign_spend
  GROUP BY campaign_key
)
SELECT m.campaign_key,
       m.campaign_id,
       m.campaign_name,
       m.marketing_channel,
       m.campaign_type,
       m.start_date,
       m.end_date,
       m.budget_usd,
       coalesce(a.orders, 0) AS orders,
       CAST(coalesce(a.revenue_usd, 0) AS DECIMAL(18, 2)) AS revenue_usd,
       CAST(coalesce(s.spend_usd, 0) AS DECIMAL(18, 2)) AS spend_usd,
       coalesce(s.impressions, 0) AS impressions,
       coalesce(s.clicks, 0) AS clicks,
       coalesce(n.new_customers, 0) AS new_customers,
       -- Ratios rounded half away from zero in exact integer arithmetic, all terms >= 0: a DECIMAL
       -- division is DOUBLE in DuckDB and exact in PostgreSQL, and the two would round ties apart.
       CASE WHEN s.spend_cents > 0
            THEN CAST(CAST((20000 * coalesce(a.revenue_cents, 0) + s.spend_cents
                            - (20000 * coalesce(a.revenue_cents, 0) + s.spend_cents) % (2 * s.spend_cents))
                           / (2 * s.spend_cents) AS DECIMAL(18, 0)) * 0.0001 AS DECIMAL(18, 4))
       END AS roas,
       CASE WHEN n.new_customers > 0
            THEN CAST(CAST((2 * s.spend_cents + n.new_customers
                            - (2 * s.spend_cents + n.new_customers) % (2 * n.new_customers))
                           / (2 * n.new_customers) AS DECIMAL(18, 0)) * 0.01 AS DECIMAL(18, 2))
       END AS cac_usd
FROM core.dim_marketing_campaign AS m
LEFT JOIN attributed AS a ON a.campaign_key = m.campaign_key
LEFT JOIN spend AS s ON s.campaign_key = m.campaign_key
LEFT JOIN first_orders AS n ON n.campaign_key = m.campaign_key
WHERE NOT m.is_no_campaign
