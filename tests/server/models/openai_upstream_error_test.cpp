// What upstream errors mean (statuses, bodies, in-stream errors) and how long to wait before a retry.
#include "server/models/openai/upstream_error.hpp"
#include "server/models/openai/retry.hpp"

#include <gtest/gtest.h>

namespace chatkit::server {
namespace {

using Action = StatusVerdict::Action;
using std::chrono::milliseconds;

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

TEST(UpstreamErrorMessage, ReadsTheShapesProvidersUse) {
  EXPECT_EQ(upstream_error_message(R"({"error":{"message":"Incorrect API key provided: sk-abc.","type":"invalid_request_error"}})"),
            "Incorrect API key provided: sk-abc.");
  EXPECT_EQ(upstream_error_message(R"({"statusCode":401,"message":"Access denied due to invalid subscription key."})"),
            "Access denied due to invalid subscription key.");
  EXPECT_EQ(upstream_error_message(R"({"error":"model not found"})"), "model not found");
  EXPECT_EQ(upstream_error_message("<html>Bad gateway</html>"), "'<html>Bad gateway</html>'");
  EXPECT_EQ(upstream_error_message(""), "(no error message)");
}

TEST(ClassifyStatus, Unauthorized401AsksForAFreshCredential) {
  const auto verdict = classify_status(401, R"({"error":{"message":"Invalid token","code":"invalid_api_key"}})");
  EXPECT_EQ(verdict.action, Action::refresh_credential);
  EXPECT_EQ(verdict.error.failure(), ModelFailure::bad_credentials);
  EXPECT_TRUE(contains(verdict.error.what(), "Invalid token"));
}

TEST(ClassifyStatus, Forbidden403IsBadCredentials) {
  const auto verdict = classify_status(403, R"({"error":{"code":"PermissionDenied","message":"Principal lacks the role"}})");
  EXPECT_EQ(verdict.action, Action::fail);
  EXPECT_EQ(verdict.error.failure(), ModelFailure::bad_credentials);
  EXPECT_TRUE(contains(verdict.error.what(), "Principal lacks the role"));
}

TEST(ClassifyStatus, ClientErrorsAreBadRequestsWithTheUpstreamMessage) {
  for (const int status : {400, 404, 422}) {
    const auto verdict = classify_status(status, R"({"error":{"message":"Unknown parameter: 'foo'.","code":"unknown_parameter"}})");
    EXPECT_EQ(verdict.action, Action::fail) << status;
    EXPECT_EQ(verdict.error.failure(), ModelFailure::bad_request) << status;
    EXPECT_TRUE(contains(verdict.error.what(), "Unknown parameter: 'foo'.")) << verdict.error.what();
    EXPECT_TRUE(contains(verdict.error.what(), "HTTP " + std::to_string(status))) << verdict.error.what();
  }
}

TEST(ClassifyStatus, AzurePromptFilter400IsContentFilter) {
  const auto verdict = classify_status(400, R"({"error":{"message":"The response was filtered due to the prompt triggering Azure OpenAI's content management policy.","type":null,"param":"prompt","code":"content_filter","status":400,"innererror":{"code":"ResponsibleAIPolicyViolation","content_filter_result":{"hate":{"filtered":true,"severity":"high"}}}}})");
  EXPECT_EQ(verdict.action, Action::fail);
  EXPECT_EQ(verdict.error.failure(), ModelFailure::content_filter);
  EXPECT_TRUE(contains(verdict.error.what(), "content management policy"));
}

TEST(ClassifyStatus, RateLimitsAndServerErrorsAreRetried) {
  const auto rate = classify_status(429, R"({"error":{"message":"Rate limit reached","code":"rate_limit_exceeded"}})");
  EXPECT_EQ(rate.action, Action::retry);
  EXPECT_EQ(rate.error.failure(), ModelFailure::rate_limited);
  for (const int status : {500, 502, 503, 504}) {
    const auto verdict = classify_status(status, "upstream overloaded");
    EXPECT_EQ(verdict.action, Action::retry) << status;
    EXPECT_EQ(verdict.error.failure(), ModelFailure::unavailable) << status;
  }
}

TEST(ClassifyStatus, AnExhaustedQuotaIsNotRetried) {
  const auto verdict = classify_status(429, R"({"error":{"message":"You exceeded your current quota","type":"insufficient_quota","code":"insufficient_quota"}})");
  EXPECT_EQ(verdict.action, Action::fail);
  EXPECT_EQ(verdict.error.failure(), ModelFailure::rate_limited);
}

TEST(StreamError, MapsCodesToFailures) {
  using nlohmann::json;
  EXPECT_EQ(stream_error(json{{"message", "m"}, {"type", "server_error"}}).failure(), ModelFailure::unavailable);
  EXPECT_EQ(stream_error(json{{"message", "m"}, {"code", "rate_limit_exceeded"}}).failure(), ModelFailure::rate_limited);
  EXPECT_EQ(stream_error(json{{"message", "m"}, {"code", "content_filter"}}).failure(), ModelFailure::content_filter);
  EXPECT_EQ(stream_error(json{{"message", "m"}, {"code", "context_length_exceeded"}}).failure(), ModelFailure::bad_request);
  const auto error = stream_error(json{{"message", "Something broke"}, {"code", "server_error"}});
  EXPECT_TRUE(contains(error.what(), "Something broke"));
  EXPECT_TRUE(contains(error.what(), "server_error"));
}

HttpResponseHead head_with(HttpHeaders headers) {
  HttpResponseHead head;
  head.status = 429;
  head.headers = std::move(headers);
  return head;
}

TEST(RetryAfter, ReadsSecondsMillisecondsAndDates) {
  const auto now = std::chrono::system_clock::from_time_t(1445412480);  // Wed, 21 Oct 2015 07:28:00 GMT
  EXPECT_EQ(retry_after(head_with({{"retry-after", "2"}}), now), milliseconds(2000));
  EXPECT_EQ(retry_after(head_with({{"retry-after", "0"}}), now), milliseconds(0));
  EXPECT_EQ(retry_after(head_with({{"retry-after", " 1.5 "}}), now), milliseconds(1500));
  EXPECT_EQ(retry_after(head_with({{"retry-after-ms", "250"}, {"retry-after", "9"}}), now), milliseconds(250));
  EXPECT_EQ(retry_after(head_with({{"retry-after", "Wed, 21 Oct 2015 07:28:07 GMT"}}), now), milliseconds(7000));
  EXPECT_EQ(retry_after(head_with({{"retry-after", "Wed, 21 Oct 2015 07:27:00 GMT"}}), now), milliseconds(0));
  EXPECT_EQ(retry_after(head_with({{"retry-after", "soon"}}), now), std::nullopt);
  EXPECT_EQ(retry_after(head_with({{"retry-after", "-3"}}), now), std::nullopt);
  EXPECT_EQ(retry_after(head_with({}), now), std::nullopt);
}

TEST(RetryDelay, BacksOffExponentiallyWithJitterAndCaps) {
  const RetryPolicy policy{.max_attempts = 6, .base_delay = milliseconds(500), .max_delay = milliseconds(3000)};
  EXPECT_EQ(retry_delay(policy, 1, std::nullopt, 1.0), milliseconds(500));
  EXPECT_EQ(retry_delay(policy, 2, std::nullopt, 1.0), milliseconds(1000));
  EXPECT_EQ(retry_delay(policy, 3, std::nullopt, 0.0), milliseconds(1000)) << "jitter keeps at least half";
  EXPECT_EQ(retry_delay(policy, 5, std::nullopt, 1.0), milliseconds(3000)) << "capped";
  EXPECT_EQ(retry_delay(policy, 1000, std::nullopt, 1.0), milliseconds(3000)) << "no overflow";
}

TEST(RetryDelay, HonoursTheUpstreamHintCappedAtTheMaximum) {
  const RetryPolicy policy{.max_attempts = 4, .base_delay = milliseconds(500), .max_delay = milliseconds(20'000)};
  EXPECT_EQ(retry_delay(policy, 1, milliseconds(0), 0.5), milliseconds(0));
  EXPECT_EQ(retry_delay(policy, 1, milliseconds(7000), 0.5), milliseconds(7000));
  EXPECT_EQ(retry_delay(policy, 1, milliseconds(3'600'000), 0.5), milliseconds(20'000));
}

}  // namespace
}  // namespace chatkit::server
