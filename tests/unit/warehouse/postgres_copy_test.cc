// Bulk loads through COPY against a real server (CTest fixture `pg`).
#include <gtest/gtest.h>
#include <unistd.h>

#include "pg/pg_test_env.h"
#include "warehouse/postgres/pg_copy.h"
#include "warehouse/postgres/postgres_warehouse.h"

namespace ecomdw::warehouse::postgres {
namespace {

const std::vector<std::string> kTricky = {
    "plain",
    "",                                  // empty is not NULL
    "\\N",                               // the NULL marker as text
    "tab\there",
    "line\nbreak",
    "carriage\rreturn",
    "back\\slash \\t not a tab",
    "\\.",                               // COPY's old end-of-data marker
    "Zürich – 東京 🛒 emoji",
    "quote ' and \" double",
    "trailing backslash \\",
    "\x01\x7f control",
};

class PostgresCopyTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_EQ(pg_test::LoadServerEnv(), "");
    auto wh = Connect({});
    ASSERT_TRUE(wh.ok()) << wh.status().ToString();
    wh_ = std::move(wh).value();
    schema_ = "c" + std::to_string(::getpid());
    ASSERT_TRUE(wh_->Execute("DROP SCHEMA IF EXISTS " + schema_ + " CASCADE; CREATE SCHEMA " + schema_).ok());
  }
  void TearDown() override {
    if (wh_) {
      EXPECT_TRUE(wh_->Execute("DROP SCHEMA IF EXISTS " + schema_ + " CASCADE").ok());
    }
  }
  std::unique_ptr<Warehouse> wh_;
  std::string schema_;
};

TEST(CopyEncoderTest, EscapesTheFourSpecialBytesAndWritesNullAsMarker) {
  pg_internal::CopyEncoder e;
  e.AppendRow({std::string("a\tb\nc\\d\re"), std::monostate{}, std::string(""), int64_t{-5}, Decimal{-5, 18, 2},
               Blob{std::string("\x01\xab", 2)}});
  EXPECT_EQ(e.data(), "a\\tb\\nc\\\\d\\re\t\\N\t\t-5\t-0.05\t\\\\x01ab\n");
  EXPECT_EQ(e.rows(), 1u);
}

TEST_F(PostgresCopyTest, TrickyTextComesBackExactlyAsItWentIn) {
  ASSERT_TRUE(wh_->Execute("CREATE TABLE " + schema_ + ".t (id BIGINT, s TEXT)").ok());
  auto w = wh_->OpenBulkWriter(schema_, "t");
  ASSERT_TRUE(w.ok()) << w.status().ToString();
  for (size_t i = 0; i < kTricky.size(); ++i) {
    ASSERT_TRUE((*w)->AppendRow({static_cast<int64_t>(i), kTricky[i]}).ok());
  }
  ASSERT_TRUE((*w)->AppendRow({int64_t{1000}, std::monostate{}}).ok());
  ASSERT_TRUE((*w)->Close().ok());
  auto r = wh_->Query("SELECT id, s FROM " + schema_ + ".t ORDER BY id");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  ASSERT_EQ(r->rows.size(), kTricky.size() + 1);
  for (size_t i = 0; i < kTricky.size(); ++i) {
    EXPECT_EQ(std::get<std::string>(r->rows[i][1]), kTricky[i]) << "row " << i;
  }
  EXPECT_TRUE(IsNull(r->rows.back()[1]));
  auto bytes = wh_->Query("SELECT octet_length(s) FROM " + schema_ + ".t WHERE id = 8");
  EXPECT_EQ(std::get<int64_t>(bytes->Scalar()), static_cast<int64_t>(kTricky[8].size()));
}

TEST_F(PostgresCopyTest, EveryKindThroughRowsAndColumnsAlike) {
  ASSERT_TRUE(wh_->Execute("CREATE TABLE " + schema_ + ".a (b BOOLEAN, i INTEGER, f DOUBLE PRECISION, d DATE, "
                           "ts TIMESTAMP, tz TIMESTAMPTZ, m NUMERIC(12,2), s VARCHAR(200))")
                  .ok());
  Row row = {true,
             int64_t{-42},
             0.30000000000000004,
             DateFromCivil(1999, 12, 31),
             Timestamp{-1},  // 1969-12-31 23:59:59.999999
             Timestamp{1'700'000'000'000'001},
             Decimal{-123456, 12, 2},
             kTricky[4]};
  // The same rows once by AppendRow, once by AppendColumns.
  using T = ColumnValues::Type;
  std::vector<ColumnValues> cols(8);
  T types[] = {T::kBoolean, T::kBigint, T::kDouble, T::kDate, T::kTimestamp, T::kTimestamp, T::kDecimal, T::kVarchar};
  for (size_t c = 0; c < 8; ++c) cols[c].type = types[c];
  cols[6].decimal_width = 12;
  cols[6].decimal_scale = 2;
  cols[0].AppendInt(1);
  cols[1].AppendInt(-42);
  cols[2].AppendDouble(0.30000000000000004);
  cols[3].AppendInt(DateFromCivil(1999, 12, 31).days);
  cols[4].AppendInt(-1);
  cols[5].AppendInt(1'700'000'000'000'001);
  cols[6].AppendInt(-123456);
  cols[7].AppendText(kTricky[4]);
  for (auto& c : cols) c.AppendNull();
  std::vector<const ColumnValues*> view;
  for (auto& c : cols) view.push_back(&c);

  auto w = wh_->OpenBulkWriter(schema_, "a");
  ASSERT_TRUE(w.ok()) << w.status().ToString();
  ASSERT_TRUE((*w)->AppendRow(row).ok());
  ASSERT_TRUE((*w)->AppendColumns(view, 2).ok());
  ASSERT_TRUE((*w)->Close().ok());
  auto r = wh_->Query("SELECT * FROM " + schema_ + ".a");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  ASSERT_EQ(r->rows.size(), 3u);
  EXPECT_EQ(r->rows[0], row);
  EXPECT_EQ(r->rows[1], row);
  EXPECT_EQ(r->rows[2], Row(8, std::monostate{}));
  EXPECT_EQ(ValueToString(r->rows[0][4]), "1969-12-31 23:59:59.999999");
}

TEST_F(PostgresCopyTest, RowsAreInTheSessionTransactionAndRollbackDiscardsThem) {
  ASSERT_TRUE(wh_->Execute("CREATE TABLE " + schema_ + ".t (x BIGINT)").ok());
  ASSERT_TRUE(wh_->Begin().ok());
  auto w = wh_->OpenBulkWriter(schema_, "t");
  ASSERT_TRUE(w.ok()) << w.status().ToString();
  for (int64_t i = 0; i < 1000; ++i) ASSERT_TRUE((*w)->AppendRow({i}).ok());
  // Between flushes the session is free for other statements.
  auto mid = wh_->Query("SELECT count(*) FROM " + schema_ + ".t");
  ASSERT_TRUE(mid.ok()) << mid.status().ToString();
  ASSERT_TRUE((*w)->Close().ok());
  auto in_txn = wh_->Query("SELECT count(*) FROM " + schema_ + ".t");
  EXPECT_EQ(std::get<int64_t>(in_txn->Scalar()), 1000);
  ASSERT_TRUE(wh_->Rollback().ok());
  auto after = wh_->Query("SELECT count(*) FROM " + schema_ + ".t");
  EXPECT_EQ(std::get<int64_t>(after->Scalar()), 0);
}

TEST_F(PostgresCopyTest, LargeLoadsFlushInPiecesAndAllArrive) {
  ASSERT_TRUE(wh_->Execute("CREATE TABLE " + schema_ + ".big (id BIGINT, s TEXT)").ok());
  auto w = wh_->OpenBulkWriter(schema_, "big");
  ASSERT_TRUE(w.ok());
  ColumnValues ids{.type = ColumnValues::Type::kBigint}, texts{.type = ColumnValues::Type::kVarchar};
  const std::string payload(100, 'x');  // ~12 MB in all: several 4 MiB flushes
  constexpr int64_t kRows = 120'000;
  for (int64_t i = 0; i < kRows; ++i) {
    ids.AppendInt(i);
    texts.AppendText(payload);
  }
  ASSERT_TRUE((*w)->AppendColumns({&ids, &texts}, kRows).ok());
  ASSERT_TRUE((*w)->Close().ok());
  auto r = wh_->Query("SELECT count(*), sum(id), sum(length(s)) FROM " + schema_ + ".big");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(std::get<int64_t>(r->rows[0][0]), kRows);
  EXPECT_EQ(ValueToString(r->rows[0][1]), std::to_string(kRows * (kRows - 1) / 2));
  EXPECT_EQ(ValueToString(r->rows[0][2]), std::to_string(kRows * 100));
}

TEST_F(PostgresCopyTest, BadRowsAndMissingTablesAreNamed) {
  auto missing = wh_->OpenBulkWriter(schema_, "nope");
  ASSERT_FALSE(missing.ok());
  EXPECT_TRUE(missing.status().IsNotFound()) << missing.status().ToString();
  EXPECT_FALSE(wh_->OpenBulkWriter(schema_, "bad name; drop").ok());

  ASSERT_TRUE(wh_->Execute("CREATE TABLE " + schema_ + ".t (x INTEGER NOT NULL)").ok());
  auto w = wh_->OpenBulkWriter(schema_, "t");
  ASSERT_TRUE(w.ok());
  ASSERT_TRUE((*w)->AppendRow({int64_t{1}}).ok());
  ASSERT_TRUE((*w)->AppendRow({std::monostate{}}).ok());
  Status s = (*w)->Close();
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.message().find("bulk append to \"" + schema_ + "\".\"t\" rows 1..2"), std::string::npos) << s.ToString();
  EXPECT_NE(s.message().find("[23502]"), std::string::npos) << s.ToString();
  EXPECT_NE(s.message().find("line 2"), std::string::npos) << s.ToString();  // COPY's context names the line
  // Nothing of the failed COPY arrived, and the session goes on.
  auto r = wh_->Query("SELECT count(*) FROM " + schema_ + ".t");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(std::get<int64_t>(r->Scalar()), 0);
}

}  // namespace
}  // namespace ecomdw::warehouse::postgres
