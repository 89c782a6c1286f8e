#pragma once
// The model interface of the agent loop. A model turns a request (instructions + conversation)
// into a stream of ModelEvents shaped like the OpenAI Responses stream (PROTOCOL.md §8.1); the
// agent's translator turns those into ChatKit events. Providers report failures by throwing
// ModelError; cancellation arrives through Asio's per-operation cancellation.
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "core/result.hpp"
#include "server/chatkit/async.hpp"

namespace chatkit::server {

enum class MessageRole { user, assistant, system };

struct ModelMessage {
  MessageRole role = MessageRole::user;
  std::string text;
};

struct ModelRequest {
  std::string instructions;
  std::vector<ModelMessage> input;  // chronological
};

// An output message starts (Responses: output_item.added with a message item).
struct MessageStarted {
  std::string item_id;
};
// A text part of a message starts (content_part.added).
struct TextPartStarted {
  std::string item_id;
  int content_index = 0;
};
// More text of a part (output_text.delta).
struct TextDelta {
  std::string item_id;
  int content_index = 0;
  std::string delta;
};
// A part is complete (output_text.done).
struct TextPartDone {
  std::string item_id;
  int content_index = 0;
  std::string text;
};
// A message is complete (output_item.done): its final parts.
struct MessageDone {
  std::string item_id;
  std::vector<std::string> parts;
};

using ModelEvent = std::variant<MessageStarted, TextPartStarted, TextDelta, TextPartDone, MessageDone>;

// Receives a model's events in order; awaiting it is where backpressure and cancellation apply.
class ModelEventSink {
 public:
  virtual ~ModelEventSink() = default;
  virtual awaitable<void> on_event(ModelEvent event) = 0;
};

// A provider failed (bad status, malformed stream, ...): becomes an error event.
class ModelError : public std::runtime_error {
 public:
  explicit ModelError(Error error) : std::runtime_error(describe(error)), error_(std::move(error)) {}
  const Error& error() const { return error_; }

 private:
  Error error_;
};

class Model {
 public:
  virtual ~Model() = default;
  // "bench:20:0", "offline", ... as given by --model.
  virtual std::string_view name() const = 0;
  // Streams one response into `sink`. Returns when the response is complete.
  virtual awaitable<void> stream(const ModelRequest& request, ModelEventSink& sink) = 0;
};

}  // namespace chatkit::server
