#!/usr/bin/env python3
"""B1 floor: the build as one hand-written DuckDB SQL script (DESIGN.md "Benchmarks").

usage: baseline_b1.py RAW_DIR MODELS_DIR OUT.sql

Writes a script that (1) loads the raw zone straight into the loader tables staging.<source> with
DuckDB's own readers (typed with TRY_CAST; a record with a missing key or timestamp, or an order
without an FX rate for its date and currency, is dropped; exact duplicates are dropped), then
(2) creates every model of MODELS_DIR, in dependency order, as CREATE TABLE AS its own SELECT
(the project's model SQL, unchanged, as a full refresh of one batch). Run it with bench/sqlrun.c.

It is a floor, not a replacement: no ledger, no landing copy, no quarantine tables, no e-mail or
country rules, no drift records, no checks, no blue/green publish. So ecomdw / baseline is an upper
bound on the engine's overhead. The row counts it prints at the end let one compare with ecomdw's.
"""
import pathlib
import re
import sys

ORDER = [
    "staging/stg_fx_rates", "staging/stg_campaigns", "staging/stg_products", "staging/stg_customers",
    "staging/stg_campaign_spend", "staging/stg_orders", "staging/stg_order_lines",
    "core/dim_date", "core/dim_sales_channel", "core/dim_product", "core/dim_customer",
    "core/dim_customer_pii", "core/dim_marketing_campaign", "core/fact_campaign_spend",
    "core/fact_orders", "marts/daily_sales_by_channel", "marts/campaign_performance",
    "marts/cohort_retention", "marts/customer_value", "marts/product_performance",
]

LOAD = r"""
SET TimeZone = 'UTC';
CREATE SCHEMA staging; CREATE SCHEMA core; CREATE SCHEMA marts; CREATE SCHEMA ops;
CREATE TABLE ops.pending_batches AS SELECT 'baseline' AS batch_id;

CREATE MACRO ts(x) AS CAST(TRY_CAST(x AS TIMESTAMPTZ) AS TIMESTAMP);
CREATE MACRO money(x) AS TRY_CAST(x AS DECIMAL(12,2));

CREATE TABLE staging.ecb_fx_rates AS
SELECT DISTINCT ON (date, currency) 'baseline' AS _batch_id, filename AS _object_key,
       0::BIGINT AS _line, dt AS _dt, date, currency, usd_per_unit
FROM (SELECT filename, CAST(dt AS DATE) AS dt, TRY_CAST(date AS DATE) AS date, currency,
             TRY_CAST(usd_per_unit AS DECIMAL(18,6)) AS usd_per_unit
      FROM read_csv('{raw}/fx_rates/source=*/dt=*/*.csv', all_varchar = true, header = true,
                    filename = true, hive_partitioning = true, union_by_name = true, ignore_errors = true))
WHERE date IS NOT NULL AND currency IS NOT NULL AND usd_per_unit IS NOT NULL;

CREATE TABLE staging.crm_customers AS
SELECT DISTINCT ON (customer_id, updated_at) * FROM (
  SELECT 'baseline' AS _batch_id, filename AS _object_key,
         row_number() OVER () AS _line, CAST(dt AS DATE) AS _dt,
         customer_id, email, first_name, last_name, phone, street, city, postal_code, country, segment,
         TRY_CAST(signup_date AS DATE) AS signup_date, TRY_CAST(marketing_opt_in AS BOOLEAN) AS marketing_opt_in,
         ts(updated_at) AS updated_at
  FROM read_csv('{raw}/customers/source=*/dt=*/*.csv', all_varchar = true, header = true,
                filename = true, hive_partitioning = true, union_by_name = true, ignore_errors = true))
WHERE customer_id IS NOT NULL AND updated_at IS NOT NULL AND email IS NOT NULL
ORDER BY _dt, _object_key, _line;

CREATE TABLE staging.pim_products AS
SELECT DISTINCT ON (sku, updated_at) * FROM (
  SELECT 'baseline' AS _batch_id, filename AS _object_key, file_row_number + 1 AS _line,
         CAST(dt AS DATE) AS _dt, sku, product_name, brand, category, subcategory,
         list_price_usd, unit_cost_usd, launched_on, updated_at
  FROM read_parquet('{raw}/products/source=*/dt=*/*.parquet', filename = true,
                    file_row_number = true, hive_partitioning = true, union_by_name = true))
WHERE sku IS NOT NULL AND updated_at IS NOT NULL
ORDER BY _dt, _object_key, _line;

CREATE TABLE staging.ads_campaigns AS
SELECT DISTINCT ON (campaign_id, updated_at) * FROM (
  SELECT 'baseline' AS _batch_id, filename AS _object_key, row_number() OVER () AS _line,
         CAST(dt AS DATE) AS _dt, campaign_id, name, channel, type,
         TRY_CAST(start_date AS DATE) AS start_date, TRY_CAST(end_date AS DATE) AS end_date,
         money(budget) AS budget, utm_code, coupon_code, TRY_CAST(discount_pct AS INTEGER) AS discount_pct,
         ts(updated_at) AS updated_at
  FROM read_json('{raw}/campaigns/source=*/dt=*/*.json', format = 'array', filename = true,
                 hive_partitioning = true, union_by_name = true, ignore_errors = true,
                 columns = {{campaign_id: 'VARCHAR', name: 'VARCHAR', channel: 'VARCHAR', type: 'VARCHAR',
                            start_date: 'VARCHAR', end_date: 'VARCHAR', budget: 'VARCHAR', utm_code: 'VARCHAR',
                            coupon_code: 'VARCHAR', discount_pct: 'VARCHAR', updated_at: 'VARCHAR'}}))
WHERE campaign_id IS NOT NULL AND updated_at IS NOT NULL;

CREATE TABLE staging.ads_campaign_spend AS
SELECT DISTINCT ON (date, campaign_id) * FROM (
  SELECT 'baseline' AS _batch_id, filename AS _object_key, row_number() OVER () AS _line,
         CAST(dt AS DATE) AS _dt, TRY_CAST(date AS DATE) AS date, campaign_id,
         TRY_CAST(impressions AS BIGINT) AS impressions, TRY_CAST(clicks AS BIGINT) AS clicks,
         money(spend_usd) AS spend_usd
  FROM read_csv('{raw}/campaign_spend/source=*/dt=*/*.csv', all_varchar = true, header = true,
                filename = true, hive_partitioning = true, union_by_name = true, ignore_errors = true))
WHERE date IS NOT NULL AND campaign_id IS NOT NULL;

CREATE TABLE staging.webshop_orders AS
WITH o AS (
  SELECT filename AS _object_key, row_number() OVER () AS _line, CAST(dt AS DATE) AS _dt, order_id,
         channel, customer_id, ts(order_ts) AS order_ts, ts(updated_at) AS updated_at, status, currency,
         money(shipping) AS shipping, shipping_country, utm_code, coupon_code, delivery_method,
         from_json(lines, '[{{"line_number":"VARCHAR","sku":"VARCHAR","quantity":"VARCHAR","unit_price":"VARCHAR","discount":"VARCHAR","tax":"VARCHAR"}}]') AS lines
  FROM read_json({webshop_files}, format = 'newline_delimited',
                 filename = true, hive_partitioning = true, union_by_name = true, ignore_errors = true,
                 columns = {{order_id: 'VARCHAR', channel: 'VARCHAR', customer_id: 'VARCHAR', order_ts: 'VARCHAR',
                            updated_at: 'VARCHAR', status: 'VARCHAR', currency: 'VARCHAR', shipping: 'VARCHAR',
                            shipping_country: 'VARCHAR', utm_code: 'VARCHAR', coupon_code: 'VARCHAR',
                            delivery_method: 'VARCHAR', lines: 'JSON'}})
), l AS (
  SELECT o.* EXCLUDE (lines), unnest(lines, recursive := true) FROM o
), typed AS (
  SELECT 'baseline' AS _batch_id, _object_key, _line, _dt, order_id, channel, customer_id, order_ts,
         updated_at, status, currency, shipping, shipping_country, utm_code, coupon_code,
         TRY_CAST(line_number AS INTEGER) AS line_number, sku, TRY_CAST(quantity AS INTEGER) AS quantity,
         money(unit_price) AS unit_price, money(discount) AS discount, money(tax) AS tax, delivery_method
  FROM l
)
SELECT DISTINCT ON (order_id, updated_at, line_number) t.* FROM typed t
WHERE order_id IS NOT NULL AND updated_at IS NOT NULL AND order_ts IS NOT NULL AND sku IS NOT NULL
  AND quantity IS NOT NULL AND unit_price IS NOT NULL
  AND EXISTS (SELECT 1 FROM staging.ecb_fx_rates f WHERE f.date = CAST(t.order_ts AS DATE) AND f.currency = t.currency)
ORDER BY _dt, _object_key, _line;

CREATE TABLE staging.marketplace_orders AS
WITH typed AS (
  SELECT 'baseline' AS _batch_id, filename AS _object_key, row_number() OVER () AS _line,
         CAST(dt AS DATE) AS _dt, mp_order_id, marketplace, ts(order_date) AS order_date,
         ts(last_update) AS last_update, order_status, buyer_email, TRY_CAST(item_no AS INTEGER) AS item_no,
         sku, TRY_CAST(qty AS INTEGER) AS qty, money(coalesce(item_price, unit_price)) AS item_price,
         money(item_discount) AS item_discount, money(item_tax) AS item_tax, money(shipping_fee) AS shipping_fee,
         currency, promo_code
  FROM read_csv({marketplace_files}, all_varchar = true, header = true,
                filename = true, hive_partitioning = true, union_by_name = true, ignore_errors = true)
)
SELECT DISTINCT ON (mp_order_id, last_update, item_no) t.* FROM typed t
WHERE mp_order_id IS NOT NULL AND last_update IS NOT NULL AND order_date IS NOT NULL AND sku IS NOT NULL
  AND qty IS NOT NULL AND item_price IS NOT NULL AND buyer_email IS NOT NULL
  AND EXISTS (SELECT 1 FROM staging.ecb_fx_rates f WHERE f.date = CAST(t.order_date AS DATE) AND f.currency = t.currency)
ORDER BY _dt, _object_key, _line;
"""


def gzip_files(raw, pattern):
    """The objects that are gzip streams (the raw zone carries a few that are not: ecomdw
    quarantines them; DuckDB's readers would stop the whole statement)."""
    files = []
    for p in sorted(pathlib.Path(raw).glob(pattern)):
        with open(p, "rb") as f:
            if f.read(2) == b"\x1f\x8b":
                files.append("'" + str(p).replace("'", "''") + "'")
    return "[" + ", ".join(files) + "]"


def model_select(path):
    text = path.read_text(encoding="utf-8")
    return re.sub(r";\s*$", "", text.strip())


def main(argv):
    if len(argv) != 4:
        print(__doc__, file=sys.stderr)
        return 2
    raw = str(pathlib.Path(argv[1]).resolve())
    models = pathlib.Path(argv[2])
    out = [LOAD.format(raw=raw, webshop_files=gzip_files(raw, "orders/source=webshop/dt=*/*.jsonl.gz"),
                       marketplace_files=gzip_files(raw, "orders/source=marketplace/dt=*/*.csv.gz"))]
    for m in ORDER:
        schema, name = m.split("/")
        out.append(f"CREATE TABLE {schema}.{name} AS\n{model_select(models / (m + '.sql'))}\n;\n")
    out.append("CHECKPOINT;\n")
    out.append("SELECT schema_name || '.' || table_name, estimated_size FROM duckdb_tables() "
               "ORDER BY 1;\n")
    pathlib.Path(argv[3]).write_text("\n".join(out), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
