#pragma once
// The coroutine type of the server's application side (event loop, agent, models, use cases).
// Only Asio's coroutine support is included here: the application side never sees HTTP.
#include <boost/asio/awaitable.hpp>
#include <boost/asio/use_awaitable.hpp>

namespace chatkit::server {

namespace net = boost::asio;

template <class T = void>
using awaitable = boost::asio::awaitable<T>;

}  // namespace chatkit::server
