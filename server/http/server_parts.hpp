#pragma once
// What every HTTP session uses. Built once by the HttpServer; outlives every session.
#include <atomic>
#include <chrono>
#include <cstddef>
#include <functional>
#include <string>
#include <vector>

#include "server/chatkit/chatkit_server.hpp"
#include "server/http/auth.hpp"
#include "server/http/connections.hpp"
#include "server/http/cors.hpp"
#include "server/http/host_policy.hpp"
#include "server/http/security_headers.hpp"
#include "server/http/static_files.hpp"
#include "server/observability/log.hpp"
#include "server/observability/metrics.hpp"
#include "server/runs/run_hub.hpp"
#include "server/store/store_executor.hpp"

namespace chatkit::server {

struct HttpLimits {
  std::size_t max_body_bytes = 4 * 1024 * 1024;
  std::size_t max_header_bytes = 16 * 1024;
  std::chrono::seconds header_timeout{10};  // a started request must arrive completely within this
  std::chrono::seconds idle_timeout{60};    // a kept-alive connection may wait this long for a request
  std::chrono::seconds write_timeout{30};   // a client that stops reading is dropped after this
  std::size_t max_streams = 20000;
  int max_json_depth = 128;
  std::size_t max_json_values = 100'000;  // elements and members in one request body
};

// A use case served at /chatkit/NAME (--use-case A,B).
struct Mount {
  std::string name;
  ChatKitServer* chatkit = nullptr;
};

struct ServerParts {
  // The use case at /chatkit (the first of `mounts`).
  ChatKitServer& chatkit;
  // The attachment store (PROTOCOL §2.15); none: the attachment routes answer not_implemented.
  AttachmentService* attachments = nullptr;
  // --public-url: the base of the links handed out; empty: "http://" + the request's Host.
  std::string public_url;
  StaticFiles& static_files;
  const CorsPolicy& cors;
  const Authenticator& auth;
  Metrics& metrics;
  Logger& logger;
  HttpLimits limits;
  HostPolicy hosts;  // default: loopback names only
  HeaderList static_headers = static_security_headers();
  // GET /readyz: whether the store answers, as the server's owner probes it; none: ready once listening.
  std::function<Status()> readiness;
  // Where the store calls of JSON requests, stream preparation and /readyz run; none: inline (SQLite).
  StoreExecutor* store_executor = nullptr;
  std::atomic<std::size_t> active_streams{0};
  Connections connections;
  // The streamed answers of this process (PROTOCOL §4.7); main() sets its detach grace.
  RunHub runs;
  // The use cases at /chatkit/NAME, in --use-case's order; the first is `chatkit`. Each one's threads,
  // attachments and runs are invisible to the others (server/http/mounts.hpp). Empty: /chatkit only.
  std::vector<Mount> mounts;
};

}  // namespace chatkit::server
