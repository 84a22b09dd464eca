// A one-line progress display for long ingests: objects, bytes and rate on
// stderr, redrawn a few times a second. Silent unless enabled (the CLI
// enables it only when stderr is a TTY). Thread safe.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <mutex>

namespace ecomdw::ingest {

class Progress {
 public:
  Progress(bool enabled, int64_t total_objects, int64_t total_bytes);
  // Adds one finished object of `bytes`.
  void Add(int64_t bytes);
  // Redraws when enough time has passed since the last draw.
  void MaybeDraw();
  // Draws the final state and ends the line.
  void Finish();

 private:
  void Draw();
  bool enabled_;
  int64_t total_objects_;
  int64_t total_bytes_;
  std::atomic<int64_t> objects_{0};
  std::atomic<int64_t> bytes_{0};
  std::chrono::steady_clock::time_point start_;
  std::chrono::steady_clock::time_point last_draw_;
  std::mutex mu_;
};

}  // namespace ecomdw::ingest
