-- materialization: table
-- unique_key: date_key, channel
-- description: Revenue per order date and sales channel over the orders that count in revenue
-- description: (placed, shipped, delivered): one row per (order date, channel) with at least one such
-- description: order. The same numbers as the generator's revenue_daily.csv.
-- column orders: Distinct orders.
-- column lines: Order lines.
-- column net_revenue_usd: gross - discount + allocated shipping, USD (tax excluded).
-- column margin_usd: Net revenue minus product cost, over lines whose product cost is known.
SELECT f.order_date_key AS date_key,
       f.order_date,
       ch.channel_code AS channel,
       ch.channel_type,
       count(DISTINCT f.order_id) AS orders,
       count(*) AS lines,
       sum(f.quantity) AS units,
       CAST(sum(f.gross_usd) AS DECIMAL(18, 2)) AS gross_usd,
       CAST(sum(f.discount_usd) AS DECIMAL(18, 2)) AS discount_usd,
       CAST(sum(f.shipping_usd) AS DECIMAL(18, 2)) AS shipping_usd,
       CAST(sum(f.tax_usd) AS DECIMAL(18, 2)) AS tax_usd,
       CAST(sum(f.net_revenue_usd) AS DECIMAL(18, 2)) AS net_revenue_usd,
       CAST(sum(f.cost_usd) AS DECIMAL(18, 2)) AS cost_usd,
       CAST(sum(f.margin_usd) AS DECIMAL(18, 2)) AS margin_usd
FROM core.fact_orders AS f
JOIN core.dim_sales_channel AS ch ON ch.channel_key = f.channel_key
WHERE f.counts_in_revenue
GROUP BY f.order_date_key, f.order_date, ch.channel_code, ch.channel_type
