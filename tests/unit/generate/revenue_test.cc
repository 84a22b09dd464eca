// The truth's orders and revenue per day and channel, recomputed in SQL from
// the raw objects alone (DuckDB readers over the files, the rules of
// docs/raw_zone.md section 5), independently of the generator's C++.
#include <gtest/gtest.h>

#include "generate_test_util.h"

namespace ecomdw::generate::testing {
namespace {

void Exec(warehouse::Warehouse& db, const std::string& sql) {
  Status s = db.Execute(sql);
  ASSERT_TRUE(s.ok()) << s.ToString() << "\n" << sql;
}

// Loads the raw zone under `bucket` into tables and derives, by SQL only,
// `lines_sql` (one row per line of each order's latest valid version).
void LoadAndDerive(warehouse::Warehouse& db, const fs::path& bucket) {
  auto fx = ListFiles(bucket, "fx_rates", ".csv", true);
  auto ws = ListFiles(bucket, "orders/source=webshop", ".jsonl.gz", true);
  auto mp = ListFiles(bucket, "orders/source=marketplace", ".csv.gz", true);
  Exec(db, "CREATE TABLE fx AS SELECT date AS d, currency, round(usd_per_unit * 1000000)::BIGINT AS r FROM read_csv(" +
               SqlList(fx) + ", header=true, columns={'date':'DATE','currency':'VARCHAR','usd_per_unit':'DECIMAL(18,6)'})");
  Exec(db, "CREATE TABLE ws AS " + WebshopRecordsSql(ws));
  Exec(db, "CREATE TABLE ws_lines AS SELECT rid, l.line_number AS ln, l.sku, l.quantity AS q, l.unit_price AS up, "
           "l.discount AS disc FROM (SELECT rid, unnest(lines) AS l FROM ws)");
  Exec(db,
       "CREATE TABLE mp AS SELECT * FROM read_csv(" + SqlList(mp) +
           ", header=true, all_varchar=true, union_by_name=true, ignore_errors=true, delim=',', null_padding=false)");
  // Valid versions: (order, updated_at) -> header fields.
  Exec(db,
       "CREATE TABLE versions AS "
       "SELECT DISTINCT order_id, channel, order_ts::TIMESTAMP AS ots, updated_at::TIMESTAMP AS upd, status, currency, "
       "  round(shipping::DECIMAL(18,2) * 100)::BIGINT AS ship, 'webshop' AS src "
       "FROM ws WHERE order_id IS NOT NULL AND customer_id IS NOT NULL AND currency IN (SELECT currency FROM fx) "
       "  AND len(lines) > 0 AND rid NOT IN (SELECT rid FROM ws_lines WHERE sku IS NULL) "
       "UNION ALL "
       "SELECT DISTINCT mp_order_id, CASE marketplace WHEN 'AMAZON' THEN 'marketplace_amazon' ELSE "
       "  'marketplace_ebay' END, order_date::TIMESTAMP, last_update::TIMESTAMP, CASE order_status WHEN 'PENDING' "
       "  THEN 'placed' WHEN 'SHIPPED' THEN 'shipped' WHEN 'DELIVERED' THEN 'delivered' WHEN 'CANCELED' THEN "
       "  'cancelled' WHEN 'RETURNED' THEN 'returned' END, currency, "
       "  round(shipping_fee::DECIMAL(18,2) * 100)::BIGINT, 'marketplace' "
       "FROM mp WHERE buyer_email IS NOT NULL AND currency IN (SELECT currency FROM fx) "
       "  AND regexp_full_match(lower(trim(buyer_email)), '^[a-z0-9._%+-]+@[a-z0-9.-]+\\.[a-z]{2,}$')");
  Exec(db,
       "CREATE TABLE latest AS SELECT * FROM (SELECT *, row_number() OVER (PARTITION BY order_id ORDER BY upd DESC) "
       "AS k FROM versions) WHERE k = 1");
  Exec(db,
       "CREATE TABLE raw_lines AS "
       "SELECT DISTINCT w.order_id, w.updated_at::TIMESTAMP AS upd, l.ln, l.sku, l.q, "
       "  round(l.up::DECIMAL(18,2) * 100)::BIGINT AS up, round(l.disc::DECIMAL(18,2) * 100)::BIGINT AS disc "
       "FROM ws w JOIN ws_lines l USING (rid) "
       "UNION ALL "
       "SELECT DISTINCT mp_order_id, last_update::TIMESTAMP, item_no::BIGINT, sku, qty::BIGINT, "
       "  round(coalesce(item_price, unit_price)::DECIMAL(18,2) * 100)::BIGINT, "
       "  round(item_discount::DECIMAL(18,2) * 100)::BIGINT FROM mp WHERE mp_order_id IS NOT NULL");
  Exec(db,
       "CREATE TABLE lines_sql AS "
       "WITH l AS (SELECT v.order_id, v.channel, v.ots::DATE AS od, v.status, v.currency, v.ship, r.ln, r.q * r.up AS "
       "    gross, r.disc, r.q * r.up - r.disc AS base "
       "  FROM latest v JOIN (SELECT DISTINCT * FROM raw_lines) r ON r.order_id = v.order_id AND r.upd = v.upd), "
       "s AS (SELECT *, CASE WHEN sum(base) OVER o > 0 THEN (ship * base) // sum(base) OVER o ELSE 0 END AS share, "
       "    max(ln) OVER o AS last_ln FROM l WINDOW o AS (PARTITION BY order_id)), "
       "a AS (SELECT *, CASE WHEN ln = last_ln THEN ship - (sum(share) OVER (PARTITION BY order_id) - share) ELSE "
       "    share END AS alloc FROM s) "
       "SELECT a.*, (gross * fx.r + 500000) // 1000000 - (disc * fx.r + 500000) // 1000000 "
       "  + (alloc * fx.r + 500000) // 1000000 AS net_usd_cents "
       "FROM a JOIN fx ON fx.d = a.od AND fx.currency = a.currency");
}

TEST(GenerateRevenue, TruthRevenuePerDayAndChannelEqualsSqlOverTheRawFiles) {
  TempDir dir("revenue");
  GenerateOptions o = SmallOptions(dir.path(), 14, DefectProfile::kHeavy);
  ASSERT_TRUE(Generate(o).ok());
  auto db = Duck();
  LoadAndDerive(*db, dir.path() / "bucket");
  Exec(*db,
       "CREATE TABLE rev_sql AS SELECT od AS date, channel, count(DISTINCT order_id)::BIGINT AS orders, "
       "count(*)::BIGINT AS lines, sum(net_usd_cents)::BIGINT AS net_cents FROM lines_sql "
       "WHERE status IN ('placed', 'shipped', 'delivered') GROUP BY ALL");
  Exec(*db, "CREATE TABLE rev_truth AS SELECT date, channel, orders::BIGINT AS orders, lines::BIGINT AS lines, "
            "round(net_revenue_usd * 100)::BIGINT AS net_cents FROM read_csv(" +
                QuoteLiteral((dir.path() / "bucket.truth/revenue_daily.csv").string()) +
                ", header=true, columns={'date':'DATE','channel':'VARCHAR','orders':'BIGINT','lines':'BIGINT',"
                "'gross_usd':'DECIMAL(18,2)','discount_usd':'DECIMAL(18,2)','shipping_usd':'DECIMAL(18,2)',"
                "'tax_usd':'DECIMAL(18,2)','net_revenue_usd':'DECIMAL(18,2)'})");
  EXPECT_GE(ScalarInt(*db, "SELECT count(*) FROM rev_truth"), 14 * 3);
  EXPECT_EQ(ScalarInt(*db, "SELECT count(*) FROM (SELECT * FROM rev_sql EXCEPT SELECT * FROM rev_truth)"), 0);
  EXPECT_EQ(ScalarInt(*db, "SELECT count(*) FROM (SELECT * FROM rev_truth EXCEPT SELECT * FROM rev_sql)"), 0);
  // Shipping allocation and discounts were exercised, not only zeros.
  EXPECT_GT(ScalarInt(*db, "SELECT count(*) FROM lines_sql WHERE alloc > 0 AND alloc < ship"), 0);
  EXPECT_GT(ScalarInt(*db, "SELECT count(*) FROM lines_sql WHERE disc > 0"), 0);
}

TEST(GenerateRevenue, TruthOrdersAreTheLatestValidVersions) {
  TempDir dir("orders");
  GenerateOptions o = SmallOptions(dir.path(), 14, DefectProfile::kHeavy);
  ASSERT_TRUE(Generate(o).ok());
  auto db = Duck();
  LoadAndDerive(*db, dir.path() / "bucket");
  auto truth_orders = ListFiles(dir.path() / "bucket.truth", "orders", ".csv.gz", false);
  Exec(*db, "CREATE TABLE t AS SELECT order_id, status, updated_at::TIMESTAMP AS upd FROM read_csv(" +
                SqlList(truth_orders) + ", header=true, all_varchar=true)");
  EXPECT_GT(ScalarInt(*db, "SELECT count(*) FROM t"), 100);
  EXPECT_EQ(ScalarInt(*db, "SELECT count(*) FROM (SELECT order_id, status, upd FROM latest EXCEPT SELECT * FROM t)"), 0);
  EXPECT_EQ(ScalarInt(*db, "SELECT count(*) FROM (SELECT * FROM t EXCEPT SELECT order_id, status, upd FROM latest)"), 0);
  // Every life-cycle state and both sources are present.
  EXPECT_EQ(ScalarInt(*db, "SELECT count(DISTINCT status) FROM t"), 5);
  EXPECT_EQ(ScalarInt(*db, "SELECT count(DISTINCT src) FROM latest"), 2);
}

// Attribution: coupon (case-insensitive) first, then UTM code, recomputed
// from the order records and the campaigns JSON.
TEST(GenerateRevenue, CampaignAttributionFollowsCouponThenUtm) {
  TempDir dir("attribution");
  GenerateOptions o = SmallOptions(dir.path(), 10, DefectProfile::kDefault);
  ASSERT_TRUE(Generate(o).ok());
  auto db = Duck();
  LoadAndDerive(*db, dir.path() / "bucket");
  auto campaigns = ListFiles(dir.path() / "bucket", "campaigns", ".json", true);
  Exec(*db, "CREATE TABLE camp AS SELECT campaign_id, utm_code, coupon_code FROM read_json(" + SqlList(campaigns) +
                ", format='array')");
  Exec(*db,
       "CREATE TABLE codes AS SELECT DISTINCT order_id, utm_code, coupon_code FROM ws WHERE order_id IS NOT NULL "
       "UNION SELECT DISTINCT mp_order_id, NULL, promo_code FROM mp WHERE mp_order_id IS NOT NULL");
  Exec(*db,
       "CREATE TABLE attr AS SELECT c.order_id, coalesce((SELECT campaign_id FROM camp WHERE lower(camp.coupon_code) "
       "= lower(c.coupon_code)), (SELECT campaign_id FROM camp WHERE camp.utm_code = c.utm_code), '') AS campaign_id "
       "FROM codes c WHERE c.order_id IN (SELECT order_id FROM latest)");
  auto truth_orders = ListFiles(dir.path() / "bucket.truth", "orders", ".csv.gz", false);
  Exec(*db, "CREATE TABLE t AS SELECT order_id, coalesce(campaign_id, '') AS campaign_id FROM read_csv(" +
                SqlList(truth_orders) + ", header=true, all_varchar=true)");
  EXPECT_GT(ScalarInt(*db, "SELECT count(*) FROM t WHERE campaign_id <> ''"), 10);
  EXPECT_EQ(ScalarInt(*db, "SELECT count(*) FROM (SELECT * FROM attr EXCEPT SELECT * FROM t)"), 0);
  EXPECT_EQ(ScalarInt(*db, "SELECT count(*) FROM (SELECT * FROM t EXCEPT SELECT * FROM attr)"), 0);
}

}  // namespace
}  // namespace ecomdw::generate::testing
