-- The generator's ground truth (docs/raw_zone.md §7) as views over its CSV files.
-- __TRUTH__ is replaced by the truth folder (an absolute path) before this runs.
CREATE SCHEMA IF NOT EXISTS truth;
CREATE OR REPLACE MACRO truth.ts(x) AS CAST(replace(replace(x, 'T', ' '), 'Z', '') AS TIMESTAMP);
CREATE OR REPLACE VIEW truth.revenue_daily AS
SELECT CAST(date AS DATE) AS date, channel, CAST(orders AS BIGINT) AS orders, CAST(lines AS BIGINT) AS lines,
       CAST(gross_usd AS DECIMAL(18,2)) AS gross_usd, CAST(discount_usd AS DECIMAL(18,2)) AS discount_usd,
       CAST(shipping_usd AS DECIMAL(18,2)) AS shipping_usd, CAST(tax_usd AS DECIMAL(18,2)) AS tax_usd,
       CAST(net_revenue_usd AS DECIMAL(18,2)) AS net_revenue_usd
FROM read_csv('__TRUTH__/revenue_daily.csv', all_varchar = true, header = true);
CREATE OR REPLACE VIEW truth.orders AS
SELECT order_id, source, channel, nullif(customer_id, '') AS customer_id, truth.ts(order_ts) AS order_ts,
       truth.ts(updated_at) AS updated_at, status, currency, CAST(n_lines AS BIGINT) AS n_lines,
       nullif(campaign_id, '') AS campaign_id, nullif(attributed_by, '') AS attributed_by,
       CAST(counts_in_revenue AS BOOLEAN) AS counts_in_revenue, CAST(gross_usd AS DECIMAL(18,2)) AS gross_usd,
       CAST(discount_usd AS DECIMAL(18,2)) AS discount_usd, CAST(tax_usd AS DECIMAL(18,2)) AS tax_usd,
       CAST(shipping_usd AS DECIMAL(18,2)) AS shipping_usd, CAST(net_revenue_usd AS DECIMAL(18,2)) AS net_revenue_usd
FROM read_csv('__TRUTH__/orders/*.csv.gz', all_varchar = true, header = true);
CREATE OR REPLACE VIEW truth.order_lines AS
SELECT order_id, CAST(line_number AS INTEGER) AS line_number, sku, CAST(quantity AS INTEGER) AS quantity,
       CAST(gross_cents AS BIGINT) AS gross_cents, CAST(discount_cents AS BIGINT) AS discount_cents,
       CAST(tax_cents AS BIGINT) AS tax_cents, CAST(shipping_alloc_cents AS BIGINT) AS shipping_alloc_cents,
       CAST(gross_usd AS DECIMAL(18,2)) AS gross_usd, CAST(discount_usd AS DECIMAL(18,2)) AS discount_usd,
       CAST(tax_usd AS DECIMAL(18,2)) AS tax_usd, CAST(shipping_usd AS DECIMAL(18,2)) AS shipping_usd,
       CAST(net_revenue_usd AS DECIMAL(18,2)) AS net_revenue_usd
FROM read_csv('__TRUTH__/order_lines/*.csv.gz', all_varchar = true, header = true);
CREATE OR REPLACE VIEW truth.customers_scd2 AS
SELECT customer_id, CAST(version AS INTEGER) AS version, truth.ts(valid_from) AS valid_from,
       truth.ts(nullif(valid_to, '')) AS valid_to, CAST(is_current AS BOOLEAN) AS is_current, email,
       nullif(first_name, '') AS first_name, nullif(last_name, '') AS last_name, nullif(phone, '') AS phone,
       nullif(street, '') AS street, nullif(city, '') AS city, nullif(postal_code, '') AS postal_code,
       country_code, segment, CAST(signup_date AS DATE) AS signup_date
FROM read_csv('__TRUTH__/customers_scd2.csv', all_varchar = true, header = true);
CREATE OR REPLACE VIEW truth.products_scd2 AS
SELECT sku, CAST(version AS INTEGER) AS version, truth.ts(valid_from) AS valid_from,
       truth.ts(nullif(valid_to, '')) AS valid_to, CAST(is_current AS BOOLEAN) AS is_current, product_name, brand,
       category, nullif(subcategory, '') AS subcategory, CAST(list_price_usd AS DECIMAL(12,2)) AS list_price_usd,
       CAST(unit_cost_usd AS DECIMAL(12,2)) AS unit_cost_usd, CAST(launched_on AS DATE) AS launched_on
FROM read_csv('__TRUTH__/products_scd2.csv', all_varchar = true, header = true);
