#include "models/runner.h"

#include <chrono>
#include <condition_variable>
#include <map>
#include <mutex>
#include <set>
#include <thread>

#include "models/fingerprint.h"
#include "models/materialize.h"
#include "ops/model_ops.h"
#include "warehouse/engine_adapter.h"

namespace ecomdw::models {
namespace {

using Clock = std::chrono::steady_clock;
using warehouse::Timestamp;
using warehouse::Value;
using warehouse::Warehouse;


Status RecordTask(warehouse::EngineAdapter& db, const RunOptions& o, const Model& m, const TaskResult& r,
                  Timestamp started, const std::vector<std::string>& statements) {
  return ops::RecordTask(db,
                         {.run_id = o.run_id,
                          .model = m.full_name(),
                          .materialization = std::string(MaterializationName(m.materialization)),
                          .started_at = started,
                          .finished_at = warehouse::NowTimestamp(),
                          .seconds = r.seconds,
                          .rows_written = r.rows_written,
                          .rows_total = r.rows_total,
                          .status = r.skipped ? "skipped" : r.status.ok() ? "success" : "error",
                          .error = r.status.ok() ? "" : r.status.message()},
                         statements);
}

// Hands out models whose dependencies have succeeded.
class Scheduler {
 public:
  Scheduler(const ModelGraph& graph, const std::vector<std::string>& selected) : graph_(graph) {
    for (const std::string& name : selected) pending_.insert(name);
    selected_ = pending_;
  }

  // Next runnable model, or nullptr when nothing is left. Blocks while
  // models are running that others wait for.
  const Model* Next() {
    std::unique_lock lock(mu_);
    while (true) {
      for (const Model& m : graph_.ordered()) {
        if (!pending_.count(m.full_name())) continue;
        bool ready = true;
        for (const std::string& d : m.depends_on) {
          if (selected_.count(d) && !done_.count(d)) ready = false;
        }
        if (ready) {
          pending_.erase(m.full_name());
          ++running_;
          return &m;
        }
      }
      if (pending_.empty() || running_ == 0) return nullptr;
      cv_.wait(lock);
    }
  }

  void Finish(const Model& m, TaskResult result) {
    std::lock_guard lock(mu_);
    --running_;
    if (result.status.ok()) {
      done_.insert(m.full_name());
    } else {
      SkipDownstream(m.full_name());
    }
    results_[m.full_name()] = std::move(result);
    cv_.notify_all();
  }

  std::vector<TaskResult> Results() {
    std::lock_guard lock(mu_);
    std::vector<TaskResult> out;
    for (const Model& m : graph_.ordered()) {
      auto it = results_.find(m.full_name());
      if (it != results_.end()) out.push_back(it->second);
    }
    return out;
  }

 private:
  void SkipDownstream(const std::string& failed) {
    for (const Model& m : graph_.ordered()) {
      if (!pending_.count(m.full_name())) continue;
      for (const std::string& d : m.depends_on) {
        if (d == failed || (results_.count(d) && results_[d].skipped)) {
          pending_.erase(m.full_name());
          TaskResult skipped{.model = m.full_name(),
                             .status = Status::Internal("skipped: upstream model {} failed", failed),
                             .skipped = true};
          results_[m.full_name()] = skipped;
          break;
        }
      }
    }
  }

  const ModelGraph& graph_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::set<std::string> pending_, selected_, done_;
  std::map<std::string, TaskResult> results_;
  int running_ = 0;
};

}  // namespace

Status EnsureRunLogTables(Warehouse& wh) {
  ECOMDW_ASSIGN_OR_RETURN(std::unique_ptr<warehouse::EngineAdapter> db, warehouse::AdapterFor(wh));
  return ops::EnsureModelOpsTables(*db);
}

Result<std::vector<TaskResult>> RunModels(Warehouse& wh, const ModelGraph& graph, const RunOptions& options) {
  ECOMDW_ASSIGN_OR_RETURN(std::vector<std::string> selected, graph.Select(options.select));
  ECOMDW_ASSIGN_OR_RETURN(std::unique_ptr<warehouse::EngineAdapter> log_db, warehouse::AdapterFor(wh));
  ECOMDW_TRY(ops::EnsureModelOpsTables(*log_db));
  ECOMDW_TRY(EnsureFingerprintTable(wh));
  const std::map<std::string, Fingerprint> fingerprints = FingerprintModels(graph);
  // Schemas first and serially: concurrent CREATE SCHEMA would conflict.
  std::set<std::string> schemas;
  for (const std::string& name : selected) schemas.insert(graph.Find(name)->schema);
  for (const std::string& s : schemas) ECOMDW_TRY(log_db->CreateSchema(s));

  Scheduler scheduler(graph, selected);
  std::mutex log_mu;  // ops inserts and on_finished, one at a time
  Status log_status;
  size_t finished = 0;
  auto tell = [&](const TaskResult& r) {  // REQUIRES: log_mu held
    ++finished;
    if (options.on_finished) options.on_finished(r, finished, selected.size());
  };
  auto worker = [&](warehouse::EngineAdapter& session) {
    while (const Model* m = scheduler.Next()) {
      Timestamp started = warehouse::NowTimestamp();
      auto t0 = Clock::now();
      TaskResult r{.model = m->full_name()};
      MaterializeOutcome outcome;
      r.status = RetryTask(
          options.retry,
          [&]() -> Status {
            ECOMDW_ASSIGN_OR_RETURN(outcome, Materialize(session, *m, options.full_refresh));
            return Status::OK();
          },
          &r.attempts);
      r.seconds = std::chrono::duration<double>(Clock::now() - t0).count();
      std::vector<std::string> statements = {m->sql};
      if (r.status.ok()) {
        r.rows_written = outcome.rows_written;
        r.rows_total = outcome.rows_total;
        statements = std::move(outcome.statements);
      }
      {
        std::lock_guard lock(log_mu);
        Status s = RecordTask(*log_db, options, *m, r, started, statements);
        // Built in full: what it is now is what its fingerprint says (fingerprint.h).
        if (s.ok() && r.status.ok() && (options.full_refresh || m->materialization != Materialization::kIncremental)) {
          s = RecordFingerprint(wh, m->full_name(), fingerprints.at(m->full_name()), options.run_id);
        }
        if (!s.ok() && log_status.ok()) log_status = s;
        tell(r);
      }
      scheduler.Finish(*m, std::move(r));
    }
  };

  int threads = std::max(1, std::min<int>(options.threads, static_cast<int>(selected.size())));
  std::vector<std::unique_ptr<Warehouse>> sessions;
  std::vector<std::unique_ptr<warehouse::EngineAdapter>> adapters;
  for (int i = 0; i < threads; ++i) {
    ECOMDW_ASSIGN_OR_RETURN(std::unique_ptr<Warehouse> s, wh.NewSession());
    ECOMDW_ASSIGN_OR_RETURN(std::unique_ptr<warehouse::EngineAdapter> a, warehouse::AdapterFor(*s));
    sessions.push_back(std::move(s));
    adapters.push_back(std::move(a));
  }
  std::vector<std::thread> pool;
  for (auto& a : adapters) pool.emplace_back(worker, std::ref(*a));
  for (auto& t : pool) t.join();
  ECOMDW_TRY(log_status);

  // Skipped models never ran; record them too so the run's log is whole.
  std::vector<TaskResult> results = scheduler.Results();
  for (const TaskResult& r : results) {
    if (!r.skipped) continue;
    ECOMDW_TRY(RecordTask(*log_db, options, *graph.Find(r.model), r, warehouse::NowTimestamp(), {}));
    std::lock_guard lock(log_mu);
    tell(r);
  }
  return results;
}

}  // namespace ecomdw::models
