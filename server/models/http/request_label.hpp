#pragma once
// How a request is named in failure messages: "POST https://host:port/path". The query string and
// any user:password are left out, since either may carry a secret.
#include <string>
#include <string_view>

namespace chatkit::server {

std::string request_label(std::string_view method, std::string_view url);

}  // namespace chatkit::server
