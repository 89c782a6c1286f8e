#include "core/errors.hpp"

#include <set>

#include <gtest/gtest.h>

namespace chatkit {
namespace {

TEST(ErrorTable, StreamErrorsAreRetryableAndCustomOnesAreNot) {
  EXPECT_EQ(error_info(ErrorCode::stream_error).code, "stream.error");
  EXPECT_TRUE(error_info(ErrorCode::stream_error).allow_retry);
  EXPECT_EQ(error_info(ErrorCode::custom).code, "custom");
  EXPECT_FALSE(error_info(ErrorCode::custom).allow_retry);
  EXPECT_TRUE(default_allow_retry("stream.error"));
  EXPECT_FALSE(default_allow_retry("custom"));
  EXPECT_FALSE(default_allow_retry("some.future.code"));
}

TEST(ErrorTable, MapsRequestProblemsToHttpStatuses) {
  EXPECT_EQ(error_info(ErrorCode::invalid_json).http_status, 400);
  EXPECT_EQ(error_info(ErrorCode::invalid_request).http_status, 400);
  EXPECT_EQ(error_info(ErrorCode::not_found).http_status, 404);
  EXPECT_EQ(error_info(ErrorCode::unauthorized).http_status, 401);
  EXPECT_EQ(error_info(ErrorCode::payload_too_large).http_status, 413);
  EXPECT_EQ(error_info(ErrorCode::unsupported_media_type).http_status, 415);
  EXPECT_EQ(error_info(ErrorCode::unsupported_media_type).code, "unsupported_media_type");
  EXPECT_EQ(error_info(ErrorCode::too_many_streams).http_status, 503);
  EXPECT_EQ(error_info(ErrorCode::internal).http_status, 500);
}

TEST(ErrorTable, EveryCodeHasAUniqueWireNameAndAMessage) {
  std::set<std::string_view> names;
  for (int code = 0; code <= static_cast<int>(ErrorCode::internal); ++code) {
    const ErrorInfo& info = error_info(static_cast<ErrorCode>(code));
    EXPECT_TRUE(names.insert(info.code).second) << info.code;
    EXPECT_FALSE(info.default_message.empty());
    EXPECT_GE(info.http_status, 400);
  }
}

TEST(ErrorTable, DescribeNamesCodeMessageAndPath) {
  EXPECT_EQ(describe(Error{ErrorCode::invalid_request, "missing required field", "$.params"}),
            "invalid_request: missing required field (at $.params)");
  EXPECT_EQ(describe(Error{ErrorCode::not_found, "", ""}), "not_found: Not found.");
}

}  // namespace
}  // namespace chatkit
