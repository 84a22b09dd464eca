-- materialization: table
-- unique_key: sku
-- description: One row per product (sku) with its current attributes and sales over all its
-- description: versions: orders, units and amounts of orders that count in revenue, and returned
-- description: units (lines of returned orders). Products without sales have zeros.
-- column units_sold: Units in orders that count in revenue.
-- column net_revenue_usd: Net revenue of those lines, USD.
-- column margin_usd: Net revenue minus cost, USD.
-- column returned_units: Units in returned orders.
-- column return_rate: returned_units / (units_sold + returned_units), 4 decimals; NULL without sales.
WITH sales AS (
  SELECT p.sku,
         count(DISTINCT CASE WHEN f.counts_in_revenue THEN f.order_id END) AS orders,
         sum(CASE WHEN f.counts_in_revenue THEN f.quantity ELSE 0 END) AS units_sold,
         sum(CASE WHEN f.counts_in_revenue THEN f.net_revenue_usd ELSE 0 END) AS net_revenue_usd,
         sum(CASE WHEN f.counts_in_revenue THEN f.cost_usd ELSE 0 END) AS cost_usd,
         sum(CASE WHEN f.counts_in_revenue THEN f.margin_usd ELSE 0 END) AS margin_usd,
         sum(CASE WHEN f.is_returned THEN f.quantity ELSE 0 END) AS returned_units
  FROM core.fact_orders AS f
  JOIN core.dim_product AS p ON p.product_key = f.product_key
  GROUP BY p.sku
)
SELECT cur.product_key AS current_product_key,
       cur.sku,
       cur.product_name,
       cur.brand,
       cur.category,
       cur.subcategory,
       cur.list_price_usd,
       cur.unit_cost_usd,
       cur.is_inferred,
       coalesce(s.orders, 0) AS orders,
       coalesce(s.units_sold, 0) AS units_sold,
       CAST(coalesce(s.net_revenue_usd, 0) AS DECIMAL(18, 2)) AS net_revenue_usd,
       CAST(coalesce(s.cost_usd, 0) AS DECIMAL(18, 2)) AS cost_usd,
       CAST(coalesce(s.margin_usd, 0) AS DECIMAL(18, 2)) AS margin_usd,
       coalesce(s.returned_units, 0) AS returned_units,
       CASE WHEN s.units_sold + s.returned_units > 0
            -- returned / (sold + returned) half away from zero in exact integer arithmetic (a DECIMAL
            -- division is DOUBLE in DuckDB, exact in PostgreSQL: ties would round apart)
            THEN CAST(CAST((20000 * s.returned_units + (s.units_sold + s.returned_units)
                            - (20000 * s.returned_units + (s.units_sold + s.returned_units))
                              % (2 * (s.units_sold + s.returned_units)))
                           / (2 * (s.units_sold + s.returned_units)) AS DECIMAL(18, 0)) * 0.0001 AS DECIMAL(9, 4))
       END AS return_rate
FROM core.dim_product AS cur
LEFT JOIN sales AS s ON s.sku = cur.sku
WHERE cur.is_current
