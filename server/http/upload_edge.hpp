#pragma once
// The attachment uploads at the HTTP edge, without sockets (docs/PROTOCOL.md §2.15): what a request's
// head says is checked first (origin, credentials or the signed link, types, the declared length),
// so that a refusal needs none of the body; the body then streams through a PreparedUpload in
// pieces as they are read, raw or multipart, into the attachment store; finish() is the answer.
// The session moves the bytes (server/http/session.cpp); the fuzz target and the edge's own
// answer for a body already read whole (edge.cpp) feed it the same way.
#include <cstddef>
#include <memory>
#include <string_view>
#include <variant>

#include "server/http/exchange.hpp"
#include "server/http/router.hpp"
#include "server/http/server_parts.hpp"

namespace chatkit::server {

class PreparedUpload {
 public:
  virtual ~PreparedUpload() = default;
  // The most body bytes this upload may have (the file's limit, and the multipart framing).
  virtual std::size_t body_limit() const = 0;
  // The next bytes of the body (de-chunked). An error is the answer: nothing more is read.
  virtual Status write(std::string_view bytes) = 0;
  // The body is complete: the record (200) or the refusal.
  virtual Reply finish() = 0;
  // The answer for an error (with the CORS headers of this request).
  virtual Reply refusal(const Error& error) = 0;
};

using UploadStart = std::variant<Reply, std::unique_ptr<PreparedUpload>>;

// The head of an upload request (route direct_upload or signed_upload): refused at once, or ready
// for its body. Fills in the exchange's request type, user and error code.
UploadStart prepare_upload(const HttpRequest& head, const Route& route, ServerParts& parts, Exchange& exchange);

// An upload whose body is already read whole (the edge's answer_request, the fuzz target).
Reply answer_whole_upload(const HttpRequest& request, const Route& route, ServerParts& parts, Exchange& exchange);

}  // namespace chatkit::server
