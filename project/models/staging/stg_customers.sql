-- materialization: incremental
-- unique_key: customer_id
-- description: CRM customer rows, cleaned and conformed: one row per (customer_id, updated_at), every
-- description: valid version staged so far (dim_customer builds SCD2 from them). Country names
-- description: become ISO 3166-1 alpha-2 codes through the mapping below (trimmed, case-insensitive),
-- description: e-mails are trimmed and lower-cased, phones keep only digits and a leading +.
-- description: Incremental: a run recomputes every customer with a row in ops.pending_batches.
-- column customer_id: CRM customer id (natural key).
-- column email: Normalised e-mail (trimmed, lower case). PII.
-- column phone: Phone with spaces, dashes, dots and brackets removed. PII.
-- column country_code: ISO 3166-1 alpha-2 code of the CRM country name; NULL if unknown.
-- column segment: bronze, silver, gold or platinum (lower case).
-- column batch_id: Ingest batch that staged this row.
-- column last_batch_id: The latest batch that staged any row of this customer.
WITH country_map (country_name, country_code) AS (
  VALUES ('united states', 'US'), ('canada', 'CA'), ('united kingdom', 'GB'), ('germany', 'DE'),
         ('france', 'FR'), ('netherlands', 'NL'), ('spain', 'ES'), ('italy', 'IT'),
         ('switzerland', 'CH'), ('sweden', 'SE'), ('norway', 'NO'), ('denmark', 'DK'),
         ('poland', 'PL'), ('australia', 'AU')
),
touched AS (
  SELECT DISTINCT customer_id
  FROM staging.crm_customers
  WHERE _batch_id IN (SELECT batch_id FROM ops.pending_batches)
),
ranked AS (
  SELECT c.*,
         row_number() OVER (PARTITION BY c.customer_id, c.updated_at ORDER BY c._batch_id, c._line) AS rn,
         max(c._batch_id) OVER (PARTITION BY c.customer_id) AS last_batch_id
  FROM staging.crm_customers AS c
  WHERE c.customer_id IN (SELECT customer_id FROM touched)
)
SELECT r.customer_id,
       r.updated_at,
       lower(trim(r.email)) AS email,
       nullif(trim(r.first_name), '') AS first_name,
       nullif(trim(r.last_name), '') AS last_name,
       nullif(regexp_replace(trim(r.phone), '[ ().-]', '', 'g'), '') AS phone,
       nullif(trim(r.street), '') AS street,
       nullif(trim(r.city), '') AS city,
       nullif(trim(r.postal_code), '') AS postal_code,
       trim(r.country) AS country_name,
       m.country_code,
       lower(trim(r.segment)) AS segment,
       r.signup_date,
       r.marketing_opt_in,
       r._batch_id AS batch_id,
       r.last_batch_id
FROM ranked AS r
LEFT JOIN country_map AS m ON m.country_name = lower(trim(r.country))
WHERE r.rn = 1
