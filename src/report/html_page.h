// The report page: one HTML document holding its style, the ECharts bundle,
// its own script and the data, so it opens offline from any folder.
#pragma once

#include <nlohmann/json.hpp>

#include <string>

#include "common/result.h"

namespace ecomdw::report {

// `payload` = {"meta": {...}, "data": {query name: rows}} (see writer.cc);
// `title` is HTML-escaped here. The page's Content-Security-Policy allows
// exactly its two inline scripts (by SHA-256) and no connection at all, so
// even markup that slipped into the data could neither run nor fetch.
// Internal error if an embedded script could close its own <script> element.
Result<std::string> RenderPage(const std::string& title, const nlohmann::ordered_json& payload);

}  // namespace ecomdw::report
