#include "ingest/progress.h"

#include <fmt/format.h>

#include <cstdio>

namespace ecomdw::ingest {

Progress::Progress(bool enabled, int64_t total_objects, int64_t total_bytes)
    : enabled_(enabled),
      total_objects_(total_objects),
      total_bytes_(total_bytes),
      start_(std::chrono::steady_clock::now()),
      last_draw_(start_) {}

void Progress::Add(int64_t bytes) {
  objects_.fetch_add(1);
  bytes_.fetch_add(bytes);
}

void Progress::MaybeDraw() {
  if (!enabled_) return;
  std::lock_guard<std::mutex> lock(mu_);
  auto now = std::chrono::steady_clock::now();
  if (now - last_draw_ < std::chrono::milliseconds(200)) return;
  last_draw_ = now;
  Draw();
}

void Progress::Finish() {
  if (!enabled_) return;
  std::lock_guard<std::mutex> lock(mu_);
  Draw();
  std::fputc('\n', stderr);
}

void Progress::Draw() {
  double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  double mb = static_cast<double>(bytes_.load()) / 1e6;
  std::string line = fmt::format("\ringest: {}/{} objects  {:.1f}/{:.1f} MB  {:.1f} MB/s  {:.0f} objects/s ",
                                 objects_.load(), total_objects_, mb, static_cast<double>(total_bytes_) / 1e6,
                                 secs > 0 ? mb / secs : 0.0, secs > 0 ? static_cast<double>(objects_.load()) / secs : 0.0);
  std::fputs(line.c_str(), stderr);
  std::fflush(stderr);
}

}  // namespace ecomdw::ingest
