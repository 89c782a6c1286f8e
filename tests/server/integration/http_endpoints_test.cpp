// Everything besides POST /chatkit, over HTTP: the web UI's static files, /healthz, /metrics, and
// CORS (and the foreign-origin guard on /chatkit).
#include <gtest/gtest.h>

#include <fstream>

#include "test_util.hpp"

namespace chatkit::testing {
namespace {

namespace fs = std::filesystem;

const std::string kIndex = "<!doctype html><html><body><script type=module src=/app.mjs></script></body></html>";
const std::string kSecret = "TOP-SECRET-BYTES";

std::string module_text() {
  std::string text;
  for (int i = 0; i < 100; ++i) text += "export const value" + std::to_string(i) + " = " + std::to_string(i) + ";\n";
  return text;
}

const std::string& wasm_bytes() {
  static const std::string bytes("\0asm\x01\0\0\0", 8);
  return bytes;
}

fs::path make_site(const fs::path& dir) {
  const fs::path web = dir / "site" / "web";
  fs::create_directories(web / "assets");
  std::ofstream(web / "index.html", std::ios::binary) << kIndex;
  std::ofstream(web / "assets" / "app.mjs", std::ios::binary) << module_text();
  std::ofstream(web / "assets" / "core.wasm", std::ios::binary) << wasm_bytes();
  std::ofstream(dir / "site" / "secret.txt", std::ios::binary) << kSecret;
  // What the web build writes for a host page on another site (README: /chatkit.js).
  std::ofstream(web / "chatkit.js", std::ios::binary) << "(function(){ /* loads the element */ })();";
  std::ofstream(web / "assets" / "chatkit.0123abcdef.mjs", std::ios::binary) << module_text();
  std::ofstream(web / "assets" / "chatkit-core.fedcba9876.wasm", std::ios::binary) << wasm_bytes();
  return web;
}

// How many headers of this (lower-case) name the response has.
std::size_t header_count(const HttpResponse& response, std::string_view name) {
  std::size_t count = 0;
  for (const auto& [key, value] : response.headers) count += key == name;
  return count;
}

// The value of an unlabelled sample in a Prometheus text exposition; -1 when it is missing.
double sample(const std::string& exposition, const std::string& name) {
  const std::string line_start = "\n" + name + " ";
  const auto at = exposition.find(line_start);
  return at == std::string::npos ? -1 : std::stod(exposition.substr(at + line_start.size()));
}

class HttpEndpointsTest : public ::testing::Test {
 protected:
  std::uint16_t port() const { return harness_.port(); }

  TempDir site_{"chatkit_int_site"};
  ServerHarness harness_{HarnessOptions{.model = "bench:3", .cors_origins = "http://ui.example", .web = make_site(site_.path())}};
};

TEST_F(HttpEndpointsTest, ServesTheWebUi) {
  const auto index = http_request(port(), "GET", "/");
  EXPECT_EQ(index.status, 200);
  EXPECT_TRUE(index.header("content-type").starts_with("text/html")) << index.header("content-type");
  EXPECT_EQ(index.body, kIndex);
  EXPECT_FALSE(index.header("etag").empty());
  EXPECT_EQ(http_request(port(), "GET", "/index.html").body, kIndex);

  const auto module = http_request(port(), "GET", "/assets/app.mjs?v=3");
  EXPECT_EQ(module.status, 200);
  EXPECT_TRUE(module.header("content-type").starts_with("text/javascript")) << module.header("content-type");
  EXPECT_EQ(module.body, module_text());

  const auto wasm = http_request(port(), "GET", "/assets/core.wasm");
  EXPECT_EQ(wasm.status, 200);
  EXPECT_EQ(wasm.header("content-type"), "application/wasm");
  EXPECT_EQ(wasm.body, wasm_bytes());

  const auto head = http_request(port(), "HEAD", "/assets/core.wasm");
  EXPECT_EQ(head.status, 200);
  EXPECT_EQ(head.header("content-length"), std::to_string(wasm_bytes().size()));
  EXPECT_TRUE(head.body.empty());

  // A missing file is answered like every other error: the one JSON shape, and HEAD without a body.
  const auto missing = http_request(port(), "GET", "/missing.js");
  EXPECT_EQ(missing.status, 404);
  EXPECT_EQ(missing.header("content-type"), "application/json");
  EXPECT_EQ(missing.body, R"({"error":{"code":"not_found","message":"no file at /missing.js"}})");
  EXPECT_FALSE(missing.header("content-security-policy").empty());
  const auto missing_head = http_request(port(), "HEAD", "/missing.js");
  EXPECT_EQ(missing_head.status, 404);
  EXPECT_EQ(missing_head.header("content-length"), std::to_string(missing.body.size()));
  EXPECT_TRUE(missing_head.body.empty());
}

TEST_F(HttpEndpointsTest, EtagRevalidationAnswers304) {
  const auto first = http_request(port(), "GET", "/assets/app.mjs");
  const std::string etag = first.header("etag");
  ASSERT_FALSE(etag.empty());
  const auto again = http_request(port(), "GET", "/assets/app.mjs", {}, {{"If-None-Match", etag}});
  EXPECT_EQ(again.status, 304);
  EXPECT_TRUE(again.body.empty());
  EXPECT_EQ(again.header("etag"), etag);
  const auto changed = http_request(port(), "GET", "/assets/app.mjs", {}, {{"If-None-Match", "\"other\""}});
  EXPECT_EQ(changed.status, 200);
  EXPECT_EQ(changed.body, module_text());
}

TEST_F(HttpEndpointsTest, GzipWhenAccepted) {
  const auto packed = http_request(port(), "GET", "/assets/app.mjs", {}, {{"Accept-Encoding", "gzip, deflate, br"}});
  EXPECT_EQ(packed.status, 200);
  EXPECT_EQ(packed.header("content-encoding"), "gzip");
  EXPECT_EQ(packed.header("vary"), "Accept-Encoding");
  ASSERT_GE(packed.body.size(), 2u);
  EXPECT_EQ(static_cast<unsigned char>(packed.body[0]), 0x1f);
  EXPECT_EQ(static_cast<unsigned char>(packed.body[1]), 0x8b);
  EXPECT_LT(packed.body.size(), module_text().size());
  EXPECT_EQ(packed.header("content-length"), std::to_string(packed.body.size()));
  // The gzip representation has its own ETag, and revalidates too.
  const auto plain = http_request(port(), "GET", "/assets/app.mjs");
  EXPECT_NE(packed.header("etag"), plain.header("etag"));
  EXPECT_EQ(http_request(port(), "GET", "/assets/app.mjs", {},
                         {{"Accept-Encoding", "gzip"}, {"If-None-Match", packed.header("etag")}})
                .status,
            304);
  const auto refused = http_request(port(), "GET", "/assets/app.mjs", {}, {{"Accept-Encoding", "gzip;q=0"}});
  EXPECT_TRUE(refused.header("content-encoding").empty());
  EXPECT_EQ(refused.body, module_text());
}

TEST_F(HttpEndpointsTest, TraversalIsNotFoundAndLeaksNothing) {
  for (const char* target : {"/../secret.txt", "/%2e%2e/secret.txt", "/%2E%2E/secret.txt", "/assets/../../secret.txt",
                             "/..%2fsecret.txt", "/assets/%2e%2e/%2e%2e/secret.txt", "/./../secret.txt"}) {
    const auto response = http_request(port(), "GET", target);
    EXPECT_EQ(response.status, 404) << target;
    EXPECT_EQ(response.body.find(kSecret), std::string::npos) << target;
  }
}

// /readyz is the load balancer's question: a store that does not answer takes the instance out, saying why.
TEST(ReadinessTest, ReadyzAnswers503WithTheReasonWhileTheStoreFails) {
  std::atomic<bool> store_down{false};
  ServerHarness harness(HarnessOptions{.model = "bench:3", .readiness = [&]() -> Status {
    if (store_down) return make_error(ErrorCode::internal, "connection refused");
    return ok_status();
  }});
  EXPECT_EQ(http_request(harness.port(), "GET", "/readyz").body, R"({"status":"ready"})");
  store_down = true;
  const auto down = http_request(harness.port(), "GET", "/readyz");
  EXPECT_EQ(down.status, 503);
  EXPECT_EQ(down.body, R"({"reason":"store: connection refused","status":"not_ready"})");
  EXPECT_EQ(http_request(harness.port(), "GET", "/healthz").status, 200) << "alive all the same";
  store_down = false;
  EXPECT_EQ(http_request(harness.port(), "GET", "/readyz").status, 200);
}

TEST_F(HttpEndpointsTest, HealthzAndMetrics) {
  const auto health = http_request(port(), "GET", "/healthz");
  EXPECT_EQ(health.status, 200);
  EXPECT_EQ(health.header("content-type"), "application/json");
  EXPECT_EQ(health.body, R"({"status":"ok"})");

  const auto stream = stream_chatkit(port(), create_thread_request("count me"));
  ASSERT_EQ(stream.status, 200);
  ASSERT_TRUE(stream.ended_cleanly);
  // The request is counted once its exchange is finished, just after the last byte: poll.
  std::string metrics;
  const bool counted = eventually([&] {
    metrics = http_request(port(), "GET", "/metrics").body;
    return metrics.find(R"(chatkit_requests_total{type="threads.create",status="200"} 1)") != std::string::npos;
  });
  EXPECT_TRUE(counted) << metrics;
  const auto response = http_request(port(), "GET", "/metrics");
  EXPECT_TRUE(response.header("content-type").starts_with("text/plain")) << response.header("content-type");
  EXPECT_NE(response.body.find("# TYPE chatkit_requests_total counter"), std::string::npos);
  // The stream's writes (thread + message, then the answer) went through the group commit.
  const double commits = sample(metrics, "chatkit_store_commits_total");
  const double writes = sample(metrics, "chatkit_store_writes_total");
  EXPECT_GE(commits, 1) << metrics;
  EXPECT_GE(writes, 2) << metrics;
  EXPECT_LE(commits, writes) << metrics;
}

// HEAD answers carry no body on any route, so a kept-alive connection stays in step.
TEST_F(HttpEndpointsTest, HeadNeverSendsABody) {
  HttpConnection connection(port());
  for (const char* target : {"/healthz", "/metrics", "/chatkit", "/", "/missing"}) {
    ASSERT_TRUE(connection.send_request("HEAD", target));
    const auto head = connection.read_response();
    ASSERT_TRUE(head) << target;
    EXPECT_TRUE(head->body.empty()) << target;
    // The next request on the same connection must read a proper response, not leftover bytes.
    ASSERT_TRUE(connection.send_request("GET", "/healthz"));
    const auto health = connection.read_response();
    ASSERT_TRUE(health) << "after HEAD " << target;
    EXPECT_EQ(health->status, 200) << "after HEAD " << target;
    EXPECT_EQ(health->body, R"({"status":"ok"})") << "after HEAD " << target;
  }
}

// curl and other clients send `Expect: 100-continue` and wait for the go-ahead before the body.
TEST_F(HttpEndpointsTest, ExpectContinueGetsTheGoAheadBeforeTheBody) {
  HttpConnection connection(port(), std::chrono::seconds(5));
  const std::string body = R"({"type":"threads.list","params":{}})";
  ASSERT_TRUE(connection.send_raw("POST /chatkit HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                                  "Expect: 100-continue\r\nContent-Length: " +
                                  std::to_string(body.size()) + "\r\n\r\n"));
  const auto interim = connection.read_head();  // sent before any body byte
  ASSERT_TRUE(interim);
  EXPECT_EQ(interim->status, 100);
  ASSERT_TRUE(connection.send_raw(body));
  const auto response = connection.read_response();
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 200);
  EXPECT_EQ(response->body, R"({"data":[],"has_more":false})");
}

TEST_F(HttpEndpointsTest, CorsPreflightAndAllowedOrigin) {
  const auto preflight = http_request(port(), "OPTIONS", "/chatkit", {},
                                      {{"Origin", "http://ui.example"},
                                       {"Access-Control-Request-Method", "POST"},
                                       {"Access-Control-Request-Headers", "content-type, authorization"}});
  EXPECT_EQ(preflight.status, 204);
  EXPECT_EQ(preflight.header("access-control-allow-origin"), "http://ui.example");
  EXPECT_NE(preflight.header("access-control-allow-methods").find("POST"), std::string::npos);
  EXPECT_NE(lower_copy(preflight.header("access-control-allow-headers")).find("content-type"), std::string::npos);

  const auto evil_preflight = http_request(port(), "OPTIONS", "/chatkit", {},
                                           {{"Origin", "http://evil.example"}, {"Access-Control-Request-Method", "POST"}});
  EXPECT_EQ(evil_preflight.status, 403);
  EXPECT_FALSE(evil_preflight.has_header("access-control-allow-origin"));

  const auto listed = post_chatkit(port(), request("threads.list", json::object()), {{"Origin", "http://ui.example"}});
  EXPECT_EQ(listed.status, 200);
  EXPECT_EQ(listed.header("access-control-allow-origin"), "http://ui.example");

  // Error answers carry the CORS headers too, so the page can read them.
  const auto missing = post_chatkit(port(), request("threads.get_by_id", {{"thread_id", "thr_nope"}}),
                                    {{"Origin", "http://ui.example"}});
  EXPECT_EQ(missing.status, 404);
  EXPECT_EQ(missing.header("access-control-allow-origin"), "http://ui.example");

  const auto stream = stream_chatkit(port(), create_thread_request("from the ui"), {{"Origin", "http://ui.example"}});
  EXPECT_EQ(stream.status, 200);
  EXPECT_EQ(stream.head.header("access-control-allow-origin"), "http://ui.example");
  EXPECT_FALSE(stream.events.empty());
}

// A host page on another site loads chatkit.js, which imports its modules and fetches the .wasm:
// CORS-mode requests that must be readable from any origin, once, whatever --cors-origins says.
TEST_F(HttpEndpointsTest, StaticFilesAreLoadableFromAnyOriginWithTheirCachePolicy) {
  struct Expected {
    const char* target;
    const char* type;
    const char* cache;
  };
  for (const Expected& file : {Expected{"/chatkit.js", "text/javascript; charset=utf-8", "no-cache"},
                               Expected{"/", "text/html; charset=utf-8", "no-cache"},
                               Expected{"/assets/chatkit.0123abcdef.mjs", "text/javascript; charset=utf-8",
                                        "public, max-age=31536000, immutable"},
                               Expected{"/assets/chatkit-core.fedcba9876.wasm", "application/wasm",
                                        "public, max-age=31536000, immutable"},
                               Expected{"/assets/app.mjs", "text/javascript; charset=utf-8", "public, max-age=3600"}}) {
    for (const char* origin : {"https://host.example", "http://ui.example", ""}) {
      const Headers headers = *origin ? Headers{{"Origin", origin}} : Headers{};
      const auto response = http_request(port(), "GET", file.target, {}, headers);
      const std::string where = std::string(file.target) + " from '" + origin + "'";
      EXPECT_EQ(response.status, 200) << where;
      EXPECT_EQ(response.header("content-type"), file.type) << where;
      EXPECT_EQ(response.header("cache-control"), file.cache) << where;
      EXPECT_EQ(header_count(response, "access-control-allow-origin"), 1u) << where << ": two and the browser refuses";
      EXPECT_EQ(response.header("access-control-allow-origin"), "*") << where;
      EXPECT_EQ(response.header("cross-origin-resource-policy"), "cross-origin") << where;
      EXPECT_EQ(response.header("x-content-type-options"), "nosniff") << where;
      EXPECT_FALSE(response.has_header("access-control-allow-credentials")) << where;
    }
  }
  // Revalidation and a missing file carry them too: the page's loader reads both.
  const auto first = http_request(port(), "GET", "/chatkit.js");
  const auto again = http_request(port(), "GET", "/chatkit.js", {},
                                  {{"Origin", "https://host.example"}, {"If-None-Match", first.header("etag")}});
  EXPECT_EQ(again.status, 304);
  EXPECT_EQ(again.header("access-control-allow-origin"), "*");
  EXPECT_EQ(again.header("cache-control"), "no-cache");
  const auto missing =
      http_request(port(), "GET", "/assets/gone.0123abcdef.mjs", {}, {{"Origin", "https://host.example"}});
  EXPECT_EQ(missing.status, 404);
  EXPECT_EQ(missing.header("access-control-allow-origin"), "*");

  // The API keeps its own policy: the listed origin by name, any other refused.
  const auto api = post_chatkit(port(), request("threads.list", json::object()), {{"Origin", "http://ui.example"}});
  EXPECT_EQ(api.status, 200);
  EXPECT_EQ(api.header("access-control-allow-origin"), "http://ui.example");
  const auto foreign =
      post_chatkit(port(), request("threads.list", json::object()), {{"Origin", "https://host.example"}});
  EXPECT_EQ(foreign.status, 403);
  EXPECT_FALSE(foreign.has_header("access-control-allow-origin"));
}

TEST_F(HttpEndpointsTest, ForeignOriginIsForbiddenAndWritesNothing) {
  const RowCounts before = row_counts(harness_.db_path());
  for (const json& body : {create_thread_request("csrf"), request("threads.list", json::object())}) {
    const auto response = post_chatkit(port(), body, {{"Origin", "http://evil.example"}});
    EXPECT_EQ(response.status, 403) << response.body;
    EXPECT_EQ(error_of(response)["code"], "forbidden");
    EXPECT_NE(error_of(response)["message"].get<std::string>().find("evil.example"), std::string::npos);
    EXPECT_FALSE(response.has_header("access-control-allow-origin"));
  }
  EXPECT_EQ(row_counts(harness_.db_path()), before);
  // The server's own origin (same host) is not foreign.
  const std::string self = "http://127.0.0.1:" + std::to_string(port());
  EXPECT_EQ(post_chatkit(port(), request("threads.list", json::object()), {{"Origin", self}}).status, 200);
}

}  // namespace
}  // namespace chatkit::testing
