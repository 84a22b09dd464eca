#include "serve/endpoints.h"

#include <nlohmann/json.hpp>

#include <chrono>
#include <memory>
#include <optional>

#include "metrics/project_metrics.h"
#include "metrics/run_results_file.h"
#include "metrics/warehouse_metrics.h"
#include "report/html_escape.h"
#include "report/writer.h"

namespace ecomdw::serve {
namespace {

constexpr const char* kJson = "application/json";
constexpr const char* kText = "text/plain; charset=utf-8";
constexpr const char* kHtml = "text/html; charset=utf-8";

double NowSeconds() {
  return std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
}

std::string Dump(const nlohmann::ordered_json& j) {
  return j.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

// A string member of a JSON object, or "" (never throws).
std::string Text(const nlohmann::json& doc, const char* key) {
  if (!doc.is_object()) return "";
  auto it = doc.find(key);
  return it != doc.end() && it->is_string() ? it->get<std::string>() : "";
}

// 503 while nothing is published (a state, not a fault), 500 otherwise.
int StatusFor(const Status& s) { return s.IsNotFound() ? 503 : 500; }

}  // namespace

Reply Dashboard(const project::Project& project) {
  Result<report::RenderedReport> page = report::RenderReport(project);
  if (page.ok()) return {200, kHtml, std::move(page->html)};
  const std::string message = report::EscapeHtml(page.status().ToString());
  return {StatusFor(page.status()), kHtml,
          "<!doctype html><meta charset=\"utf-8\"><title>ecomdw</title><p>No dashboard: " + message + "</p>\n"};
}

Reply Metrics(const project::Project& project) {
  Result<std::string> text = metrics::ProjectMetricsText(project);
  if (!text.ok()) return {500, kText, "metrics: " + text.status().ToString() + "\n"};
  // The version parameter names the text exposition format, as scrapers expect.
  return {200, "text/plain; version=0.0.4; charset=utf-8", std::move(*text)};
}

Reply Health(const project::Project& project) {
  const double now = NowSeconds();
  nlohmann::ordered_json j = {{"status", "ok"}};
  Result<std::optional<metrics::RunResultsFile>> run = metrics::ReadRunResults(project);
  if (run.ok() && *run) {
    const nlohmann::json& doc = (*run)->doc;
    j["last_run"] = {{"run_id", Text(doc, "run_id")},
                     {"outcome", Text(doc, "outcome")},
                     {"age_seconds", now - (*run)->written_at}};
  } else if (!run.ok()) {
    j["last_run"] = {{"error", run.status().ToString()}};
  }

  Result<project::Layout> layout = project.Describe();
  if (!layout.ok()) {
    j["status"] = "error";
    j["error"] = layout.status().ToString();
    return {500, kJson, Dump(j)};
  }
  if (layout->published.empty()) {
    j["status"] = "unpublished";
    j["error"] = "nothing is published yet; run `ecomdw build`";
    return {503, kJson, Dump(j)};
  }
  nlohmann::ordered_json published = {
      {"generation", layout->published.filename().string()},
      {"number", publish::Generations::NumberOf(layout->published)},
      {"bytes", layout->published_bytes}};
  Result<std::unique_ptr<warehouse::Warehouse>> wh = project.OpenPublished();
  Result<std::optional<metrics::PublishedRun>> by =
      wh.ok() ? metrics::LatestPublishedRun(**wh) : Result<std::optional<metrics::PublishedRun>>(wh.status());
  if (!by.ok()) {
    j["status"] = "error";
    j["published"] = published;
    j["error"] = by.status().ToString();
    return {StatusFor(by.status()), kJson, Dump(j)};
  }
  if (*by) {
    published["run_id"] = (*by)->run_id;
    published["age_seconds"] = now - (*by)->finished_at;
  }
  j["published"] = published;
  return {200, kJson, Dump(j)};
}

}  // namespace ecomdw::serve
