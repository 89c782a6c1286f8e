#include "server/http/sse_stream.hpp"

#include <boost/asio/as_tuple.hpp>

namespace chatkit::server {

namespace {

void append_chunk(std::string& out, std::string_view data) {
  static constexpr char kHex[] = "0123456789abcdef";
  char size[16];
  int n = 0;
  for (auto v = data.size(); v > 0 || n == 0; v >>= 4) size[n++] = kHex[v & 0xF];
  while (n > 0) out += size[--n];
  out += "\r\n";
  out += data;
  out += "\r\n";
}

}  // namespace

SseStream::SseStream(beast::tcp_stream& stream, Options options)
    : stream_(stream), options_(options), written_(stream.get_executor()) {
  written_.expires_at(net::steady_timer::time_point::max());
}

void SseStream::start(std::string head) {
  pending_ += head;
  write_pending();
}

awaitable<void> SseStream::send(std::string frame) {
  if (gone_) throw ClientGone();
  if (options_.chunked) {
    append_chunk(pending_, frame);
  } else {
    pending_ += frame;
  }
  write_pending();
  while (!gone_ && pending_.size() > options_.high_water_bytes) {
    co_await written_.async_wait(net::as_tuple(net::use_awaitable));
  }
  if (gone_) throw ClientGone();
}

awaitable<bool> SseStream::finish() {
  if (!gone_ && options_.chunked) {
    pending_ += "0\r\n\r\n";
    write_pending();
  }
  co_await wait_idle();
  co_return !gone_;
}

awaitable<void> SseStream::wait_idle() {
  while (in_flight_ || (!gone_ && !pending_.empty())) {
    co_await written_.async_wait(net::as_tuple(net::use_awaitable));
  }
}

void SseStream::write_pending() {
  if (in_flight_ || gone_ || pending_.empty()) return;
  writing_.clear();
  writing_.swap(pending_);
  in_flight_ = true;
  stream_.expires_after(options_.write_timeout);
  net::async_write(stream_, net::buffer(writing_),
                   [this](beast::error_code ec, std::size_t) { on_write(ec); });
}

void SseStream::on_write(beast::error_code ec) {
  in_flight_ = false;
  stream_.expires_never();
  if (ec) {
    gone_ = true;
    pending_.clear();
  }
  written_.cancel();
  write_pending();
}

}  // namespace chatkit::server
