#pragma once
// Percent-encoding for application/x-www-form-urlencoded bodies and URL query strings: every
// byte but RFC 3986's unreserved characters is escaped, which both forms accept.
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace chatkit::server {

using FormFields = std::vector<std::pair<std::string, std::string>>;

std::string percent_encode(std::string_view text);
// "name=value&name=value", each part percent-encoded.
std::string form_encode(const FormFields& fields);

}  // namespace chatkit::server
