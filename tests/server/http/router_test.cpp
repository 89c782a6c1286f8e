#include "server/http/router.hpp"

#include <string>

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

TEST(Router, RunsHaveTheirEventsByGetAndTheirCancelByPost) {
  const auto events = route_request("GET", "/chatkit/runs/run_1/events?after=3");
  EXPECT_EQ(events.kind, RouteKind::run_events);
  EXPECT_EQ(events.attachment_id, "run_1");
  const auto cancel = route_request("POST", "/chatkit/runs/run_2/cancel");
  EXPECT_EQ(cancel.kind, RouteKind::run_cancel);
  EXPECT_EQ(cancel.attachment_id, "run_2");
  EXPECT_EQ(route_request("POST", "/chatkit/runs/run_1/events").allow, "GET, OPTIONS");
  EXPECT_EQ(route_request("GET", "/chatkit/runs/run_1/cancel").allow, "POST, OPTIONS");
  EXPECT_EQ(route_request("OPTIONS", "/chatkit/runs/run_1/cancel").kind, RouteKind::preflight);
  EXPECT_EQ(route_request("GET", "/chatkit/runs//events").kind, RouteKind::static_file);
  EXPECT_EQ(route_request("GET", "/chatkit/runs/run_1/other").kind, RouteKind::static_file);
}

TEST(Router, HealthAndMetricsTakeGetAndHead) {
  EXPECT_EQ(route_request("GET", "/healthz").kind, RouteKind::healthz);
  EXPECT_EQ(route_request("HEAD", "/healthz").kind, RouteKind::healthz);
  EXPECT_EQ(route_request("GET", "/readyz").kind, RouteKind::readyz);
  EXPECT_EQ(route_request("DELETE", "/readyz").kind, RouteKind::method_not_allowed);
  EXPECT_EQ(route_request("GET", "/metrics").kind, RouteKind::metrics);
  EXPECT_EQ(route_request("POST", "/metrics").kind, RouteKind::method_not_allowed);
}

TEST(Router, EverythingElseIsTheWebUi) {
  EXPECT_EQ(route_request("GET", "/").kind, RouteKind::static_file);
  EXPECT_EQ(route_request("HEAD", "/app.mjs").kind, RouteKind::static_file);
  EXPECT_EQ(route_request("GET", "/chatkit/x/y").kind, RouteKind::static_file);  // not a path of the API's
  EXPECT_EQ(route_request("GET", "/chatkitx").kind, RouteKind::static_file);
  const auto post = route_request("POST", "/index.html");
  EXPECT_EQ(post.kind, RouteKind::method_not_allowed);
  EXPECT_EQ(post.allow, "GET, HEAD");
  EXPECT_EQ(route_request("DELETE", "/").kind, RouteKind::method_not_allowed);
}

TEST(Router, AttachmentPaths) {
  EXPECT_EQ(route_request("POST", "/chatkit/attachments").kind, RouteKind::direct_upload);
  EXPECT_EQ(route_request("GET", "/chatkit/attachments").allow, "POST, OPTIONS");
  const auto upload = route_request("PUT", "/chatkit/attachments/atc_1/upload?u=a&e=1&s=x");
  EXPECT_EQ(upload.kind, RouteKind::signed_upload);
  EXPECT_EQ(upload.attachment_id, "atc_1");
  EXPECT_EQ(route_request("POST", "/chatkit/attachments/atc_1/upload").kind, RouteKind::signed_upload);
  EXPECT_EQ(route_request("GET", "/chatkit/attachments/atc_1/upload").allow, "PUT, POST, OPTIONS");
  const auto preview = route_request("GET", "/chatkit/attachments/atc_2/preview?u=a");
  EXPECT_EQ(preview.kind, RouteKind::preview);
  EXPECT_EQ(preview.attachment_id, "atc_2");
  EXPECT_EQ(route_request("HEAD", "/chatkit/attachments/atc_2/preview").kind, RouteKind::preview);
  EXPECT_EQ(route_request("PUT", "/chatkit/attachments/atc_2/preview").kind, RouteKind::method_not_allowed);
  EXPECT_EQ(route_request("OPTIONS", "/chatkit/attachments/atc_2/upload").kind, RouteKind::preflight);
  // Anything else under the prefix is the web UI's, as before.
  EXPECT_EQ(route_request("GET", "/chatkit/attachments/atc_2/other").kind, RouteKind::static_file);
  EXPECT_EQ(route_request("GET", "/chatkit/attachments//preview").kind, RouteKind::static_file);
  EXPECT_EQ(route_request("GET", "/chatkit/attachments/a/b/preview").kind, RouteKind::static_file);
  EXPECT_TRUE(is_upload(RouteKind::direct_upload));
  EXPECT_FALSE(is_upload(RouteKind::preview));
}

TEST(Router, EveryApiPathIsAlsoServedUnderAUseCasesName) {
  const auto chatkit = route_request("POST", "/chatkit/todo?x=1");
  EXPECT_EQ(chatkit.kind, RouteKind::chatkit);
  EXPECT_EQ(chatkit.mount, "todo");
  EXPECT_EQ(route_request("POST", "/chatkit").mount, "");
  const auto get = route_request("GET", "/chatkit/todo");
  EXPECT_EQ(get.kind, RouteKind::method_not_allowed);
  EXPECT_EQ(get.allow, "POST, OPTIONS");
  EXPECT_EQ(get.mount, "todo");
  const auto events = route_request("GET", "/chatkit/returns/runs/run_1/events?after=2");
  EXPECT_EQ(events.kind, RouteKind::run_events);
  EXPECT_EQ(events.attachment_id, "run_1");
  EXPECT_EQ(events.mount, "returns");
  const auto cancel = route_request("POST", "/chatkit/returns/runs/run_2/cancel");
  EXPECT_EQ(cancel.kind, RouteKind::run_cancel);
  EXPECT_EQ(cancel.attachment_id, "run_2");
  const auto direct = route_request("POST", "/chatkit/chat/attachments");
  EXPECT_EQ(direct.kind, RouteKind::direct_upload);
  EXPECT_EQ(direct.mount, "chat");
  const auto upload = route_request("PUT", "/chatkit/chat/attachments/atc_1/upload?u=a");
  EXPECT_EQ(upload.kind, RouteKind::signed_upload);
  EXPECT_EQ(upload.attachment_id, "atc_1");
  EXPECT_EQ(upload.mount, "chat");
  const auto preview = route_request("GET", "/chatkit/chat/attachments/atc_2/preview");
  EXPECT_EQ(preview.kind, RouteKind::preview);
  EXPECT_EQ(preview.attachment_id, "atc_2");
  EXPECT_EQ(route_request("OPTIONS", "/chatkit/chat/runs/run_1/cancel").kind, RouteKind::preflight);
  // A name's other paths, an empty name and a name past the first are nobody's API.
  EXPECT_EQ(route_request("GET", "/chatkit/todo/runs/run_1/other").kind, RouteKind::static_file);
  EXPECT_EQ(route_request("POST", "/chatkit//attachments").kind, RouteKind::method_not_allowed);
  EXPECT_EQ(route_request("POST", "/chatkit/a/b").kind, RouteKind::method_not_allowed);
  EXPECT_EQ(route_request("POST", "/chatkit/a/b").mount, "");
}

TEST(Router, TheApisOwnWordsAreNoUseCaseNames) {
  for (const char* word : {"runs", "attachments", "use-cases"}) {
    SCOPED_TRACE(word);
    EXPECT_TRUE(is_route_word(word));
    EXPECT_NE(route_request("POST", std::string("/chatkit/") + word).kind, RouteKind::chatkit);
  }
  EXPECT_FALSE(is_route_word("todo"));
  EXPECT_EQ(route_request("POST", "/chatkit/runs").kind, RouteKind::method_not_allowed);
  EXPECT_EQ(route_request("POST", "/chatkit/attachments").kind, RouteKind::direct_upload);
}

TEST(Router, TheUseCasesAreListedByGet) {
  EXPECT_EQ(route_request("GET", "/chatkit/use-cases").kind, RouteKind::use_cases);
  EXPECT_EQ(route_request("HEAD", "/chatkit/use-cases").kind, RouteKind::use_cases);
  const auto post = route_request("POST", "/chatkit/use-cases");
  EXPECT_EQ(post.kind, RouteKind::method_not_allowed);
  EXPECT_EQ(post.allow, "GET, HEAD");
}

TEST(Router, TargetQuery) {
  EXPECT_EQ(target_query("/a?b=1&c=2#f"), "b=1&c=2");
  EXPECT_EQ(target_query("/a"), "");
}

TEST(Router, TargetPathDropsQueryAndFragment) {
  EXPECT_EQ(target_path("/a/b?c=d#e"), "/a/b");
  EXPECT_EQ(target_path("/a#e?f"), "/a");
  EXPECT_EQ(target_path("/"), "/");
}

}  // namespace
}  // namespace chatkit::server
