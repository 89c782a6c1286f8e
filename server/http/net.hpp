#pragma once
// Short names for Asio and Beast, so that no other file repeats the namespace aliases.
#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

namespace chatkit::server {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace http = boost::beast::http;
using tcp = boost::asio::ip::tcp;

template <class T = void>
using awaitable = boost::asio::awaitable<T>;

}  // namespace chatkit::server
