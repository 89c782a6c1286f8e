#pragma once
// Reads a token endpoint's answer: Entra ID's {"access_token","expires_in"} and the managed
// identity forms with "expires_on" (epoch seconds), numbers or strings; and turns error answers
// ({"error","error_description"}, App Service's {"message"}, or no JSON at all) into
// ModelError(bad_credentials, "<kind>: <error>: <description>").
#include <chrono>
#include <string_view>

#include "server/models/azure/token_source.hpp"
#include "server/models/http/http_client.hpp"

namespace chatkit::server {

// Throws ModelError(bad_credentials, ...). `now` converts expires_on into a lifetime.
TokenGrant parse_token_reply(const HttpResponse& response, std::string_view kind,
                             std::chrono::system_clock::time_point now);

}  // namespace chatkit::server
