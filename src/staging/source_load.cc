#include "staging/source_load.h"

#include <atomic>
#include <chrono>
#include <set>
#include <thread>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "common/sql_quote.h"
#include "ingest/partition.h"
#include "staging/contract.h"
#include "staging/drift.h"
#include "staging/parquet_load.h"
#include "staging/slice_sql.h"
#include "staging/text_objects.h"

namespace ecomdw::staging {
namespace {

using warehouse::ColumnValues;
using warehouse::Value;
using warehouse::Warehouse;

// A slice is parsed, typed and finished in SQL before the next one is read,
// so memory follows the slice, not the batch: about this many bytes of
// decompressed text (gzip objects are counted at 5x their size).
constexpr int64_t kSliceBytes = int64_t{192} << 20;
constexpr int kParseThreads = 2;

int64_t EstimatedBytes(const LandedObject& o, const config::Source& s) {
  return s.compression == "gzip" ? o.size * 5 : o.size;
}

// The object's dt= partition as a DATE value, NULL when the key has none.
Value PartitionDate(const std::string& key) {
  std::optional<warehouse::Date> d = ingest::PartitionDateFromKey(key);
  return d ? Value{*d} : Value{};
}

Status WriteObjects(Warehouse& wh, const std::vector<const LandedObject*>& objects) {
  ECOMDW_TRY(wh.Execute(
      "CREATE OR REPLACE TEMP TABLE stg_objects (_obj INTEGER, object_key VARCHAR, local_path VARCHAR, dt DATE)"));
  ECOMDW_ASSIGN_OR_RETURN(auto writer, wh.OpenBulkWriter("main", "stg_objects"));
  for (size_t i = 0; i < objects.size(); ++i) {
    ECOMDW_TRY(writer->AppendRow(
        {static_cast<int64_t>(i), objects[i]->key, objects[i]->local_path, PartitionDate(objects[i]->key)}));
  }
  return writer->Close();
}

// A key re-delivered as a new version replaces what its earlier version
// staged (docs/staging.md, "Duplicates"): those records leave staging.
Result<int64_t> ReplaceEarlierVersions(Warehouse& wh, const config::Source& s, const std::string& batch_id) {
  ECOMDW_ASSIGN_OR_RETURN(std::string staging, QuoteQualified("staging", s.name));
  const std::string where = " WHERE _object_key IN (SELECT object_key FROM temp.stg_objects) AND _batch_id <> $1";
  ECOMDW_ASSIGN_OR_RETURN(
      warehouse::QueryResult n,
      wh.Query("SELECT count(*) FROM (SELECT DISTINCT _object_key, _line FROM " + staging + where + ")", {batch_id}));
  const int64_t replaced = std::get<int64_t>(n.Scalar());
  if (replaced > 0) ECOMDW_TRY(wh.ExecuteParams("DELETE FROM " + staging + where, {batch_id}).status());
  return replaced;
}

struct QuarantineRow {
  int64_t line;
  std::string reason, message, raw;
  bool has_raw;
  const std::string* key;
};

Status WriteQuarantine(Warehouse& wh, const config::Source& s, const std::string& batch_id,
                       const std::vector<QuarantineRow>& rows) {
  if (rows.empty()) return Status::OK();
  ECOMDW_ASSIGN_OR_RETURN(auto writer, wh.OpenBulkWriter("quarantine", s.name));
  for (const QuarantineRow& q : rows) {
    ECOMDW_TRY(writer->AppendRow({batch_id, *q.key, q.line, q.reason, q.message,
                                  q.has_raw ? Value{q.raw} : Value{}}));
  }
  return writer->Close();
}

class TextLoad {
 public:
  TextLoad(Warehouse& wh, const std::string& batch_id, EffectiveContract* c,
           const std::vector<const LandedObject*>& objects, ChangeLog* changes, SourceLoadStats* stats)
      : wh_(wh), batch_(batch_id), c_(*c), objects_(objects), changes_(*changes), stats_(*stats) {}

  Status Run() {
    size_t next = 0;
    while (next < objects_.size()) {
      size_t end = next;
      int64_t bytes = 0;
      while (end < objects_.size() && (end == next || bytes < kSliceBytes)) {
        bytes += EstimatedBytes(*objects_[end], *c_.source);
        ++end;
      }
      ECOMDW_TRY(LoadSlice(next, end));
      next = end;
    }
    return Status::OK();
  }

 private:
  void Parse(size_t first, size_t end, std::vector<ParsedObject>* out) {
    const FieldIndex index(c_);
    std::atomic<size_t> next{first};
    auto work = [&] {
      auto json = NewJsonScratch();
      for (size_t i; (i = next.fetch_add(1)) < end;) {
        ParseTextObject(c_, index, *objects_[i], static_cast<int32_t>(i), json.get(), &(*out)[i - first]);
      }
    };
    std::vector<std::thread> helpers;
    for (int t = 1; t < kParseThreads && end - first > 1; ++t) helpers.emplace_back(work);
    work();
    for (std::thread& t : helpers) t.join();
  }

  // Columns added by drift in this slice (evolve): new VARCHAR columns of
  // staging.<source>, and of the contract from now on.
  Status Evolve(const std::vector<ParsedObject>& parsed) {
    std::set<std::string> added;
    for (const ParsedObject& p : parsed) {
      for (const auto& [name, col] : p.rows->extras()) {
        if (c_.IndexOf(name) < 0) added.insert(name);
      }
    }
    if (added.empty()) return Status::OK();
    ECOMDW_ASSIGN_OR_RETURN(std::string table, QuoteQualified("staging", c_.source->name));
    for (const std::string& name : added) {
      ECOMDW_ASSIGN_OR_RETURN(std::string col, QuoteIdentifier(name, "drifted column"));
      ECOMDW_TRY(wh_.Execute("ALTER TABLE " + table + " ADD COLUMN IF NOT EXISTS " + col + " VARCHAR"));
    }
    ECOMDW_ASSIGN_OR_RETURN(c_, LoadEffectiveContract(wh_, *c_.source));
    return Status::OK();
  }

  // The object's rows into temp.stg_typed, whose columns are those of
  // the contract as it stands after Evolve().
  Status Append(warehouse::BulkWriter& writer, const EffectiveContract& parsed_with, const ParsedObject& p) {
    const RecordRows& rows = *p.rows;
    if (rows.rows() == 0) return Status::OK();
    std::vector<const ColumnValues*> cols = {&rows.obj(), &rows.line(), &rows.elem()};
    std::vector<ColumnValues> nulls;
    nulls.reserve(c_.columns.size());
    for (const ContractColumn& col : c_.columns) {
      int idx = parsed_with.IndexOf(col.name);
      if (idx >= 0) {
        cols.push_back(&rows.columns()[static_cast<size_t>(idx)]);
        continue;
      }
      auto it = rows.extras().find(col.name);
      if (it != rows.extras().end()) {
        cols.push_back(&it->second);
        continue;
      }
      ColumnValues& n = nulls.emplace_back(ColumnFor(col.sql_type));
      for (size_t r = 0; r < rows.rows(); ++r) n.AppendNull();
      cols.push_back(&n);
    }
    return writer.AppendColumns(cols, rows.rows());
  }

  Status LoadSlice(size_t first, size_t end) {
    using Clock = std::chrono::steady_clock;
    auto ms = [](Clock::time_point a, Clock::time_point b) { return std::chrono::duration<double, std::milli>(b - a).count(); };
    const Clock::time_point t0 = Clock::now();
    std::vector<ParsedObject> parsed(end - first);
    Parse(first, end, &parsed);
    const Clock::time_point t1 = Clock::now();
    for (const ParsedObject& p : parsed) {
      if (!p.status.ok()) return p.status;
    }
    const EffectiveContract parsed_with = c_;
    ECOMDW_TRY(Evolve(parsed));
    for (const ParsedObject& p : parsed) {
      if (!p.changes.empty()) changes_.Add(p.object->key, p.changes, p.change_action);
    }
    ECOMDW_ASSIGN_OR_RETURN(std::string create, CreateTypedSql(c_));
    ECOMDW_TRY(wh_.Execute(create));
    {
      ECOMDW_ASSIGN_OR_RETURN(auto writer, wh_.OpenBulkWriter("main", "stg_typed"));
      for (const ParsedObject& p : parsed) {
        Status st = Append(*writer, parsed_with, p);
        if (!st.ok()) return st.WithContext(fmt::format("staging: {}", p.object->key));
      }
      ECOMDW_TRY(writer->Close());
    }
    const Clock::time_point t2 = Clock::now();
    ECOMDW_ASSIGN_OR_RETURN(std::vector<SliceRejection> rejected, FinishSlice(wh_, c_, batch_));
    const Clock::time_point t3 = Clock::now();

    std::vector<QuarantineRow> rows;
    int64_t typed_records = 0;
    for (const ParsedObject& p : parsed) {
      stats_.raw_records += p.raw_records;
      typed_records += static_cast<int64_t>(p.spans.size());
      if (p.unreadable) ++stats_.unreadable_objects;
      for (const QuarantineEntry& q : p.quarantined) {
        rows.push_back({q.line, q.reason, q.message, q.raw, q.has_raw, &p.object->key});
      }
    }
    for (const SliceRejection& r : rejected) {
      const ParsedObject& p = parsed[static_cast<size_t>(r.obj) - first];
      if (r.kind == "duplicate") {
        ++stats_.duplicates;
        continue;
      }
      QuarantineRow q{r.line, r.kind, "breaks contract rule " + r.kind, "", true, &p.object->key};
      if (r.kind == "conflict") {
        ++stats_.conflicts;
        q.reason = "conflicting_duplicate";
        q.message = ConflictMessage(c_, r.ref_key, r.ref_line, p.object->key, r.line);
      }
      q.raw = std::string(p.RawOf(r.line));
      rows.push_back(std::move(q));
    }
    stats_.staged += typed_records - static_cast<int64_t>(rejected.size());
    for (const QuarantineRow& q : rows) {
      ++stats_.quarantined;
      ++stats_.quarantined_by_reason[q.reason];
    }
    ECOMDW_TRY(WriteQuarantine(wh_, *c_.source, batch_, rows));
    spdlog::debug("staging {}: objects {}..{}: parse {:.0f} ms, append {:.0f} ms, sql {:.0f} ms, quarantine {:.0f} ms",
                  c_.source->name, first, end, ms(t0, t1), ms(t1, t2), ms(t2, t3), ms(t3, Clock::now()));
    return Status::OK();
  }

  Warehouse& wh_;
  const std::string& batch_;
  EffectiveContract& c_;
  const std::vector<const LandedObject*>& objects_;
  ChangeLog& changes_;
  SourceLoadStats& stats_;
};

Status WriteSummary(Warehouse& wh, const std::string& batch_id, const SourceLoadStats& stats, bool balanced) {
  if (!stats.quarantined_by_reason.empty()) {
    std::string values;
    std::vector<Value> params;
    for (const auto& [reason, n] : stats.quarantined_by_reason) {
      const size_t k = params.size();
      values += fmt::format("{}(${}, ${}, ${}, ${})", values.empty() ? "" : ", ", k + 1, k + 2, k + 3, k + 4);
      params.insert(params.end(), {batch_id, stats.source, reason, n});
    }
    ECOMDW_TRY(wh.ExecuteParams("INSERT INTO ops.quarantine_summary VALUES " + values, params).status());
  }
  return wh
      .ExecuteParams(
          "INSERT INTO ops.reconciliation (batch_id, source, objects, raw_records, staged_records, "
          "quarantined_records, duplicate_records, balanced, loaded_at, conflicting_records, unreadable_objects, "
          "replaced_records) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)",
          {batch_id, stats.source, stats.objects, stats.raw_records, stats.staged, stats.quarantined,
           stats.duplicates, balanced, warehouse::NowTimestamp(), stats.conflicts, stats.unreadable_objects,
           stats.replaced})
      .status();
}

}  // namespace

Result<SourceLoadStats> LoadSource(Warehouse& wh, const std::string& batch_id, const config::Source& s,
                                   const std::vector<const LandedObject*>& objects) {
  SourceLoadStats stats;
  stats.source = s.name;
  stats.objects = static_cast<int64_t>(objects.size());
  ECOMDW_ASSIGN_OR_RETURN(EffectiveContract c, LoadEffectiveContract(wh, s));
  ECOMDW_TRY(WriteObjects(wh, objects));
  ECOMDW_ASSIGN_OR_RETURN(stats.replaced, ReplaceEarlierVersions(wh, s, batch_id));
  ChangeLog changes;
  if (s.format == "parquet") {
    ECOMDW_TRY(LoadParquetObjects(wh, batch_id, &c, objects, &changes, &stats));
  } else {
    ECOMDW_TRY(TextLoad(wh, batch_id, &c, objects, &changes, &stats).Run());
  }
  ECOMDW_TRY(changes.Write(wh, batch_id, c));
  const bool balanced = stats.raw_records == stats.staged + stats.quarantined + stats.duplicates;
  ECOMDW_TRY(WriteSummary(wh, batch_id, stats, balanced));
  if (!balanced) {
    return Status::DataError(
        "staging: batch {} source {} does not reconcile: {} raw records != {} staged + {} quarantined + {} "
        "duplicates",
        batch_id, s.name, stats.raw_records, stats.staged, stats.quarantined, stats.duplicates);
  }
  return stats;
}

Status DropWorkTables(Warehouse& wh) {
  // The scratch tables are temporary (never in the database file); an older
  // loader's staging_work schema, which held raw lines, goes too.
  return wh.Execute(
      "DROP TABLE IF EXISTS temp.stg_typed; DROP TABLE IF EXISTS temp.stg_rule_failed; "
      "DROP TABLE IF EXISTS temp.stg_verdict; DROP TABLE IF EXISTS temp.stg_objects; "
      "DROP TABLE IF EXISTS temp.stg_changes; DROP TABLE IF EXISTS temp.stg_q; "
      "DROP TABLE IF EXISTS temp.stg_parquet_rows; DROP SCHEMA IF EXISTS staging_work CASCADE;");
}

}  // namespace ecomdw::staging
