-- materialization: incremental
-- unique_key: customer_ref
-- description: Customers, SCD type 2 (non-PII attributes; e-mail, names, phone, street and postal code
-- description: are in dim_customer_pii under the same customer_key). Rule of docs/raw_zone.md §4.3: a
-- description: customer's CRM rows ordered by updated_at; a row opens a version when street, city,
-- description: postal code, country code or segment differ from the previous row; versions are
-- description: half-open [valid_from, valid_to). Type-1 columns take the latest row's value.
-- description: A customer an order names before the CRM has sent them gets an inferred member
-- description: (is_inferred), completed in place, under the same key, when the CRM row arrives.
-- description: customer_key is a hash: of customer_ref for version 1 (so the inferred member and the
-- description: completed version 1 share it), of customer_ref and valid_from for later versions,
-- description: so a full refresh and any sequence of incremental runs give the same keys.
-- description: Incremental: recomputes every customer with CRM rows or orders in the pending batches.
-- column customer_key: Surrogate key of the version (60-bit hash, see description).
-- column customer_ref: Stable identity the key derives from: the customer_id, or 'email:' + the
-- column customer_ref: normalised e-mail when a marketplace order showed the customer (by e-mail
-- column customer_ref: only) in an earlier batch than the CRM and the webshop did.
-- column customer_lookup: What facts join on: customer_id, or customer_ref while the id is unknown.
-- column customer_id: CRM customer id; NULL for a buyer known only by e-mail so far.
-- column version: 1..n in valid_from order.
-- column valid_from: updated_at of the CRM row that opened the version; for an inferred member the
-- column valid_from: first order time. Facts placed before version 1 begins map to version 1.
-- column valid_to: valid_from of the next version; NULL for the current one.
-- column is_inferred: Created from an order; no CRM row for this customer has been staged yet.
-- column country_code: ISO 3166-1 alpha-2.
-- column last_batch_id: Latest batch with a CRM row of the customer (for an inferred member: with an
-- column last_batch_id: order naming it). Downstream models re-key facts of changed customers by it.
WITH pending AS (
  SELECT batch_id FROM ops.pending_batches
),
touched_ids AS (
  SELECT customer_id FROM staging.stg_customers WHERE last_batch_id >= (SELECT min(batch_id) FROM pending)
  UNION
  SELECT customer_id FROM staging.stg_orders
  WHERE last_batch_id >= (SELECT min(batch_id) FROM pending) AND customer_id IS NOT NULL
),
touched_emails AS (
  SELECT DISTINCT buyer_email FROM staging.stg_orders
  WHERE last_batch_id >= (SELECT min(batch_id) FROM pending) AND customer_id IS NULL AND buyer_email IS NOT NULL
),
crm AS (
  SELECT * FROM staging.stg_customers WHERE customer_id IN (SELECT customer_id FROM touched_ids)
),
latest AS (
  SELECT customer_id, email, signup_date, marketing_opt_in, first_batch_id, last_batch_id
  FROM (
    SELECT customer_id, email, signup_date, marketing_opt_in, last_batch_id,
           min(batch_id) OVER (PARTITION BY customer_id) AS first_batch_id,
           row_number() OVER (PARTITION BY customer_id ORDER BY updated_at DESC NULLS LAST) AS rn
    FROM crm
  ) AS ranked
  WHERE rn = 1
),
webshop_first AS (
  SELECT customer_id, min(first_batch_id) AS first_batch_id
  FROM staging.stg_orders
  WHERE source_system = 'webshop' AND customer_id IN (SELECT customer_id FROM latest)
  GROUP BY customer_id
),
marketplace_first AS (
  SELECT buyer_email, min(first_batch_id) AS first_batch_id
  FROM staging.stg_orders
  WHERE source_system = 'marketplace' AND buyer_email IN (SELECT email FROM latest)
  GROUP BY buyer_email
),
refs AS (
  SELECT l.*,
         CASE WHEN mf.first_batch_id < l.first_batch_id
                   AND (wf.first_batch_id IS NULL OR mf.first_batch_id < wf.first_batch_id)
              THEN 'email:' || l.email
              ELSE l.customer_id
         END AS customer_ref
  FROM latest AS l
  LEFT JOIN webshop_first AS wf ON wf.customer_id = l.customer_id
  LEFT JOIN marketplace_first AS mf ON mf.buyer_email = l.email
),
flagged AS (
  SELECT c.customer_id, c.updated_at, c.city, c.country_code, c.segment,
         CASE WHEN lag(c.updated_at) OVER w IS NULL
                OR c.street IS DISTINCT FROM lag(c.street) OVER w
                OR c.city IS DISTINCT FROM lag(c.city) OVER w
                OR c.postal_code IS DISTINCT FROM lag(c.postal_code) OVER w
                OR c.country_code IS DISTINCT FROM lag(c.country_code) OVER w
                OR c.segment IS DISTINCT FROM lag(c.segment) OVER w
              THEN 1 ELSE 0 END AS opens
  FROM crm AS c
  WINDOW w AS (PARTITION BY c.customer_id ORDER BY c.updated_at)
),
versions AS (
  SELECT r.customer_ref,
         f.customer_id,
         row_number() OVER (PARTITION BY f.customer_id ORDER BY f.updated_at) AS version,
         f.updated_at AS valid_from,
         lead(f.updated_at) OVER (PARTITION BY f.customer_id ORDER BY f.updated_at) AS valid_to,
         FALSE AS is_inferred,
         f.city, f.country_code, f.segment, r.signup_date, r.marketing_opt_in, r.last_batch_id
  FROM flagged AS f
  JOIN refs AS r ON r.customer_id = f.customer_id
  WHERE f.opens = 1
),
inferred AS (
  SELECT o.customer_id AS customer_ref, o.customer_id,
         min(o.order_ts) AS valid_from, max(o.last_batch_id) AS last_batch_id
  FROM staging.stg_orders AS o
  WHERE o.customer_id IN (SELECT customer_id FROM touched_ids)
    AND NOT EXISTS (SELECT 1 FROM crm WHERE crm.customer_id = o.customer_id)
  GROUP BY o.customer_id
  UNION ALL
  SELECT 'email:' || o.buyer_email, CAST(NULL AS VARCHAR),
         min(o.order_ts), max(o.last_batch_id)
  FROM staging.stg_orders AS o
  WHERE o.customer_id IS NULL AND o.buyer_email IN (SELECT buyer_email FROM touched_emails)
  GROUP BY o.buyer_email
),
all_versions AS (
  SELECT customer_ref, customer_id, version, valid_from, valid_to, is_inferred, city, country_code,
         segment, signup_date, marketing_opt_in, last_batch_id
  FROM versions
  UNION ALL
  SELECT customer_ref, customer_id, 1, valid_from, CAST(NULL AS TIMESTAMP), TRUE,
         CAST(NULL AS VARCHAR), CAST(NULL AS VARCHAR), CAST(NULL AS VARCHAR), CAST(NULL AS DATE),
         CAST(NULL AS BOOLEAN), last_batch_id
  FROM inferred
)
SELECT {{ surrogate_key(customer_ref, CASE WHEN version = 1 THEN 'first' ELSE CAST(valid_from AS VARCHAR) END) }}
         AS customer_key,
       customer_ref,
       coalesce(customer_id, customer_ref) AS customer_lookup,
       customer_id,
       CAST(version AS INTEGER) AS version,
       valid_from,
       valid_to,
       valid_to IS NULL AS is_current,
       is_inferred,
       city,
       country_code,
       segment,
       signup_date,
       marketing_opt_in,
       last_batch_id
FROM all_versions
