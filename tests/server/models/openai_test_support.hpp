#pragma once
// Test doubles for the OpenAI-compatible providers: a scripted in-memory HttpClient, a counting
// Credential, a recording sink, predictable ids, and ModelEvents described as JSON (the format of
// tests/fixtures/upstream/*.events.jsonl).
#include <chrono>
#include <deque>
#include <exception>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "server/models/azure/credential.hpp"
#include "server/models/http/http_client.hpp"
#include "server/models/model.hpp"
#include "server/models/openai/ids.hpp"
#include "server/models/openai/stream_parser.hpp"

namespace chatkit::server::testing {

// msg_1, msg_2, ... and call_gen_1, call_gen_2, ...: stable across runs of the same input.
IdSource counting_ids();

// {"type": "text_delta", "item_id", "content_index", "delta"}, ...
nlohmann::json describe(const ModelEvent& event);
// {"type": "error", "failure": "content_filter", "message": ...}
nlohmann::json describe(const ModelError& error);
std::string failure_name(ModelFailure failure);

// Feeds `chunks` then finishes; the events described, then the error if any (parsing stops there).
std::vector<nlohmann::json> parse_all(StreamParser& parser, const std::vector<std::string>& chunks);

// One scripted answer of the fake upstream.
struct ScriptedResponse {
  int status = 200;
  HttpHeaders headers;                      // names lower-cased, as the transport gives them
  std::vector<std::string> chunks;          // the body, as it arrives
  std::optional<HttpFailure> head_failure;  // thrown by head()
  std::optional<HttpFailure> body_failure;  // thrown by next() once the chunks are read
  bool hang_head = false;                   // head() waits until cancelled
  bool hang_body = false;                   // next() waits, once the chunks are read, until cancelled
};

ScriptedResponse sse_response(std::vector<std::string> chunks);
ScriptedResponse json_error(int status, std::string body, HttpHeaders headers = {});

class FakeHttpClient final : public HttpClient {
 public:
  awaitable<std::unique_ptr<HttpExchange>> start(HttpRequest request) override;

  std::deque<ScriptedResponse> script;  // one per start(); running out fails the test
  std::vector<HttpRequest> requests;    // what was sent, in order
};

class FakeCredential final : public Credential {
 public:
  // "authorization: Bearer token-N", N counting the refreshes (1 first).
  awaitable<std::pair<std::string, std::string>> header() override;
  void invalidate() override { ++generation; }
  std::string describe() const override { return "fake-token"; }

  int generation = 1;
  int invalidations() const { return generation - 1; }
};

class RecordingSink final : public ModelEventSink {
 public:
  awaitable<void> on_event(ModelEvent event) override;
  std::vector<nlohmann::json> described() const;

  std::vector<ModelEvent> events;
};

// Runs `model.stream(request, sink)` on a fresh io_context, cancelled (terminal) after
// `cancel_after` if it is still running then. Gives up (and says so) after 20 s.
struct RunOutcome {
  bool finished = false;
  std::exception_ptr error;
  std::chrono::milliseconds elapsed{0};
};
RunOutcome run_stream(Model& model, const ModelRequest& request, ModelEventSink& sink,
                      std::optional<std::chrono::milliseconds> cancel_after = std::nullopt);

// The ModelError inside `error`, or nothing (other exception types, or no error).
std::optional<ModelError> model_error(std::exception_ptr error);
bool is_operation_aborted(std::exception_ptr error);

}  // namespace chatkit::server::testing
