// Hostile and broken values in ecomdw.toml are refused at load, naming
// file:line:key, before anything reaches SQL, a file system or a connection.
#include <gtest/gtest.h>

#include "config/config.h"

namespace ecomdw::config {
namespace {

constexpr const char* kBucket = "[bucket]\nuri = \"file://raw\"\n";

Result<Config> Parse(const std::string& text) { return ParseConfig(text, "/proj/ecomdw.toml"); }

// A CSV source at lines 3.. of the file, with `extra` appended to it.
std::string Source(const std::string& extra) {
  return std::string(kBucket) + "[sources.s]\nprefix = \"s/\"\nformat = \"csv\"\nbusiness_key = [\"id\"]\n" + extra;
}

std::string Refusal(const std::string& text) {
  auto cfg = Parse(text);
  EXPECT_FALSE(cfg.ok()) << text;
  if (cfg.ok()) return "";
  EXPECT_EQ(cfg.status().code(), StatusCode::kInvalidArgument);
  return cfg.status().message();
}

TEST(ConfigHostileTest, ColumnTypesGoThroughTheGrammar) {
  const std::string pwned = "VARCHAR); COPY (SELECT 'x') TO 'pwned.csv'; --";
  std::string m = Refusal(Source("[sources.s.columns]\nid = \"" + pwned + "\"\n"));
  EXPECT_EQ(m.rfind("/proj/ecomdw.toml:8: key \"sources.s.columns.id\": ", 0), 0u) << m;
  std::string e = Refusal(Source("explode = \"lines\"\n[sources.s.columns]\nid = \"VARCHAR\"\n"
                                 "[sources.s.explode_columns]\nsku = \"DECIMALL\"\n"));
  EXPECT_EQ(e.rfind("/proj/ecomdw.toml:11: key \"sources.s.explode_columns.sku\": ", 0), 0u) << e;
  EXPECT_NE(e.find("DECIMALL"), std::string::npos) << e;
  auto ok = Parse(Source("[sources.s.columns]\nid = \"  decimal( 12 , 2 ) \"\n"));
  ASSERT_TRUE(ok.ok()) << ok.status().ToString();
  EXPECT_EQ(ok->sources[0].columns[0].second, "DECIMAL(12,2)");
}

TEST(ConfigHostileTest, ColumnNamesAreIdentifiersOutsideTheLineageNamespaceAndUnique) {
  std::string lineage = Refusal(Source("[sources.s.columns]\nid = \"VARCHAR\"\n_batch_id = \"VARCHAR\"\n"));
  EXPECT_EQ(lineage.rfind("/proj/ecomdw.toml:9: column \"_batch_id\"", 0), 0u) << lineage;
  std::string dup = Refusal(
      "[bucket]\nuri = \"file://raw\"\n[sources.s]\nprefix = \"s/\"\nformat = \"jsonl\"\nexplode = \"lines\"\n"
      "business_key = [\"id\"]\n[sources.s.columns]\nid = \"VARCHAR\"\n[sources.s.explode_columns]\nid = \"BIGINT\"\n");
  EXPECT_NE(dup.find("column \"id\" is declared twice"), std::string::npos) << dup;
}

TEST(ConfigHostileTest, EveryNameThatBecomesAColumnReferenceIsAnIdentifier) {
  // Without [columns] the names cannot be checked against them, but they
  // must still be identifiers.
  EXPECT_NE(Refusal(Source("updated_at = \"ts); DROP TABLE x; --\"\n")).find("not a safe identifier"),
            std::string::npos);
  EXPECT_NE(Refusal(Source("required = [\"a b\"]\n")).find("not a safe identifier"), std::string::npos);
  std::string bk = Refusal(std::string(kBucket) +
                           "[sources.s]\nprefix = \"s/\"\nformat = \"csv\"\nbusiness_key = [\"id\\\"--\"]\n");
  EXPECT_NE(bk.find("/proj/ecomdw.toml:6"), std::string::npos) << bk;
  std::string explode = Refusal(std::string(kBucket) +
                                "[sources.s]\nprefix = \"s/\"\nformat = \"jsonl\"\nbusiness_key = [\"id\"]\n"
                                "explode = \"li-nes'\"\n[sources.s.explode_columns]\nsku = \"VARCHAR\"\n");
  EXPECT_NE(explode.find("/proj/ecomdw.toml:7: \"li-nes'\" in \"sources.s.explode\" is not a safe identifier"),
            std::string::npos)
      << explode;
  std::string unknown = Refusal(Source("updated_at = \"ts\"\n[sources.s.columns]\nid = \"VARCHAR\"\n"));
  EXPECT_NE(unknown.find("updated_at: \"ts\" is not one of its columns"), std::string::npos) << unknown;
}

TEST(ConfigHostileTest, RawNamesMapHeadersWithSpacesAndRefuseUnknownColumns) {
  auto ok = Parse(Source("[sources.s.columns]\nid = \"VARCHAR\"\nship_mode = \"VARCHAR\"\n"
                         "[sources.s.raw_names]\n\"Order ID\" = \"id\"\n\"Ship Mode\" = \"ship_mode\"\n"));
  ASSERT_TRUE(ok.ok()) << ok.status().ToString();
  EXPECT_EQ(ok->sources[0].raw_names.at("Order ID"), "id");
  EXPECT_EQ(ok->sources[0].raw_names.at("Ship Mode"), "ship_mode");
  std::string unknown =
      Refusal(Source("[sources.s.columns]\nid = \"VARCHAR\"\n[sources.s.raw_names]\n\"Order ID\" = \"order_id\"\n"));
  EXPECT_NE(unknown.find("\"Order ID\" maps to \"order_id\", which is not one of its columns"), std::string::npos)
      << unknown;
  std::string not_ident =
      Refusal(Source("[sources.s.columns]\nid = \"VARCHAR\"\n[sources.s.raw_names]\n\"Order ID\" = \"id; --\"\n"));
  EXPECT_NE(not_ident.find("/proj/ecomdw.toml:10"), std::string::npos) << not_ident;
  EXPECT_NE(not_ident.find("not a safe identifier"), std::string::npos) << not_ident;
  std::string quote =
      Refusal(Source("[sources.s.columns]\nid = \"VARCHAR\"\n[sources.s.raw_names]\n'Order \"ID\"' = \"id\"\n"));
  EXPECT_NE(quote.find("contains '\"'"), std::string::npos) << quote;
  std::string ctl =
      Refusal(Source("[sources.s.columns]\nid = \"VARCHAR\"\n[sources.s.raw_names]\n\"Order\\nID\" = \"id\"\n"));
  EXPECT_NE(ctl.find("control byte"), std::string::npos) << ctl;
}

TEST(ConfigHostileTest, LocalMemoryLimitIsParsedOrRefusedWithThePlace) {
  auto ok = Parse(std::string(kBucket) + "[workgroup]\nlocal_memory_limit = \"4GiB\"\n");
  ASSERT_TRUE(ok.ok()) << ok.status().ToString();
  EXPECT_EQ(ok->workgroup.local_memory_limit_bytes, int64_t{4} << 30);
  auto mib = Parse(std::string(kBucket) + "[workgroup]\nlocal_memory_limit = \"512MiB\"\n");
  ASSERT_TRUE(mib.ok());
  EXPECT_EQ(mib->workgroup.local_memory_limit_bytes, int64_t{512} << 20);
  auto unset = Parse(kBucket);
  ASSERT_TRUE(unset.ok());
  EXPECT_EQ(unset->workgroup.local_memory_limit_bytes, 0);
  for (const char* bad : {"lots", "4 TB; SET x", "-1GiB", "1'; --"}) {
    std::string m = Refusal(std::string(kBucket) + "[workgroup]\nlocal_memory_limit = \"" + bad + "\"\n");
    EXPECT_NE(m.find("/proj/ecomdw.toml:4"), std::string::npos) << bad << ": " << m;
  }
}

TEST(ConfigHostileTest, RulesAreParsedAndRewrittenAtLoad) {
  std::string cols = "[sources.s.columns]\nid = \"VARCHAR\"\n";
  auto ok = Parse(Source(cols + "[[sources.s.rules]]\nreason = \"neg\"\nfails_when = \"length(id)  <  3\"\n"));
  ASSERT_TRUE(ok.ok()) << ok.status().ToString();
  EXPECT_EQ(ok->sources[0].rules[0].fails_when, "length(id) < 3");
  std::string copy = Refusal(Source(cols + "[[sources.s.rules]]\nreason = \"x\"\n"
                                    "fails_when = \"true); COPY (SELECT 1) TO 'pwned.csv'; --\"\n"));
  EXPECT_EQ(copy.rfind("/proj/ecomdw.toml:11: key \"sources.s.rules[0].fails_when\": fails_when: ", 0), 0u) << copy;
  std::string file = Refusal(Source(cols + "[[sources.s.rules]]\nreason = \"x\"\n"
                                    "fails_when = \"EXISTS (SELECT 1 FROM read_csv('/etc/passwd'))\"\n"));
  EXPECT_NE(file.find("staging.<source> only"), std::string::npos) << file;
  std::string other = Refusal(Source(cols + "[[sources.s.rules]]\nreason = \"x\"\n"
                                     "fails_when = \"NOT EXISTS (SELECT 1 FROM staging.nope n WHERE n.id = id)\"\n"));
  EXPECT_EQ(other.rfind("/proj/ecomdw.toml:11: key \"sources.s.rules[0].fails_when\": ", 0), 0u) << other;
  EXPECT_NE(other.find("staging.nope is not a source"), std::string::npos) << other;
}

TEST(ConfigHostileTest, PathsHostsAndArnsAreChecked) {
  EXPECT_NE(Refusal("[bucket]\nuri = \"file://raw\"\nlanding_dir = \"land/*\"\n").find("/proj/ecomdw.toml:3"),
            std::string::npos);
  EXPECT_NE(Refusal("[bucket]\nuri = \"file://r[a]w\"\n").find("pattern"), std::string::npos);
  auto target = [](const std::string& body) { return std::string(kBucket) + "[targets.t]\n" + body; };
  EXPECT_NE(Refusal(target("type = \"duckdb\"\npath = \":memory:\"\n")).find("not files"), std::string::npos);
  EXPECT_NE(Refusal(target("type = \"duckdb\"\npath = \"md:my_db\"\n")).find("scheme"), std::string::npos);
  EXPECT_NE(Refusal(target("type = \"duckdb\"\npath = \"wh.duckdb\\u0000x\"\n")).find("control byte"),
            std::string::npos);
  EXPECT_NE(Refusal(target("type = \"postgres\"\nhost = \"h host=evil\"\n")).find("targets.t.host"),
            std::string::npos);
  EXPECT_NE(Refusal(target("type = \"postgres\"\nhost = \"h\"\ndbname = \"d' options='-c x\"\n")).find("dbname"),
            std::string::npos);
  EXPECT_NE(Refusal(target("type = \"redshift\"\nhost = \"h\"\niam_role_arn = \"x' CREDENTIALS 'y\"\n"))
                .find("not an IAM role ARN"),
            std::string::npos);
  EXPECT_NE(Refusal(std::string(kBucket) + "[workgroup]\nname = \"My Workgroup\"\n").find("workgroup.name"),
            std::string::npos);
  EXPECT_NE(Refusal(std::string(kBucket) + "[project]\nname = \"x; rm -rf\"\n").find("project.name"),
            std::string::npos);
}

}  // namespace
}  // namespace ecomdw::config
