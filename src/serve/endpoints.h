// What `ecomdw serve` answers, as plain functions of the project (no HTTP
// here: serve/server.h maps paths onto them). Each call reads the published
// warehouse afresh through Project::OpenPublished(), read-only: it never
// takes the build lock, so builds go on while the dashboard is open, and the
// next request after a publish sees the new generation.
//
//   /          the dashboard: the page `ecomdw report` writes (report/writer.h)
//   /metrics   the Prometheus text of metrics/project_metrics.h
//   /healthz   JSON: the published generation, the run that published it and
//              its age, the latest run's outcome; 503 when nothing is published
#pragma once

#include <string>

#include "project/project.h"

namespace ecomdw::serve {

struct Reply {
  int status = 200;
  std::string content_type;
  std::string body;
};

Reply Dashboard(const project::Project& project);
Reply Metrics(const project::Project& project);
Reply Health(const project::Project& project);

}  // namespace ecomdw::serve
