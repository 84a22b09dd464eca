// Every source parses with an independent reader (DuckDB's read_json,
// read_csv, read_parquet; nlohmann's JSON acceptor), and the defect counts
// and line numbers of the truth match what an independent scan of the
// objects finds.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <regex>
#include <set>

#include "generate_test_util.h"

namespace ecomdw::generate::testing {
namespace {

constexpr int kDays = 12;

class GenerateSources : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new TempDir("sources");
    ASSERT_TRUE(Generate(SmallOptions(dir_->path(), kDays, DefectProfile::kHeavy)).ok());
    counts_ = new std::map<std::pair<std::string, std::string>, int64_t>(DefectCounts(truth()));
  }
  static void TearDownTestSuite() {
    delete counts_;
    delete dir_;
  }
  static fs::path bucket() { return dir_->path() / "bucket"; }
  static fs::path truth() { return dir_->path() / "bucket.truth"; }
  static int64_t Count(const std::string& cls, const std::string& source) {
    auto it = counts_->find({cls, source});
    return it == counts_->end() ? 0 : it->second;
  }
  // Truth defect rows of one class and source: (object key, line).
  static std::vector<std::pair<std::string, int64_t>> Defects(const std::string& cls, const std::string& source) {
    std::vector<std::pair<std::string, int64_t>> out;
    for (const auto& f : ListFiles(truth(), "defects", ".csv", false)) {
      auto lines = Lines(ReadAll(f));
      for (size_t i = 1; i < lines.size(); ++i) {
        std::vector<std::string> c;
        std::stringstream ss(lines[i]);
        std::string field;
        while (std::getline(ss, field, ',')) c.push_back(field);
        if (c.size() >= 4 && c[0] == cls && c[1] == source) out.push_back({c[2], std::stoll(c[3])});
      }
    }
    return out;
  }
  static TempDir* dir_;
  static std::map<std::pair<std::string, std::string>, int64_t>* counts_;
};

TempDir* GenerateSources::dir_ = nullptr;
std::map<std::pair<std::string, std::string>, int64_t>* GenerateSources::counts_ = nullptr;

TEST_F(GenerateSources, WebshopJsonLinesParseAndMalformedLinesAreExactlyTheListedOnes) {
  auto files = ListFiles(bucket(), "orders/source=webshop", ".jsonl.gz", true);
  ASSERT_GE(files.size(), static_cast<size_t>(kDays));
  int64_t lines = 0, bad = 0;
  std::set<std::pair<std::string, int64_t>> bad_at;
  for (const auto& f : files) {
    auto ls = Lines(Gunzip(f));
    for (size_t i = 0; i < ls.size(); ++i) {
      ++lines;
      if (!nlohmann::json::accept(ls[i])) {
        ++bad;
        bad_at.insert({fs::relative(f, bucket()).string(), static_cast<int64_t>(i + 1)});
      }
    }
  }
  EXPECT_GT(bad, 0);
  EXPECT_EQ(bad, Count("malformed", "webshop"));
  auto listed = Defects("malformed", "webshop");
  std::set<std::pair<std::string, int64_t>> listed_set(listed.begin(), listed.end());
  EXPECT_EQ(listed_set, bad_at);

  auto db = Duck();
  ASSERT_TRUE(db->Execute("CREATE TABLE raw AS " + JsonLinesSql(files)).ok());
  EXPECT_EQ(ScalarInt(*db, "SELECT count(*) FROM raw"), lines);
  EXPECT_EQ(ScalarInt(*db, "SELECT count(*) FROM raw WHERE NOT json_valid(line)"), bad);
  ASSERT_TRUE(db->Execute("CREATE TABLE ws AS " + WebshopRecordsSql(files)).ok());
  EXPECT_EQ(ScalarInt(*db, "SELECT count(*) FROM ws"), lines - bad);
  // Drift: delivery_method appears from day index 3 on, and only in records
  // that are not replays of older ones (re-sends are byte-identical copies).
  EXPECT_EQ(ScalarInt(*db, "SELECT count(*) FROM ws WHERE delivery_method IS NOT NULL AND filename < '" +
                               bucket().string() + "/orders/source=webshop/dt=2024-01-04'"),
            0);
  EXPECT_GT(ScalarInt(*db, "SELECT count(delivery_method) FROM ws"), 0);
  // Missing required fields and currencies without a rate, found by SQL.
  EXPECT_EQ(ScalarInt(*db,
                      "SELECT count(*) FROM ws WHERE customer_id IS NULL OR currency IS NULL OR rid IN "
                      "(SELECT rid FROM (SELECT rid, unnest(lines) AS l FROM ws) WHERE l.sku IS NULL)"),
            Count("missing_required", "webshop"));
  EXPECT_EQ(ScalarInt(*db, "SELECT count(*) FROM ws WHERE currency IN ('ARS', 'TRY', 'ZAR')"),
            Count("unknown_currency", "webshop"));
}

TEST_F(GenerateSources, DuplicatesAndResendsMatchAByteScan) {
  for (const std::string source : {"webshop", "marketplace"}) {
    bool csv = source == "marketplace";
    auto files = ListFiles(bucket(), "orders/source=" + source, csv ? ".csv.gz" : ".jsonl.gz", true);
    std::set<std::string> earlier_objects;
    int64_t dups = 0, resent = 0;
    for (const auto& f : files) {
      auto ls = Lines(Gunzip(f));
      std::set<std::string> here;
      for (size_t i = csv ? 1 : 0; i < ls.size(); ++i) {
        if (here.count(ls[i])) ++dups;
        else if (earlier_objects.count(ls[i])) ++resent;
        here.insert(ls[i]);
      }
      earlier_objects.insert(here.begin(), here.end());
    }
    EXPECT_GT(dups, 0) << source;
    EXPECT_EQ(dups, Count("duplicate", source)) << source;
    EXPECT_EQ(resent, Count("resent", source)) << source;
  }
}

TEST_F(GenerateSources, MarketplaceCsvParsesAndRenamedColumnAppearsPartWay) {
  auto files = ListFiles(bucket(), "orders/source=marketplace", ".csv.gz", true);
  int64_t rows = 0, short_rows = 0;
  for (const auto& f : files) {
    auto ls = Lines(Gunzip(f));
    for (size_t i = 1; i < ls.size(); ++i) {
      ++rows;
      if (std::count(ls[i].begin(), ls[i].end(), ',') != 14) ++short_rows;
    }
  }
  EXPECT_EQ(short_rows, Count("malformed", "marketplace"));
  auto db = Duck();
  std::string src = "read_csv(" + SqlList(files) +
                    ", header=true, all_varchar=true, union_by_name=true, ignore_errors=true, delim=',', "
                    "quote='\"', escape='\"', null_padding=false)";
  EXPECT_EQ(ScalarInt(*db, "SELECT count(*) FROM " + src), rows - short_rows);
  EXPECT_GT(ScalarInt(*db, "SELECT count(item_price) FROM " + src), 0);
  EXPECT_GT(ScalarInt(*db, "SELECT count(unit_price) FROM " + src), 0);
  EXPECT_EQ(ScalarInt(*db, "SELECT count(*) FROM " + src + " WHERE item_price IS NOT NULL AND unit_price IS NOT NULL"), 0);
  EXPECT_EQ(ScalarInt(*db, "SELECT count(*) FROM " + src +
                               " WHERE buyer_email IS NOT NULL AND NOT regexp_full_match(lower(trim(buyer_email)), "
                               "'^[a-z0-9._%+-]+@[a-z0-9.-]+\\.[a-z]{2,}$')"),
            Count("invalid_email", "marketplace"));
  EXPECT_EQ(ScalarInt(*db, "SELECT count(*) FROM " + src + " WHERE buyer_email IS NULL OR currency IS NULL"),
            Count("missing_required", "marketplace"));
}

TEST_F(GenerateSources, CrmCsvDefectsMatchRulesAppliedInSql) {
  auto files = ListFiles(bucket(), "customers/source=crm", ".csv", true);
  int64_t short_rows = 0;
  for (const auto& f : files) {
    auto ls = Lines(ReadAll(f));
    for (size_t i = 1; i < ls.size(); ++i) short_rows += std::count(ls[i].begin(), ls[i].end(), ',') != 12;
  }
  EXPECT_EQ(short_rows, Count("malformed", "crm"));
  auto db = Duck();
  ASSERT_TRUE(db->Execute("CREATE TABLE crm AS SELECT * FROM read_csv(" + SqlList(files) +
                          ", header=true, all_varchar=true, ignore_errors=true, delim=',', null_padding=false)")
                  .ok());
  const std::string countries =
      "('united states','canada','united kingdom','germany','france','netherlands','spain','italy',"
      "'switzerland','sweden','norway','denmark','poland','australia')";
  EXPECT_GT(Count("invalid_email", "crm"), 0);
  EXPECT_EQ(ScalarInt(*db,
                      "SELECT count(*) FROM crm WHERE email IS NOT NULL AND NOT regexp_full_match(lower(trim(email)), "
                      "'^[a-z0-9._%+-]+@[a-z0-9.-]+\\.[a-z]{2,}$')"),
            Count("invalid_email", "crm"));
  EXPECT_EQ(ScalarInt(*db, "SELECT count(*) FROM crm WHERE country IS NOT NULL AND lower(trim(country)) NOT IN " +
                               countries),
            Count("invalid_country", "crm"));
  EXPECT_EQ(ScalarInt(*db, "SELECT count(*) FROM crm WHERE email IS NULL OR country IS NULL OR segment IS NULL"),
            Count("missing_required", "crm"));
  EXPECT_EQ(ScalarInt(*db, "SELECT count(*) - count(DISTINCT crm) FROM crm"), Count("duplicate", "crm"));
}

TEST_F(GenerateSources, PimParquetParsesWithRowNumbersOfDefects) {
  auto files = ListFiles(bucket(), "products/source=pim", ".parquet", true);
  ASSERT_FALSE(files.empty());
  auto db = Duck();
  EXPECT_EQ(ScalarInt(*db, "SELECT count(*) FROM read_parquet(" + SqlList(files) +
                               ") WHERE list_price_usd IS NULL OR category IS NULL"),
            Count("missing_required", "pim"));
  int64_t dups = 0;
  for (const auto& f : files) {
    dups += ScalarInt(*db, "SELECT (count(*) - count(DISTINCT t))::BIGINT FROM read_parquet(" +
                               QuoteLiteral(f.string()) + ") t");
  }
  EXPECT_EQ(dups, Count("duplicate", "pim"));
  // The listed row of each missing_required defect has the NULL.
  for (const auto& [key, row] : Defects("missing_required", "pim")) {
    EXPECT_EQ(ScalarInt(*db, "SELECT count(*) FROM (SELECT row_number() OVER () AS r, * FROM read_parquet(" +
                                 QuoteLiteral((bucket() / key).string()) + ")) WHERE r = " + std::to_string(row) +
                                 " AND (list_price_usd IS NULL OR category IS NULL)"),
              1)
        << key << ":" << row;
  }
  auto types = db->Query("SELECT typeof(list_price_usd), typeof(updated_at), typeof(launched_on) FROM read_parquet(" +
                         QuoteLiteral(files[0].string()) + ") LIMIT 1");
  ASSERT_TRUE(types.ok()) << types.status().ToString();
  EXPECT_EQ(warehouse::ValueToString(types->rows[0][0]), "DECIMAL(12,2)");
  EXPECT_EQ(warehouse::ValueToString(types->rows[0][1]), "TIMESTAMP");
  EXPECT_EQ(warehouse::ValueToString(types->rows[0][2]), "DATE");
}

TEST_F(GenerateSources, ReferenceSourcesParse) {
  auto db = Duck();
  auto fx = ListFiles(bucket(), "fx_rates", ".csv", true);
  EXPECT_EQ(ScalarInt(*db, "SELECT count(*) FROM read_csv(" + SqlList(fx) +
                               ", header=true, columns={'date':'DATE','currency':'VARCHAR','usd_per_unit':'DECIMAL(18,6)'})"),
            kDays * 10);
  auto campaigns = ListFiles(bucket(), "campaigns", ".json", true);
  ASSERT_FALSE(campaigns.empty());
  EXPECT_GT(ScalarInt(*db, "SELECT count(DISTINCT campaign_id) FROM read_json(" + SqlList(campaigns) +
                               ", format='array')"),
            5);
  auto spend = ListFiles(bucket(), "campaign_spend", ".csv", true);
  EXPECT_EQ(ScalarInt(*db, "SELECT count(*) FROM read_csv(" + SqlList(spend) +
                               ", header=true, all_varchar=true) WHERE campaign_id NOT IN (SELECT campaign_id FROM "
                               "read_json(" + SqlList(campaigns) + ", format='array'))"),
            0);
}

// Facts before their dimension: valid webshop records whose customer has no
// valid CRM row in the same or an earlier partition, found by SQL.
TEST_F(GenerateSources, UnknownCustomersAreFactsBeforeTheirCrmRow) {
  auto db = Duck();
  auto crm = ListFiles(bucket(), "customers/source=crm", ".csv", true);
  auto ws = ListFiles(bucket(), "orders/source=webshop", ".jsonl.gz", true);
  ASSERT_TRUE(db->Execute("CREATE TABLE crm AS SELECT * FROM read_csv(" + SqlList(crm) +
                          ", header=true, all_varchar=true, ignore_errors=true, delim=',', null_padding=false, "
                          "filename=true)")
                  .ok());
  ASSERT_TRUE(db->Execute(
                    "CREATE TABLE first_seen AS SELECT customer_id, min(regexp_extract(filename, 'dt=([0-9-]+)', 1)) "
                    "AS dt FROM crm WHERE regexp_full_match(lower(trim(email)), '^[a-z0-9._%+-]+@[a-z0-9.-]+\\.[a-z]{2,}$') "
                    "AND lower(trim(country)) IN ('united states','canada','united kingdom','germany','france',"
                    "'netherlands','spain','italy','switzerland','sweden','norway','denmark','poland','australia') "
                    "AND segment IS NOT NULL GROUP BY customer_id")
                  .ok());
  ASSERT_TRUE(db->Execute("CREATE TABLE ws AS " + WebshopRecordsSql(ws)).ok());
  int64_t found = ScalarInt(
      *db,
      "SELECT count(*) FROM ws LEFT JOIN first_seen f USING (customer_id) WHERE customer_id IS NOT NULL "
      "AND currency IN ('USD','EUR','GBP','CAD','AUD','CHF','SEK','NOK','DKK','PLN') "
      "AND rid NOT IN (SELECT rid FROM (SELECT rid, unnest(lines) AS l FROM ws) WHERE l.sku IS NULL) "
      "AND (f.dt IS NULL OR f.dt > regexp_extract(ws.filename, 'dt=([0-9-]+)', 1))");
  EXPECT_GT(found, 0);
  EXPECT_EQ(found, Count("unknown_customer", "webshop"));
}

TEST_F(GenerateSources, EmptyAndZeroByteObjectsAreListed) {
  std::set<std::string> zero, listed_zero;
  for (const auto& e : fs::recursive_directory_iterator(bucket())) {
    if (e.is_regular_file() && fs::file_size(e.path()) == 0) zero.insert(fs::relative(e.path(), bucket()).string());
  }
  for (const std::string s : {"webshop", "marketplace", "crm"}) {
    for (const auto& [key, line] : Defects("zero_byte_object", s)) {
      listed_zero.insert(key);
      EXPECT_EQ(line, 0);
    }
    for (const auto& [key, line] : Defects("empty_object", s)) {
      fs::path p = bucket() / key;
      ASSERT_TRUE(fs::exists(p)) << key;
      std::string text = key.size() > 3 && key.substr(key.size() - 3) == ".gz" ? Gunzip(p) : ReadAll(p);
      EXPECT_LE(Lines(text).size(), 1u) << key;  // at most a header
    }
  }
  EXPECT_FALSE(zero.empty());
  EXPECT_EQ(zero, listed_zero);
}

}  // namespace
}  // namespace ecomdw::generate::testing
