-- materialization: table
-- unique_key: customer_ref
-- description: One row per customer (dim_customer identity, current version's attributes): first and
-- description: last revenue order, orders, lifetime value (net revenue USD of the orders that count in
-- description: revenue), cohort month (month of the first such order), and an RFM segment. Recency is
-- description: measured in days before the last order date in the warehouse (not the wall clock, so a
-- description: rebuild gives the same table). R, F and M are quintiles (1 low .. 5 high) over the
-- description: customers with orders, ties broken by customer_ref.
-- column lifetime_value_usd: Net revenue USD of the customer's revenue orders so far.
-- column avg_order_value_usd: lifetime_value_usd / orders, rounded half away from zero to the cent.
-- column recency_days: Days from the last order to the warehouse's last order date.
-- column rfm_segment: champions, loyal, new, at_risk, lost, needs_attention, or no_orders.
-- column cohort_month: First day of the month of the first revenue order.
WITH orders AS (
  SELECT c.customer_ref, f.order_id, min(f.order_date) AS order_date, sum(f.net_revenue_usd) AS revenue_usd
  FROM core.fact_orders AS f
  JOIN core.dim_customer AS c ON c.customer_key = f.customer_key
  WHERE f.counts_in_revenue
  GROUP BY c.customer_ref, f.order_id
),
per_customer AS (
  SELECT customer_ref,
         min(order_date) AS first_order_date,
         max(order_date) AS last_order_date,
         count(*) AS orders,
         sum(revenue_usd) AS lifetime_value_usd,
         CAST(sum(revenue_usd) * 100 AS BIGINT) AS lifetime_cents
  FROM orders
  GROUP BY customer_ref
),
scored AS (
  SELECT p.*,
         (SELECT max(order_date) FROM orders) - p.last_order_date AS recency_days,
         ntile(5) OVER (ORDER BY p.last_order_date, p.customer_ref) AS r_score,
         ntile(5) OVER (ORDER BY p.orders, p.customer_ref) AS f_score,
         ntile(5) OVER (ORDER BY p.lifetime_value_usd, p.customer_ref) AS m_score
  FROM per_customer AS p
)
SELECT cur.customer_ref,
       cur.customer_id,
       cur.customer_key AS current_customer_key,
       cur.segment,
       cur.country_code,
       cur.is_inferred,
       s.first_order_date,
       s.last_order_date,
       coalesce(s.orders, 0) AS orders,
       CAST(coalesce(s.lifetime_value_usd, 0) AS DECIMAL(18, 2)) AS lifetime_value_usd,
       -- lifetime / orders to the cent, half away from zero, in exact integer arithmetic (a DECIMAL
       -- division is DOUBLE in DuckDB and exact in PostgreSQL: the two would differ on ties)
       CASE WHEN s.orders > 0
            THEN CAST(CAST(sign(s.lifetime_cents)
                           * (abs(s.lifetime_cents) * 2 + s.orders - (abs(s.lifetime_cents) * 2 + s.orders) % (2 * s.orders))
                           / (2 * s.orders) AS DECIMAL(18, 0)) * 0.01 AS DECIMAL(18, 2))
       END AS avg_order_value_usd,
       CAST(s.recency_days AS INTEGER) AS recency_days,
       s.r_score,
       s.f_score,
       s.m_score,
       CASE
         WHEN s.orders IS NULL THEN 'no_orders'
         WHEN s.r_score >= 4 AND s.f_score >= 4 AND s.m_score >= 4 THEN 'champions'
         WHEN s.r_score >= 3 AND s.f_score >= 3 THEN 'loyal'
         WHEN s.r_score >= 4 THEN 'new'
         WHEN s.r_score <= 2 AND s.f_score >= 3 THEN 'at_risk'
         WHEN s.r_score <= 2 THEN 'lost'
         ELSE 'needs_attention'
       END AS rfm_segment,
       {{ month_start(s.first_order_date) }} AS cohort_month
FROM core.dim_customer AS cur
LEFT JOIN scored AS s ON s.customer_ref = cur.customer_ref
WHERE cur.is_current
