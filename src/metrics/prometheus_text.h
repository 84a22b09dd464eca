// The Prometheus text exposition format (version 0.0.4), as node_exporter's
// textfile collector and a /metrics scrape read it: one `# HELP` and one
// `# TYPE` line per family, then its samples, each family once.
//
// Not a client library: no registry, no histograms, no timestamps (the
// textfile collector refuses them). Families are plain data built by the
// caller (metrics/build_metrics.h, metrics/warehouse_metrics.h) and checked
// here when added, so a bad name or a repeated series is an error in our
// code, never a file a scraper rejects.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/status.h"

namespace ecomdw::metrics {

enum class MetricType { kGauge, kCounter };

using Labels = std::vector<std::pair<std::string, std::string>>;  // name, value; in output order

struct Sample {
  Labels labels;
  double value = 0;
};

// One metric family. A counter's name ends in `_total`.
struct Family {
  std::string name;
  std::string help;
  MetricType type = MetricType::kGauge;
  std::vector<Sample> samples;

  Family& Add(Labels labels, double value) {
    samples.push_back({std::move(labels), value});
    return *this;
  }
};

// Families in the order added; renders the text.
class Exposition {
 public:
  // InvalidArgument, naming the family, for: a metric name outside
  // [a-zA-Z_:][a-zA-Z0-9_:]*, a counter not ending in _total, a label name
  // outside [a-zA-Z_][a-zA-Z0-9_]* or starting with "__", a label given
  // twice in one sample, two samples with the same label set, or a family
  // name added before. Nothing is added on error.
  Status Add(Family family);

  // The exposition: families in the order added, samples in the order
  // given. Label values are escaped (\\, \", \n) and, when not valid UTF-8,
  // made so; HELP text escapes \\ and \n.
  std::string Text() const;

 private:
  std::vector<Family> families_;
};

// A label value as it goes between the quotes: backslash, double quote and
// line feed escaped; bytes that are not well-formed UTF-8 become U+FFFD.
std::string EscapeLabelValue(std::string_view value);

// A sample value as Prometheus parses it: integers exactly (up to 2^53),
// other numbers in the shortest form that reads back to the same double,
// NaN, +Inf, -Inf.
std::string FormatValue(double value);

}  // namespace ecomdw::metrics
