#pragma once
// The model interface of the agent loop. A model turns a request (instructions, conversation,
// tools) into a stream of ModelEvents shaped like the OpenAI Responses stream (docs/PROTOCOL.md §8.1);
// the agent's translator turns those into ChatKit events and runs the tools the model calls.
// Providers report failures by throwing ModelError; cancellation arrives through Asio's
// per-operation cancellation and must abort any upstream request at once.
#include <cstddef>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include <nlohmann/json.hpp>

#include "server/common/async.hpp"

namespace chatkit::server {

enum class MessageRole { user, assistant };

// --- What the model is given (docs/PROTOCOL.md §8.4).
// A file the user attached to a message. Each provider sends it its own way (an image part, a file
// part, text); models/attached_file.hpp has the wording they share.
struct AttachedFile {
  enum class Kind {
    image,  // PNG, JPEG, GIF, WebP: an image part
    pdf,    // a file part
    text,   // inlined as text with its name
    other,  // described by name and type
  };
  Kind kind = Kind::other;
  std::string name;
  std::string mime_type;
  std::size_t size = 0;  // of the whole file, in bytes
  std::string data;      // its bytes (text: the first kMaxInlineTextBytes); empty for `other`, or when missing
  std::string missing;   // why the content is not given ("it was deleted since"); empty when it is
};
struct ModelMessage {
  MessageRole role = MessageRole::user;
  std::string text;
  std::vector<AttachedFile> files;  // the user's attachments, after the text
};
// A call the model made earlier (Responses: function_call; Chat Completions: an assistant
// message's tool_calls entry).
struct FunctionCall {
  std::string call_id;
  std::string name;
  std::string arguments;  // JSON text, as the model wrote it
};
// What the tool answered (Responses: function_call_output; Chat Completions: a "tool" message).
struct FunctionOutput {
  std::string call_id;
  std::string output;  // JSON text
};
using ModelInput = std::variant<ModelMessage, FunctionCall, FunctionOutput>;

// A tool the model may call: JSON schema of its arguments (an object schema).
// A tool's JSON schema, shared: tools are built once and offered on every request.
using JsonSchema = std::shared_ptr<const nlohmann::json>;

struct ToolSpec {
  std::string name;
  std::string description;
  JsonSchema parameters;  // null: no arguments
};

// Why the request is made: titles are small side requests (§8.5).
enum class RequestPurpose { answer, title };

struct ModelRequest {
  std::string instructions;
  std::vector<ModelInput> input;  // chronological
  std::vector<ToolSpec> tools;    // empty: the model must answer in text
  RequestPurpose purpose = RequestPurpose::answer;
  std::optional<int> max_output_tokens;
};

// --- What the model streams back.
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
// The model asks for a tool call; sent once its arguments are complete (Responses:
// output_item.done with a function_call item; Chat Completions: at the end of the choice).
// Several may come in one response; the agent runs them after the response ends.
struct ToolCallRequested {
  FunctionCall call;
};
// Token usage of the response, when the upstream reports it.
struct UsageReported {
  long long input_tokens = 0;
  long long output_tokens = 0;
};

using ModelEvent = std::variant<MessageStarted, TextPartStarted, TextDelta, TextPartDone, MessageDone,
                                ToolCallRequested, UsageReported>;

// Receives a model's events in order; awaiting it is where backpressure and cancellation apply.
class ModelEventSink {
 public:
  virtual ~ModelEventSink() = default;
  virtual awaitable<void> on_event(ModelEvent event) = 0;
};

// Why a model call failed. Each kind maps to one error event (see ModelError::allow_retry).
enum class ModelFailure {
  bad_credentials,  // 401/403, or no token could be obtained
  content_filter,   // the provider refused the prompt or the answer
  rate_limited,     // 429 after every retry
  unavailable,      // 5xx after every retry, connection refused, DNS
  timeout,          // no answer, or no bytes for too long
  malformed,        // the upstream sent something that is not its documented format
  bad_request,      // 400/404/422: our request or the configuration is wrong
};

// A provider failed: becomes an error event with a message that says what went wrong.
class ModelError : public std::runtime_error {
 public:
  ModelError(ModelFailure failure, std::string message) : std::runtime_error(std::move(message)), failure_(failure) {}
  ModelFailure failure() const { return failure_; }
  // Whether trying again may help (the client then offers a retry button).
  bool allow_retry() const {
    switch (failure_) {
      case ModelFailure::rate_limited:
      case ModelFailure::unavailable:
      case ModelFailure::timeout:
      case ModelFailure::malformed: return true;
      case ModelFailure::bad_credentials:
      case ModelFailure::content_filter:
      case ModelFailure::bad_request: return false;
    }
    return false;
  }

 private:
  ModelFailure failure_;
};

// Speech to text for dictation (docs/PROTOCOL.md §2.17): the provider's transcription endpoint.
struct TranscriptionRequest {
  std::string audio;       // the bytes
  std::string media_type;  // "audio/webm", without parameters
};
class Transcriber {
 public:
  virtual ~Transcriber() = default;
  // The words, or a ModelError saying why not (retries done, as for chat).
  virtual awaitable<std::string> transcribe(const TranscriptionRequest& request) = 0;
};

class Model {
 public:
  virtual ~Model() = default;
  // The model's speech to text, when it has one configured; nullptr otherwise, and
  // transcription_missing() says what to configure.
  virtual Transcriber* transcriber() { return nullptr; }
  virtual std::string transcription_missing() const {
    return "dictation needs a speech-to-text model, and the model '" + std::string(name()) +
           "' has none: start the server with --model openai (OPENAI_API_KEY; OPENAI_TRANSCRIBE_MODEL, default "
           "gpt-4o-mini-transcribe) or --model azure with AZURE_OPENAI_TRANSCRIBE_DEPLOYMENT";
  }
  // "bench:20:0", "offline", "openai:gpt-4o-mini (chat)", ... for logs.
  virtual std::string_view name() const = 0;
  // Streams one response into `sink`. Returns when the response is complete.
  virtual awaitable<void> stream(const ModelRequest& request, ModelEventSink& sink) = 0;
  // The title of a conversation that starts with `first_message`, for a model that makes titles
  // without a request (the built-in ones derive them from the message): the thread is then named
  // as it is created, in the same write, instead of by a second write after the first answer.
  virtual std::optional<std::string> local_title(std::string_view /*first_message*/) const { return std::nullopt; }
};

}  // namespace chatkit::server
