#include "ingest/ingest.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <map>
#include <random>
#include <set>

#include "ingest/fetcher.h"
#include "ingest/landing_path.h"
#include "ingest/ledger.h"
#include "ingest/partition.h"
#include "ingest/progress.h"

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

// Removes the folders of `batch_dir` (and it) that removed files left empty.
// Only after the fetcher is done: a worker may be creating them.
void PruneEmptyFolders(const fs::path& batch_dir, const std::set<fs::path>& folders) {
  const std::string base = batch_dir.string();
  for (auto it = folders.rbegin(); it != folders.rend(); ++it) {
    for (fs::path dir = *it; dir.string().rfind(base, 0) == 0; dir = dir.parent_path()) {
      std::error_code ec;
      if (!fs::remove(dir, ec) || dir == batch_dir) break;  // not empty, or done
    }
  }
}

bool PrintableAscii(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](char c) { return c >= 0x20 && c < 0x7f; });
}

struct Listed {
  objectstore::ObjectInfo info;
  std::string source;
};

struct Listing {
  std::vector<Listed> objects;  // key order
  std::vector<Listed> refused;  // info.refused says why
};

// Every object under the sources' prefixes, each under the first source
// whose prefix it has. A key the store returned outside the prefix it was
// asked for (a broken or hostile S3 endpoint) is refused, never guessed.
Result<Listing> ListSources(const IngestPlan& plan, objectstore::ObjectStore& store) {
  std::map<std::string, Listed> by_key;
  std::map<std::string, Listed> refused;
  for (const SourcePrefix& src : plan.sources) {
    auto listed = store.List(src.prefix);
    if (!listed.ok()) return listed.status().WithContext(fmt::format("listing source {} ({})", src.name, src.prefix));
    for (objectstore::ObjectInfo& o : *listed) {
      if (o.refused.empty() && o.key.rfind(src.prefix, 0) != 0) {
        o.refused = fmt::format("object key \"{}\" refused: listed for prefix \"{}\" but outside it",
                                objectstore::PrintableKey(o.key), src.prefix);
      }
      std::string key = o.key;
      auto& into = o.refused.empty() ? by_key : refused;
      into.try_emplace(std::move(key), Listed{std::move(o), src.name});
    }
  }
  Listing out;
  out.objects.reserve(by_key.size());
  for (auto& [k, v] : by_key) {
    if (refused.count(k) == 0) out.objects.push_back(std::move(v));
  }
  for (auto& [k, v] : refused) out.refused.push_back(std::move(v));
  return out;
}

// What a claim is, for the counts and for the content comparison.
struct Prior {
  enum Kind { kNewObject, kNewVersion, kRetry } kind = kNewObject;
  int64_t landed_version = 0;  // 0: nothing landed under the key yet
  std::string landed_sha256;
};

}  // namespace

Result<IngestReport> RunIngest(const IngestPlan& plan, objectstore::ObjectStore& store, warehouse::Warehouse& wh) {
  auto start = std::chrono::steady_clock::now();
  IngestReport report;
  Ledger ledger(&wh);
  ECOMDW_TRY(ledger.EnsureSchema());
  const std::string bucket = store.uri();

  ECOMDW_ASSIGN_OR_RETURN(Listing listing, ListSources(plan, store));
  ECOMDW_ASSIGN_OR_RETURN(auto known, ledger.KnownObjects(bucket));
  report.listed = static_cast<int64_t>(listing.objects.size() + listing.refused.size());
  std::vector<Refusal> refusals;
  auto refuse = [&](const objectstore::ObjectInfo& o, const std::string& why) {
    report.refused.push_back({o.key, why});
    refusals.push_back({objectstore::PrintableKey(o.key), why, objectstore::PrintableKey(o.etag), o.size});
  };
  for (const Listed& l : listing.refused) refuse(l.info, l.info.refused);

  std::string batch_id = NewBatchId();
  fs::path batch_dir = (fs::absolute(plan.landing_dir) / batch_id).lexically_normal();
  std::vector<LedgerEntry> claims;
  std::vector<Prior> priors;
  int64_t claimed_bytes = 0;
  for (Listed& l : listing.objects) {
    Status valid = objectstore::ValidateObjectKey(l.info.key);
    if (valid.ok() && !PrintableAscii(l.info.etag)) {
      // ETags are quoted hex (S3) or size-mtime (local); anything else would
      // be stored as text that is not text.
      valid = Status::InvalidArgument("object key \"{}\" refused: its ETag is not printable ASCII",
                                      objectstore::PrintableKey(l.info.key));
    }
    Result<fs::path> landing = valid.ok() ? LandingPath(batch_dir, l.info.key) : Result<fs::path>(valid);
    if (!landing.ok()) {
      refuse(l.info, landing.status().message());
      continue;
    }
    auto it = known.find(l.info.key);
    LedgerEntry c;
    Prior prior;
    if (it == known.end() || it->second.latest.version == 0) {
      c.version = 1;
      ++report.new_objects;
    } else if (it->second.latest.state == kStateLanded) {
      if (it->second.landed_etags.count(l.info.etag) > 0) {
        ++report.unchanged;
        continue;
      }
      c.version = it->second.latest.version + 1;
      prior.kind = Prior::kNewVersion;
      ++report.new_versions;
    } else {
      // Left 'fetching' by an interrupted run: the same version again.
      c.version = it->second.latest.version;
      prior.kind = Prior::kRetry;
      ++report.retried;
    }
    if (it != known.end()) {
      prior.landed_version = it->second.landed_version;
      prior.landed_sha256 = it->second.landed_sha256;
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
    priors.push_back(std::move(prior));
  }
  if (!report.refused.empty()) {
    ECOMDW_ASSIGN_OR_RETURN(int64_t recorded, ledger.RecordRefusals(bucket, refusals));
    spdlog::warn("ingest: {} object key{} refused and not ingested ({} newly recorded in ops.ingest_refusals); "
                 "first: {}",
                 report.refused.size(), report.refused.size() == 1 ? "" : "s", recorded,
                 report.refused.front().reason);
  }
  if (claims.empty()) {
    report.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    return report;
  }

  report.batch_id = batch_id;
  ECOMDW_ASSIGN_OR_RETURN(std::vector<LedgerEntry> stale, ledger.Claim(bucket, batch_id, claims));
  for (const LedgerEntry& s : stale) RemoveLeftovers(s.landed_path);

  Progress progress(plan.show_progress, static_cast<int64_t>(claims.size()), claimed_bytes);
  std::vector<LedgerEntry> pending;
  std::vector<LedgerEntry> pending_seen;
  std::set<fs::path> emptied;
  Status first_failure;
  Status ledger_failure;
  auto last_flush = std::chrono::steady_clock::now();
  auto flush = [&]() {
    if ((pending.empty() && pending_seen.empty()) || !ledger_failure.ok()) return;
    ledger_failure = ledger.MarkLanded(bucket, pending);
    if (ledger_failure.ok()) ledger_failure = ledger.RecordSameContent(bucket, batch_id, pending_seen);
    pending.clear();
    pending_seen.clear();
    last_flush = std::chrono::steady_clock::now();
  };
  {
    Fetcher fetcher(store, claims, plan.parallelism);
    while (!fetcher.AllDone()) {
      for (FetchResult& r : fetcher.Take(std::chrono::milliseconds(200))) {
        const LedgerEntry& c = claims[r.index];
        const Prior& prior = priors[r.index];
        if (!r.status.ok()) {
          report.failures.push_back(fmt::format("{}: {}", c.key, r.status.ToString()));
          if (first_failure.ok()) first_failure = r.status;
          // Credentials, policy or local disk problems will not go away for
          // the next object either.
          if (!r.status.IsUnavailable() && !r.status.IsNotFound()) fetcher.Stop();
          continue;
        }
        progress.Add(r.got.size);
        LedgerEntry done = c;
        if (PrintableAscii(r.got.etag)) done.etag = r.got.etag;  // else the listed one, checked above
        done.size = r.got.size;
        done.sha256 = r.sha256;
        done.last_modified_unix = r.got.last_modified_unix;
        if (prior.landed_version > 0 && r.sha256 == prior.landed_sha256) {
          // The bytes already landed: a sighting of that version, not a new one.
          std::error_code ec;
          fs::remove(c.landed_path, ec);
          emptied.insert(fs::path(c.landed_path).parent_path());
          done.version = prior.landed_version;
          ++report.same_content;
          if (prior.kind == Prior::kNewVersion) --report.new_versions;
          if (prior.kind == Prior::kRetry) --report.retried;
          pending_seen.push_back(std::move(done));
          continue;
        }
        done.state = kStateLanded;
        report.objects.push_back({done.key, done.source, done.version, done.size, done.etag, done.sha256,
                                  done.landed_path});
        report.bytes_landed += done.size;
        pending.push_back(std::move(done));
      }
      if (pending.size() + pending_seen.size() >= 512 ||
          std::chrono::steady_clock::now() - last_flush > std::chrono::milliseconds(250)) {
        flush();
      }
      if (!ledger_failure.ok()) fetcher.Stop();
      progress.MaybeDraw();
    }
  }
  flush();
  progress.Finish();
  PruneEmptyFolders(batch_dir, emptied);
  ECOMDW_TRY(ledger_failure);
  report.landed = static_cast<int64_t>(report.objects.size());

  int64_t resolved = report.landed + report.same_content;
  int64_t not_landed = static_cast<int64_t>(claims.size()) - resolved;
  if (!first_failure.ok()) {
    report.status = Status(first_failure.code(),
                           fmt::format("{} of {} objects not ingested (kept 'fetching'; a rerun fetches them); "
                                       "first failure: {}",
                                       not_landed, claims.size(), first_failure.message()));
  } else if (not_landed != 0) {
    report.status = Status::Internal("{} of {} claimed objects neither landed nor failed", not_landed, claims.size());
  }
  ECOMDW_TRY(ledger.FinishBatch(batch_id, report.status.ok() ? "finished" : "failed", report.landed,
                                report.bytes_landed, report.status.ok() ? "" : report.status.message()));
  report.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return report;
}

}  // namespace ecomdw::ingest
