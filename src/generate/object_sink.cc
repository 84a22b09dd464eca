#include "generate/object_sink.h"

#include "generate/gzip.h"

namespace ecomdw::generate {

ObjectSink::ObjectSink(objectstore::ObjectStore* store, int gzip_level, size_t max_pending)
    : store_(store), gzip_level_(gzip_level), max_pending_(max_pending), worker_([this] { Run(); }) {}

ObjectSink::~ObjectSink() {
  if (!finished_) (void)Finish();
}

Status ObjectSink::Submit(std::string key, std::string bytes, bool gzip) {
  std::unique_lock<std::mutex> lock(mu_);
  cv_.wait(lock, [this] { return queue_.size() < max_pending_ || !error_.ok(); });
  if (!error_.ok()) return error_;
  queue_.push_back(Job{std::move(key), std::move(bytes), gzip});
  cv_.notify_all();
  return Status::OK();
}

Status ObjectSink::Finish() {
  {
    std::unique_lock<std::mutex> lock(mu_);
    done_ = true;
    cv_.notify_all();
  }
  if (worker_.joinable()) worker_.join();
  finished_ = true;
  std::lock_guard<std::mutex> lock(mu_);
  return error_;
}

void ObjectSink::Run() {
  for (;;) {
    Job job;
    {
      std::unique_lock<std::mutex> lock(mu_);
      cv_.wait(lock, [this] { return !queue_.empty() || done_; });
      if (queue_.empty()) return;
      job = std::move(queue_.front());
      queue_.pop_front();
      cv_.notify_all();
      if (!error_.ok()) continue;  // drain without writing after a failure
    }
    Status st;
    if (job.gzip) {
      Result<std::string> gz = GzipCompress(job.bytes, gzip_level_);
      if (gz.ok()) job.bytes = std::move(gz).value();
      else st = gz.status();
    }
    if (st.ok()) st = store_->Put(job.key, job.bytes);
    std::lock_guard<std::mutex> lock(mu_);
    if (!st.ok() && error_.ok()) {
      error_ = st.WithContext("generate: put " + job.key);
    } else if (st.ok()) {
      ++objects_;
      bytes_ += static_cast<int64_t>(job.bytes.size());
    }
    cv_.notify_all();
  }
}

}  // namespace ecomdw::generate
