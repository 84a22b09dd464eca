// Downloads claimed objects in parallel into their landing paths and hashes
// them. Only ingest.cc uses it: the caller's thread records the results in
// the ledger (one Warehouse session is never shared across threads).
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "common/result.h"
#include "ingest/ledger.h"
#include "objectstore/object_store.h"

namespace ecomdw::ingest {

struct FetchResult {
  size_t index = 0;  // into the claims
  Status status;
  objectstore::ObjectInfo got;  // the version that was read
  std::string sha256;           // of the landed file
};

class Fetcher {
 public:
  // Starts min(parallelism, claims) workers. REQUIRES: `store` and `claims`
  // outlive the Fetcher.
  Fetcher(objectstore::ObjectStore& store, const std::vector<LedgerEntry>& claims, int parallelism);
  // Lets running downloads finish, then joins the workers.
  ~Fetcher();
  Fetcher(const Fetcher&) = delete;
  Fetcher& operator=(const Fetcher&) = delete;

  // Waits up to `wait` for results; returns what is ready (maybe nothing).
  std::vector<FetchResult> Take(std::chrono::milliseconds wait);
  // Every worker finished and every result was taken.
  bool AllDone();
  // Workers take no new object after this (fatal, non-transient failure).
  void Stop() { stop_.store(true); }

 private:
  void Work();

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

}  // namespace ecomdw::ingest
