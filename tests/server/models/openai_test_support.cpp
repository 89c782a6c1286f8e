#include "server/models/openai_test_support.hpp"

#include <memory>
#include <type_traits>
#include <variant>

#include <gtest/gtest.h>

#include <boost/asio/bind_cancellation_slot.hpp>
#include <boost/asio/cancellation_signal.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/system/system_error.hpp>

namespace chatkit::server::testing {
namespace {

using json = nlohmann::json;

struct Describe {
  json operator()(const MessageStarted& e) const { return {{"type", "message_started"}, {"item_id", e.item_id}}; }
  json operator()(const TextPartStarted& e) const {
    return {{"type", "text_part_started"}, {"item_id", e.item_id}, {"content_index", e.content_index}};
  }
  json operator()(const TextDelta& e) const {
    return {{"type", "text_delta"}, {"item_id", e.item_id}, {"content_index", e.content_index}, {"delta", e.delta}};
  }
  json operator()(const TextPartDone& e) const {
    return {{"type", "text_part_done"}, {"item_id", e.item_id}, {"content_index", e.content_index}, {"text", e.text}};
  }
  json operator()(const MessageDone& e) const {
    return {{"type", "message_done"}, {"item_id", e.item_id}, {"parts", e.parts}};
  }
  json operator()(const ToolCallRequested& e) const {
    return {{"type", "tool_call"}, {"call_id", e.call.call_id}, {"name", e.call.name}, {"arguments", e.call.arguments}};
  }
  json operator()(const UsageReported& e) const {
    return {{"type", "usage"}, {"input_tokens", e.input_tokens}, {"output_tokens", e.output_tokens}};
  }
};

// Waits until cancelled: an upstream that never answers.
awaitable<void> hang() {
  net::steady_timer timer(co_await net::this_coro::executor);
  timer.expires_at(std::chrono::steady_clock::time_point::max());
  co_await timer.async_wait(net::use_awaitable);
}

class FakeExchange final : public HttpExchange {
 public:
  explicit FakeExchange(ScriptedResponse response) : response_(std::move(response)) {}

  awaitable<HttpResponseHead> head() override {
    if (response_.hang_head) co_await hang();
    if (response_.head_failure) throw *response_.head_failure;
    HttpResponseHead head;
    head.status = response_.status;
    head.headers = response_.headers;
    co_return head;
  }

  awaitable<std::optional<std::string>> next() override {
    if (next_chunk_ < response_.chunks.size()) co_return response_.chunks[next_chunk_++];
    if (response_.body_failure) throw *response_.body_failure;
    if (response_.hang_body) co_await hang();
    co_return std::nullopt;
  }

 private:
  ScriptedResponse response_;
  std::size_t next_chunk_ = 0;
};

}  // namespace

IdSource counting_ids() {
  auto messages = std::make_shared<int>(0);
  auto calls = std::make_shared<int>(0);
  return IdSource{
      .message_id = [messages] { return "msg_" + std::to_string(++*messages); },
      .call_id = [calls] { return "call_gen_" + std::to_string(++*calls); },
  };
}

json describe(const ModelEvent& event) { return std::visit(Describe{}, event); }

std::string failure_name(ModelFailure failure) {
  switch (failure) {
    case ModelFailure::bad_credentials: return "bad_credentials";
    case ModelFailure::content_filter: return "content_filter";
    case ModelFailure::rate_limited: return "rate_limited";
    case ModelFailure::unavailable: return "unavailable";
    case ModelFailure::timeout: return "timeout";
    case ModelFailure::malformed: return "malformed";
    case ModelFailure::bad_request: return "bad_request";
  }
  return "?";
}

json describe(const ModelError& error) {
  return {{"type", "error"}, {"failure", failure_name(error.failure())}, {"message", error.what()}};
}

std::vector<json> parse_all(StreamParser& parser, const std::vector<std::string>& chunks) {
  std::vector<json> out;
  auto take = [&out](ParseStep step) {
    for (const auto& event : step.events) out.push_back(describe(event));
    if (step.error) out.push_back(describe(*step.error));
    return !step.error;
  };
  for (const auto& chunk : chunks) {
    if (!take(parser.feed(chunk))) return out;
  }
  take(parser.finish());
  return out;
}

ScriptedResponse sse_response(std::vector<std::string> chunks) {
  ScriptedResponse response;
  response.headers = {{"content-type", "text/event-stream; charset=utf-8"}};
  response.chunks = std::move(chunks);
  return response;
}

ScriptedResponse json_error(int status, std::string body, HttpHeaders headers) {
  ScriptedResponse response;
  response.status = status;
  response.headers = std::move(headers);
  response.headers.emplace_back("content-type", "application/json");
  response.chunks = {std::move(body)};
  return response;
}

awaitable<std::unique_ptr<HttpExchange>> FakeHttpClient::start(HttpRequest request) {
  requests.push_back(std::move(request));
  if (script.empty()) {
    ADD_FAILURE() << "the fake upstream got more requests than scripted";
    throw HttpFailure(HttpFailure::Kind::connect, "no scripted response left");
  }
  ScriptedResponse response = std::move(script.front());
  script.pop_front();
  std::unique_ptr<HttpExchange> exchange = std::make_unique<FakeExchange>(std::move(response));
  co_return exchange;
}

awaitable<std::pair<std::string, std::string>> FakeCredential::header() {
  co_return std::pair<std::string, std::string>("authorization", "Bearer token-" + std::to_string(generation));
}

awaitable<void> RecordingSink::on_event(ModelEvent event) {
  events.push_back(std::move(event));
  co_return;
}

std::vector<json> RecordingSink::described() const {
  std::vector<json> out;
  for (const auto& event : events) out.push_back(describe(event));
  return out;
}

RunOutcome run_stream(Model& model, const ModelRequest& request, ModelEventSink& sink,
                      std::optional<std::chrono::milliseconds> cancel_after) {
  boost::asio::io_context io;
  boost::asio::cancellation_signal signal;
  boost::asio::steady_timer canceller(io);
  RunOutcome outcome;
  const auto started = std::chrono::steady_clock::now();
  boost::asio::co_spawn(io, model.stream(request, sink),
                        boost::asio::bind_cancellation_slot(signal.slot(), [&](std::exception_ptr error) {
                          outcome.finished = true;
                          outcome.error = error;
                          outcome.elapsed = std::chrono::duration_cast<std::chrono::milliseconds>(
                              std::chrono::steady_clock::now() - started);
                          canceller.cancel();
                        }));
  if (cancel_after) {
    canceller.expires_after(*cancel_after);
    canceller.async_wait([&](boost::system::error_code ec) {
      if (!ec) signal.emit(boost::asio::cancellation_type::terminal);
    });
  }
  io.run_for(std::chrono::seconds(20));
  EXPECT_TRUE(outcome.finished) << "the model's stream did not end within 20 s";
  return outcome;
}

std::optional<ModelError> model_error(std::exception_ptr error) {
  if (!error) return std::nullopt;
  try {
    std::rethrow_exception(error);
  } catch (const ModelError& e) {
    return e;
  } catch (...) {
  }
  return std::nullopt;
}

bool is_operation_aborted(std::exception_ptr error) {
  if (!error) return false;
  try {
    std::rethrow_exception(error);
  } catch (const boost::system::system_error& e) {
    return e.code() == boost::asio::error::operation_aborted;
  } catch (...) {
  }
  return false;
}

}  // namespace chatkit::server::testing
