-- materialization: incremental
-- unique_key: sku
-- description: Products, SCD type 2 over list price, unit cost, category and brand (rule of
-- description: docs/raw_zone.md §4.3/§4.4: a PIM row opens a version when one of them differs from the
-- description: previous row; half-open [valid_from, valid_to)). Subcategory belongs to the version (the
-- description: opening row's, like its category); name and launch date are type 1 (latest row). A sku an order line names before the PIM has sent it gets an
-- description: inferred member, completed in place (same product_key) when the PIM row arrives.
-- description: product_key = hash of sku for version 1, of sku and valid_from for later versions.
-- description: Incremental: recomputes every sku with PIM rows or order lines in the pending batches.
-- column product_key: Surrogate key of the version (60-bit hash, see description).
-- column version: 1..n in valid_from order.
-- column valid_from: updated_at of the PIM row that opened the version; for an inferred member the
-- column valid_from: first order date. Facts placed before version 1 begins map to version 1.
-- column is_inferred: Created from an order line; no PIM row for this sku has been staged yet.
-- column last_batch_id: Latest batch with a PIM row of the sku (inferred: with an order line naming it).
WITH pending AS (
  SELECT batch_id FROM ops.pending_batches
),
touched AS (
  SELECT sku FROM staging.stg_products WHERE last_batch_id >= (SELECT min(batch_id) FROM pending)
  UNION
  SELECT sku FROM staging.stg_order_lines WHERE last_batch_id >= (SELECT min(batch_id) FROM pending)
),
pim AS (
  SELECT * FROM staging.stg_products WHERE sku IN (SELECT sku FROM touched)
),
latest AS (
  SELECT sku, product_name, launched_on, last_batch_id
  FROM (
    SELECT sku, product_name, launched_on, last_batch_id,
           row_number() OVER (PARTITION BY sku ORDER BY updated_at DESC NULLS LAST) AS rn
    FROM pim
  ) AS ranked
  WHERE rn = 1
),
flagged AS (
  SELECT p.sku, p.updated_at, p.brand, p.category, p.subcategory, p.list_price_usd, p.unit_cost_usd,
         CASE WHEN lag(p.updated_at) OVER w IS NULL
                OR p.list_price_usd IS DISTINCT FROM lag(p.list_price_usd) OVER w
                OR p.unit_cost_usd IS DISTINCT FROM lag(p.unit_cost_usd) OVER w
                OR p.category IS DISTINCT FROM lag(p.category) OVER w
                OR p.brand IS DISTINCT FROM lag(p.brand) OVER w
              THEN 1 ELSE 0 END AS opens
  FROM pim AS p
  WINDOW w AS (PARTITION BY p.sku ORDER BY p.updated_at)
),
versions AS (
  SELECT f.sku,
         row_number() OVER (PARTITION BY f.sku ORDER BY f.updated_at) AS version,
         f.updated_at AS valid_from,
         lead(f.updated_at) OVER (PARTITION BY f.sku ORDER BY f.updated_at) AS valid_to,
         FALSE AS is_inferred,
         l.product_name, f.brand, f.category, f.subcategory, f.list_price_usd, f.unit_cost_usd,
         l.launched_on, l.last_batch_id
  FROM flagged AS f
  JOIN latest AS l ON l.sku = f.sku
  WHERE f.opens = 1
),
inferred AS (
  SELECT sku, CAST(min(order_date) AS TIMESTAMP) AS valid_from, max(last_batch_id) AS last_batch_id
  FROM staging.stg_order_lines
  WHERE sku IN (SELECT sku FROM touched) AND sku NOT IN (SELECT sku FROM pim)
  GROUP BY sku
),
all_versions AS (
  SELECT * FROM versions
  UNION ALL
  SELECT sku, 1, valid_from, CAST(NULL AS TIMESTAMP), TRUE, CAST(NULL AS VARCHAR), CAST(NULL AS VARCHAR),
         CAST(NULL AS VARCHAR), CAST(NULL AS VARCHAR), CAST(NULL AS DECIMAL(12, 2)),
         CAST(NULL AS DECIMAL(12, 2)), CAST(NULL AS DATE), last_batch_id
  FROM inferred
)
SELECT {{ surrogate_key(sku, CASE WHEN version = 1 THEN 'first' ELSE CAST(valid_from AS VARCHAR) END) }}
         AS product_key,
       sku,
       CAST(version AS INTEGER) AS version,
       valid_from,
       valid_to,
       valid_to IS NULL AS is_current,
       is_inferred,
       product_name,
       brand,
       category,
       subcategory,
       list_price_usd,
       unit_cost_usd,
       launched_on,
       last_batch_id
FROM all_versions
