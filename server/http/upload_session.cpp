#include "server/http/upload_session.hpp"

#include <boost/asio/as_tuple.hpp>

#include "core/text.hpp"
#include "server/http/router.hpp"
#include "server/http/upload_edge.hpp"

namespace chatkit::server {

namespace {

constexpr std::size_t kReadSize = 64 * 1024;

// A Beast body that is no container: what the parser takes off the wire goes straight to the
// upload. A refusal of the upload stops the parser; its error is kept for the answer.
struct UploadSinkBody {
  struct value_type {
    PreparedUpload* upload = nullptr;
    std::optional<Error> refused;
  };

  class reader {
   public:
    template <bool isRequest, class Fields>
    reader(http::header<isRequest, Fields>&, value_type& body) : body_(body) {}
    void init(const boost::optional<std::uint64_t>&, beast::error_code& ec) { ec = {}; }
    template <class Buffers>
    std::size_t put(const Buffers& buffers, beast::error_code& ec) {
      std::size_t used = 0;
      for (const auto buffer : beast::buffers_range_ref(buffers)) {
        auto status = body_.upload->write({static_cast<const char*>(buffer.data()), buffer.size()});
        if (!status) {
          body_.refused = status.error();
          ec = boost::system::errc::make_error_code(boost::system::errc::operation_canceled);
          return used;
        }
        used += buffer.size();
      }
      ec = {};
      return used;
    }
    void finish(beast::error_code& ec) { ec = {}; }

   private:
    value_type& body_;
  };
};

using UploadParser = http::request_parser<UploadSinkBody>;

// What ended the body early, for the answer.
struct BodyFailure {
  Error error;
  bool answer = true;  // false: the client is gone, nothing can be answered
};

// Parses what is buffered; nullopt while all is well.
std::optional<BodyFailure> parse_buffered(UploadParser& parser, beast::flat_buffer& buffer, std::size_t max_pending) {
  while (buffer.size() > 0 && !parser.is_done()) {
    beast::error_code ec;
    const std::size_t used = parser.put(buffer.data(), ec);
    buffer.consume(used);
    if (ec == http::error::need_more) break;
    if (parser.get().body().refused) return BodyFailure{*parser.get().body().refused};
    if (ec) {
      return BodyFailure{read_error(ec).value_or(make_error(ErrorCode::invalid_request, "malformed body: " + ec.message()))};
    }
    if (used == 0) break;
  }
  // Bytes wait unparsed only while a chunk-size line or the trailer is incomplete.
  if (!parser.is_done() && buffer.size() > max_pending) {
    return BodyFailure{make_error(ErrorCode::headers_too_large, "a chunk-size line or trailer longer than " +
                                                                    std::to_string(max_pending) + " bytes")};
  }
  return std::nullopt;
}

// Reads the body into the upload. nullopt once it is complete.
awaitable<std::optional<BodyFailure>> read_body(beast::tcp_stream& stream, beast::flat_buffer& buffer,
                                                UploadParser& parser, std::size_t max_pending,
                                                std::chrono::seconds patience, RequestDeadline& deadline) {
  for (;;) {
    if (auto failure = parse_buffered(parser, buffer, max_pending)) co_return failure;
    if (parser.is_done()) co_return std::nullopt;
    // No byte for `patience` is a stalled upload; a slow one that keeps sending is fine.
    deadline.arm(patience);
    auto [ec, n] = co_await stream.socket().async_read_some(buffer.prepare(kReadSize), net::as_tuple(net::use_awaitable));
    deadline.disarm();
    buffer.commit(n);
    if (deadline.expired()) co_return BodyFailure{make_error(ErrorCode::request_timeout, "")};
    if (ec == net::error::eof) {
      beast::error_code eof;
      parser.put_eof(eof);
      if (parser.is_done() && !eof) continue;
      co_return BodyFailure{make_error(ErrorCode::invalid_request, "the body was cut short"), true};
    }
    if (ec) co_return BodyFailure{make_error(ErrorCode::invalid_request, "the connection failed"), false};
  }
}

std::string_view header(const HttpRequest& request, http::field field) {
  const auto found = request.find(field);
  return found == request.end() ? std::string_view{} : std::string_view(found->value());
}

// A refusal, then the connection closes: the rest of the body was never read.
awaitable<void> refuse(beast::tcp_stream& stream, const Reply& reply, const HttpRequest& head, Exchange& exchange,
                       std::chrono::seconds timeout) {
  exchange.keep_alive = false;
  // (Awaited into a named local: GCC 12 miscompiles a co_await inside an if's condition here.)
  const bool delivered = co_await write_reply(stream, reply, head, exchange, timeout);
  if (delivered) co_await drain_before_close(stream);
}

// Where the upload's store calls run: on PostgreSQL a store worker's, never this I/O thread's.
// The head's checks read a signed link's pending record, and the finish writes the record.
template <class Work>
awaitable<std::invoke_result_t<Work&>> on_store(ServerParts& parts, Work& work) {
  if (parts.store_executor) co_return co_await parts.store_executor->run(work);
  std::invoke_result_t<Work&> result = work();  // named: GCC 12 destroys a co_return temporary twice
  co_return result;
}

}  // namespace

std::size_t max_upload_body(const ServerParts& parts) {
  return parts.attachments ? parts.attachments->policy().max_bytes() + 64 * 1024 : 0;
}

awaitable<void> serve_upload(beast::tcp_stream& stream, beast::flat_buffer& buffer, RequestReader& reader,
                             ServerParts& parts, Exchange& exchange, RequestDeadline& deadline) {
  // A copy of the head: taking the parser below moves the request it holds.
  const HttpRequest head = reader.request();
  const auto route = route_request(std::string_view(head.method_string()), std::string_view(head.target()));
  auto prepare = [&] { return prepare_upload(head, route, parts, exchange); };
  auto start = co_await on_store(parts, prepare);
  if (auto* reply = std::get_if<Reply>(&start)) {
    co_await refuse(stream, *reply, head, exchange, parts.limits.write_timeout);
    co_return;
  }
  auto upload = std::move(std::get<std::unique_ptr<PreparedUpload>>(start));
  const std::size_t max_pending = reader.max_header_bytes();
  UploadParser parser = reader.take_parser<UploadSinkBody>();
  parser.body_limit(upload->body_limit());
  parser.get().body().upload = upload.get();
  if (iequals(header(head, http::field::expect), "100-continue")) {
    static constexpr std::string_view kContinue = "HTTP/1.1 100 Continue\r\n\r\n";
    auto [ec, n] = co_await net::async_write(stream.socket(), net::buffer(kContinue), net::as_tuple(net::use_awaitable));
    if (ec) {
      exchange.keep_alive = false;
      co_return;
    }
  }
  auto failure = co_await read_body(stream, buffer, parser, max_pending, parts.limits.header_timeout, deadline);
  if (failure && !failure->answer) {
    exchange.keep_alive = false;
    co_return;
  }
  // The upload is done with before the answer goes out: a refused one leaves nothing on disk by then.
  auto complete = [&] { return failure ? upload->refusal(failure->error) : upload->finish(); };
  const Reply reply = co_await on_store(parts, complete);
  upload.reset();
  if (failure) {
    co_await refuse(stream, reply, head, exchange, parts.limits.write_timeout);
    co_return;
  }
  co_await write_reply(stream, reply, head, exchange, parts.limits.write_timeout);
}

}  // namespace chatkit::server
