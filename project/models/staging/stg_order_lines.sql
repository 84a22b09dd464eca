-- materialization: incremental
-- unique_key: order_id
-- description: One row per line of the latest valid version of each order (a re-sent order with fewer
-- description: lines loses the others), with the money rules of docs/raw_zone.md §5 in integer cents:
-- description: gross = quantity x unit_price; the order's shipping allocated in proportion to
-- description: gross - discount (floor for every line but the highest line number, which gets the
-- description: remainder; all of it if the base is 0); USD at the order date's rate, per component,
-- description: rounded half away from zero to the cent. Tax is informational and never revenue.
-- description: Incremental: recomputes the orders stg_orders recomputed from new versions.
-- column line_number: 1..n within the order (marketplace item_no).
-- column unit_price: Price per unit in the order currency.
-- column gross_cents: quantity x unit_price in order-currency cents.
-- column shipping_alloc_cents: This line's share of the order's shipping, order-currency cents.
-- column usd_per_unit: FX rate of the order date and currency; NULL if no rate was staged.
-- column net_revenue_usd: gross_usd - discount_usd + shipping_usd (tax excluded).
-- column batch_id: Ingest batch that brought the order version these lines belong to.
-- column last_batch_id: The latest batch that staged any version of the order.
WITH orders AS (
  SELECT order_id, source_system, updated_at, order_date, currency, shipping_amount, batch_id, last_batch_id
  FROM staging.stg_orders
  WHERE last_batch_id >= (SELECT min(batch_id) FROM ops.pending_batches)
),
raw_lines AS (
  SELECT w.order_id, w.updated_at, w.line_number, w.sku, w.quantity, w.unit_price, w.discount, w.tax,
         w._batch_id, w._object_key, w._line
  FROM staging.webshop_orders AS w
  WHERE w.order_id IN (SELECT order_id FROM orders WHERE source_system = 'webshop')
  UNION ALL
  SELECT m.mp_order_id, m.last_update, m.item_no, m.sku, m.qty, m.item_price, m.item_discount, m.item_tax,
         m._batch_id, m._object_key, m._line
  FROM staging.marketplace_orders AS m
  WHERE m.mp_order_id IN (SELECT order_id FROM orders WHERE source_system = 'marketplace')
),
version_lines AS (
  SELECT o.order_id, o.order_date, o.currency, o.batch_id, o.last_batch_id,
         CAST(o.shipping_amount * 100 AS BIGINT) AS shipping_cents,
         r.line_number, trim(r.sku) AS sku, r.quantity, r.unit_price, r.discount, r.tax,
         r._batch_id, r._object_key, r._line
  FROM orders AS o
  JOIN raw_lines AS r ON r.order_id = o.order_id AND r.updated_at = o.updated_at
),
-- Windows run over narrow rows and order totals are GROUP BYs joined back: a window over wide
-- rows does not fit a small memory limit, hash joins and aggregates spill. The line of a version
-- staged more than once is the latest batch's (a staged row = batch, object, line, line number;
-- object and line coalesced: hand-made fixtures leave them NULL).
picked AS (
  SELECT order_id, line_number, _batch_id, _object_key, _line
  FROM (
    SELECT order_id, line_number, _batch_id, _object_key, _line,
           row_number() OVER (PARTITION BY order_id, line_number ORDER BY _batch_id DESC NULLS LAST, _object_key, _line) AS rn
    FROM version_lines
  ) AS ranked
  WHERE rn = 1
),
cents AS (
  SELECT v.order_id, v.order_date, v.currency, v.batch_id, v.last_batch_id, v.shipping_cents, v.line_number,
         v.sku, v.quantity, v.unit_price, v.discount, v.tax,
         v.quantity * CAST(v.unit_price * 100 AS BIGINT) AS gross_cents,
         CAST(v.discount * 100 AS BIGINT) AS discount_cents,
         CAST(v.tax * 100 AS BIGINT) AS tax_cents
  FROM version_lines AS v
  JOIN picked AS k
    ON k.order_id = v.order_id AND k.line_number = v.line_number AND k._batch_id = v._batch_id
   AND coalesce(k._object_key, '') = coalesce(v._object_key, '') AND coalesce(k._line, 0) = coalesce(v._line, 0)
),
order_bases AS (
  SELECT order_id, sum(gross_cents - discount_cents) AS base_total, max(line_number) AS last_line
  FROM cents
  GROUP BY order_id
),
shares AS (
  SELECT c.*,
         b.last_line,
         CASE
           WHEN c.line_number = b.last_line THEN 0
           WHEN b.base_total = 0 THEN 0
           -- floor(shipping x base / total) in exact integer arithmetic (all terms >= 0)
           ELSE CAST((c.shipping_cents * (c.gross_cents - c.discount_cents)
                      - (c.shipping_cents * (c.gross_cents - c.discount_cents)) % b.base_total)
                     / b.base_total AS BIGINT)
         END AS floor_share
  FROM cents AS c
  JOIN order_bases AS b ON b.order_id = c.order_id
),
order_floors AS (
  SELECT order_id, sum(floor_share) AS floor_total FROM shares GROUP BY order_id
),
allocated AS (
  SELECT s.*,
         CASE WHEN s.line_number = s.last_line
              THEN s.shipping_cents - f.floor_total
              ELSE s.floor_share
         END AS shipping_alloc_cents
  FROM shares AS s
  JOIN order_floors AS f ON f.order_id = s.order_id
),
-- USD cents = component cents x rate, rounded half away from zero, in exact integer arithmetic:
-- the rate in millionths (DECIMAL(18,6) is exact there), the product in micro-cents, rounded to
-- the cent by an exact division (a multiple of 10^6; exact in every engine while the product is
-- below 2^53 micro-cents, i.e. USD 90 million per line component). Decimal arithmetic would widen
-- to 128 bits, about 25x slower in DuckDB.
fx AS (
  SELECT rate_date, currency, usd_per_unit, CAST(usd_per_unit * 1000000 AS BIGINT) AS micro_usd_per_unit
  FROM staging.stg_fx_rates
),
micro AS (
  SELECT a.*,
         fx.usd_per_unit,
         a.gross_cents * fx.micro_usd_per_unit AS gross_micro,
         a.discount_cents * fx.micro_usd_per_unit AS discount_micro,
         a.tax_cents * fx.micro_usd_per_unit AS tax_micro,
         a.shipping_alloc_cents * fx.micro_usd_per_unit AS shipping_micro
  FROM allocated AS a
  LEFT JOIN fx ON fx.rate_date = a.order_date AND fx.currency = a.currency
),
usd AS (
  SELECT m.*,
         CAST(sign(gross_micro) * (abs(gross_micro) + 500000 - (abs(gross_micro) + 500000) % 1000000) / 1000000
              AS BIGINT) AS gross_usd_cents,
         CAST(sign(discount_micro) * (abs(discount_micro) + 500000 - (abs(discount_micro) + 500000) % 1000000)
              / 1000000 AS BIGINT) AS discount_usd_cents,
         CAST(sign(tax_micro) * (abs(tax_micro) + 500000 - (abs(tax_micro) + 500000) % 1000000) / 1000000
              AS BIGINT) AS tax_usd_cents,
         CAST(sign(shipping_micro) * (abs(shipping_micro) + 500000 - (abs(shipping_micro) + 500000) % 1000000)
              / 1000000 AS BIGINT) AS shipping_usd_cents
  FROM micro AS m
)
SELECT order_id,
       line_number,
       sku,
       quantity,
       currency,
       order_date,
       unit_price,
       discount AS discount_amount,
       tax AS tax_amount,
       gross_cents,
       discount_cents,
       tax_cents,
       shipping_alloc_cents,
       usd_per_unit,
       CAST(CAST(gross_usd_cents AS DECIMAL(18, 0)) * 0.01 AS DECIMAL(18, 2)) AS gross_usd,
       CAST(CAST(discount_usd_cents AS DECIMAL(18, 0)) * 0.01 AS DECIMAL(18, 2)) AS discount_usd,
       CAST(CAST(tax_usd_cents AS DECIMAL(18, 0)) * 0.01 AS DECIMAL(18, 2)) AS tax_usd,
       CAST(CAST(shipping_usd_cents AS DECIMAL(18, 0)) * 0.01 AS DECIMAL(18, 2)) AS shipping_usd,
       CAST(CAST(gross_usd_cents - discount_usd_cents + shipping_usd_cents AS DECIMAL(18, 0)) * 0.01
            AS DECIMAL(18, 2)) AS net_revenue_usd,
       batch_id,
       last_batch_id
FROM usd
