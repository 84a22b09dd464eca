// The files the page is made of, embedded into the binary at build time, so
// a report is self-contained whatever folder the binary runs from:
//   echarts.min.js  Apache ECharts, the pinned copy scripts/fetch_echarts.sh
//                   fetched from the npm registry (path passed by CMake)
//   report.js/.css  src/report/assets/: the page's own script and style
#pragma once

#include <string_view>

namespace ecomdw::report {

inline constexpr std::string_view kEchartsVersion = "6.1.0";

std::string_view EchartsJs();  // exactly the fetched bytes
std::string_view ReportJs();
std::string_view ReportCss();

}  // namespace ecomdw::report
