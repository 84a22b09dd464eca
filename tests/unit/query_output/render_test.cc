#include "query_output/render.h"

#include <gtest/gtest.h>

#include "query_output/plan.h"

namespace ecomdw::query_output {
namespace {

using warehouse::Value;

std::vector<Column> Cols(std::vector<std::string> names) {
  std::vector<Column> c;
  for (auto& n : names) c.push_back({.name = n});
  return c;
}

TEST(Render, CsvQuotesOnlyWhatNeedsIt) {
  std::vector<warehouse::Row> rows = {{Value(int64_t{1}), Value(std::string("a,b")), Value()},
                                      {Value(int64_t{2}), Value(std::string("say \"hi\"\nbye")), Value(true)}};
  EXPECT_EQ(Render(Format::kCsv, Cols({"n", "s", "n"}), rows),
            "n,s,n\n1,\"a,b\",\n2,\"say \"\"hi\"\"\nbye\",true\n");
}

TEST(Render, JsonKeepsColumnOrderAndDuplicates) {
  std::vector<warehouse::Row> rows = {{Value(int64_t{2}), Value(int64_t{1}), Value(int64_t{3})}};
  EXPECT_EQ(Render(Format::kJson, Cols({"z", "a", "z"}), rows), "[\n{\"z\":2,\"a\":1,\"z\":3}\n]\n");
  EXPECT_EQ(Render(Format::kJsonl, Cols({"z", "a", "z"}), rows), "{\"z\":2,\"a\":1,\"z\":3}\n");
}

TEST(Render, EmptyResultsPrintTheirHeader) {
  EXPECT_EQ(Render(Format::kJson, Cols({"a"}), {}), "[]\n");
  EXPECT_EQ(Render(Format::kJsonl, Cols({"a"}), {}), "");
  EXPECT_EQ(Render(Format::kCsv, Cols({"a", "b"}), {}), "a,b\n");
  EXPECT_EQ(Render(Format::kMarkdown, Cols({"a"}), {}), "| a |\n| --- |\n");
  EXPECT_EQ(Render(Format::kText, Cols({"abc"}), {}), "abc\n---\n");
}

TEST(Render, JsonKindsFromEngineText) {
  std::vector<Column> cols = {{.name = "h", .type = "HUGEINT", .json = JsonKind::kNumber},
                              {.name = "l", .type = "INTEGER[]", .json = JsonKind::kJson},
                              {.name = "u", .type = "UUID", .json = JsonKind::kString},
                              {.name = "f", .type = "FLOAT", .json = JsonKind::kNumber},
                              {.name = "d", .type = "DECIMAL(9,2)"}};
  std::vector<warehouse::Row> rows = {{Value(std::string("170141183460469231731687303715884105727")),
                                       Value(std::string("[1,2]")), Value(std::string("8d6a")),
                                       Value(std::string("inf")), Value(warehouse::Decimal{-1250, 9, 2})}};
  EXPECT_EQ(Render(Format::kJsonl, cols, rows),
            "{\"h\":170141183460469231731687303715884105727,\"l\":[1,2],\"u\":\"8d6a\",\"f\":\"inf\",\"d\":-12.50}\n");
}

TEST(Render, MarkdownEscapesPipesAndNewlines) {
  std::vector<warehouse::Row> rows = {{Value(std::string("a|b\nc"))}};
  EXPECT_EQ(Render(Format::kMarkdown, Cols({"x"}), rows), "| x |\n| --- |\n| a\\|b<br>c |\n");
}

TEST(ClassifyType, NativeOnlyWhatTheInterfaceCarriesExactly) {
  bool as_text = true;
  EXPECT_EQ(ClassifyType("DECIMAL(18,2)", &as_text), JsonKind::kNative);
  EXPECT_FALSE(as_text);
  EXPECT_EQ(ClassifyType("DECIMAL(19,2)", &as_text), JsonKind::kNumber);
  EXPECT_TRUE(as_text);
  EXPECT_EQ(ClassifyType("TIMESTAMP WITH TIME ZONE", &as_text), JsonKind::kString);
  EXPECT_EQ(ClassifyType("STRUCT(k INTEGER)", &as_text), JsonKind::kJson);
  EXPECT_EQ(ClassifyType("VARCHAR[3]", &as_text), JsonKind::kJson);
  EXPECT_EQ(ClassifyType("BLOB", &as_text), JsonKind::kString);
}

}  // namespace
}  // namespace ecomdw::query_output
