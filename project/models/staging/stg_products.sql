-- materialization: incremental
-- unique_key: sku
-- description: PIM product rows: one row per (sku, updated_at), every valid version staged so far
-- description: (dim_product builds SCD2 from them). Incremental: a run recomputes every sku with a
-- description: row in ops.pending_batches.
-- column sku: PIM stock keeping unit (natural key).
-- column list_price_usd: List price in USD.
-- column unit_cost_usd: Unit cost in USD.
-- column batch_id: Ingest batch that staged this row.
-- column last_batch_id: The latest batch that staged any row of this sku.
WITH touched AS (
  SELECT DISTINCT sku
  FROM staging.pim_products
  WHERE _batch_id IN (SELECT batch_id FROM ops.pending_batches)
),
ranked AS (
  SELECT p.*,
         row_number() OVER (PARTITION BY p.sku, p.updated_at ORDER BY p._batch_id, p._line) AS rn,
         max(p._batch_id) OVER (PARTITION BY p.sku) AS last_batch_id
  FROM staging.pim_products AS p
  WHERE p.sku IN (SELECT sku FROM touched)
)
SELECT sku,
       updated_at,
       trim(product_name) AS product_name,
       trim(brand) AS brand,
       trim(category) AS category,
       nullif(trim(subcategory), '') AS subcategory,
       list_price_usd,
       unit_cost_usd,
       launched_on,
       _batch_id AS batch_id,
       last_batch_id
FROM ranked
WHERE rn = 1
