#include "server/http/listener.hpp"

#include <fcntl.h>
#include <sys/socket.h>
#include <unistd.h>

#include <boost/asio/as_tuple.hpp>

#include "server/http/session.hpp"

namespace chatkit::server {

namespace {

Error step_failed(std::string_view step, const std::string& where, const beast::error_code& ec) {
  return make_error(ErrorCode::internal, std::string(step) + " " + where + ": " + ec.message());
}

// One descriptor held in reserve. Out of descriptors, the connection waiting in the backlog would
// wait there (and accept would fail again at once); instead the reserve is given up for a moment,
// that connection accepted and closed, so its client learns at once, and the reserve taken back.
class DescriptorReserve {
 public:
  DescriptorReserve() : fd_(::open("/dev/null", O_RDONLY | O_CLOEXEC)) {}
  ~DescriptorReserve() {
    if (fd_ >= 0) ::close(fd_);
  }
  DescriptorReserve(const DescriptorReserve&) = delete;
  DescriptorReserve& operator=(const DescriptorReserve&) = delete;

  // Turns away one waiting connection; false when nothing could be done.
  bool turn_away_one(tcp::acceptor& acceptor) {
    if (fd_ < 0) return false;
    ::close(fd_);
    const int client = ::accept4(acceptor.native_handle(), nullptr, nullptr, SOCK_CLOEXEC);
    if (client >= 0) ::close(client);
    fd_ = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
    return client >= 0;
  }

 private:
  int fd_;
};

}  // namespace

Result<tcp::acceptor> open_acceptor(net::io_context& io, const std::string& host, std::uint16_t port) {
  const std::string where = host + ":" + std::to_string(port);
  beast::error_code ec;
  const auto address = net::ip::make_address(host, ec);
  if (ec) return make_error(ErrorCode::invalid_request, "--host '" + host + "' is not an IP address");
  const tcp::endpoint endpoint(address, port);
  tcp::acceptor acceptor(io);
  if (acceptor.open(endpoint.protocol(), ec); ec) return step_failed("open", where, ec);
  if (acceptor.set_option(net::socket_base::reuse_address(true), ec); ec) return step_failed("set_option", where, ec);
  if (acceptor.bind(endpoint, ec); ec) return step_failed("bind", where, ec);
  if (acceptor.listen(net::socket_base::max_listen_connections, ec); ec) return step_failed("listen", where, ec);
  return acceptor;
}

awaitable<void> accept_loop(tcp::acceptor& acceptor, ServerParts& parts, std::function<net::io_context&()> pick) {
  net::steady_timer backoff(acceptor.get_executor());
  DescriptorReserve reserve;
  while (acceptor.is_open()) {
    // One thread runs each context: a connection needs no strand.
    auto [ec, socket] = co_await acceptor.async_accept(pick(), net::as_tuple(net::use_awaitable));
    if (ec == net::error::operation_aborted || !acceptor.is_open()) break;
    if (ec == net::error::no_descriptors && reserve.turn_away_one(acceptor)) {
      parts.logger.log(LogLevel::warn, "out of file descriptors: a connection was turned away");
      continue;
    }
    if (ec) {
      // Out of file descriptors (and no reserve left) and the like: wait a little instead of spinning.
      parts.logger.log(LogLevel::warn, "accept failed", {{"reason", ec.message()}});
      backoff.expires_after(std::chrono::milliseconds(50));
      co_await backoff.async_wait(net::as_tuple(net::use_awaitable));
      continue;
    }
    beast::error_code ignored;
    socket.set_option(tcp::no_delay(true), ignored);
    auto executor = socket.get_executor();
    net::co_spawn(executor, run_session(std::move(socket), parts), net::detached);
  }
}

}  // namespace chatkit::server
