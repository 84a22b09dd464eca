// The loader on hand-made objects: RFC 4180 CSV (quoted newlines, BOM,
// CRLF), invalid UTF-8, money scale, raw names, headerless CSV, the
// duplicate rule (exact, conflicting, corrected re-delivery), and objects
// that cannot be read at all, which never stop the batch.
#include <gtest/gtest.h>
#include <zlib.h>

#include <filesystem>
#include <fstream>

#include "config/config.h"
#include "staging/loader.h"
#include "warehouse/duckdb/duckdb_warehouse.h"

namespace ecomdw::staging {
namespace {
namespace fs = std::filesystem;
using warehouse::Warehouse;

constexpr const char* kConfig = R"toml(
[bucket]
uri = "file://raw"

[sources.fx]
prefix = "fx/"
format = "csv"
business_key = ["date", "currency"]
required = ["date", "currency", "usd_per_unit"]
[sources.fx.columns]
date = "DATE"
currency = "VARCHAR"
usd_per_unit = "DECIMAL(18,6)"

[sources.sales]
prefix = "sales/"
format = "csv"
business_key = ["order_id"]
updated_at = "updated_at"
required = ["order_id", "amount", "updated_at"]
drift_policy = "evolve"
[sources.sales.columns]
order_id = "VARCHAR"
ship_mode = "VARCHAR"
note = "VARCHAR"
amount = "DECIMAL(12,2)"
fee = "DECIMAL(18,4)"
updated_at = "TIMESTAMP"
[sources.sales.raw_names]
"Order ID" = "order_id"
"Ship Mode" = "ship_mode"

[sources.strict]
prefix = "strict/"
format = "csv"
business_key = ["order_id"]
drift_policy = "quarantine"
[sources.strict.columns]
order_id = "VARCHAR"
amount = "DECIMAL(12,2)"
updated_at = "TIMESTAMP"

[sources.events]
prefix = "events/"
format = "jsonl"
compression = "gzip"
business_key = ["id"]
updated_at = "ts"
required = ["id"]
drift_policy = "evolve"
[sources.events.columns]
id = "VARCHAR"
ts = "TIMESTAMP"
n = "INTEGER"

[sources.docs]
prefix = "docs/"
format = "json"
business_key = ["id"]
required = ["id"]
[sources.docs.columns]
id = "VARCHAR"
name = "VARCHAR"

[sources.items]
prefix = "items/"
format = "parquet"
business_key = ["sku"]
updated_at = "updated_at"
required = ["sku"]
drift_policy = "evolve"
[sources.items.columns]
sku = "VARCHAR"
price = "DECIMAL(12,2)"
updated_at = "TIMESTAMP"
)toml";

const char* kSalesHeader = "\"Order ID\",Ship Mode,note,amount,fee,updated_at\n";

class LoaderCases : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("ecomdw-cases-" + std::to_string(::getpid()) + "-" +
                                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    auto cfg = config::ParseConfig(kConfig, (dir_ / "ecomdw.toml").string());
    ASSERT_TRUE(cfg.ok()) << cfg.status().ToString();
    cfg_ = *cfg;
    auto wh = warehouse::OpenDuckDb(":memory:", {.threads = 2});
    ASSERT_TRUE(wh.ok());
    wh_ = std::move(*wh);
  }
  void TearDown() override { fs::remove_all(dir_); }

  // Writes `bytes` as the landed copy of `key` and returns the object.
  LandedObject Put(const std::string& source, const std::string& key, const std::string& bytes,
                   const std::string& batch = "b1") {
    fs::path p = dir_ / batch / key;
    fs::create_directories(p.parent_path());
    std::ofstream(p, std::ios::binary) << bytes;
    return {source, key, p.string(), batch, static_cast<int64_t>(bytes.size())};
  }

  static std::string Gzip(const std::string& text) {
    uLongf n = compressBound(text.size()) + 32;
    std::string out(n, '\0');
    z_stream z{};
    deflateInit2(&z, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY);
    z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(text.data()));
    z.avail_in = static_cast<uInt>(text.size());
    z.next_out = reinterpret_cast<Bytef*>(out.data());
    z.avail_out = static_cast<uInt>(out.size());
    deflate(&z, Z_FINISH);
    out.resize(z.total_out);
    deflateEnd(&z);
    return out;
  }

  // A Parquet object written by DuckDB from `select`.
  LandedObject PutParquet(const std::string& source, const std::string& key, const std::string& select,
                          const std::string& batch = "b1") {
    fs::path p = dir_ / batch / key;
    fs::create_directories(p.parent_path());
    auto st = wh_->Execute("COPY (" + select + ") TO '" + p.string() + "' (FORMAT parquet)");
    EXPECT_TRUE(st.ok()) << st.ToString();
    return {source, key, p.string(), batch, static_cast<int64_t>(fs::file_size(p))};
  }

  BatchLoadResult Load(const std::string& batch, const std::vector<LandedObject>& objects) {
    auto r = LoadBatch(*wh_, cfg_, batch, objects);
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    return r.ok() ? *r : BatchLoadResult{};
  }

  std::string One(const std::string& sql) {
    auto r = wh_->Query(sql);
    if (!r.ok()) return "ERROR " + r.status().ToString();
    if (r->rows.empty()) return "<no rows>";
    std::string out;
    for (const auto& v : r->rows[0]) out += (out.empty() ? "" : "|") + warehouse::ValueToString(v);
    return out;
  }
  std::string All(const std::string& sql) {
    auto r = wh_->Query(sql);
    if (!r.ok()) return "ERROR " + r.status().ToString();
    std::string out;
    for (const auto& row : r->rows) {
      std::string line;
      for (const auto& v : row) line += (line.empty() ? "" : "|") + warehouse::ValueToString(v);
      out += line + "\n";
    }
    return out;
  }
  // raw = staged + quarantined + duplicates for every reconciliation row.
  void ExpectBalanced() {
    EXPECT_EQ(One("SELECT count(*) FROM ops.reconciliation WHERE NOT balanced OR raw_records <> staged_records + "
                  "quarantined_records + duplicate_records"),
              "0")
        << All("SELECT * FROM ops.reconciliation");
  }

  fs::path dir_;
  config::Config cfg_;
  std::unique_ptr<Warehouse> wh_;
};

TEST_F(LoaderCases, QuotedNewlinesBomCrlfAndRawNames) {
  std::string csv = "\xEF\xBB\xBF" + std::string(kSalesHeader);
  csv += "A1,express,\"two\r\nlines, \"\"quoted\"\"\",10.50,0.1234,2024-01-01 10:00:00\r\n";
  csv += "A2,standard,,3.00,,2024-01-01T11:00:00Z\r\n";
  Load("b1", {Put("sales", "sales/dt=2024-01-01/a.csv", csv)});
  EXPECT_EQ(All("SELECT order_id, ship_mode, note, amount, fee, _line FROM staging.sales ORDER BY _line"),
            "A1|express|two\r\nlines, \"quoted\"|10.50|0.1234|2\n"
            "A2|standard|NULL|3.00|NULL|4\n");
  EXPECT_EQ(One("SELECT count(*) FROM ops.schema_changes"), "0");  // raw names are not drift
  EXPECT_EQ(One("SELECT raw_records, staged_records FROM ops.reconciliation WHERE source = 'sales'"), "2|2");
  ExpectBalanced();
}

TEST_F(LoaderCases, InvalidUtf8RecordIsQuarantinedAlone) {
  std::string csv = std::string(kSalesHeader) + "A1,x,caf\xE9,1.00,,2024-01-01 10:00:00\nA2,x,ok,2.00,,2024-01-01 10:00:00\n";
  Load("b1", {Put("sales", "sales/dt=2024-01-01/a.csv", csv)});
  EXPECT_EQ(One("SELECT reason, _line, raw FROM quarantine.sales"), "invalid_utf8|2|A1,x,caf\\xE9,1.00,,2024-01-01 10:00:00");
  EXPECT_EQ(All("SELECT order_id FROM staging.sales"), "A2\n");
  ExpectBalanced();
}

TEST_F(LoaderCases, SubCentMoneyIsBadTypeAndFourDecimalsLoad) {
  std::string csv = std::string(kSalesHeader) + "A1,x,,10.005,,2024-01-01 10:00:00\nA2,x,,10.01,2.5001,2024-01-01 10:00:00\n";
  Load("b1", {Put("sales", "sales/dt=2024-01-01/a.csv", csv)});
  std::string q = One("SELECT reason, _line, message FROM quarantine.sales");
  EXPECT_EQ(q.substr(0, 11), "bad_type|2|") << q;
  EXPECT_NE(q.find("\"amount\""), std::string::npos) << q;
  EXPECT_NE(q.find("10.005"), std::string::npos) << q;
  EXPECT_EQ(One("SELECT amount, fee FROM staging.sales"), "10.01|2.5001");
  ExpectBalanced();
}

TEST_F(LoaderCases, HeaderlessCsvLosesNoRow) {
  // evolve: read by the contract's column order, line 1 is a record.
  std::string rows = "A1,x,,1.00,,2024-01-01 10:00:00\nA2,x,,2.00,,2024-01-01 10:00:00\nA3,x,,3.00,,2024-01-01 10:00:00\n";
  // quarantine: every record, line 1 included, goes to quarantine.
  std::string strict_rows = "S1,1.00,2024-01-01 10:00:00\nS2,2.00,2024-01-01 10:00:00\n";
  Load("b1", {Put("sales", "sales/dt=2024-01-01/headerless.csv", rows),
              Put("strict", "strict/dt=2024-01-01/headerless.csv", strict_rows)});
  EXPECT_EQ(All("SELECT order_id, _line FROM staging.sales ORDER BY _line"), "A1|1\nA2|2\nA3|3\n");
  EXPECT_EQ(All("SELECT source, change, action FROM ops.schema_changes ORDER BY source"),
            "sales|header_missing|evolved\nstrict|header_missing|object quarantined\n");
  EXPECT_EQ(All("SELECT _line, reason FROM quarantine.strict ORDER BY _line"), "1|schema_drift\n2|schema_drift\n");
  EXPECT_EQ(One("SELECT raw_records, staged_records, quarantined_records FROM ops.reconciliation WHERE source = 'strict'"),
            "2|0|2");
  ExpectBalanced();
}

TEST_F(LoaderCases, ExactConflictingAndCrossBatchDuplicates) {
  std::string a = std::string(kSalesHeader) + "A1,x,,1.00,,2024-01-01 10:00:00\nA2,x,,2.00,,2024-01-01 10:00:00\n";
  std::string b = std::string(kSalesHeader) + "A1,x,,1.00,,2024-01-01 10:00:00\nA2,x,,2.50,,2024-01-01 10:00:00\n";
  Load("b1", {Put("sales", "sales/dt=2024-01-01/a.csv", a), Put("sales", "sales/dt=2024-01-02/b.csv", b)});
  EXPECT_EQ(All("SELECT order_id, amount, _object_key FROM staging.sales ORDER BY 1"),
            "A1|1.00|sales/dt=2024-01-01/a.csv\nA2|2.00|sales/dt=2024-01-01/a.csv\n");
  std::string q = One("SELECT reason, _object_key, _line, message FROM quarantine.sales");
  EXPECT_EQ(q.substr(0, q.find("|", q.find("|", q.find("|") + 1) + 1)), "conflicting_duplicate|sales/dt=2024-01-02/b.csv|3");
  EXPECT_NE(q.find("sales/dt=2024-01-01/a.csv line 3"), std::string::npos) << q;  // names the other object
  EXPECT_EQ(One("SELECT duplicate_records, conflicting_records FROM ops.reconciliation"), "1|1");
  // A later batch: the same key and updated_at with other content is a
  // conflict with the staged record; an identical copy is a duplicate.
  std::string c = std::string(kSalesHeader) + "A2,x,,9.99,,2024-01-01 10:00:00\nA1,x,,1.00,,2024-01-01 10:00:00\n";
  Load("b2", {Put("sales", "sales/dt=2024-01-03/c.csv", c, "b2")});
  EXPECT_EQ(One("SELECT duplicate_records, conflicting_records FROM ops.reconciliation WHERE batch_id = 'b2'"), "1|1");
  EXPECT_NE(One("SELECT message FROM quarantine.sales WHERE _batch_id = 'b2'").find("sales/dt=2024-01-01/a.csv line 3"),
            std::string::npos);
  EXPECT_EQ(One("SELECT count(*) FROM staging.sales"), "2");
  ExpectBalanced();
}

TEST_F(LoaderCases, CorrectedRedeliveryReplacesTheOldVersion) {
  const std::string key = "fx/dt=2024-01-01/rates.csv";
  Load("b1", {Put("fx", key, "date,currency,usd_per_unit\n2024-01-01,USD,1.000000\n2024-01-01,EUR,1.083200\n")});
  // The same object re-written with a corrected EUR rate, landed as a new
  // version in a later batch.
  Load("b2", {Put("fx", key, "date,currency,usd_per_unit\n2024-01-01,USD,1.000000\n2024-01-01,EUR,1.091100\n", "b2")});
  EXPECT_EQ(All("SELECT currency, usd_per_unit, _batch_id FROM staging.fx ORDER BY currency"),
            "EUR|1.091100|b2\nUSD|1.000000|b2\n");
  EXPECT_EQ(One("SELECT staged_records, duplicate_records, quarantined_records, replaced_records FROM "
                "ops.reconciliation WHERE batch_id = 'b2'"),
            "2|0|0|2");
  ExpectBalanced();
}

TEST_F(LoaderCases, UnreadableObjectsAreQuarantinedWholeAndTheRestLoads) {
  std::string events;
  for (int i = 0; i < 400; ++i) {
    events += "{\"id\":\"E" + std::to_string(i) + "\",\"ts\":\"2024-01-01T10:00:00Z\",\"n\":" + std::to_string(i) + "}\n";
  }
  std::string gz = Gzip(events);
  std::string corrupt = gz;
  for (size_t i = 20; i < 40; ++i) corrupt[i] = static_cast<char>(corrupt[i] ^ 0x5a);
  std::string truncated = gz.substr(0, gz.size() / 2);
  LandedObject good_parquet = PutParquet("items", "items/source=pim/dt=2024-01-01/good.parquet",
                                         "SELECT 'SKU-1' AS sku, 9.99::DECIMAL(12,2) AS price, TIMESTAMP '2024-01-01' AS updated_at");
  std::string real_parquet;
  {
    std::ifstream in(good_parquet.local_path, std::ios::binary);
    real_parquet.assign(std::istreambuf_iterator<char>(in), {});
  }
  std::vector<LandedObject> objects = {
      Put("events", "events/dt=2024-01-01/good.jsonl.gz", Gzip("{\"id\":\"G1\",\"ts\":\"2024-01-01T10:00:00Z\",\"n\":1}\n")),
      Put("events", "events/dt=2024-01-01/corrupt.jsonl.gz", corrupt),
      Put("events", "events/dt=2024-01-01/truncated.jsonl.gz", truncated),
      Put("events", "events/dt=2024-01-01/plain.jsonl.gz", events),
      Put("sales", "sales/dt=2024-01-01/binary.csv", std::string("\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16)),
      Put("sales", "sales/dt=2024-01-01/good.csv", std::string(kSalesHeader) + "A1,x,,1.00,,2024-01-01 10:00:00\n"),
      Put("docs", "docs/dt=2024-01-01/lines.json", "{\"id\":\"D1\"}\n{\"id\":\"D2\"}\n"),
      Put("docs", "docs/dt=2024-01-01/good.json", "[{\"id\":\"D3\",\"name\":\"x\"}, 7]"),
      Put("items", "items/source=pim/dt=2024-01-01/fake.parquet", "this is not parquet at all"),
      Put("items", "items/source=pim/dt=2024-01-01/cut.parquet", real_parquet.substr(0, real_parquet.size() - 9)),
      good_parquet,
  };
  BatchLoadResult r = Load("b1", objects);
  const std::string all_q =
      "(SELECT * FROM quarantine.events UNION ALL SELECT * FROM quarantine.sales UNION ALL SELECT * FROM "
      "quarantine.docs UNION ALL SELECT * FROM quarantine.items)";
  EXPECT_EQ(All("SELECT _object_key FROM " + all_q + " WHERE reason = 'unreadable_object' ORDER BY 1"),
            "docs/dt=2024-01-01/lines.json\n"
            "events/dt=2024-01-01/corrupt.jsonl.gz\n"
            "events/dt=2024-01-01/plain.jsonl.gz\n"
            "events/dt=2024-01-01/truncated.jsonl.gz\n"
            "items/source=pim/dt=2024-01-01/cut.parquet\n"
            "items/source=pim/dt=2024-01-01/fake.parquet\n"
            "sales/dt=2024-01-01/binary.csv\n");
  // The line reached: 0 when nothing could be read.
  EXPECT_EQ(All("SELECT _line FROM " + all_q + " WHERE _object_key SIMILAR TO '.*(plain|fake|lines|binary).*' ORDER BY _object_key"),
            "0\n0\n0\n3\n");
  EXPECT_GT(std::stoi(One("SELECT _line FROM quarantine.events WHERE _object_key LIKE '%truncated%'")), 1);
  for (const char* what : {"gzip", "truncated", "binary content", "not a JSON array", "PAR1"}) {
    EXPECT_NE(All("SELECT message FROM quarantine.events UNION ALL SELECT message FROM quarantine.sales UNION ALL "
                  "SELECT message FROM quarantine.docs UNION ALL SELECT message FROM quarantine.items")
                  .find(what),
              std::string::npos)
        << what;
  }
  EXPECT_EQ(All("SELECT id FROM staging.events"), "G1\n");
  EXPECT_EQ(All("SELECT order_id FROM staging.sales"), "A1\n");
  EXPECT_EQ(All("SELECT id FROM staging.docs"), "D3\n");
  EXPECT_EQ(One("SELECT reason, _line FROM quarantine.docs WHERE _object_key LIKE '%good.json'"), "malformed|2");
  EXPECT_EQ(All("SELECT sku, price FROM staging.items"), "SKU-1|9.99\n");
  EXPECT_EQ(All("SELECT source, unreadable_objects FROM ops.reconciliation ORDER BY 1"),
            "docs|1\nevents|3\nitems|2\nsales|1\n");
  // Hive parts of the Parquet path (source=, dt=) are not columns: no drift.
  EXPECT_EQ(One("SELECT count(*) FROM ops.schema_changes"), "0");
  ExpectBalanced();
  // A later batch loads as usual.
  Load("b2", {Put("events", "events/dt=2024-01-02/good.jsonl.gz",
                  Gzip("{\"id\":\"G2\",\"ts\":\"2024-01-02T10:00:00Z\",\"n\":2}\n"), "b2")});
  EXPECT_EQ(One("SELECT count(*) FROM staging.events"), "2");
}

TEST_F(LoaderCases, ParquetDecimalsAreNeverRounded) {
  LandedObject o = PutParquet("items", "items/source=pim/dt=2024-01-01/p.parquet",
                              "SELECT * FROM (VALUES ('SKU-1', 1.500::DECIMAL(12,3), TIMESTAMP '2024-01-01'), "
                              "('SKU-2', 1.005::DECIMAL(12,3), TIMESTAMP '2024-01-01')) t(sku, price, updated_at)");
  Load("b1", {o});
  EXPECT_EQ(All("SELECT sku, price FROM staging.items"), "SKU-1|1.50\n");
  std::string q = One("SELECT reason, _line, message FROM quarantine.items");
  EXPECT_EQ(q.substr(0, 11), "bad_type|2|") << q;
  EXPECT_NE(q.find("1.005"), std::string::npos) << q;
  EXPECT_EQ(One("SELECT change, column_name FROM ops.schema_changes"), "retyped|price");
  ExpectBalanced();
}

TEST_F(LoaderCases, JsonLinesRecordsAndDrift) {
  std::string lines =
      "{\"id\":\"E1\",\"ts\":\"2024-01-01T10:00:00Z\",\"n\":1,\"extra\":\"new \\\"one\\\"\"}\n"
      "{\"id\":\"E2\",\"ts\":\"2024-01-01T10:00:00Z\",\"n\":2.5}\n"
      "{\"id\":\"E3\",\"ts\":\"2024-01-0\n"
      "[1,2]\n"
      "{\"id\":null,\"ts\":\"2024-01-01T10:00:00Z\"}\n";
  Load("b1", {Put("events", "events/dt=2024-01-01/a.jsonl.gz", Gzip(lines))});
  EXPECT_EQ(All("SELECT id, n, extra, _line FROM staging.events"), "E1|1|new \"one\"|1\n");
  EXPECT_EQ(All("SELECT _line, reason FROM quarantine.events ORDER BY _line"),
            "2|bad_type\n3|malformed\n4|malformed\n5|missing_required\n");
  EXPECT_EQ(One("SELECT change, column_name, action FROM ops.schema_changes"), "added|extra|evolved");
  ExpectBalanced();
}

}  // namespace
}  // namespace ecomdw::staging
