-- materialization: incremental
-- unique_key: order_id
-- description: Order lines, one row per line of the latest valid version of each order (grain: order
-- description: line), with the keys of the customer and product versions valid at the order time
-- description: (an order placed before a dimension's first version maps to version 1), the campaign
-- description: it is attributed to (coupon first, else UTM code, else the no-campaign member 0), the
-- description: channel and the order date. Measures in the order currency and in USD as computed by
-- description: stg_order_lines; cost = quantity x the product version's unit cost (USD), margin =
-- description: net revenue - cost. Cancelled and returned orders keep their amounts with flags set;
-- description: counts_in_revenue is false for them.
-- description: Incremental, keyed by order_id (a re-sent order replaces all its lines): recomputes
-- description: the orders with new versions, and re-keys the orders of customers, products and
-- description: campaigns whose dimension rows changed in the pending batches.
-- column order_id: Degenerate dimension: the order's id in its source system.
-- column line_number: 1..n within the order.
-- column order_date_key: dim_date key (YYYYMMDD) of the order date.
-- column customer_key: dim_customer version valid at order_ts.
-- column product_key: dim_product version valid at order_ts.
-- column campaign_key: dim_marketing_campaign key; 0 = no campaign.
-- column attributed_by: coupon, utm or NULL.
-- column counts_in_revenue: True for placed, shipped and delivered orders.
-- column unit_price: Price per unit, order currency.
-- column shipping_amount: Allocated shipping of the line, order currency.
-- column net_revenue_usd: gross_usd - discount_usd + shipping_usd.
-- column cost_usd: quantity x unit_cost_usd of the product version; NULL for an inferred product.
-- column batch_id: Ingest batch that brought the order version.
WITH pending AS (
  SELECT min(batch_id) AS first_pending FROM ops.pending_batches
),
changed_customers AS (
  SELECT customer_lookup FROM core.dim_customer
  WHERE last_batch_id >= (SELECT first_pending FROM pending)
),
changed_products AS (
  SELECT sku FROM core.dim_product WHERE last_batch_id >= (SELECT first_pending FROM pending)
),
changed_campaigns AS (
  SELECT coupon_code_norm, utm_code FROM core.dim_marketing_campaign
  WHERE last_batch_id >= (SELECT first_pending FROM pending)
),
-- Orders to recompute: new versions, and orders whose customer, product or campaign changed.
-- One pass over stg_orders (semi-joins, each a hash lookup) and one over stg_order_lines.
touched AS (
  SELECT order_id FROM staging.stg_orders
  WHERE last_batch_id >= (SELECT first_pending FROM pending)
     OR coalesce(customer_id, 'email:' || buyer_email) IN (SELECT customer_lookup FROM changed_customers)
     OR coupon_code_norm IN (SELECT coupon_code_norm FROM changed_campaigns)
     OR utm_code IN (SELECT utm_code FROM changed_campaigns)
  UNION
  SELECT order_id FROM staging.stg_order_lines WHERE sku IN (SELECT sku FROM changed_products)
),
orders AS (
  SELECT o.*,
         coalesce(o.customer_id, 'email:' || o.buyer_email) AS customer_lookup,
         coalesce(cc.campaign_key, cu.campaign_key, 0) AS campaign_key,
         CASE WHEN cc.campaign_key IS NOT NULL THEN 'coupon'
              WHEN cu.campaign_key IS NOT NULL THEN 'utm' END AS attributed_by
  FROM staging.stg_orders AS o
  LEFT JOIN core.dim_marketing_campaign AS cc
    ON cc.coupon_code_norm = o.coupon_code_norm AND NOT cc.is_no_campaign
  LEFT JOIN core.dim_marketing_campaign AS cu
    ON cu.utm_code = o.utm_code AND NOT cu.is_no_campaign
  WHERE o.order_id IN (SELECT order_id FROM touched)
),
-- Version lookups as an equi-join on the natural key plus a range on closed bounds: version 1
-- reaches back to the beginning of time, the current version forward to its end. (An OR in the
-- join condition would make the engine compare every order with every version.)
customer_versions AS (
  SELECT customer_key, customer_lookup,
         CASE WHEN version = 1 THEN TIMESTAMP '0001-01-01 00:00:00' ELSE valid_from END AS lookup_from,
         coalesce(valid_to, TIMESTAMP '9999-12-31 00:00:00') AS lookup_to
  FROM core.dim_customer
),
product_versions AS (
  SELECT product_key, sku, unit_cost_usd,
         CASE WHEN version = 1 THEN TIMESTAMP '0001-01-01 00:00:00' ELSE valid_from END AS lookup_from,
         coalesce(valid_to, TIMESTAMP '9999-12-31 00:00:00') AS lookup_to
  FROM core.dim_product
)
SELECT l.order_id,
       l.line_number,
       o.source_system,
       ch.channel_key,
       CAST(extract(year FROM o.order_date) * 10000 + extract(month FROM o.order_date) * 100
            + extract(day FROM o.order_date) AS INTEGER) AS order_date_key,
       c.customer_key,
       p.product_key,
       o.campaign_key,
       o.attributed_by,
       o.status,
       o.status = 'cancelled' AS is_cancelled,
       o.status = 'returned' AS is_returned,
       o.status IN ('placed', 'shipped', 'delivered') AS counts_in_revenue,
       o.order_ts,
       o.order_date,
       o.currency,
       l.quantity,
       l.unit_price,
       CAST(CAST(l.gross_cents AS DECIMAL(18, 0)) * 0.01 AS DECIMAL(18, 2)) AS gross_amount,
       CAST(l.discount_amount AS DECIMAL(18, 2)) AS discount_amount,
       CAST(l.tax_amount AS DECIMAL(18, 2)) AS tax_amount,
       CAST(CAST(l.shipping_alloc_cents AS DECIMAL(18, 0)) * 0.01 AS DECIMAL(18, 2)) AS shipping_amount,
       l.usd_per_unit,
       l.gross_usd,
       l.discount_usd,
       l.tax_usd,
       l.shipping_usd,
       l.net_revenue_usd,
       CAST(l.quantity * p.unit_cost_usd AS DECIMAL(18, 2)) AS cost_usd,
       CAST(l.net_revenue_usd - l.quantity * p.unit_cost_usd AS DECIMAL(18, 2)) AS margin_usd,
       o.batch_id
FROM staging.stg_order_lines AS l
JOIN orders AS o ON o.order_id = l.order_id
LEFT JOIN core.dim_sales_channel AS ch ON ch.channel_code = o.channel
LEFT JOIN customer_versions AS c
  ON c.customer_lookup = o.customer_lookup AND o.order_ts >= c.lookup_from AND o.order_ts < c.lookup_to
LEFT JOIN product_versions AS p
  ON p.sku = l.sku AND o.order_ts >= p.lookup_from AND o.order_ts < p.lookup_to
