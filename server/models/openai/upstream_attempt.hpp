#pragma once
// One try of a model call: send the request, check the answer's status, stream its body through
// a parser into the sink. Failures that another try may cure are returned; the others are
// thrown as ModelError; cancellation (operation_aborted) passes through untouched.
#include <chrono>
#include <optional>

#include "server/models/http/http_client.hpp"
#include "server/models/model.hpp"
#include "server/models/openai/stream_parser.hpp"

namespace chatkit::server {

struct AttemptFailure {
  enum class Next { retry, refresh_credential } next;
  ModelError error;  // what to report if no further try is made
  std::optional<std::chrono::milliseconds> retry_after;  // the upstream's hint, if any
};

// Forwards events and counts them: once one has been delivered, a failure is reported, never
// retried (the client has already seen part of this answer).
class CountingSink final : public ModelEventSink {
 public:
  explicit CountingSink(ModelEventSink& sink) : sink_(sink) {}
  awaitable<void> on_event(ModelEvent event) override;
  int delivered() const { return delivered_; }

 private:
  ModelEventSink& sink_;
  int delivered_ = 0;
};

awaitable<std::optional<AttemptFailure>> run_attempt(HttpClient& http, HttpRequest request, StreamParser& parser,
                                                     CountingSink& sink);

}  // namespace chatkit::server
