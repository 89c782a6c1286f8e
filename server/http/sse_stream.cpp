#include "server/http/sse_stream.hpp"

#include <utility>

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
  schedule_write();
}

void SseStream::send(std::string_view frame) {
  if (gone_) throw ClientGone();
  if (options_.chunked) {
    append_chunk(pending_, frame);
  } else {
    pending_ += frame;
  }
  schedule_write();
}

awaitable<void> SseStream::wait_ready() {
  while (!gone_ && pending_.size() > options_.high_water_bytes) {
    co_await written_.async_wait(net::as_tuple(net::use_awaitable));
  }
  if (gone_) throw ClientGone();
}

void SseStream::end() {
  if (std::exchange(ended_, true) || gone_) return;
  if (options_.chunked) pending_ += "0\r\n\r\n";
  schedule_write();
}

awaitable<bool> SseStream::finish() {
  end();
  write_pending();  // now: the run is over, nothing more will join this write
  co_await wait_idle();
  co_return !gone_;
}

void SseStream::release() {
  if (--holds_ == 0) schedule_write();
}

awaitable<void> SseStream::wait_idle() {
  while (in_flight_ || write_scheduled_ || (!gone_ && !pending_.empty())) {
    co_await written_.async_wait(net::as_tuple(net::use_awaitable));
  }
}

void SseStream::schedule_write() {
  if (write_scheduled_ || in_flight_ || gone_ || pending_.empty()) return;
  write_scheduled_ = true;
  // wait_idle() keeps the stream alive until this has run.
  net::post(stream_.get_executor(), [this] {
    write_scheduled_ = false;
    if (holds_ == 0) write_pending();
    if (!in_flight_) written_.cancel();  // nothing to wait for: wake wait_idle()
  });
}

void SseStream::write_pending() {
  if (in_flight_ || gone_ || pending_.empty()) return;
  writing_.clear();
  writing_.swap(pending_);
  in_flight_ = true;
  stream_.expires_after(options_.write_timeout);
  net::async_write(stream_, net::buffer(writing_), [this](beast::error_code ec, std::size_t) { on_write(ec); });
}

void SseStream::on_write(beast::error_code ec) {
  in_flight_ = false;
  stream_.expires_never();
  // Freed, not kept for the next write: most streams then wait (for a model, for ever) and ten
  // thousand idle streams would each hold the buffer of their first burst.
  std::string().swap(writing_);
  if (ec) {
    gone_ = true;
    pending_.clear();
  }
  written_.cancel();
  write_pending();
}

}  // namespace chatkit::server
