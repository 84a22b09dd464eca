// Puts objects into the bucket from a background thread, compressing them
// there when asked, so generation, gzip and the store's durable writes
// (fsync, network) overlap on two cores.
//
// Bounded: Submit blocks while `max_pending` objects wait. The first failed
// Put is kept and returned by Finish() (and by later Submits); nothing after
// a failure is written. Submit and Finish are called from one thread.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <mutex>
#include <string>
#include <thread>

#include "common/status.h"
#include "objectstore/object_store.h"

namespace ecomdw::generate {

class ObjectSink {
 public:
  ObjectSink(objectstore::ObjectStore* store, int gzip_level, size_t max_pending = 32);
  ~ObjectSink();  // waits for the queue (as Finish) if Finish was not called
  ObjectSink(const ObjectSink&) = delete;
  ObjectSink& operator=(const ObjectSink&) = delete;

  // Queues `bytes` for `key`, gzip-compressed first when `gzip`.
  Status Submit(std::string key, std::string bytes, bool gzip);
  // Waits until every queued object is stored; the first error, if any.
  Status Finish();

  int64_t objects() const { return objects_; }
  int64_t bytes() const { return bytes_; }

 private:
  struct Job {
    std::string key;
    std::string bytes;
    bool gzip;
  };
  void Run();

  objectstore::ObjectStore* store_;
  int gzip_level_;
  size_t max_pending_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<Job> queue_;
  bool done_ = false;
  bool finished_ = false;
  Status error_;
  int64_t objects_ = 0;  // written by the worker, read after Finish
  int64_t bytes_ = 0;
  std::thread worker_;
};

}  // namespace ecomdw::generate
