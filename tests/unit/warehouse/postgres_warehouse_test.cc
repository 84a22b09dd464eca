// The PostgreSQL session against a real server (CTest fixture `pg`).
#include "warehouse/postgres/postgres_warehouse.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <chrono>
#include <cmath>
#include <limits>
#include <thread>

#include "pg/pg_test_env.h"

namespace ecomdw::warehouse::postgres {
namespace {

using namespace std::chrono_literals;

class PostgresWarehouseTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string why = pg_test::LoadServerEnv();
    ASSERT_EQ(why, "");
    auto wh = Connect({});
    ASSERT_TRUE(wh.ok()) << wh.status().ToString();
    wh_ = std::move(wh).value();
    // Tests run as separate processes in parallel: each gets its own schema.
    schema_ = "t" + std::to_string(::getpid());
    ASSERT_TRUE(wh_->Execute("DROP SCHEMA IF EXISTS " + schema_ + " CASCADE; CREATE SCHEMA " + schema_ +
                             "; SET search_path = " + schema_)
                    .ok());
  }
  void TearDown() override {
    if (!wh_) return;
    (void)wh_->Rollback();
    EXPECT_TRUE(wh_->Execute("DROP SCHEMA IF EXISTS " + schema_ + " CASCADE").ok());
  }
  int64_t Count(const std::string& table) {
    auto r = wh_->Query("SELECT count(*) FROM " + schema_ + "." + table);
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    return r.ok() ? std::get<int64_t>(r->Scalar()) : -1;
  }
  std::unique_ptr<Warehouse> wh_;
  std::string schema_;
};

TEST_F(PostgresWarehouseTest, DialectIsPostgres) { EXPECT_EQ(wh_->dialect(), "postgres"); }

TEST_F(PostgresWarehouseTest, EveryValueKindRoundTripsThroughBindAndRead) {
  ASSERT_TRUE(wh_->Execute("CREATE TABLE t (i BIGINT, d NUMERIC(18,4), day DATE, ts TIMESTAMP, s TEXT, "
                           "b BOOLEAN, f DOUBLE PRECISION, bl BYTEA, money NUMERIC(12,2))")
                  .ok());
  const std::string odd = "Zürich – 東京 🛒 \x01\x7f tab\t\"q\" 'a' back\\slash\nnew line";
  Row row = {int64_t{-9'007'199'254'740'993},
             Decimal{-123456789012345678, 18, 4},
             DateFromCivil(2024, 2, 29),
             Timestamp{1'709'210'096'123'456},
             odd,
             true,
             0.1,
             Blob{std::string("\x00\xff\x10", 3)},
             Decimal{1999, 12, 2}};
  auto n = wh_->ExecuteParams("INSERT INTO t VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)", row);
  ASSERT_TRUE(n.ok()) << n.status().ToString();
  EXPECT_EQ(*n, 1);
  Row nulls(9, std::monostate{});
  ASSERT_TRUE(wh_->ExecuteParams("INSERT INTO t VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)", nulls).ok());

  auto r = wh_->Query("SELECT * FROM t ORDER BY i NULLS LAST");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  ASSERT_EQ(r->rows.size(), 2u);
  EXPECT_EQ(r->rows[0], row);
  EXPECT_EQ(r->rows[1], nulls);
  EXPECT_EQ(r->column_names[3], "ts");
  EXPECT_EQ(ValueToString(r->rows[0][2]), "2024-02-29");
  EXPECT_EQ(ValueToString(r->rows[0][3]), "2024-02-29 12:34:56.123456");
  EXPECT_EQ(ValueToString(r->rows[0][1]), "-12345678901234.5678");
  EXPECT_EQ(ValueToString(r->rows[0][8]), "19.99");
}

TEST_F(PostgresWarehouseTest, SqlSideValuesReadBackWithTheirKinds) {
  auto r = wh_->Query(
      "SELECT 12.50::NUMERIC(10,2), DATE '1969-12-31', 42::INTEGER, 7::SMALLINT, 'x'::VARCHAR, "
      "TIMESTAMP '1960-01-01 00:00:01', TIMESTAMPTZ '2024-03-01 01:30:00+02', 'NaN'::float8, "
      "'-Infinity'::float8, 2.5::real, sum(x), avg(x), DATE '0044-03-15 BC', TIMESTAMP '2024-01-01 00:00:00.5' "
      "FROM (VALUES (1.25::NUMERIC(10,2)), (2.50)) v(x)");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  const Row& row = r->rows[0];
  EXPECT_EQ(std::get<Decimal>(row[0]), (Decimal{1250, 10, 2}));
  EXPECT_EQ(std::get<Date>(row[1]).days, -1);
  EXPECT_EQ(std::get<int64_t>(row[2]), 42);
  EXPECT_EQ(std::get<int64_t>(row[3]), 7);
  EXPECT_EQ(std::get<std::string>(row[4]), "x");
  EXPECT_EQ(ValueToString(row[5]), "1960-01-01 00:00:01");
  EXPECT_EQ(ValueToString(row[6]), "2024-02-29 23:30:00");  // +02 read as UTC
  EXPECT_TRUE(std::isnan(std::get<double>(row[7])));
  EXPECT_EQ(std::get<double>(row[8]), -std::numeric_limits<double>::infinity());
  EXPECT_EQ(std::get<double>(row[9]), 2.5);
  EXPECT_EQ(std::get<Decimal>(row[10]).unscaled, 375);  // sum: unconstrained numeric, the text's scale
  EXPECT_EQ(std::get<Decimal>(row[10]).scale, 2);
  EXPECT_EQ(ValueToString(row[11]), "1.8750000000000000");
  EXPECT_EQ(std::get<Date>(row[12]), DateFromCivil(-43, 3, 15));
  EXPECT_EQ(std::get<Timestamp>(row[13]).micros % 1'000'000, 500'000);
}

TEST_F(PostgresWarehouseTest, DecimalsStayExactToTheCent) {
  ASSERT_TRUE(wh_->Execute("CREATE TABLE m (amount NUMERIC(18,2))").ok());
  int64_t expected = 0;
  for (int64_t cents : {1LL, 10LL, 99LL, -1LL, 123456789012LL, 99999999999999999LL - 123456789012LL}) {
    ASSERT_TRUE(wh_->ExecuteParams("INSERT INTO m VALUES ($1)", {Decimal{cents, 18, 2}}).ok());
    expected += cents;
  }
  auto r = wh_->Query("SELECT sum(amount)::NUMERIC(18,2), min(amount), count(*) FROM m");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(std::get<Decimal>(r->rows[0][0]), (Decimal{expected, 18, 2}));
  EXPECT_EQ(ValueToString(r->rows[0][1]), "-0.01");
  // A bound decimal compares exactly with the stored one.
  auto hit = wh_->Query("SELECT count(*) FROM m WHERE amount = $1", {Decimal{99, 18, 2}});
  ASSERT_TRUE(hit.ok()) << hit.status().ToString();
  EXPECT_EQ(std::get<int64_t>(hit->Scalar()), 1);
  // Wider than 18 digits does not come back silently rounded.
  auto wide = wh_->Query("SELECT 12345678901234567890.5::NUMERIC");
  ASSERT_FALSE(wide.ok());
  EXPECT_NE(wide.status().message().find("wider than 18 digits"), std::string::npos) << wide.status().ToString();
}

TEST_F(PostgresWarehouseTest, BoundParametersCannotInject) {
  ASSERT_TRUE(wh_->Execute("CREATE TABLE t (s TEXT)").ok());
  const std::string hostile = "x'); DROP TABLE t; --";
  ASSERT_TRUE(wh_->ExecuteParams("INSERT INTO t VALUES ($1)", {hostile}).ok());
  auto r = wh_->Query("SELECT s FROM t WHERE s = $1", {hostile});
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  ASSERT_EQ(r->rows.size(), 1u);
  EXPECT_EQ(std::get<std::string>(r->rows[0][0]), hostile);
  EXPECT_EQ(Count("t"), 1);  // the table is still there
  // A parameter is one value even where it looks like a statement.
  auto as_sql = wh_->Query("SELECT $1::text", {std::string("1; DROP TABLE t")});
  ASSERT_TRUE(as_sql.ok()) << as_sql.status().ToString();
  EXPECT_EQ(std::get<std::string>(as_sql->Scalar()), "1; DROP TABLE t");
  EXPECT_EQ(Count("t"), 1);
}

TEST_F(PostgresWarehouseTest, ExecuteRunsSeveralStatementsAndCountsRowsChanged) {
  ASSERT_TRUE(wh_->Execute("CREATE TABLE a (x INT); INSERT INTO a VALUES (1), (2), (3); "
                           "CREATE TABLE b AS SELECT x * 2 AS y FROM a")
                  .ok());
  EXPECT_EQ(Count("b"), 3);
  auto n = wh_->ExecuteParams("UPDATE a SET x = x + $1 WHERE x >= $2", {int64_t{10}, int64_t{2}});
  ASSERT_TRUE(n.ok()) << n.status().ToString();
  EXPECT_EQ(*n, 2);
  auto ddl = wh_->ExecuteParams("CREATE TABLE c (x INT)", {});
  ASSERT_TRUE(ddl.ok()) << ddl.status().ToString();
  EXPECT_EQ(*ddl, 0);
}

TEST_F(PostgresWarehouseTest, RollbackDiscardsAndCommitKeeps) {
  ASSERT_TRUE(wh_->Execute("CREATE TABLE t (x INT)").ok());
  ASSERT_TRUE(wh_->Begin().ok());
  ASSERT_TRUE(wh_->Execute("INSERT INTO t VALUES (1); CREATE TABLE u (y INT)").ok());
  EXPECT_EQ(Count("t"), 1);
  ASSERT_TRUE(wh_->Rollback().ok());
  EXPECT_EQ(Count("t"), 0);
  auto gone = wh_->Query("SELECT * FROM u");
  EXPECT_TRUE(gone.status().IsNotFound()) << gone.status().ToString();

  ASSERT_TRUE(wh_->Begin().ok());
  ASSERT_TRUE(wh_->Execute("INSERT INTO t VALUES (2)").ok());
  // Another session does not see uncommitted rows, then does.
  auto other = wh_->NewSession();
  ASSERT_TRUE(other.ok()) << other.status().ToString();
  auto before = (*other)->Query("SELECT count(*) FROM " + schema_ + ".t");
  ASSERT_TRUE(before.ok()) << before.status().ToString();
  EXPECT_EQ(std::get<int64_t>(before->Scalar()), 0);
  ASSERT_TRUE(wh_->Commit().ok());
  auto after = (*other)->Query("SELECT count(*) FROM " + schema_ + ".t");
  EXPECT_EQ(std::get<int64_t>(after->Scalar()), 1);
}

TEST_F(PostgresWarehouseTest, CommitOfAnAbortedTransactionFails) {
  ASSERT_TRUE(wh_->Execute("CREATE TABLE t (x INT)").ok());
  ASSERT_TRUE(wh_->Begin().ok());
  ASSERT_TRUE(wh_->Execute("INSERT INTO t VALUES (1)").ok());
  EXPECT_FALSE(wh_->Execute("SELECT 1/0").ok());
  Status commit = wh_->Commit();
  ASSERT_FALSE(commit.ok());
  EXPECT_NE(commit.message().find("rolled back"), std::string::npos) << commit.ToString();
  EXPECT_EQ(Count("t"), 0);
}

TEST_F(PostgresWarehouseTest, ErrorsCarrySqlStateMessageAndStatement) {
  auto missing = wh_->Query("SELECT * FROM no_such_table WHERE 1 = $1", {int64_t{1}});
  ASSERT_FALSE(missing.ok());
  EXPECT_TRUE(missing.status().IsNotFound()) << missing.status().ToString();
  EXPECT_NE(missing.status().message().find("[42P01]"), std::string::npos) << missing.status().ToString();
  EXPECT_NE(missing.status().message().find("no_such_table\" does not exist"), std::string::npos);
  EXPECT_NE(missing.status().message().find("statement: SELECT * FROM no_such_table"), std::string::npos);

  Status syntax = wh_->Execute("SELEKT 1");
  EXPECT_EQ(syntax.code(), StatusCode::kIOError);
  EXPECT_NE(syntax.message().find("[42601]"), std::string::npos) << syntax.ToString();

  ASSERT_TRUE(wh_->Execute("CREATE TABLE k (id INT PRIMARY KEY)").ok());
  ASSERT_TRUE(wh_->Execute("INSERT INTO k VALUES (1)").ok());
  Status dup = wh_->Execute("INSERT INTO k VALUES (1)");
  EXPECT_EQ(dup.code(), StatusCode::kConflict) << dup.ToString();
  EXPECT_NE(dup.message().find("[23505]"), std::string::npos);
  EXPECT_NE(dup.message().find("detail: Key (id)=(1) already exists."), std::string::npos) << dup.ToString();

  // A long statement is cut, and the text at the error position is shown.
  std::string lng = "SELECT " + std::string(2000, ' ') + "no_such_column";
  Status far = wh_->Execute(lng);
  ASSERT_FALSE(far.ok());
  EXPECT_LT(far.message().size(), 1200u) << far.message();
  EXPECT_NE(far.message().find("near character"), std::string::npos) << far.message();
  EXPECT_NE(far.message().find("no_such_column…"), std::string::npos) << far.message();
}

TEST_F(PostgresWarehouseTest, StatementTimeoutReturnsUnavailableAndCanBeLifted) {
  wh_->SetStatementTimeout(200ms);
  auto start = std::chrono::steady_clock::now();
  Status s = wh_->Execute("SELECT pg_sleep(5)");
  auto took = std::chrono::steady_clock::now() - start;
  ASSERT_FALSE(s.ok());
  EXPECT_TRUE(s.IsUnavailable()) << s.ToString();
  EXPECT_NE(s.message().find("query time limit of 200 ms"), std::string::npos) << s.ToString();
  EXPECT_LT(took, 3s);
  // The limit also holds inside a transaction, and survives its rollback.
  ASSERT_TRUE(wh_->Begin().ok());
  EXPECT_TRUE(wh_->Query("SELECT pg_sleep(5)").status().IsUnavailable());
  ASSERT_TRUE(wh_->Rollback().ok());
  EXPECT_TRUE(wh_->Query("SELECT pg_sleep(5)").status().IsUnavailable());
  // New sessions inherit it; zero lifts it.
  auto other = wh_->NewSession();
  ASSERT_TRUE(other.ok());
  EXPECT_TRUE((*other)->Execute("SELECT pg_sleep(5)").IsUnavailable());
  wh_->SetStatementTimeout(0ms);
  EXPECT_TRUE(wh_->Execute("SELECT pg_sleep(0.4)").ok());
}

TEST_F(PostgresWarehouseTest, InterruptFromAnotherThreadStopsTheStatement) {
  std::thread interrupter([&] {
    std::this_thread::sleep_for(300ms);
    wh_->Interrupt();
  });
  auto start = std::chrono::steady_clock::now();
  Status s = wh_->Execute("SELECT pg_sleep(20)");
  auto took = std::chrono::steady_clock::now() - start;
  interrupter.join();
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.code(), StatusCode::kIOError) << s.ToString();
  EXPECT_NE(s.message().find("[57014]"), std::string::npos) << s.ToString();
  EXPECT_NE(s.message().find("interrupted"), std::string::npos) << s.ToString();
  EXPECT_LT(took, 10s);
  // The session is usable afterwards, and an idle Interrupt() is harmless.
  wh_->Interrupt();
  auto r = wh_->Query("SELECT 1");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
}

TEST_F(PostgresWarehouseTest, QueryEachStreams100kRowsInOrder) {
  int64_t n = 0, sum = 0;
  bool ordered = true;
  Status s = wh_->QueryEach("SELECT g, 'row ' || g FROM generate_series(1, $1) g ORDER BY g", {int64_t{100'000}},
                            [&](const Row& row) {
                              int64_t g = std::get<int64_t>(row[0]);
                              ordered = ordered && g == n + 1 && std::get<std::string>(row[1]) == "row " + std::to_string(g);
                              ++n;
                              sum += g;
                              return Status::OK();
                            });
  ASSERT_TRUE(s.ok()) << s.ToString();
  EXPECT_EQ(n, 100'000);
  EXPECT_EQ(sum, 100'000LL * 100'001 / 2);
  EXPECT_TRUE(ordered);
}

TEST_F(PostgresWarehouseTest, QueryEachStopsEarlyWithoutReadingTheWholeResult) {
  // 50 million rows would take far longer than this test's limit to
  // materialize; a stream hands over the first rows at once. (A cross join
  // of two small series: one big generate_series would be materialized by
  // the server itself before the first row.)
  auto start = std::chrono::steady_clock::now();
  int64_t seen = 0;
  Status s = wh_->QueryEach("SELECT a * 1000 + b FROM generate_series(0, 49999) a CROSS JOIN generate_series(1, 1000) b", {}, [&](const Row&) {
    return ++seen == 1000 ? Status::Conflict("enough") : Status::OK();
  });
  auto took = std::chrono::steady_clock::now() - start;
  EXPECT_EQ(s.code(), StatusCode::kConflict);
  EXPECT_EQ(s.message(), "enough");  // the callback's Status, unchanged
  EXPECT_EQ(seen, 1000);
  EXPECT_LT(took, 8s);
  auto r = wh_->Query("SELECT 2");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(std::get<int64_t>(r->Scalar()), 2);
  // An error raised mid-stream comes back as the server's.
  Status mid = wh_->QueryEach("SELECT 10 / (5000 - g) FROM generate_series(1, 10000) g", {},
                              [](const Row&) { return Status::OK(); });
  EXPECT_NE(mid.message().find("[22012]"), std::string::npos) << mid.ToString();
}

TEST_F(PostgresWarehouseTest, ConnectsFromAUriAndNeverShowsItsPassword) {
  std::string host = std::getenv("PGHOST"), port = std::getenv("PGPORT");
  ::setenv("ECOMDW_POSTGRES_URL", ("postgresql://ecomdw@" + host + ":" + port + "/ecomdw?application_name=uri_test").c_str(), 1);
  auto uri = Connect({.host = "ignored.invalid", .port = 1});
  ASSERT_TRUE(uri.ok()) << uri.status().ToString();
  auto app = (*uri)->Query("SELECT current_setting('application_name'), current_setting('TimeZone')");
  ASSERT_TRUE(app.ok()) << app.status().ToString();
  EXPECT_EQ(std::get<std::string>(app->rows[0][0]), "uri_test");
  EXPECT_EQ(std::get<std::string>(app->rows[0][1]), "UTC");

  // A closed port: Unavailable, naming host:port/dbname, no password.
  ::setenv("ECOMDW_POSTGRES_URL", "postgresql://someone:s3cretPW@127.0.0.1:1/shopdb", 1);
  auto down = Connect({});
  ::unsetenv("ECOMDW_POSTGRES_URL");
  ASSERT_FALSE(down.ok());
  EXPECT_TRUE(down.status().IsUnavailable()) << down.status().ToString();
  EXPECT_NE(down.status().message().find("127.0.0.1:1/shopdb"), std::string::npos) << down.status().ToString();
  EXPECT_EQ(down.status().message().find("s3cretPW"), std::string::npos) << down.status().ToString();

  // Settings win over PG* for what they name.
  auto named = Connect({.host = host, .port = std::stoll(port), .dbname = "postgres", .user = "ecomdw"});
  ASSERT_TRUE(named.ok()) << named.status().ToString();
  auto db = (*named)->Query("SELECT current_database()");
  EXPECT_EQ(std::get<std::string>(db->Scalar()), "postgres");
}

}  // namespace
}  // namespace ecomdw::warehouse::postgres
