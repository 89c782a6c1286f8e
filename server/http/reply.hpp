#pragma once
// A complete (non-streamed) HTTP answer, and the one JSON error shape of the server:
// {"error":{"code":"not_found","message":"...","path":"$.params.thread_id"}}.
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/errors.hpp"
#include "core/json_io.hpp"

namespace chatkit::server {

using HeaderList = std::vector<std::pair<std::string, std::string>>;

struct Reply {
  int status = 200;
  std::string content_type;
  HeaderList headers;                        // besides Content-Type, Content-Length, Connection
  std::shared_ptr<const std::string> body;   // may be null: empty body
  bool head_only = false;                    // HEAD: headers (with the body's length) but no body
  std::optional<std::size_t> content_length;  // when the body is written apart (a blob), its length
};

Reply json_reply(const json& body, int status = 200);
// The error's status comes from the error table (core/errors.cpp).
Reply error_reply(const Error& error);
std::string error_body(const Error& error);

// The status line and headers of a reply, ending with the blank line.
std::string format_head(const Reply& reply, bool keep_alive, unsigned version);
// The status line and headers of an SSE response (chunked unless HTTP/1.0).
std::string format_sse_head(const HeaderList& extra, bool keep_alive, unsigned version);

}  // namespace chatkit::server
