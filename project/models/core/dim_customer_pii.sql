-- materialization: incremental
-- unique_key: customer_ref
-- description: The personal data of dim_customer, one row per dim_customer row (same customer_key),
-- description: kept apart so roles without PII rights can be given core.dim_customer alone. E-mail,
-- description: names and phone are type 1 (the latest CRM row's); street and postal code belong to
-- description: the version (SCD2). An inferred member has only what the order told: the buyer e-mail
-- description: of a marketplace order, else nothing.
-- column customer_key: Key of the dim_customer version.
-- column email: Normalised e-mail.
-- column street: Street of the version.
WITH changed AS (
  SELECT customer_key, customer_ref, customer_id, valid_from,
         -- the CRM row that opened the version; an inferred member has none. (A condition on the
         -- preserved side inside the LEFT JOIN would make the engine compare every pair.)
         CASE WHEN NOT is_inferred THEN customer_id END AS crm_customer_id
  FROM core.dim_customer
  WHERE last_batch_id >= (SELECT min(batch_id) FROM ops.pending_batches)
),
latest AS (
  SELECT customer_id, email, first_name, last_name, phone
  FROM (
    SELECT customer_id, email, first_name, last_name, phone,
           row_number() OVER (PARTITION BY customer_id ORDER BY updated_at DESC NULLS LAST) AS rn
    FROM staging.stg_customers
    WHERE customer_id IN (SELECT customer_id FROM changed)
  ) AS ranked
  WHERE rn = 1
)
SELECT c.customer_key,
       c.customer_ref,
       c.customer_id,
       coalesce(l.email, CASE WHEN c.customer_ref LIKE 'email:%' THEN substr(c.customer_ref, 7) END) AS email,
       l.first_name,
       l.last_name,
       l.phone,
       v.street,
       v.postal_code
FROM changed AS c
LEFT JOIN latest AS l ON l.customer_id = c.customer_id
LEFT JOIN staging.stg_customers AS v
  ON v.customer_id = c.crm_customer_id AND v.updated_at = c.valid_from
