// Where a reader resumes a run (docs/PROTOCOL.md §4.7): Last-Event-ID, then ?after=, then the start.
#include <gtest/gtest.h>

#include "server/http/run_edge.hpp"

namespace chatkit::server {
namespace {

std::size_t position(std::string_view last_event_id, std::string_view query) {
  auto after = resume_position("run_abc", last_event_id, query);
  EXPECT_TRUE(after) << describe(after.error());
  return after ? *after : 999999;
}

std::string refusal(std::string_view last_event_id, std::string_view query) {
  auto after = resume_position("run_abc", last_event_id, query);
  if (after) return "accepted " + std::to_string(*after);
  EXPECT_EQ(after.error().code, ErrorCode::invalid_request);
  return after.error().message;
}

TEST(ResumePosition, LastEventIdWinsOverTheQueryAndNeitherMeansTheStart) {
  EXPECT_EQ(position("", ""), 0u);
  EXPECT_EQ(position("run_abc:7", ""), 7u);
  EXPECT_EQ(position("run_abc:7", "after=2"), 7u);
  EXPECT_EQ(position("", "after=2"), 2u);
  EXPECT_EQ(position("", "x=1&after=12&y"), 12u);
  EXPECT_EQ(position("", "afterwards=3"), 0u);
}

TEST(ResumePosition, AnythingElseIsRefusedSayingWhy) {
  EXPECT_NE(refusal("run_other:3", "").find("not an event of run run_abc"), std::string::npos);
  EXPECT_NE(refusal("run_abc", "").find("not an event of run"), std::string::npos);
  EXPECT_NE(refusal("run_abc:", "").find("is not an event number"), std::string::npos);
  EXPECT_NE(refusal("run_abc:-1", "").find("is not an event number"), std::string::npos);
  EXPECT_NE(refusal("run_abc:1x", "").find("is not an event number"), std::string::npos);
  EXPECT_NE(refusal("", "after=").find("is not an event number"), std::string::npos);
  EXPECT_NE(refusal("", "after=99999999999999999999").find("is not an event number"), std::string::npos);
}

}  // namespace
}  // namespace chatkit::server
