#pragma once
// The HTTP edge without sockets: a parsed request in, its answer out. Routing, /healthz,
// /metrics, static files, CORS preflights, 405s, and POST /chatkit (origin check, auth, JSON
// parse within the limits, then the JSON handler or a prepared stream). Nothing is written here:
// the session writes the Reply, or runs the stream on its socket; the fuzz target feeds it
// requests straight from bytes.
#include <functional>
#include <memory>
#include <optional>
#include <variant>

#include "server/http/exchange.hpp"
#include "server/http/server_parts.hpp"
#include "server/runs/run.hpp"

namespace chatkit::server {

// One of the --max-streams places, taken before a stream is prepared (so that a burst cannot
// overshoot the limit) and given back when destroyed. Move-only.
class StreamSlot {
 public:
  // The slot, or nullopt when max_streams are running already.
  static std::optional<StreamSlot> take(ServerParts& parts);
  StreamSlot(StreamSlot&& other) noexcept : parts_(other.parts_) { other.parts_ = nullptr; }
  StreamSlot& operator=(StreamSlot&&) = delete;
  StreamSlot(const StreamSlot&) = delete;
  StreamSlot& operator=(const StreamSlot&) = delete;
  ~StreamSlot();

 private:
  explicit StreamSlot(ServerParts& parts) : parts_(&parts) {}
  ServerParts* parts_;
};

// A streaming request that may start: what the session needs to begin the SSE response.
// (Declared in this order so the slot is given back before the thread's claim, as it always was.)
struct StreamStart {
  PreparedStream prepared;
  HeaderList cors;  // CORS headers of the response head
  StreamSlot slot;
  ChatKitServer* chatkit = nullptr;  // the use case that prepared it, which runs it
};

// A reply whose body is read from the blob store while it is written (an attachment's preview):
// `head` has the status and headers, `length` the body's size.
struct BlobReply {
  Reply head;
  std::size_t length = 0;
  std::unique_ptr<BlobReader> body;
};

// A preview whose record is read on a store worker (PostgreSQL): the session awaits the refusal
// or the image, then writes it.
struct DeferredBlobReply {
  std::function<awaitable<std::variant<Reply, BlobReply>>()> compute;
};

// A JSON reply that takes a while (input.transcribe calls the provider): the session awaits it.
struct DeferredReply {
  std::function<awaitable<Reply>()> compute;
};

// GET /chatkit/runs/{id}/events (PROTOCOL §4.7): the run's stream from the event after `after`.
struct RunFollow {
  std::shared_ptr<Run> run;
  std::size_t after = 0;
  HeaderList cors;
};

// A stream whose preparation reads the store on a StoreExecutor worker: the session awaits it, then
// writes the refusal or runs the stream.
struct DeferredStream {
  std::function<awaitable<std::variant<Reply, StreamStart>>()> prepare;
};

// The same for a run this instance does not have (another instance's, PROTOCOL §4.7): read from the
// ledger, as its owner writes it there.
struct RemoteRunFollow {
  std::string run_id;
  std::string user_id;
  std::size_t after = 0;
  HeaderList cors;
};

using EdgeAnswer = std::variant<Reply, StreamStart, BlobReply, DeferredReply, DeferredBlobReply, RunFollow,
                                DeferredStream, RemoteRunFollow>;

// Answers one complete request; fills in the exchange's request type, user and error code (its
// status and keep-alive are the writer's: they depend on how the answer goes out). A HEAD gets
// a head-only reply.
EdgeAnswer answer_request(const HttpRequest& request, ServerParts& parts, Exchange& exchange);

// CORS headers for an answer to this request (empty when CORS is off or the origin not allowed).
HeaderList cors_headers(const HttpRequest& request, const CorsPolicy& cors);

// The API's error answer: the error, the CORS headers, WWW-Authenticate on a 401, Retry-After on a
// 503; notes the code in the exchange.
Reply api_error(const Error& error, const HeaderList& cors, Exchange& exchange);
// A browser on another site may POST without a preflight: true when the request's Origin is
// neither this server nor allowed by --cors-origins.
bool foreign_origin(const HttpRequest& request, const CorsPolicy& cors);
// The base of the links handed out to this client: --public-url, else "http://" + Host.
std::string base_url_of(const HttpRequest& request, const ServerParts& parts);

}  // namespace chatkit::server
