#include "ingest/ingest.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <filesystem>
#include <map>
#include <mutex>
#include <random>
#include <thread>

#include "ingest/ledger.h"
#include "ingest/partition.h"
#include "ingest/progress.h"
#include "objectstore/digest.h"

namespace ecomdw::ingest {
namespace fs = std::filesystem;
namespace {

std::string NewBatchId() {
  auto now = std::chrono::system_clock::now();
  std::time_t t = std::chrono::system_clock::to_time_t(now);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char stamp[32];
  std::strftime(stamp, sizeof(stamp), "%Y%m%dT%H%M%SZ", &tm);
  std::mt19937_64 rng(std::random_device{}());
  return fmt::format("{}-{:06x}", stamp, rng() & 0xffffff);
}

std::string Printable(std::string_view s) {
  std::string out;
  for (unsigned char c : s.substr(0, 200)) {
    if (c < 0x20 || c == 0x7f) {
      out += fmt::format("\\x{:02x}", c);
    } else {
      out += static_cast<char>(c);
    }
  }
  return out;
}

// Belt and braces on top of ValidateObjectKey: the landing path must stay
// under the batch folder.
Result<fs::path> LandingPath(const fs::path& batch_dir, const std::string& key) {
  fs::path p = (batch_dir / key).lexically_normal();
  std::string base = batch_dir.lexically_normal().string();
  if (p.string().compare(0, base.size(), base) != 0 || p.string().size() <= base.size() + 1 ||
      p.string()[base.size()] != '/') {
    return Status::InvalidArgument("object key \"{}\" would land outside {}", Printable(key), base);
  }
  return p;
}

// Whatever an interrupted run left for an object it never recorded as
// landed (the file, or temporary files beside it) is not trusted: it goes,
// and the object is fetched again.
void RemoveLeftovers(const std::string& landed_path) {
  if (landed_path.empty()) return;
  fs::path p(landed_path);
  std::error_code ec;
  fs::remove(p, ec);
  std::string tmp_prefix = p.filename().string() + ".ecomdw-tmp-";
  for (auto it = fs::directory_iterator(p.parent_path(), ec); !ec && it != fs::directory_iterator();
       it.increment(ec)) {
    if (it->path().filename().string().rfind(tmp_prefix, 0) == 0) {
      std::error_code rm;
      fs::remove(it->path(), rm);
    }
  }
}

struct Listed {
  objectstore::ObjectInfo info;
  std::string source;
};

struct FetchResult {
  size_t index = 0;
  Status status;
  objectstore::ObjectInfo got;
  std::string sha256;
};

// Fetches claims in parallel; the caller's thread records results in the
// ledger (one Warehouse session is not shared across threads).
class Fetcher {
 public:
  Fetcher(objectstore::ObjectStore& store, const std::vector<LedgerEntry>& claims, int parallelism)
      : store_(store), claims_(claims) {
    int n = std::clamp<int>(parallelism, 1, static_cast<int>(std::max<size_t>(claims.size(), 1)));
    for (int i = 0; i < n; ++i) workers_.emplace_back([this] { Work(); });
  }
  ~Fetcher() {
    stop_.store(true);
    for (auto& w : workers_) w.join();
  }

  // Waits up to `wait` for results; returns what is ready (maybe nothing).
  std::vector<FetchResult> Take(std::chrono::milliseconds wait) {
    std::unique_lock<std::mutex> lock(mu_);
    cv_.wait_for(lock, wait, [this] { return !ready_.empty() || done_ == workers_.size(); });
    std::vector<FetchResult> out;
    out.swap(ready_);
    return out;
  }
  bool AllDone() {
    std::lock_guard<std::mutex> lock(mu_);
    return done_ == workers_.size() && ready_.empty();
  }
  // Workers take no new object after this (fatal, non-transient failure).
  void Stop() { stop_.store(true); }

 private:
  void Work() {
    for (;;) {
      size_t i = next_.fetch_add(1);
      if (i >= claims_.size() || stop_.load()) break;
      FetchResult r;
      r.index = i;
      const LedgerEntry& c = claims_[i];
      auto got = store_.GetToFile(c.key, c.landed_path);
      if (got.ok()) {
        r.got = *got;
        auto sha = objectstore::Sha256OfFile(c.landed_path);
        if (sha.ok()) {
          r.sha256 = *sha;
        } else {
          r.status = sha.status();
        }
      } else {
        r.status = got.status();
      }
      std::lock_guard<std::mutex> lock(mu_);
      ready_.push_back(std::move(r));
      cv_.notify_all();
    }
    std::lock_guard<std::mutex> lock(mu_);
    ++done_;
    cv_.notify_all();
  }

  objectstore::ObjectStore& store_;
  const std::vector<LedgerEntry>& claims_;
  std::atomic<size_t> next_{0};
  std::atomic<bool> stop_{false};
  std::mutex mu_;
  std::condition_variable cv_;
  std::vector<FetchResult> ready_;
  size_t done_ = 0;
  std::vector<std::thread> workers_;
};

Result<std::vector<Listed>> ListSources(const IngestPlan& plan, objectstore::ObjectStore& store) {
  std::map<std::string, Listed> by_key;
  for (const SourcePrefix& src : plan.sources) {
    auto listed = store.List(src.prefix);
    if (!listed.ok()) return listed.status().WithContext(fmt::format("listing source {} ({})", src.name, src.prefix));
    for (objectstore::ObjectInfo& o : *listed) {
      std::string key = o.key;
      by_key.try_emplace(std::move(key), Listed{std::move(o), src.name});
    }
  }
  std::vector<Listed> out;
  out.reserve(by_key.size());
  for (auto& [k, v] : by_key) out.push_back(std::move(v));
  return out;
}

}  // namespace

Result<IngestReport> RunIngest(const IngestPlan& plan, objectstore::ObjectStore& store, warehouse::Warehouse& wh) {
  auto start = std::chrono::steady_clock::now();
  IngestReport report;
  Ledger ledger(&wh);
  ECOMDW_TRY(ledger.EnsureSchema());
  const std::string bucket = store.uri();

  ECOMDW_ASSIGN_OR_RETURN(std::vector<Listed> listed, ListSources(plan, store));
  ECOMDW_ASSIGN_OR_RETURN(auto latest, ledger.LatestVersions(bucket));
  report.listed = static_cast<int64_t>(listed.size());

  std::string batch_id = NewBatchId();
  fs::path batch_dir = (fs::absolute(plan.landing_dir) / batch_id).lexically_normal();
  std::vector<LedgerEntry> claims;
  int64_t claimed_bytes = 0;
  for (Listed& l : listed) {
    Status valid = objectstore::ValidateObjectKey(l.info.key);
    if (!valid.ok()) {
      report.refused.push_back({l.info.key, valid.message()});
      continue;
    }
    auto it = latest.find(l.info.key);
    LedgerEntry c;
    if (it == latest.end()) {
      c.version = 1;
      ++report.new_objects;
    } else if (it->second.etag == l.info.etag && it->second.state == kStateLanded) {
      ++report.unchanged;
      continue;
    } else if (it->second.state == kStateLanded) {
      c.version = it->second.version + 1;
      ++report.new_versions;
    } else {
      // Left 'fetching' by an interrupted run: the same version again.
      c.version = it->second.version;
      ++report.retried;
    }
    auto landing = LandingPath(batch_dir, l.info.key);
    if (!landing.ok()) {
      report.refused.push_back({l.info.key, landing.status().message()});
      continue;
    }
    c.key = l.info.key;
    c.etag = l.info.etag;
    c.size = l.info.size;
    c.source = l.source;
    c.partition_date = PartitionDateFromKey(c.key);
    c.batch_id = batch_id;
    c.state = kStateFetching;
    c.landed_path = landing->string();
    c.last_modified_unix = l.info.last_modified_unix;
    claimed_bytes += c.size;
    claims.push_back(std::move(c));
  }

  Status refused_status;
  if (!report.refused.empty()) {
    refused_status = Status::InvalidArgument(
        "{} object key{} refused and not ingested (first: {}); remove or rename {} in the bucket",
        report.refused.size(), report.refused.size() == 1 ? "" : "s", report.refused.front().reason,
        report.refused.size() == 1 ? "it" : "them");
  }
  if (claims.empty()) {
    report.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    report.status = refused_status;
    return report;
  }

  report.batch_id = batch_id;
  ECOMDW_ASSIGN_OR_RETURN(std::vector<LedgerEntry> stale, ledger.Claim(bucket, batch_id, claims));
  for (const LedgerEntry& s : stale) RemoveLeftovers(s.landed_path);

  Progress progress(plan.show_progress, static_cast<int64_t>(claims.size()), claimed_bytes);
  std::vector<LedgerEntry> pending;
  Status first_failure;
  Status ledger_failure;
  auto last_flush = std::chrono::steady_clock::now();
  auto flush = [&]() {
    if (pending.empty() || !ledger_failure.ok()) return;
    ledger_failure = ledger.MarkLanded(bucket, pending);
    pending.clear();
    last_flush = std::chrono::steady_clock::now();
  };
  {
    Fetcher fetcher(store, claims, plan.parallelism);
    while (!fetcher.AllDone()) {
      for (FetchResult& r : fetcher.Take(std::chrono::milliseconds(200))) {
        const LedgerEntry& c = claims[r.index];
        if (!r.status.ok()) {
          report.failures.push_back(fmt::format("{}: {}", c.key, r.status.ToString()));
          if (first_failure.ok()) first_failure = r.status;
          // Credentials, policy or local disk problems will not go away for
          // the next object either.
          if (!r.status.IsUnavailable() && !r.status.IsNotFound()) fetcher.Stop();
          continue;
        }
        LedgerEntry done = c;
        done.etag = r.got.etag;
        done.size = r.got.size;
        done.sha256 = r.sha256;
        done.state = kStateLanded;
        progress.Add(done.size);
        report.objects.push_back({done.key, done.source, done.version, done.size, done.etag, done.sha256,
                                  done.landed_path});
        report.bytes_landed += done.size;
        pending.push_back(std::move(done));
      }
      if (pending.size() >= 512 || std::chrono::steady_clock::now() - last_flush > std::chrono::milliseconds(250)) {
        flush();
      }
      if (!ledger_failure.ok()) fetcher.Stop();
      progress.MaybeDraw();
    }
  }
  flush();
  progress.Finish();
  ECOMDW_TRY(ledger_failure);
  report.landed = static_cast<int64_t>(report.objects.size());

  int64_t not_landed = static_cast<int64_t>(claims.size()) - report.landed;
  if (!first_failure.ok()) {
    report.status = Status(first_failure.code(),
                           fmt::format("{} of {} objects not ingested (kept 'fetching'; a rerun fetches them); "
                                       "first failure: {}",
                                       not_landed, claims.size(), first_failure.message()));
  } else if (not_landed != 0) {
    report.status = Status::Internal("{} of {} claimed objects neither landed nor failed", not_landed, claims.size());
  } else {
    report.status = refused_status;
  }
  ECOMDW_TRY(ledger.FinishBatch(batch_id, report.status.ok() ? "finished" : "failed", report.landed,
                                report.bytes_landed, report.status.ok() ? "" : report.status.message()));
  report.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return report;
}

}  // namespace ecomdw::ingest
