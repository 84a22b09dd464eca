// `ecomdw serve`: the endpoints of serve/endpoints.h over HTTP (cpp-httplib),
// GET only. Requests are answered one at a time: each opens its own
// read-only session on the published warehouse, so a burst of requests never
// holds several generations or several engines' memory at once, and none of
// them ever waits for, or holds up, a build.
//
// Not an authenticated service: it binds loopback unless told otherwise.
#pragma once

#include <memory>
#include <string>

#include "common/result.h"
#include "project/project.h"

namespace ecomdw::serve {

class Server {
 public:
  // REQUIRES: `project` outlives the Server.
  explicit Server(const project::Project& project);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Binds `host`:`port` (0: a free port) and returns the port bound.
  // Unavailable naming the address when it cannot be bound (in use, no such
  // address).
  Result<int> Bind(const std::string& host, int port);

  // Answers requests until Stop(). REQUIRES: Bind() succeeded.
  Status Run();

  // Makes Run() return once the requests in progress are answered. Thread
  // safe; a no-op unless Run() is serving (so a caller that may race with
  // the start calls it again until Run() returns).
  void Stop();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// True for 127.0.0.0/8, ::1 and "localhost".
bool IsLoopback(const std::string& host);

}  // namespace ecomdw::serve
