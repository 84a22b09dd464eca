#include "ingest/fetcher.h"

#include <algorithm>

#include "objectstore/digest.h"

namespace ecomdw::ingest {

Fetcher::Fetcher(objectstore::ObjectStore& store, const std::vector<LedgerEntry>& claims, int parallelism)
    : store_(store), claims_(claims) {
  int n = std::clamp<int>(parallelism, 1, static_cast<int>(std::max<size_t>(claims.size(), 1)));
  for (int i = 0; i < n; ++i) workers_.emplace_back([this] { Work(); });
}

Fetcher::~Fetcher() {
  stop_.store(true);
  for (auto& w : workers_) w.join();
}

std::vector<FetchResult> Fetcher::Take(std::chrono::milliseconds wait) {
  std::unique_lock<std::mutex> lock(mu_);
  cv_.wait_for(lock, wait, [this] { return !ready_.empty() || done_ == workers_.size(); });
  std::vector<FetchResult> out;
  out.swap(ready_);
  return out;
}

bool Fetcher::AllDone() {
  std::lock_guard<std::mutex> lock(mu_);
  return done_ == workers_.size() && ready_.empty();
}

void Fetcher::Work() {
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

}  // namespace ecomdw::ingest
