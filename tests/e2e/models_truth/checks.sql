-- The warehouse's models against the generator's ground truth (truth_views.sql first, with
-- __TRUTH__ replaced by the truth folder). Each check counts the rows that are wrong; every count
-- must be 0. The last statement returns (check_name, failures) for every check. Wired into an
-- e2e test once `ecomdw build` exists: generate -> ingest -> build -> these checks.
CREATE OR REPLACE TEMP TABLE e2e_results (check_name VARCHAR, failures BIGINT);

-- Revenue per order date and channel, to the cent, and the order and line counts.
INSERT INTO e2e_results
SELECT 'revenue_daily_matches_truth', count(*)
FROM truth.revenue_daily AS t
FULL OUTER JOIN marts.daily_sales_by_channel AS m ON m.order_date = t.date AND m.channel = t.channel
WHERE t.date IS NULL OR m.order_date IS NULL
   OR t.orders <> m.orders OR t.lines <> m.lines OR t.gross_usd <> m.gross_usd OR t.discount_usd <> m.discount_usd
   OR t.shipping_usd <> m.shipping_usd OR t.tax_usd <> m.tax_usd OR t.net_revenue_usd <> m.net_revenue_usd;

-- Every order of the truth, once, with its status, channel, customer, line count,
-- attribution and money; and no order the truth does not have.
INSERT INTO e2e_results
WITH w AS (
  SELECT f.order_id, min(f.source_system) AS source, min(ch.channel_code) AS channel, min(c.customer_id) AS customer_id,
         min(f.status) AS status, count(*) AS n_lines, min(CASE WHEN m.is_no_campaign THEN NULL ELSE m.campaign_id END) AS campaign_id,
         min(f.attributed_by) AS attributed_by, bool_and(f.counts_in_revenue) AS counts_in_revenue,
         sum(f.gross_usd) AS gross_usd, sum(f.discount_usd) AS discount_usd, sum(f.tax_usd) AS tax_usd,
         sum(f.shipping_usd) AS shipping_usd, sum(f.net_revenue_usd) AS net_revenue_usd, min(f.order_ts) AS order_ts
  FROM core.fact_orders AS f
  JOIN core.dim_sales_channel AS ch USING (channel_key)
  JOIN core.dim_customer AS c USING (customer_key)
  JOIN core.dim_marketing_campaign AS m USING (campaign_key)
  GROUP BY f.order_id
)
SELECT 'orders_match_truth', count(*)
FROM truth.orders AS t
FULL OUTER JOIN w ON w.order_id = t.order_id
WHERE t.order_id IS NULL OR w.order_id IS NULL
   OR t.source <> w.source OR t.channel <> w.channel OR t.status <> w.status OR t.n_lines <> w.n_lines
   OR t.customer_id IS DISTINCT FROM w.customer_id OR t.order_ts <> w.order_ts
   OR t.campaign_id IS DISTINCT FROM w.campaign_id OR t.attributed_by IS DISTINCT FROM w.attributed_by
   OR t.counts_in_revenue <> w.counts_in_revenue
   OR t.gross_usd <> w.gross_usd OR t.discount_usd <> w.discount_usd OR t.tax_usd <> w.tax_usd
   OR t.shipping_usd <> w.shipping_usd OR t.net_revenue_usd <> w.net_revenue_usd;

-- Every line: sku, quantity, cents in the order currency (allocation rule) and USD.
INSERT INTO e2e_results
SELECT 'order_lines_match_truth', count(*)
FROM truth.order_lines AS t
FULL OUTER JOIN (
  SELECT l.*, p.sku AS dim_sku FROM staging.stg_order_lines AS l
  JOIN core.fact_orders AS f USING (order_id, line_number)
  JOIN core.dim_product AS p ON p.product_key = f.product_key
) AS w ON w.order_id = t.order_id AND w.line_number = t.line_number
WHERE t.order_id IS NULL OR w.order_id IS NULL
   OR t.sku <> w.sku OR t.sku <> w.dim_sku OR t.quantity <> w.quantity
   OR t.gross_cents <> w.gross_cents OR t.discount_cents <> w.discount_cents OR t.tax_cents <> w.tax_cents
   OR t.shipping_alloc_cents <> w.shipping_alloc_cents
   OR t.gross_usd <> w.gross_usd OR t.discount_usd <> w.discount_usd OR t.tax_usd <> w.tax_usd
   OR t.shipping_usd <> w.shipping_usd OR t.net_revenue_usd <> w.net_revenue_usd;

-- SCD2 versions per customer (attributes, PII included, and validity) as in customers_scd2.csv.
-- Customers the truth has but no order or CRM row has reached are compared too.
INSERT INTO e2e_results
WITH w AS (
  SELECT d.customer_id, d.version, d.valid_from, d.valid_to, d.is_current, p.email, p.first_name, p.last_name,
         p.phone, p.street, d.city, p.postal_code, d.country_code, d.segment, d.signup_date
  FROM core.dim_customer AS d JOIN core.dim_customer_pii AS p USING (customer_key)
  WHERE d.customer_id IS NOT NULL
)
SELECT 'customer_versions_match_truth', count(*)
FROM truth.customers_scd2 AS t
FULL OUTER JOIN w ON w.customer_id = t.customer_id AND w.version = t.version
WHERE t.customer_id IS NULL OR w.customer_id IS NULL
   OR t.valid_from <> w.valid_from OR t.valid_to IS DISTINCT FROM w.valid_to OR t.is_current <> w.is_current
   OR t.email <> w.email OR t.first_name IS DISTINCT FROM w.first_name OR t.last_name IS DISTINCT FROM w.last_name
   OR t.phone IS DISTINCT FROM w.phone OR t.street IS DISTINCT FROM w.street OR t.city IS DISTINCT FROM w.city
   OR t.postal_code IS DISTINCT FROM w.postal_code OR t.country_code <> w.country_code OR t.segment <> w.segment
   OR t.signup_date <> w.signup_date;

INSERT INTO e2e_results
SELECT 'product_versions_match_truth', count(*)
FROM truth.products_scd2 AS t
FULL OUTER JOIN (SELECT * FROM core.dim_product WHERE NOT is_inferred) AS w
  ON w.sku = t.sku AND w.version = t.version
WHERE t.sku IS NULL OR w.sku IS NULL
   OR t.valid_from <> w.valid_from OR t.valid_to IS DISTINCT FROM w.valid_to OR t.is_current <> w.is_current
   OR t.product_name <> w.product_name OR t.brand <> w.brand OR t.category <> w.category
   OR t.subcategory IS DISTINCT FROM w.subcategory OR t.list_price_usd <> w.list_price_usd
   OR t.unit_cost_usd <> w.unit_cost_usd OR t.launched_on <> w.launched_on;

-- Every fact row joins exactly one version of each dimension, and the customer and product
-- versions are the ones valid at the order time (version 1 for orders placed before it).
INSERT INTO e2e_results
SELECT 'fact_rows_join_one_version_each', count(*)
FROM core.fact_orders AS f
WHERE (SELECT count(*) FROM core.dim_customer AS c WHERE c.customer_key = f.customer_key) <> 1
   OR (SELECT count(*) FROM core.dim_product AS p WHERE p.product_key = f.product_key) <> 1
   OR (SELECT count(*) FROM core.dim_marketing_campaign AS m WHERE m.campaign_key = f.campaign_key) <> 1
   OR (SELECT count(*) FROM core.dim_sales_channel AS s WHERE s.channel_key = f.channel_key) <> 1
   OR (SELECT count(*) FROM core.dim_date AS d WHERE d.date_key = f.order_date_key) <> 1
   OR NOT EXISTS (SELECT 1 FROM core.dim_customer AS c WHERE c.customer_key = f.customer_key
                  AND (c.version = 1 OR f.order_ts >= c.valid_from) AND (c.valid_to IS NULL OR f.order_ts < c.valid_to))
   OR NOT EXISTS (SELECT 1 FROM core.dim_product AS p WHERE p.product_key = f.product_key
                  AND (p.version = 1 OR f.order_ts >= p.valid_from) AND (p.valid_to IS NULL OR f.order_ts < p.valid_to));

-- Late-arriving customers and products are complete: no inferred member is left for a
-- customer or sku the truth knows (the truth only lists entities whose rows have landed).
INSERT INTO e2e_results
SELECT 'late_arrivals_completed', count(*)
FROM (
  SELECT customer_id AS id FROM core.dim_customer WHERE is_inferred AND customer_id IN (SELECT customer_id FROM truth.customers_scd2)
  UNION ALL
  SELECT customer_ref FROM core.dim_customer
  WHERE is_inferred AND customer_id IS NULL AND substr(customer_ref, 7) IN (SELECT email FROM truth.customers_scd2)
  UNION ALL
  SELECT sku FROM core.dim_product WHERE is_inferred AND sku IN (SELECT sku FROM truth.products_scd2)
) AS x;

SELECT check_name, failures FROM e2e_results ORDER BY check_name;
