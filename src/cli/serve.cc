// `ecomdw serve [--port N] [--bind ADDRESS]`: the dashboard, /metrics and
// /healthz of the published warehouse over HTTP (src/serve/) until SIGINT or
// SIGTERM. Loopback by default; it has no authentication.
#include <nlohmann/json.hpp>
#include <pthread.h>
#include <signal.h>

#include <spdlog/spdlog.h>

#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <mutex>
#include <thread>

#include "cli/verbs.h"
#include "serve/server.h"

namespace ecomdw::cli {
namespace {

struct ServeOptions {
  int port = 8080;
  std::string bind = "127.0.0.1";
};

// SIGINT and SIGTERM are blocked in every thread (the server's workers
// inherit the mask) and taken by one watcher thread with sigwait(), which
// stops the server: no handler runs in signal context and nothing global is
// needed. The watcher repeats Stop() until Run() returned, since a stop that
// lands before the server started listening is a no-op.
Status ServeUntilSignalled(serve::Server& server) {
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  if (int e = pthread_sigmask(SIG_BLOCK, &signals, nullptr); e != 0) {
    return Status::Internal("serve: pthread_sigmask failed ({})", e);
  }
  std::mutex mu;
  std::condition_variable cv;
  bool finished = false;
  std::thread watcher([&] {
    int sig = 0;
    sigwait(&signals, &sig);
    std::unique_lock<std::mutex> lock(mu);
    while (!finished) {
      server.Stop();
      cv.wait_for(lock, std::chrono::milliseconds(100));
    }
  });
  Status served = server.Run();
  {
    std::lock_guard<std::mutex> lock(mu);
    finished = true;
  }
  cv.notify_all();
  // Wakes a watcher still in sigwait() (Run() ended by itself).
  pthread_kill(watcher.native_handle(), SIGTERM);
  watcher.join();
  return served;
}

Status Serve(const project::Project& project, const GlobalOptions& globals, const ServeOptions& o) {
  if (!serve::IsLoopback(o.bind)) {
    spdlog::warn("serve: binding {}, not loopback: anyone who can reach it reads the dashboard and metrics (there "
                 "is no authentication)",
                 o.bind);
  }
  serve::Server server(project);
  ECOMDW_ASSIGN_OR_RETURN(int port, server.Bind(o.bind, o.port));
  const std::string host = o.bind.find(':') != std::string::npos ? "[" + o.bind + "]" : o.bind;
  const std::string url = fmt::format("http://{}:{}/", host, port);
  if (globals.format == OutputFormat::kJson) {
    nlohmann::ordered_json j = {{"url", url}, {"port", port}, {"bind", o.bind},
                                {"endpoints", {"/", "/metrics", "/healthz"}}};
    fmt::print("{}\n", j.dump());
  } else {
    fmt::print("serving {} (dashboard), {}metrics, {}healthz; Ctrl-C stops\n", url, url, url);
  }
  std::fflush(stdout);  // a caller waits for this line to learn the port
  return ServeUntilSignalled(server);
}

}  // namespace

void AddServeCommand(Registry& r) {
  CLI::App* sub = r.app->add_subcommand(
      "serve", "Serve the dashboard, /metrics and /healthz of the published warehouse over HTTP (loopback)");
  auto options = std::make_shared<ServeOptions>();
  sub->add_option("--port", options->port, "TCP port; 0 picks a free one (printed)")
      ->check(CLI::Range(0, 65535))
      ->capture_default_str();
  sub->add_option("--bind", options->bind, "Address to listen on; anything but loopback exposes it unauthenticated")
      ->capture_default_str();
  Action* chosen = r.chosen;
  const GlobalOptions* globals = r.globals;
  sub->callback([chosen, globals, options] {
    *chosen = WithProject(globals, [globals, options](const project::Project& p) { return Serve(p, *globals, *options); });
  });
}

}  // namespace ecomdw::cli
