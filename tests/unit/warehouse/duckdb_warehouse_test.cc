#include "warehouse/duckdb/duckdb_warehouse.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <thread>

namespace ecomdw::warehouse {
namespace {

class DuckDbWarehouseTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto wh = OpenDuckDb(":memory:", DuckDbOptions{.threads = 2});
    ASSERT_TRUE(wh.ok()) << wh.status().ToString();
    wh_ = std::move(wh).value();
  }
  std::unique_ptr<Warehouse> wh_;
};

TEST_F(DuckDbWarehouseTest, TypesRoundTripThroughBindAndRead) {
  ASSERT_TRUE(wh_->Execute("CREATE TABLE t (i BIGINT, d DECIMAL(18,4), day DATE, ts TIMESTAMP, "
                           "s VARCHAR, b BOOLEAN, f DOUBLE, bl BLOB)")
                  .ok());
  const std::string odd = "Zürich – 東京 🛒 \x01\x7f tab\t\"q\" 'a'";
  Row row = {int64_t{-9'007'199'254'740'993},
             Decimal{-123456789012345678, 18, 4},
             DateFromCivil(2024, 2, 29),
             Timestamp{1'709'210'096'123'456},
             odd,
             true,
             0.1,
             Blob{std::string("\x00\xff\x10", 3)}};
  auto n = wh_->ExecuteParams("INSERT INTO t VALUES ($1, $2, $3, $4, $5, $6, $7, $8)", row);
  ASSERT_TRUE(n.ok()) << n.status().ToString();
  EXPECT_EQ(*n, 1);
  Row nulls(8, std::monostate{});
  ASSERT_TRUE(wh_->ExecuteParams("INSERT INTO t VALUES ($1, $2, $3, $4, $5, $6, $7, $8)", nulls).ok());

  auto r = wh_->Query("SELECT * FROM t ORDER BY i NULLS LAST");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  ASSERT_EQ(r->rows.size(), 2u);
  EXPECT_EQ(r->rows[0], row);
  EXPECT_EQ(r->rows[1], nulls);
  EXPECT_EQ(r->column_names[3], "ts");
  EXPECT_EQ(ValueToString(r->rows[0][2]), "2024-02-29");
  EXPECT_EQ(ValueToString(r->rows[0][3]), "2024-02-29 12:34:56.123456");
  EXPECT_EQ(ValueToString(r->rows[0][1]), "-12345678901234.5678");
}

TEST_F(DuckDbWarehouseTest, SqlSideValuesReadBack) {
  auto r = wh_->Query("SELECT 12.50::DECIMAL(10,2), DATE '1969-12-31', 42::INTEGER, 'x'::VARCHAR, "
                      "TIMESTAMP '1960-01-01 00:00:01'");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(std::get<Decimal>(r->rows[0][0]).unscaled, 1250);
  EXPECT_EQ(std::get<Date>(r->rows[0][1]).days, -1);
  EXPECT_EQ(std::get<int64_t>(r->rows[0][2]), 42);
  EXPECT_EQ(ValueToString(r->rows[0][4]), "1960-01-01 00:00:01");
}

TEST_F(DuckDbWarehouseTest, RollbackLeavesNoTrace) {
  ASSERT_TRUE(wh_->Execute("CREATE TABLE a (x INTEGER); INSERT INTO a VALUES (1)").ok());
  ASSERT_TRUE(wh_->Begin().ok());
  ASSERT_TRUE(wh_->Execute("INSERT INTO a VALUES (2); CREATE TABLE b (y INTEGER)").ok());
  ASSERT_TRUE(wh_->Rollback().ok());
  auto r = wh_->Query("SELECT count(*), sum(x) FROM a");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(std::get<int64_t>(r->rows[0][0]), 1);
  auto b = wh_->Query("SELECT count(*) FROM information_schema.tables WHERE table_name = 'b'");
  ASSERT_TRUE(b.ok());
  EXPECT_EQ(std::get<int64_t>(b->Scalar()), 0);
}

TEST_F(DuckDbWarehouseTest, FailingStatementReportsEngineMessageAndSql) {
  Status s = wh_->Execute("SELECT * FROM no_such_table_here");
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.message().find("no_such_table_here"), std::string::npos);
  EXPECT_NE(s.message().find("statement: SELECT * FROM no_such_table_here"), std::string::npos);

  auto q = wh_->Query("SELECT $1 + $2", {int64_t{1}});
  ASSERT_FALSE(q.ok());
  EXPECT_NE(q.status().message().find("takes 2 parameters, 1 given"), std::string::npos);
}

TEST_F(DuckDbWarehouseTest, BulkAppendOfOneMillionRows) {
  ASSERT_TRUE(wh_->Execute("CREATE SCHEMA s; CREATE TABLE s.lines (id BIGINT, sku VARCHAR, amount DECIMAL(12,2))").ok());
  auto writer = wh_->OpenBulkWriter("s", "lines");
  ASSERT_TRUE(writer.ok()) << writer.status().ToString();
  constexpr int64_t kRows = 1'000'000;
  for (int64_t i = 0; i < kRows; ++i) {
    Status st = (*writer)->AppendRow({i, "SKU-" + std::to_string(i % 997), Decimal{i % 10000, 12, 2}});
    ASSERT_TRUE(st.ok()) << st.ToString();
  }
  ASSERT_TRUE((*writer)->Close().ok());
  auto r = wh_->Query("SELECT count(*), sum(id), count(DISTINCT sku), sum(amount)::VARCHAR FROM s.lines");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(std::get<int64_t>(r->rows[0][0]), kRows);
  EXPECT_EQ(std::get<int64_t>(r->rows[0][1]), kRows * (kRows - 1) / 2);
  EXPECT_EQ(std::get<int64_t>(r->rows[0][2]), 997);
  // sum over i of (i mod 10000) cents = 100 blocks of 0..9999.
  EXPECT_EQ(std::get<std::string>(r->rows[0][3]), "49995000.00");
}

TEST_F(DuckDbWarehouseTest, BulkWriterOnMissingTableIsNotFound) {
  auto writer = wh_->OpenBulkWriter("main", "missing");
  ASSERT_FALSE(writer.ok());
  EXPECT_EQ(writer.status().code(), StatusCode::kNotFound);
  EXPECT_FALSE(wh_->OpenBulkWriter("main", "x; drop").ok());
}

TEST_F(DuckDbWarehouseTest, QueryEachStreamsAndStopsOnCallbackError) {
  int64_t seen = 0;
  Status s = wh_->QueryEach("SELECT range FROM range(100000)", {}, [&](const Row& row) {
    seen += std::get<int64_t>(row[0]) >= 0;
    return Status::OK();
  });
  ASSERT_TRUE(s.ok()) << s.ToString();
  EXPECT_EQ(seen, 100000);
  s = wh_->QueryEach("SELECT range FROM range(10)", {}, [](const Row&) { return Status::DataError("stop"); });
  EXPECT_EQ(s.code(), StatusCode::kDataError);
}

TEST_F(DuckDbWarehouseTest, StatementTimeoutInterrupts) {
  wh_->SetStatementTimeout(std::chrono::milliseconds(200));
  Status s = wh_->Execute("SELECT count(*) FROM range(10000000000) a WHERE a.range % 7 = 3");
  ASSERT_FALSE(s.ok());
  EXPECT_TRUE(s.IsUnavailable()) << s.ToString();
  EXPECT_NE(s.message().find("query time limit"), std::string::npos);
  wh_->SetStatementTimeout(std::chrono::milliseconds(0));
  EXPECT_TRUE(wh_->Execute("SELECT 1").ok());
}

TEST_F(DuckDbWarehouseTest, SessionsShareTheDatabase) {
  ASSERT_TRUE(wh_->Execute("CREATE TABLE shared_t AS SELECT 7 AS v").ok());
  auto other = wh_->NewSession();
  ASSERT_TRUE(other.ok());
  auto r = (*other)->Query("SELECT v FROM shared_t");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(std::get<int64_t>(r->Scalar()), 7);
}

// The workgroup's memory limit reaches DuckDB, and work larger than it
// spills to the temp directory instead of failing or growing the process.
TEST(DuckDbOptionsTest, MemoryLimitIsSetAndLargerWorkSpills) {
  namespace fs = std::filesystem;
  const fs::path dir = fs::temp_directory_path() / ("ecomdw-spill-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  {
    auto wh = OpenDuckDb((dir / "w.duckdb").string(),
                         DuckDbOptions{.threads = 2, .memory_limit = "64MiB", .temp_directory = (dir / "spill").string()});
    ASSERT_TRUE(wh.ok()) << wh.status().ToString();
    auto limit = (*wh)->Query("SELECT current_setting('memory_limit'), current_setting('temp_directory')");
    ASSERT_TRUE(limit.ok()) << limit.status().ToString();
    EXPECT_EQ(std::get<std::string>(limit->rows[0][0]), "64.0 MiB");
    EXPECT_EQ(std::get<std::string>(limit->rows[0][1]), (dir / "spill").string());
    // About 160 MB of rows sorted as a whole: more than twice the limit.
    Status sorted = (*wh)->Execute(
        "CREATE TEMP TABLE big AS SELECT i, md5(i::VARCHAR) AS h FROM range(2000000) t(i) ORDER BY h");
    ASSERT_TRUE(sorted.ok()) << sorted.ToString();
    auto n = (*wh)->Query("SELECT count(*), sum(i) FROM big");
    ASSERT_TRUE(n.ok()) << n.status().ToString();
    EXPECT_EQ(std::get<int64_t>(n->rows[0][0]), 2000000);
  }
  fs::remove_all(dir);
}

}  // namespace
}  // namespace ecomdw::warehouse
