#include "report/html_page.h"

#include <algorithm>
#include <cctype>

#include "objectstore/digest.h"
#include "report/assets.h"
#include "report/html_escape.h"

namespace ecomdw::report {
namespace {

// The sections the script fills; ids are the script's contract.
constexpr const char* kBody = R"(<section class="kpis wide" id="kpis" aria-label="Key figures"></section>
<section class="wide"><h2>Net revenue by day and channel</h2>
<p class="note">Orders that count in revenue (placed, shipped, delivered); net = gross − discount + shipping, USD, tax excluded.</p>
<div class="chart" id="chart-revenue"></div></section>
<section class="wide"><h2>Campaigns: ROAS and CAC</h2>
<p class="note">Campaigns with spend, best return on ad spend first; CAC = spend / customers acquired.</p>
<div class="chart" id="chart-campaigns"></div><div id="table-campaigns"></div></section>
<section><h2>Top products</h2><div class="chart" id="chart-products"></div></section>
<section><h2>Revenue by category</h2><div class="chart" id="chart-categories"></div></section>
<section class="wide"><h2>Top products in detail</h2><div id="table-products"></div></section>
<section><h2>RFM segments</h2><p class="note">Customers with orders by recency/frequency/monetary segment.</p>
<div class="chart" id="chart-rfm"></div></section>
<section><h2>Cohort retention</h2><p class="note">Share of each first-order month's customers (size in brackets) ordering again n months later.</p>
<div class="chart tall" id="chart-cohorts"></div></section>
<section class="wide"><h2>Data quality of the last build</h2><div class="summary" id="quality-summary"></div></section>
<section><h2>Checks</h2><div class="chart" id="chart-checks"></div></section>
<section><h2>Quarantine by reason and source</h2><div class="chart" id="chart-quarantine"></div></section>
<section class="wide"><h2>Check results</h2><div id="table-checks"></div></section>
<section><h2>Quarantined records</h2><div id="table-quarantine"></div></section>
<section><h2>Freshness</h2><div id="table-freshness"></div></section>
<section class="wide"><h2>Reconciliation (raw = staged + quarantined + duplicates)</h2><div id="table-reconciliation"></div></section>
)";

std::string CspHash(std::string_view script) {
  objectstore::Digest digest(objectstore::DigestKind::kSha256);
  digest.Update(script);
  return "'sha256-" + objectstore::Base64(digest.FinishRaw()) + "'";
}

// True when the text could end a <script> element or start a comment in it.
bool BreaksScriptElement(std::string_view text) {
  std::string lower(text);
  std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return std::tolower(c); });
  return lower.find("</script") != std::string::npos || lower.find("<!--") != std::string::npos;
}

}  // namespace

Result<std::string> RenderPage(const std::string& title, const nlohmann::ordered_json& payload) {
  const std::string_view echarts = EchartsJs();
  const std::string_view app = ReportJs();
  for (std::string_view s : {echarts, app}) {
    if (BreaksScriptElement(s)) return Status::Internal("report: an embedded script contains </script or <!--");
  }
  const std::string data = ScriptSafeJson(payload);
  std::string html;
  html.reserve(echarts.size() + app.size() + data.size() + 16384);
  html += "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n";
  html += "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; script-src " + CspHash(echarts) +
          " " + CspHash(app) + "; style-src 'unsafe-inline'; img-src data:; connect-src 'none'\">\n";
  html += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n";
  html += "<title>" + EscapeHtml(title) + "</title>\n<style>\n";
  html += ReportCss();
  html += "</style>\n</head>\n<body>\n<header><h1>" + EscapeHtml(title) + "</h1><div class=\"meta\" id=\"meta\"></div></header>\n<main>\n";
  html += kBody;
  html += "</main>\n<script type=\"application/json\" id=\"ecomdw-data\">" + data + "</script>\n";
  html += "<!-- Apache ECharts " + std::string(kEchartsVersion) + ", Apache License 2.0 -->\n<script>";
  html += echarts;
  html += "</script>\n<script>";
  html += app;
  html += "</script>\n</body>\n</html>\n";
  return html;
}

}  // namespace ecomdw::report
