#include "server/http/reply.hpp"

#include <boost/beast/http/status.hpp>

namespace chatkit::server {

namespace {

void status_line(std::string& out, int status, unsigned version) {
  out += version == 10 ? "HTTP/1.0 " : "HTTP/1.1 ";
  out += std::to_string(status);
  out += ' ';
  const auto reason = boost::beast::http::obsolete_reason(static_cast<boost::beast::http::status>(status));
  out.append(reason.data(), reason.size());
  out += "\r\n";
}

void header(std::string& out, std::string_view name, std::string_view value) {
  out.append(name);
  out += ": ";
  out.append(value);
  out += "\r\n";
}

}  // namespace

Reply json_reply(const json& body, int status) {
  return Reply{.status = status,
               .content_type = "application/json",
               .headers = {},
               .body = std::make_shared<const std::string>(to_wire(body))};
}

std::string error_body(const Error& error) {
  json detail = {{"code", error_info(error.code).code},
                 {"message", error.message.empty() ? std::string(error_info(error.code).default_message) : error.message}};
  if (!error.path.empty()) detail["path"] = error.path;
  return to_wire(json{{"error", std::move(detail)}});
}

Reply error_reply(const Error& error) {
  return Reply{.status = error_info(error.code).http_status,
               .content_type = "application/json",
               .headers = {},
               .body = std::make_shared<const std::string>(error_body(error))};
}

std::string format_head(const Reply& reply, bool keep_alive, unsigned version) {
  std::string out;
  out.reserve(256);
  status_line(out, reply.status, version);
  if (!reply.content_type.empty()) header(out, "Content-Type", reply.content_type);
  for (const auto& [name, value] : reply.headers) header(out, name, value);
  header(out, "Content-Length", std::to_string(reply.content_length ? *reply.content_length
                                                                     : reply.body ? reply.body->size() : 0));
  if (!keep_alive) header(out, "Connection", "close");
  else if (version == 10) header(out, "Connection", "keep-alive");
  out += "\r\n";
  return out;
}

std::string format_sse_head(const HeaderList& extra, bool keep_alive, unsigned version) {
  std::string out;
  out.reserve(256);
  status_line(out, 200, version);
  header(out, "Content-Type", "text/event-stream");
  header(out, "Cache-Control", "no-cache");
  header(out, "X-Accel-Buffering", "no");  // proxies must not buffer the stream
  for (const auto& [name, value] : extra) header(out, name, value);
  if (version == 10) {
    header(out, "Connection", "close");  // HTTP/1.0 has no chunking: the body ends with the connection
  } else {
    header(out, "Transfer-Encoding", "chunked");
    if (!keep_alive) header(out, "Connection", "close");
  }
  out += "\r\n";
  return out;
}

}  // namespace chatkit::server
