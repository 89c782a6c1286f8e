#include "server/http/health_probe.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http.hpp>

#include "server/http/net.hpp"

namespace chatkit::server {

namespace {

Error bad_url(std::string_view url, std::string_view why) {
  return make_error(ErrorCode::invalid_request,
                    "--check-health '" + std::string(url.substr(0, 200)) + "': " + std::string(why) +
                        " (expected http://HOST[:PORT][/PATH])");
}

bool all_digits(std::string_view text) {
  return !text.empty() && text.size() <= 5 && text.find_first_not_of("0123456789") == std::string_view::npos;
}

awaitable<void> get(const HealthTarget& target, std::chrono::milliseconds timeout, Status& result) {
  auto executor = co_await net::this_coro::executor;
  tcp::resolver resolver(executor);
  beast::tcp_stream stream(executor);
  stream.expires_after(timeout);
  const auto endpoints = co_await resolver.async_resolve(target.host, target.port, net::use_awaitable);
  co_await stream.async_connect(endpoints, net::use_awaitable);
  http::request<http::empty_body> request{http::verb::get, target.path, 11};
  request.set(http::field::host, target.host.find(':') == std::string::npos ? target.host : "[" + target.host + "]");
  request.set(http::field::connection, "close");
  co_await http::async_write(stream, request, net::use_awaitable);
  beast::flat_buffer buffer;
  http::response<http::string_body> response;
  co_await http::async_read(stream, buffer, response, net::use_awaitable);
  const int status = static_cast<int>(response.result_int());
  if (status >= 200 && status < 300) {
    result = ok_status();
    co_return;
  }
  result = make_error(ErrorCode::upstream_error, "GET " + target.path + " answered " + std::to_string(status) + ": " +
                                                   response.body().substr(0, 200));
}

}  // namespace

Result<HealthTarget> parse_health_url(std::string_view url) {
  constexpr std::string_view kScheme = "http://";
  if (!url.starts_with(kScheme)) return bad_url(url, "only http:// URLs are probed");
  auto rest = url.substr(kScheme.size());
  const auto slash = rest.find('/');
  const auto authority = rest.substr(0, slash);
  HealthTarget target{.host = {}, .port = "80", .path = slash == std::string_view::npos ? "/healthz" : std::string(rest.substr(slash))};
  std::string_view host = authority;
  std::string_view port;
  if (authority.starts_with('[')) {
    const auto close = authority.find(']');
    if (close == std::string_view::npos) return bad_url(url, "an IPv6 address without its closing ']'");
    host = authority.substr(1, close - 1);
    const auto after = authority.substr(close + 1);
    if (!after.empty() && !after.starts_with(':')) return bad_url(url, "text after the IPv6 address");
    if (!after.empty()) port = after.substr(1);
  } else if (const auto colon = authority.rfind(':'); colon != std::string_view::npos) {
    host = authority.substr(0, colon);
    port = authority.substr(colon + 1);
  }
  if (host.empty()) return bad_url(url, "no host");
  if (host.find_first_of("@ \t") != std::string_view::npos) return bad_url(url, "not a host name");
  if (authority.find(':') != std::string_view::npos && !all_digits(port)) return bad_url(url, "the port is not a number");
  if (!port.empty()) target.port = std::string(port);
  target.host = std::string(host);
  return target;
}

Status probe_health(const HealthTarget& target, std::chrono::milliseconds timeout) {
  net::io_context context;
  Status result = make_error(ErrorCode::upstream_error, "no answer");
  net::co_spawn(context, get(target, timeout, result), [&](std::exception_ptr failure) {
    if (!failure) return;
    try {
      std::rethrow_exception(failure);
    } catch (const std::exception& e) {
      result = make_error(ErrorCode::upstream_error, "http://" + target.host + ":" + target.port + target.path + ": " + e.what());
    }
  });
  context.run();
  return result;
}

}  // namespace chatkit::server
