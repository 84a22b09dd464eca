-- The staging contract of docs/staging.md as DDL, for model tests: the tables
-- the loader (src/staging) fills, and ops.pending_batches. The SQL test
-- runner runs this before every .test file. When the loader changes the
-- contract, this file and docs/staging.md change together.
CREATE SCHEMA IF NOT EXISTS staging;
CREATE SCHEMA IF NOT EXISTS ops;
CREATE TABLE staging.webshop_orders (
  _batch_id BIGINT, _object_key VARCHAR, _line BIGINT, _dt DATE,
  order_id VARCHAR, channel VARCHAR, customer_id VARCHAR, order_ts TIMESTAMP, updated_at TIMESTAMP,
  status VARCHAR, currency VARCHAR, shipping DECIMAL(12,2), shipping_country VARCHAR, utm_code VARCHAR,
  coupon_code VARCHAR, line_number INTEGER, sku VARCHAR, quantity INTEGER, unit_price DECIMAL(12,2),
  discount DECIMAL(12,2), tax DECIMAL(12,2));
CREATE TABLE staging.marketplace_orders (
  _batch_id BIGINT, _object_key VARCHAR, _line BIGINT, _dt DATE,
  mp_order_id VARCHAR, marketplace VARCHAR, order_date TIMESTAMP, last_update TIMESTAMP, order_status VARCHAR,
  buyer_email VARCHAR, item_no INTEGER, sku VARCHAR, qty INTEGER, item_price DECIMAL(12,2),
  item_discount DECIMAL(12,2), item_tax DECIMAL(12,2), shipping_fee DECIMAL(12,2), currency VARCHAR,
  promo_code VARCHAR);
CREATE TABLE staging.crm_customers (
  _batch_id BIGINT, _object_key VARCHAR, _line BIGINT, _dt DATE,
  customer_id VARCHAR, email VARCHAR, first_name VARCHAR, last_name VARCHAR, phone VARCHAR, street VARCHAR,
  city VARCHAR, postal_code VARCHAR, country VARCHAR, segment VARCHAR, signup_date DATE,
  marketing_opt_in BOOLEAN, updated_at TIMESTAMP);
CREATE TABLE staging.pim_products (
  _batch_id BIGINT, _object_key VARCHAR, _line BIGINT, _dt DATE,
  sku VARCHAR, product_name VARCHAR, brand VARCHAR, category VARCHAR, subcategory VARCHAR,
  list_price_usd DECIMAL(12,2), unit_cost_usd DECIMAL(12,2), launched_on DATE, updated_at TIMESTAMP);
CREATE TABLE staging.ads_campaigns (
  _batch_id BIGINT, _object_key VARCHAR, _line BIGINT, _dt DATE,
  campaign_id VARCHAR, name VARCHAR, channel VARCHAR, type VARCHAR, start_date DATE, end_date DATE,
  budget DECIMAL(12,2), utm_code VARCHAR, coupon_code VARCHAR, discount_pct INTEGER, updated_at TIMESTAMP);
CREATE TABLE staging.ads_campaign_spend (
  _batch_id BIGINT, _object_key VARCHAR, _line BIGINT, _dt DATE,
  date DATE, campaign_id VARCHAR, impressions BIGINT, clicks BIGINT, spend_usd DECIMAL(12,2));
CREATE TABLE staging.ecb_fx_rates (
  _batch_id BIGINT, _object_key VARCHAR, _line BIGINT, _dt DATE,
  date DATE, currency VARCHAR, usd_per_unit DECIMAL(18,6));
CREATE TABLE ops.pending_batches (batch_id BIGINT);
