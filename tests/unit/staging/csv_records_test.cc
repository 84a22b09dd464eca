// RFC 4180 splitting: quoted commas, doubled quotes and line ends inside a
// field, CRLF, and recovery from broken quoting without losing records.
#include "staging/csv_records.h"

#include <gtest/gtest.h>

namespace ecomdw::staging {
namespace {

struct Got {
  int64_t line;
  std::vector<std::string> fields;
  std::string text, problem;
};

std::vector<Got> ReadAll(std::string_view text) {
  std::deque<std::string> arena;
  CsvReader reader(text, &arena);
  CsvRecord rec;
  std::vector<Got> out;
  while (reader.Next(&rec)) {
    out.push_back({rec.line, std::vector<std::string>(rec.fields.begin(), rec.fields.end()), std::string(rec.text),
                   rec.problem});
  }
  return out;
}

TEST(CsvRecords, QuotedFieldsHoldCommasQuotesAndNewlines) {
  auto got = ReadAll("a,b,c\n1,\"x, y\",\"say \"\"hi\"\"\"\n2,\"two\nlines\",z\n3,,\"\"\n");
  ASSERT_EQ(got.size(), 4u);
  EXPECT_EQ(got[1].line, 2);
  EXPECT_EQ(got[1].fields, (std::vector<std::string>{"1", "x, y", "say \"hi\""}));
  EXPECT_EQ(got[2].line, 3);  // the line it starts on
  EXPECT_EQ(got[2].fields, (std::vector<std::string>{"2", "two\nlines", "z"}));
  EXPECT_EQ(got[2].text, "2,\"two\nlines\",z");
  EXPECT_EQ(got[3].line, 5);  // after a record spanning two lines
  EXPECT_EQ(got[3].fields, (std::vector<std::string>{"3", "", ""}));
  for (const Got& g : got) EXPECT_TRUE(g.problem.empty()) << g.problem;
}

TEST(CsvRecords, CrlfAndNoFinalNewline) {
  auto got = ReadAll("a,b\r\n1,\"q\r\nr\"\r\n2,x");
  ASSERT_EQ(got.size(), 3u);
  EXPECT_EQ(got[0].fields, (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(got[1].fields, (std::vector<std::string>{"1", "q\r\nr"}));
  EXPECT_EQ(got[2].line, 4);
  EXPECT_EQ(got[2].fields, (std::vector<std::string>{"2", "x"}));
  EXPECT_EQ(got[0].text, "a,b");
}

TEST(CsvRecords, BrokenQuotingCostsOneLineOnly) {
  // A record cut off inside a quoted field would swallow the next lines; it
  // is taken as its own line, malformed, and the next records are intact.
  auto got = ReadAll("h1,h2\n1,\"cut off\n2,ok\n3,\"fine\"\n4,bad\"quote\n5,x\"y\"\n");
  ASSERT_EQ(got.size(), 6u);
  EXPECT_EQ(got[1].line, 2);
  EXPECT_FALSE(got[1].problem.empty());
  EXPECT_EQ(got[1].text, "1,\"cut off");
  EXPECT_EQ(got[2].line, 3);
  EXPECT_EQ(got[2].fields, (std::vector<std::string>{"2", "ok"}));
  EXPECT_TRUE(got[3].problem.empty());
  EXPECT_EQ(got[4].line, 5);
  EXPECT_NE(got[4].problem.find("quote"), std::string::npos);
  EXPECT_EQ(got[5].line, 6);
  EXPECT_FALSE(got[5].problem.empty());
}

TEST(CsvRecords, TextAfterClosingQuoteIsBroken) {
  auto got = ReadAll("\"a\"b,c\nd,e\n");
  ASSERT_EQ(got.size(), 2u);
  EXPECT_NE(got[0].problem.find("after a closing quote"), std::string::npos);
  EXPECT_EQ(got[1].fields, (std::vector<std::string>{"d", "e"}));
}

TEST(CsvRecords, EmptyLineIsOneEmptyField) {
  auto got = ReadAll("a\n\nb\n");
  ASSERT_EQ(got.size(), 3u);
  EXPECT_EQ(got[1].fields, (std::vector<std::string>{""}));
  EXPECT_EQ(got[2].line, 3);
}

}  // namespace
}  // namespace ecomdw::staging
