#include "server/kit/failures.hpp"

#include <gtest/gtest.h>

#include <string>

namespace chatkit::server::kit {
namespace {

Result<int> found(int value) { return value; }
Result<int> missing() { return make_error(ErrorCode::not_found, "no order 42"); }

TEST(KitFailures, MustGivesTheValueOrSaysWhatWasBeingDoneAndWhy) {
  EXPECT_EQ(must(found(7), "reading the order"), 7);
  try {
    must(missing(), "reading the order");
    FAIL() << "must() let a failed result through";
  } catch (const StreamError&) {
    FAIL() << "must() is for the request log, not for the user";
  } catch (const std::runtime_error& error) {
    const std::string words = error.what();
    EXPECT_NE(words.find("reading the order"), std::string::npos) << words;
    EXPECT_NE(words.find("no order 42"), std::string::npos) << words;
  }
  EXPECT_NO_THROW(must(ok_status(), "saving"));
  EXPECT_THROW(must(Status(make_error(ErrorCode::internal, "disk full")), "saving"), std::runtime_error);
}

TEST(KitFailures, OrTellUserEndsTheStreamWithTheUsersWordsOnly) {
  EXPECT_EQ(or_tell_user(found(3), "That order is gone."), 3);
  try {
    or_tell_user(missing(), "That order is gone.");
    FAIL() << "or_tell_user() let a failed result through";
  } catch (const StreamError& error) {
    EXPECT_EQ(error.event().code, "custom");
    EXPECT_EQ(error.event().message, std::optional<std::string>("That order is gone."));
    EXPECT_FALSE(error.event().allow_retry);
    // The store's own words stay out of what the user reads.
    EXPECT_EQ(std::string(error.what()).find("no order 42"), std::string::npos);
  }
}

TEST(KitFailures, OrToolErrorHandsTheModelTheReasonAsAToolError) {
  EXPECT_EQ(or_tool_error(found(5)), 5);
  try {
    or_tool_error(missing());
    FAIL() << "or_tool_error() let a failed result through";
  } catch (const ToolError& error) {
    EXPECT_STREQ(error.what(), "no order 42");
  }
}

}  // namespace
}  // namespace chatkit::server::kit
