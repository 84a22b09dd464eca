-- materialization: incremental
-- unique_key: order_id
-- description: One row per order: the latest valid version (max updated_at) of every webshop and
-- description: marketplace order, conformed onto one contract. Marketplace values are mapped
-- description: (AMAZON -> marketplace_amazon, PENDING -> placed, CANCELED -> cancelled, ...), buyer
-- description: e-mails normalised (trim, lower case) and matched to a CRM customer_id by e-mail.
-- description: Incremental: a run recomputes every order with a version in ops.pending_batches, and
-- description: every marketplace order whose buyer e-mail belongs to a customer (re)loaded in this
-- description: run (a buyer unknown so far may just have arrived), from all staged versions.
-- column order_id: Order id in its source system (W..., AMZ-..., EBY-...); unique over sources.
-- column source_system: webshop or marketplace.
-- column channel: web, mobile_app, store, social, marketplace_amazon or marketplace_ebay.
-- column status: placed, shipped, delivered, cancelled or returned (of the latest version).
-- column order_ts: Placement time (UTC); its date is the order date.
-- column updated_at: Time of the version used.
-- column shipping_amount: The order's total shipping charge, order currency.
-- column coupon_code_norm: Coupon entered, trimmed and lower-cased (attribution key).
-- column customer_id: CRM customer id: the webshop's, or the CRM customer whose e-mail equals the
-- column customer_id: marketplace buyer's; NULL for a buyer no CRM customer has (yet).
-- column buyer_email: Normalised marketplace buyer e-mail; NULL for webshop orders. PII.
-- column batch_id: Ingest batch that brought the version used.
-- column first_batch_id: The first batch that staged any version of the order.
-- column last_batch_id: The latest batch that staged any version of the order.
WITH pending AS (
  SELECT batch_id FROM ops.pending_batches
),
arrived_emails AS (
  SELECT DISTINCT email
  FROM staging.stg_customers
  WHERE last_batch_id >= (SELECT min(batch_id) FROM pending)
),
touched_webshop AS (
  SELECT DISTINCT order_id
  FROM staging.webshop_orders
  WHERE _batch_id IN (SELECT batch_id FROM pending)
),
touched_marketplace AS (
  SELECT DISTINCT mp_order_id
  FROM staging.marketplace_orders
  WHERE _batch_id IN (SELECT batch_id FROM pending)
     OR lower(trim(buyer_email)) IN (SELECT email FROM arrived_emails)
),
-- The version to use is chosen over narrow rows (the staged row's identity only) and its fields
-- fetched by a join: a window over every staged line with all its columns does not fit a small
-- memory limit, a hash join does. A staged row is identified by its version, batch, object, line and
-- line number (object and line coalesced: hand-made fixtures leave them NULL).
candidates AS (
  SELECT 'webshop' AS source_system, w.order_id, w.updated_at, w._batch_id, w._object_key, w._line,
         w.line_number
  FROM staging.webshop_orders AS w
  WHERE w.order_id IN (SELECT order_id FROM touched_webshop)
  UNION ALL
  SELECT 'marketplace', m.mp_order_id, m.last_update, m._batch_id, m._object_key, m._line, m.item_no
  FROM staging.marketplace_orders AS m
  WHERE m.mp_order_id IN (SELECT mp_order_id FROM touched_marketplace)
),
ranked AS (
  SELECT c.*,
         row_number() OVER (PARTITION BY c.order_id
                            ORDER BY c.updated_at DESC NULLS LAST, c._batch_id DESC NULLS LAST, c.line_number, c._object_key, c._line)
           AS rn,
         min(c._batch_id) OVER (PARTITION BY c.order_id) AS first_batch_id,
         max(c._batch_id) OVER (PARTITION BY c.order_id) AS last_batch_id
  FROM candidates AS c
),
chosen AS (
  SELECT * FROM ranked WHERE rn = 1
),
-- DISTINCT: two lines of one JSON record with the same line_number carry the same order fields.
latest AS (
  SELECT DISTINCT
         'webshop' AS source_system,
         w.order_id,
         lower(trim(w.channel)) AS channel,
         lower(trim(w.status)) AS status,
         w.order_ts,
         w.updated_at,
         upper(trim(w.currency)) AS currency,
         w.shipping AS shipping_amount,
         w.shipping_country,
         nullif(trim(w.utm_code), '') AS utm_code,
         nullif(trim(w.coupon_code), '') AS coupon_code,
         w.customer_id,
         CAST(NULL AS VARCHAR) AS buyer_email,
         w._batch_id,
         k.first_batch_id,
         k.last_batch_id
  FROM chosen AS k
  JOIN staging.webshop_orders AS w
    ON w.order_id = k.order_id AND w.updated_at = k.updated_at AND w._batch_id = k._batch_id
   AND coalesce(w._object_key, '') = coalesce(k._object_key, '') AND coalesce(w._line, 0) = coalesce(k._line, 0)
   AND w.line_number = k.line_number
  WHERE k.source_system = 'webshop'
  UNION ALL
  SELECT 'marketplace',
         m.mp_order_id,
         'marketplace_' || lower(trim(m.marketplace)),
         CASE upper(trim(m.order_status))
           WHEN 'PENDING' THEN 'placed'
           WHEN 'SHIPPED' THEN 'shipped'
           WHEN 'DELIVERED' THEN 'delivered'
           WHEN 'CANCELED' THEN 'cancelled'
           WHEN 'CANCELLED' THEN 'cancelled'
           WHEN 'RETURNED' THEN 'returned'
           ELSE lower(trim(m.order_status))
         END,
         m.order_date,
         m.last_update,
         upper(trim(m.currency)),
         m.shipping_fee,
         CAST(NULL AS VARCHAR),
         CAST(NULL AS VARCHAR),
         nullif(trim(m.promo_code), ''),
         CAST(NULL AS VARCHAR),
         lower(trim(m.buyer_email)),
         m._batch_id,
         k.first_batch_id,
         k.last_batch_id
  FROM chosen AS k
  JOIN staging.marketplace_orders AS m
    ON m.mp_order_id = k.order_id AND m.last_update = k.updated_at AND m._batch_id = k._batch_id
   AND coalesce(m._object_key, '') = coalesce(k._object_key, '') AND coalesce(m._line, 0) = coalesce(k._line, 0)
   AND m.item_no = k.line_number
  WHERE k.source_system = 'marketplace'
),
email_map AS (
  SELECT email, min(customer_id) AS customer_id
  FROM staging.stg_customers
  WHERE email IN (SELECT buyer_email FROM latest WHERE buyer_email IS NOT NULL)
  GROUP BY email
)
SELECT l.order_id,
       l.source_system,
       l.channel,
       l.status,
       l.order_ts,
       CAST(l.order_ts AS DATE) AS order_date,
       l.updated_at,
       l.currency,
       l.shipping_amount,
       l.shipping_country,
       l.utm_code,
       l.coupon_code,
       lower(l.coupon_code) AS coupon_code_norm,
       coalesce(l.customer_id, e.customer_id) AS customer_id,
       l.buyer_email,
       l._batch_id AS batch_id,
       l.first_batch_id,
       l.last_batch_id
FROM latest AS l
LEFT JOIN email_map AS e ON e.email = l.buyer_email
