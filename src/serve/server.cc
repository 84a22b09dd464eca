#include "serve/server.h"

#include <httplib.h>
#include <spdlog/spdlog.h>

#include <chrono>
#include <mutex>

#include "serve/endpoints.h"

namespace ecomdw::serve {

struct Server::Impl {
  explicit Impl(const project::Project& p) : project(p) {}

  // Runs `endpoint` under the lock and copies its Reply into the response.
  // Nothing of ours throws; httplib turns anything else into a 500.
  void Answer(Reply (*endpoint)(const project::Project&), const httplib::Request& req, httplib::Response& res) {
    auto t0 = std::chrono::steady_clock::now();
    Reply reply;
    {
      std::lock_guard<std::mutex> lock(one_at_a_time);
      reply = endpoint(project);
    }
    res.status = reply.status;
    res.set_header("Cache-Control", "no-store");
    res.set_content(reply.body, reply.content_type);
    spdlog::debug("serve: {} {} -> {} in {:.1f} ms", req.method, req.path, reply.status,
                  std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count());
  }

  const project::Project& project;
  httplib::Server http;
  std::mutex one_at_a_time;  // see the header: one warehouse session at a time
  std::string address;
};

Server::Server(const project::Project& project) : impl_(std::make_unique<Impl>(project)) {
  Impl* impl = impl_.get();
  impl->http.Get("/", [impl](const httplib::Request& q, httplib::Response& r) { impl->Answer(Dashboard, q, r); });
  impl->http.Get("/metrics", [impl](const httplib::Request& q, httplib::Response& r) { impl->Answer(Metrics, q, r); });
  impl->http.Get("/healthz", [impl](const httplib::Request& q, httplib::Response& r) { impl->Answer(Health, q, r); });
}

Server::~Server() = default;

Result<int> Server::Bind(const std::string& host, int port) {
  impl_->address = host + ":" + std::to_string(port);
  int bound = port;
  if (port == 0) {
    bound = impl_->http.bind_to_any_port(host);
    if (bound <= 0) return Status::Unavailable("serve: cannot bind a free port on {}", host);
  } else if (!impl_->http.bind_to_port(host, port)) {
    return Status::Unavailable("serve: cannot bind {} (in use, or not an address of this machine)",
                               impl_->address);
  }
  impl_->address = host + ":" + std::to_string(bound);
  return bound;
}

Status Server::Run() {
  if (!impl_->http.listen_after_bind()) return Status::IOError("serve: listening on {} failed", impl_->address);
  return Status::OK();
}

void Server::Stop() { impl_->http.stop(); }

bool IsLoopback(const std::string& host) {
  return host == "localhost" || host == "::1" || host.rfind("127.", 0) == 0;
}

}  // namespace ecomdw::serve
