#pragma once
// The coroutine type of every server layer (the application server, the agent, models, use
// cases). Only Asio's coroutine support is included here: nothing of HTTP.
#include <boost/asio/awaitable.hpp>
#include <boost/asio/use_awaitable.hpp>

namespace chatkit::server {

namespace net = boost::asio;

template <class T = void>
using awaitable = boost::asio::awaitable<T>;

}  // namespace chatkit::server
