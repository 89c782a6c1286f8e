#pragma once
// Short names for Asio and Beast, so that no other file repeats the namespace aliases.
#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include "server/common/async.hpp"  // net, awaitable

namespace chatkit::server {

namespace beast = boost::beast;
namespace http = boost::beast::http;
using tcp = boost::asio::ip::tcp;

}  // namespace chatkit::server
