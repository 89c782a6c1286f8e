#include "server/http/router.hpp"

#include <gtest/gtest.h>

namespace chatkit::server {
namespace {

TEST(Router, ChatkitTakesOnlyPost) {
  EXPECT_EQ(route_request("POST", "/chatkit").kind, RouteKind::chatkit);
  EXPECT_EQ(route_request("POST", "/chatkit?x=1").kind, RouteKind::chatkit);
  const auto get = route_request("GET", "/chatkit");
  EXPECT_EQ(get.kind, RouteKind::method_not_allowed);
  EXPECT_EQ(get.allow, "POST, OPTIONS");
  EXPECT_EQ(route_request("OPTIONS", "/chatkit").kind, RouteKind::preflight);
}

TEST(Router, HealthAndMetricsTakeGetAndHead) {
  EXPECT_EQ(route_request("GET", "/healthz").kind, RouteKind::healthz);
  EXPECT_EQ(route_request("HEAD", "/healthz").kind, RouteKind::healthz);
  EXPECT_EQ(route_request("GET", "/metrics").kind, RouteKind::metrics);
  EXPECT_EQ(route_request("POST", "/metrics").kind, RouteKind::method_not_allowed);
}

TEST(Router, EverythingElseIsTheWebUi) {
  EXPECT_EQ(route_request("GET", "/").kind, RouteKind::static_file);
  EXPECT_EQ(route_request("HEAD", "/app.mjs").kind, RouteKind::static_file);
  EXPECT_EQ(route_request("GET", "/chatkit/x").kind, RouteKind::static_file);  // only the exact path is the API
  const auto post = route_request("POST", "/index.html");
  EXPECT_EQ(post.kind, RouteKind::method_not_allowed);
  EXPECT_EQ(post.allow, "GET, HEAD");
  EXPECT_EQ(route_request("DELETE", "/").kind, RouteKind::method_not_allowed);
}

TEST(Router, TargetPathDropsQueryAndFragment) {
  EXPECT_EQ(target_path("/a/b?c=d#e"), "/a/b");
  EXPECT_EQ(target_path("/a#e?f"), "/a");
  EXPECT_EQ(target_path("/"), "/");
}

}  // namespace
}  // namespace chatkit::server
