#include <gtest/gtest.h>

#include "models/dag.h"
#include "models/dependencies.h"
#include "models/materialize.h"
#include "models/model.h"
#include "models/runner.h"
#include "warehouse/duckdb/duckdb_warehouse.h"

namespace ecomdw::models {
namespace {

using warehouse::OpenDuckDb;
using warehouse::Warehouse;

std::unique_ptr<Warehouse> Open() {
  auto wh = OpenDuckDb(":memory:", {.threads = 2});
  EXPECT_TRUE(wh.ok()) << wh.status().ToString();
  return std::move(wh).value();
}

Model MustParse(const std::string& path, const std::string& text, Warehouse& parser) {
  auto m = ParseModelFile(path, text);
  EXPECT_TRUE(m.ok()) << m.status().ToString();
  auto reads = TablesReadBy(parser, m->sql);
  EXPECT_TRUE(reads.ok()) << reads.status().ToString();
  m->reads = *reads;
  return *m;
}

int64_t Count(Warehouse& wh, const std::string& sql) { return std::get<int64_t>(wh.Query(sql)->Scalar()); }

TEST(ModelFileTest, HeaderIsParsed) {
  auto m = ParseModelFile("models/core/fact_orders.sql",
                          "-- materialization: incremental\n-- unique_key: order_id, line_number\n"
                          "-- description: One row per order line.\n-- column order_id: The order.\n"
                          "SELECT 1 AS order_id, 1 AS line_number;\n");
  ASSERT_TRUE(m.ok()) << m.status().ToString();
  EXPECT_EQ(m->full_name(), "core.fact_orders");
  EXPECT_EQ(m->materialization, Materialization::kIncremental);
  EXPECT_EQ(m->unique_key, (std::vector<std::string>{"order_id", "line_number"}));
  ASSERT_EQ(m->columns.size(), 1u);
  EXPECT_EQ(m->columns[0].description, "The order.");
  EXPECT_EQ(m->sql.substr(m->sql.size() - 11), "line_number");  // trailing semicolon dropped
}

TEST(ModelFileTest, BadHeadersNamePathAndLine) {
  auto typo = ParseModelFile("models/core/x.sql", "-- materialisation: table\nSELECT 1");
  ASSERT_FALSE(typo.ok());
  EXPECT_EQ(typo.status().message().rfind("models/core/x.sql:1: unknown header key", 0), 0u)
      << typo.status().message();
  EXPECT_FALSE(ParseModelFile("models/core/x.sql", "-- materialization: incremental\nSELECT 1").ok());
  EXPECT_FALSE(ParseModelFile("models/x.sql", "-- materialization: table\nSELECT 1").ok());
  EXPECT_FALSE(ParseModelFile("models/core/x;y.sql", "-- materialization: table\nSELECT 1").ok());
}

TEST(DependenciesTest, FoundByDuckDbParserIgnoringCtes) {
  auto wh = Open();
  auto reads = TablesReadBy(*wh,
                            "WITH x AS (SELECT * FROM staging.orders o JOIN core.dim_customer c USING (id)) "
                            "SELECT * FROM x WHERE EXISTS (SELECT 1 FROM core.dim_date)");
  ASSERT_TRUE(reads.ok()) << reads.status().ToString();
  EXPECT_EQ(*reads, (std::vector<std::string>{"core.dim_customer", "core.dim_date", "staging.orders"}));
  auto bad = TablesReadBy(*wh, "SELEC 1");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().code(), StatusCode::kInvalidArgument);
}

TEST(ModelGraphTest, OrdersSelectsAndFindsCycles) {
  auto wh = Open();
  std::vector<Model> models = {
      MustParse("models/marts/daily.sql", "-- materialization: table\nSELECT * FROM core.fact", *wh),
      MustParse("models/core/fact.sql", "-- materialization: table\nSELECT * FROM core.dim JOIN staging.s USING (k)",
                *wh),
      MustParse("models/core/dim.sql", "-- materialization: table\nSELECT * FROM staging.s", *wh),
      MustParse("models/marts/other.sql", "-- materialization: view\nSELECT * FROM core.dim", *wh)};
  auto g = ModelGraph::Build(models);
  ASSERT_TRUE(g.ok()) << g.status().ToString();
  std::vector<std::string> order;
  for (const Model& m : g->ordered()) order.push_back(m.full_name());
  EXPECT_EQ(order, (std::vector<std::string>{"core.dim", "core.fact", "marts.daily", "marts.other"}));
  EXPECT_EQ(*g->Select({"fact+"}), (std::vector<std::string>{"core.fact", "marts.daily"}));
  EXPECT_EQ(*g->Select({"+marts.daily"}), (std::vector<std::string>{"core.dim", "core.fact", "marts.daily"}));
  EXPECT_EQ(*g->Select({"core.dim+"}).value().begin(), "core.dim");
  EXPECT_EQ(g->Select({"core.dim+"})->size(), 4u);
  EXPECT_FALSE(g->Select({"nope"}).ok());

  std::vector<Model> cyclic = {MustParse("models/a/x.sql", "-- materialization: table\nSELECT * FROM a.y", *wh),
                               MustParse("models/a/y.sql", "-- materialization: table\nSELECT * FROM a.x", *wh)};
  auto c = ModelGraph::Build(cyclic);
  ASSERT_FALSE(c.ok());
  EXPECT_NE(c.status().message().find("cycle: a.x, a.y"), std::string::npos) << c.status().message();
}

TEST(MaterializeTest, IncrementalReplacesKeysAndRerunChangesNothing) {
  auto wh = Open();
  ASSERT_TRUE(wh->Execute("CREATE SCHEMA staging; CREATE SCHEMA core;"
                          "CREATE TABLE staging.lines (order_id INT, line INT, amount INT, batch INT);"
                          "CREATE TABLE staging.pending (batch INT);"
                          "INSERT INTO staging.lines VALUES (1,1,10,1),(1,2,20,1),(2,1,5,1);"
                          "INSERT INTO staging.pending VALUES (1)")
                  .ok());
  Model m = MustParse("models/core/fact.sql",
                      "-- materialization: incremental\n-- unique_key: order_id\n"
                      "SELECT order_id, line, amount FROM staging.lines WHERE batch IN (SELECT batch FROM staging.pending)",
                      *wh);
  auto first = Materialize(*wh, m, false);
  ASSERT_TRUE(first.ok()) << first.status().ToString();
  EXPECT_EQ(first->rows_total, 3);
  // Batch 2 re-sends order 1 with one line only.
  ASSERT_TRUE(wh->Execute("INSERT INTO staging.lines VALUES (1,1,11,2); DELETE FROM staging.pending; "
                          "INSERT INTO staging.pending VALUES (2)")
                  .ok());
  auto second = Materialize(*wh, m, false);
  ASSERT_TRUE(second.ok()) << second.status().ToString();
  EXPECT_EQ(second->rows_written, 1);
  EXPECT_EQ(Count(*wh, "SELECT count(*) FROM core.fact"), 2);
  EXPECT_EQ(Count(*wh, "SELECT sum(amount)::BIGINT FROM core.fact"), 16);
  auto again = Materialize(*wh, m, false);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(Count(*wh, "SELECT count(*) FROM core.fact"), 2);
  EXPECT_EQ(Count(*wh, "SELECT sum(amount)::BIGINT FROM core.fact"), 16);
}

TEST(MaterializeTest, FailureRollsBackAndNamesTheFile) {
  auto wh = Open();
  ASSERT_TRUE(wh->Execute("CREATE SCHEMA core; CREATE TABLE core.t AS SELECT 1 AS x").ok());
  Model m = MustParse("models/core/t.sql", "-- materialization: table\nSELECT 1/0 AS x, error('boom') AS y", *wh);
  auto r = Materialize(*wh, m, false);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("models/core/t.sql"), std::string::npos);
  EXPECT_NE(r.status().message().find("boom"), std::string::npos);
  EXPECT_EQ(Count(*wh, "SELECT count(*) FROM core.t WHERE x = 1"), 1);
}

TEST(RunnerTest, RunsInOrderInParallelAndSkipsDownstreamOfFailure) {
  auto wh = Open();
  ASSERT_TRUE(wh->Execute("CREATE SCHEMA staging; CREATE TABLE staging.s AS SELECT range AS k FROM range(1000)").ok());
  std::vector<Model> models = {
      MustParse("models/core/a.sql", "-- materialization: table\nSELECT k FROM staging.s", *wh),
      MustParse("models/core/b.sql", "-- materialization: table\nSELECT k * 2 AS k2 FROM core.a", *wh),
      MustParse("models/core/bad.sql", "-- materialization: table\nSELECT error('broken model') AS k FROM core.a",
                *wh),
      MustParse("models/marts/after_bad.sql", "-- materialization: view\nSELECT * FROM core.bad", *wh),
      MustParse("models/marts/c.sql", "-- materialization: view\nSELECT count(*) AS n FROM core.b", *wh)};
  auto g = ModelGraph::Build(models);
  ASSERT_TRUE(g.ok());
  auto results = RunModels(*wh, *g, {.run_id = "r1", .threads = 2});
  ASSERT_TRUE(results.ok()) << results.status().ToString();
  std::map<std::string, std::string> outcome;
  for (const TaskResult& r : *results) outcome[r.model] = r.skipped ? "skipped" : r.status.ok() ? "ok" : "error";
  EXPECT_EQ(outcome["core.a"], "ok");
  EXPECT_EQ(outcome["core.b"], "ok");
  EXPECT_EQ(outcome["marts.c"], "ok");
  EXPECT_EQ(outcome["core.bad"], "error");
  EXPECT_EQ(outcome["marts.after_bad"], "skipped");
  EXPECT_EQ(Count(*wh, "SELECT n FROM marts.c"), 1000);
  EXPECT_EQ(Count(*wh, "SELECT count(*) FROM ops.task_runs WHERE run_id = 'r1'"), 5);
  EXPECT_EQ(Count(*wh, "SELECT count(*) FROM ops.task_runs WHERE status = 'error' AND error LIKE '%broken model%'"), 1);
  EXPECT_GE(Count(*wh, "SELECT count(*) FROM ops.query_history WHERE run_id = 'r1'"), 4);
}

}  // namespace
}  // namespace ecomdw::models
